"""gettext catalogs built from the English texts, and the per-language object handlers read them through.

The English constants in bot/texts/en/*.py are the message ids: a string is one message, a dict or a
tuple of strings one message per value, a ``Plural`` one message with plural forms, and a ``*_COMMANDS``
list one message per command description. The constant's name (``BTN_CANCEL``, ``SYMPTOMS[nausea]``,
``/start``) is the message context, so two constants with the same English text can read differently
in another language. Nothing needs marking: a new constant is a new message at the next
``python -m bot.texts update``, and a changed English text turns its translation fuzzy.

Translations live in bot/locale/<language>/LC_MESSAGES/messages.po. They are compiled to .mo in
memory when a process first needs them (fuzzy entries are left out), so no compiled file can go stale.
A missing, fuzzy or broken translation (its {placeholders} or HTML tags differ from the English) falls
back to English for that message, and is recorded in FALLBACKS when a handler reads it, so the
every-screen test catches it.
"""

from __future__ import annotations

import ast
import gettext
import io
import pkgutil
import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import (
    format_date,
    format_skeleton,
    format_time,
    get_day_names,
    get_month_names,
    get_timezone_gmt,
    get_timezone_location,
)
from babel.lists import format_list
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.units import format_unit

from bot.texts import en
from bot.texts.plural import Plural
from bot.texts.punctuation import Text

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"
# English dates and units as written in the texts (UK spelling, "Sat 21 Nov", 24-hour times).
CLDR_LOCALES = {"en": "en_GB"}
# A day with its weekday inside a sentence, where CLDR's skeleton reads as a list: "el sáb, 28 nov a las 14:00",
# "до сб, 28 нояб.". Spanish writes the names out with "de" ("el sábado 28 de noviembre a las 14:00"); Russian
# puts the month in the genitive that "до", "с" and a bare date need, the weekday after it ("до 28 ноября (сб)").
# A language not listed uses CLDR's "MMMEd".
DAY_PATTERNS = {"es": "EEEE d 'de' MMMM", "ru": "d MMMM (EEE)"}
# A day at either end of a period ("Your last 30 days (Fri 23 Oct – Sat 21 Nov)"): the weekday says little there
# and the chart's title has 70 characters, so the other languages write the day and month ("23 de octubre – 21
# de noviembre", "23 октября – 21 ноября").
PERIOD_END_SKELETONS = {"en": "MMMEd"}
# How a date with its year is written inside a sentence: CLDR's long form ("28 de noviembre de 2026", "28 ноября
# 2026 г."; the medium "28 nov 2026" lacks Spanish's "de"), English's medium "28 Nov 2026" as the texts write it.
YEAR_DAY_WIDTHS: dict[str, Literal["medium", "long"]] = {"en": "medium"}
# Names whose values are codes, not words.
NOT_TEXT = frozenset({"TRIAGE_CODES"})

# (language, constant name) of every text a handler read that fell back to English.
FALLBACKS: set[tuple[str, str]] = set()

Leaf = str | Plural


@dataclass(frozen=True, slots=True)
class Message:
    """One message of the template: its context, English text (or singular and plural), and origin."""

    context: str
    english: Leaf
    path: str
    line: int


def transform(name: str, value: Any, leaf: Callable[[str, Leaf], Any]) -> Any:
    """Rebuild a constant's value with every text in it replaced by ``leaf(context, text)``."""
    if name in NOT_TEXT:
        return value
    if name.endswith("COMMANDS") and isinstance(value, list):
        return [(command, leaf(f"/{command}", description)) for command, description in value]
    return _transform(name, value, leaf)


def _transform(context: str, value: Any, leaf: Callable[[str, Leaf], Any]) -> Any:
    if isinstance(value, str | Plural):
        return leaf(context, value)
    if isinstance(value, dict):
        return {key: _transform(f"{context}[{key}]", item, leaf) for key, item in value.items()}
    if isinstance(value, tuple | list):
        items = [_transform(f"{context}[{index}]", item, leaf) for index, item in enumerate(value)]
        return tuple(items) if isinstance(value, tuple) else items
    return value


def english_constants() -> dict[str, Any]:
    """Every public constant of the English catalog, by name."""
    return {name: value for name, value in vars(en).items() if name.isupper()}


def template_messages() -> list[Message]:
    """Every message of the English catalog, in source order, each context once."""
    root = Path(en.__file__).parent
    modules = [f"{info.name}.py" for info in pkgutil.iter_modules(en.__path__)] + ["__init__.py"]
    constants = english_constants()
    seen: dict[str, Message] = {}
    for filename in modules:
        path = root / filename
        relative = path.relative_to(LOCALE_DIR.parent.parent).as_posix()
        for name, line in _assigned_names(path):
            if name not in constants:
                continue

            def collect(context: str, text: Leaf, relative: str = relative, line: int = line) -> Leaf:
                seen.setdefault(context, Message(context, text, relative, line))
                return text

            transform(name, constants[name], collect)
    return list(seen.values())


def _assigned_names(path: Path) -> Iterator[tuple[str, int]]:
    """Top-level names assigned in a module, with their line numbers."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets: list[ast.expr] = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        for target in targets:
            if isinstance(target, ast.Name) and target.id.isupper():
                yield target.id, node.lineno


def catalog_path(language: str, locale_dir: Path = LOCALE_DIR) -> Path:
    """Where a language's .po file lives."""
    return locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def available_languages() -> tuple[str, ...]:
    """English, then every language that has a catalog: a new language is a new .po file."""
    found = sorted(path.parent.parent.name for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE_LANGUAGE, *[language for language in found if language != SOURCE_LANGUAGE])


def read_catalog(language: str, locale_dir: Path = LOCALE_DIR) -> Catalog:
    """Parse a language's .po file."""
    with catalog_path(language, locale_dir).open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


@cache
def compiled(language: str) -> gettext.NullTranslations:
    """The language's translations, compiled from its .po in memory (English: none needed)."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, read_catalog(language), use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class _Misses(gettext.NullTranslations):
    """The fallback of a compiled catalog: counts every lookup that found no translation."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def pgettext(self, context: str, message: str) -> str:
        self.count += 1
        return message

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        self.count += 1
        return msgid1 if n == 1 else msgid2


_FIELDS = string.Formatter()
_TAG = re.compile(r"</?([a-z]+)")


def fields(text: str) -> set[str]:
    """The {placeholders} of a text."""
    try:
        return {name for _, name, _, _ in _FIELDS.parse(text) if name is not None}
    except ValueError:
        return {"<unbalanced braces>"}


def tags(text: str) -> list[str]:
    """The HTML tags of a text, sorted, so a translation can be checked to keep them all."""
    return sorted(_TAG.findall(text))


def fits(english: str, translated: str) -> bool:
    """Whether a translation keeps the English text's placeholders and HTML tags."""
    return fields(english) == fields(translated) and tags(english) == tags(translated)


def _fillable(text: str) -> str:
    """A text with {placeholders} as a ``Text`` (its ``format`` never doubles a full stop), others as they are.

    Only templates are wrapped: they are always filled before use, so no ``Text`` reaches Telegram or
    ``marshal`` (which refuses str subclasses), while a plain label or message stays a plain str.
    """
    return Text(text) if fields(text) else text


class PluralText:
    """A message with plural forms in one language: call it with the number to get the right form."""

    __slots__ = ("_context", "_english", "_translations")

    def __init__(self, context: str, english: Plural, translations: gettext.NullTranslations) -> None:
        self._context = context
        self._english = english
        self._translations = translations

    def __call__(self, n: int) -> str:
        """The form for n (Russian has three)."""
        text = self._translations.npgettext(self._context, self._english.one, self._english.other, n)
        return _fillable(text if fits(self._english(n), text) else self._english(n))


def _translator(translations: gettext.NullTranslations, broken: list[str]) -> Callable[[str, Leaf], Any]:
    """Translate one text; a translation that lost a placeholder or tag is noted in `broken`, English used."""

    def translate(context: str, english: Leaf) -> Any:
        if isinstance(english, Plural):
            forms = [translations.npgettext(context, english.one, english.other, n) for n in (1, 2, 5)]
            if not all(fits(english(n), form) for n, form in zip((1, 2, 5), forms, strict=True)):
                broken.append(context)
            return PluralText(context, english, translations)
        text = translations.pgettext(context, english)
        if not fits(english, text):
            broken.append(context)
            return _fillable(english)
        return _fillable(text)

    return translate


class Texts:
    """The interface texts of one language: ``t.NAME`` is the translated constant, plus CLDR formatting."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.locale = Locale.parse(CLDR_LOCALES.get(language, language))
        translations = compiled(language)
        misses = _Misses()
        if isinstance(translations, gettext.GNUTranslations):
            translations.add_fallback(misses)
        self._missing: set[str] = set()
        self._values: dict[str, Any] = {}
        for name, value in english_constants().items():
            before = misses.count
            broken: list[str] = []
            self._values[name] = transform(name, value, _translator(translations, broken))
            if language != SOURCE_LANGUAGE and (misses.count != before or broken):
                self._missing.add(name)

    def __getattr__(self, name: str) -> Any:
        try:
            value = self._values[name]
        except KeyError:
            raise AttributeError(name) from None
        if name in self._missing:
            FALLBACKS.add((self.language, name))
        return value

    @property
    def missing(self) -> frozenset[str]:
        """Names with at least one text that falls back to English."""
        return frozenset(self._missing)

    # Dates, times, numbers and lists from CLDR.
    def month(self, month: int) -> str:
        """A month's name on its own, as on a button: "November", "Noviembre", "Ноябрь"."""
        return capitalized(get_month_names("wide", "stand-alone", self.locale)[month])

    def month_year(self, day: date) -> str:
        """A month and year inside a sentence: "November 2026", "noviembre de 2026", "ноябрь 2026 г."."""
        return format_skeleton("yMMMM", day, locale=self.locale)

    def month_abbr(self, month: int) -> str:
        """A month's short name on its own, as on a chart axis: "Nov", "Nov.", "Нояб."."""
        return capitalized(get_month_names("abbreviated", "stand-alone", self.locale)[month])

    def weekday(self, weekday: int, width: Literal["abbreviated", "short"] = "abbreviated") -> str:
        """A weekday's name, Monday = 0: "Mon", "Lun", "Пн" (short: "Mo", "LU", "Пн")."""
        return capitalized(get_day_names(width, "stand-alone", self.locale)[weekday])

    def day_month(self, day: date) -> str:
        """A day and month without the weekday, the month in its format (genitive) form: "22 May", "22 may",
        "22 мая" (never the stand-alone "22 Май")."""
        return format_skeleton("MMMd", day, locale=self.locale)

    def short_day(self, day: date) -> str:
        """A day with its weekday: "Sat 21 Nov", "sábado 21 de noviembre", "21 ноября (сб)"."""
        pattern = DAY_PATTERNS.get(self.language)
        if pattern is None:
            return format_skeleton("MMMEd", day, locale=self.locale)
        return format_date(day, pattern, locale=self.locale)

    def period_end(self, day: date) -> str:
        """A day at either end of a period: "Fri 23 Oct", "23 de octubre", "23 октября"."""
        return format_skeleton(PERIOD_END_SKELETONS.get(self.language, "MMMMd"), day, locale=self.locale)

    def day(self, day: date) -> str:
        """A day with its year inside a sentence: "21 Nov 2026", "21 de noviembre de 2026", "21 ноября 2026 г."."""
        return format_date(day, YEAR_DAY_WIDTHS.get(self.language, "long"), locale=self.locale)

    def table_day(self, day: date) -> str:
        """A day with its year in a table cell, where width counts: "21 Nov 2026", and the numeric date Spanish and
        Russian medical documents use, "21/11/2026", "21.11.2026"."""
        if self.language == SOURCE_LANGUAGE:
            return format_date(day, "medium", locale=self.locale)
        return format_skeleton("yMd", day, locale=self.locale)

    def time(self, moment: time | datetime) -> str:
        """A time of day, 24-hour where the language writes it so: "14:05"."""
        return format_time(moment, "HH:mm", locale=self.locale)

    def date_time(self, moment: datetime) -> str:
        """A date and time as the language joins them: "4 Dec 2026, 23:14", "4 de diciembre de 2026, 23:14",
        "4 декабря 2026 г., 23:14"."""
        pattern = self.locale.datetime_formats["medium"]
        return str(pattern).format(self.time(moment), self.day(moment.date()))

    def number(self, value: float) -> str:
        """A number with the language's decimal sign: "4.5", "4,5"."""
        return format_decimal(value, locale=self.locale)

    def decimal(self, value: float) -> str:
        """A number with one decimal: "4.0", "4,0"."""
        return format_decimal(value, format="0.0", locale=self.locale)

    def zone_city(self, zone: str) -> str:
        """The city a time zone is named after, in this language: "London", "Londres", "Лондон"; an offset zone
        by its offset, "GMT-03:00" (CLDR would name Etc/GMT+3 "GMT+3", the sign of the POSIX id)."""
        if zone.startswith("Etc/GMT") and zone[len("Etc/GMT") :] not in {"", "0", "+0", "-0"}:
            return str(get_timezone_gmt(datetime(2000, 1, 1, tzinfo=ZoneInfo(zone)), locale=self.locale))
        try:
            return str(get_timezone_location(zone, locale=self.locale, return_city=True))
        except LookupError:
            return zone.rsplit("/", 1)[-1].replace("_", " ")

    def country(self, code: str) -> str:
        """A country's name from its ISO code: "United Kingdom", "Reino Unido", "Великобритания"."""
        return str(self.locale.territories.get(code.upper(), code))

    def unit(self, value: int, unit: str, length: Literal["short", "narrow"] = "short") -> str:
        """A duration such as "45 min", "2 h", "3 days" (unit: "second", "minute", "hour" or "day"; narrow: "45m").

        Days are always written out ("1 день", "4 días"): CLDR's short and narrow days ("1 дн.", "1 д.")
        read as typos in Russian, and the word is short in every language.
        """
        written = "long" if unit == "day" else length
        return format_unit(value, f"duration-{unit}", length=written, locale=self.locale)

    def duration(self, span: timedelta) -> str:
        """A duration in its two largest units, as the bot and the report both write it: "45 min",
        "2 h 15 min", "3 días 4 h", "1 день 4 ч" (CLDR's short units, spaced as Spanish and Russian write them)."""
        minutes = max(0, int(span.total_seconds() // 60))
        hours, minutes = divmod(minutes, 60)
        days, hours = divmod(hours, 24)
        parts = [(days, "day"), (hours, "hour")] if days else [(hours, "hour"), (minutes, "minute")]
        return " ".join(self.unit(n, unit) for n, unit in parts if n) or self.unit(0, "minute")

    def join(self, items: list[str], *, style: Literal["standard", "or"] = "standard") -> str:
        """Items joined as the language writes a list: "a, b and c", "a, b y c"."""
        return format_list(items, style=style, locale=self.locale)


def capitalized(word: str) -> str:
    """The word with its first letter upper-case (CLDR writes Spanish and Russian months in lower case)."""
    return word[:1].upper() + word[1:]


def template() -> Catalog:
    """The message template (what a .pot file would hold), built from the English constants."""
    catalog = Catalog(project="Migraine Companion", domain=DOMAIN, fuzzy=False)
    for message in template_messages():
        english = message.english
        msgid: str | tuple[str, str] = (english.one, english.other) if isinstance(english, Plural) else english
        catalog.add(msgid, context=message.context, locations=[(message.path, message.line)])
    return catalog
