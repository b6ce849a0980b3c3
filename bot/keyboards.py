"""Keyboard builders shared by the handlers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks
from bot.timezones import COMMON_ZONES

Row = Sequence[tuple[str, str]]


def inline(rows: Iterable[Row]) -> InlineKeyboardMarkup:
    """Build an inline keyboard from rows of (label, callback data)."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data) for text, data in row] for row in rows]
    )


def timezone_keyboard(texts_other: str, zones: Sequence[str] = COMMON_ZONES) -> InlineKeyboardMarkup:
    """Common zones two per row, then a button to type a city."""
    buttons = [(zone.split("/")[-1].replace("_", " "), callbacks.make("tz", "set", zone)) for zone in zones]
    rows: list[Row] = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([(texts_other, callbacks.make("tz", "type"))])
    return inline(rows)
