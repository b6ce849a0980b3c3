"""Keyboard builders shared by the handlers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, TelegramObject
from telegram._utils.types import JSONDict

from bot import callbacks
from bot.texts import texts_for
from bot.texts.catalog import Texts
from bot.timezones import ZoneChoice, common_zones

Row = Sequence[tuple[str, str]]


def inline(rows: Iterable[Row]) -> InlineKeyboardMarkup:
    """Build an inline keyboard from rows of (label, callback data).

    Menus repeat (the same few keyboards go out with most replies), so built keyboards are kept and
    each serializes once: building and serializing buttons was a tenth of the CPU of a reply.
    """
    return _keyboard(tuple(tuple(row) for row in rows))


@lru_cache(maxsize=4096)
def _keyboard(rows: tuple[tuple[tuple[str, str], ...], ...]) -> InlineKeyboardMarkup:
    return CallbackKeyboard(rows)


class CallbackKeyboard(InlineKeyboardMarkup):
    """An InlineKeyboardMarkup of callback buttons that writes its Bot API dict from its (label, data) rows.

    PTB's generic to_dict walked every button's attributes (a tenth of a reply's CPU for the keyboards that
    carry a flow's token and so are built once each); a callback button is only its text and data. Its
    InlineKeyboardButton objects are built only when something reads ``inline_keyboard`` (a test, a caller
    adding a row): a reply only serializes, and building them (every attribute set through the frozen
    TelegramObject's __setattr__) was most of the cost of a flow's keyboard, 0.1-0.2 ms. Telegram objects are
    frozen after __init__, so the rows cannot go stale; each caller gets a fresh dict.
    """

    __slots__ = ("_buttons", "_rows")

    def __init__(self, rows: Sequence[Sequence[tuple[str, str]]]) -> None:
        # InlineKeyboardMarkup.__init__ would build the buttons; the TelegramObject part is all that is needed.
        TelegramObject.__init__(self)
        self._rows = tuple(tuple(row) for row in rows)
        self._buttons: tuple[tuple[InlineKeyboardButton, ...], ...] | None = None
        self._freeze()

    @property
    def inline_keyboard(self) -> tuple[tuple[InlineKeyboardButton, ...], ...]:  # type: ignore[override]
        """The buttons, as InlineKeyboardMarkup has them (built at the first read)."""
        if self._buttons is None:
            with self._unfrozen():
                self._buttons = tuple(
                    tuple(InlineKeyboardButton(text, callback_data=data) for text, data in row) for row in self._rows
                )
        return self._buttons

    def __eq__(self, other: object) -> bool:
        """Equal to any InlineKeyboardMarkup with the same buttons, as InlineKeyboardMarkup's equality is."""
        if isinstance(other, InlineKeyboardMarkup):
            return self.inline_keyboard == other.inline_keyboard
        return NotImplemented

    def __hash__(self) -> int:
        """Hash as the plain InlineKeyboardMarkup it equals (PTB hashes the class too)."""
        return hash((InlineKeyboardMarkup, (self.inline_keyboard,)))

    def to_dict(self, recursive: bool = True) -> JSONDict:
        """The Bot API dict (what TelegramObject.to_dict gives for callback buttons)."""
        if not recursive:
            return super().to_dict(recursive=False)
        buttons = [[{"text": text, "callback_data": data} for text, data in row] for row in self._rows]
        return {"inline_keyboard": buttons}


def place_label(choice: ZoneChoice, t: Texts) -> str:
    """Name a zone choice in the user's language: "Москва, Россия", "Lyon, Francia", "Portland, Oregon"."""
    if not choice.place:
        return t.zone_city(choice.zone)
    if not choice.country:
        return choice.place
    english = texts_for("en").zone_city(choice.zone)
    city = t.zone_city(choice.zone) if choice.city == english else choice.city
    return f"{city}, {t.country(choice.country)}"


def timezone_keyboard(t: Texts, choices: Sequence[ZoneChoice] | None = None) -> InlineKeyboardMarkup:
    """Zones two per row (the language's common ones unless choices are given), then a button to type a city.

    A zone's button names its city in the user's language (CLDR: "Londres", "Лондон"); a place the
    user typed keeps the name that matched it.
    """
    offered = choices if choices is not None else [ZoneChoice(zone) for zone in common_zones(t.language)]
    buttons = [(place_label(choice, t), callbacks.make("tz", "set", choice.zone)) for choice in offered]
    rows: list[Row] = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([(t.TIMEZONE_OTHER, callbacks.make("tz", "type"))])
    return inline(rows)
