"""The send time an operator types for a broadcast, in English or in their own language.

English ("in 2h", "tomorrow 9:00") and ISO dates ("2026-12-05 14:00") are read from everyone: the command
line and older habits write them. A date is also read as the operator's language writes it in figures, day
first: "5/12/2026 14:00" in Spanish, "05.12.2026 14:00" in Russian; the prompt's example is written the same
way, so what it shows is what it reads.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from scheduler.clock import as_utc
from scheduler.wallclock import resolve_wall_time

_DAY_AND_TIME = re.compile(r"^(today|tomorrow)\s+(\d{1,2})[:.](\d{2})$", re.IGNORECASE)
_DELAY = re.compile(r"^in\s*(?:(\d{1,3})\s*d\w*)?\s*(?:(\d{1,4})\s*h\w*)?\s*(?:(\d{1,5})\s*m\w*)?$", re.IGNORECASE)
# A delay in the operator's own words: the word before it, then the word forms of days, hours and minutes.
_DELAY_WORDS = {
    "es": (r"en|dentro\s+de", r"d|d[ií]as?", r"h|hs?|horas?", r"m|mins?|minutos?"),
    "ru": (
        r"через",
        r"д|дн|день|дня|дней|сут|суток|сутки",
        r"ч|час|часа|часов",
        r"м|мин|минута|минуту|минуты|минут",
    ),
}
# Delays said without a number, as people type them: "через час", "en media hora".
_WORDED_DELAYS = {
    "es": {
        f"{lead} {amount}": delay
        for lead in ("en", "dentro de")
        for amount, delay in (
            ("una hora", timedelta(hours=1)),
            ("media hora", timedelta(minutes=30)),
            ("un minuto", timedelta(minutes=1)),
            ("un día", timedelta(days=1)),
        )
    },
    "ru": {
        "через час": timedelta(hours=1),
        "через полчаса": timedelta(minutes=30),
        "через минуту": timedelta(minutes=1),
        "через день": timedelta(days=1),
        "через сутки": timedelta(days=1),
    },
}
_TODAY_TOMORROW = {"es": {"hoy": 0, "mañana": 1}, "ru": {"сегодня": 0, "завтра": 1}}


def _delay_pattern(lead: str, days: str, hours: str, minutes: str) -> re.Pattern[str]:
    """A delay such as "через 2 часа 30 минут" or "en 1 d y 3 h": each part optional, in this order."""
    gap = r"\s*(?:,|\by\b|\bи\b)?\s*"  # "2 h y 30 min", "2 часа и 30 минут", "1d, 3h"
    part = r"(?:(\d{{1,{digits}}})\s*(?:{words})(?![^\W\d])\.?)?"
    return re.compile(
        rf"^(?:{lead})\s+"
        + part.format(digits=3, words=days)
        + gap
        + part.format(digits=4, words=hours)
        + gap
        + part.format(digits=5, words=minutes)
        + "$",
        re.IGNORECASE,
    )


# A day-first date in figures and a time: "5/12/2026 14:00", "05.12.2026 14:00" (any of / . - between the parts).
_DAY_FIRST_DATE = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4}),?\s+(\d{1,2})[:.](\d{2})$")
# How each language writes a date in figures (CLDR's short date with four-digit years); a language not listed,
# English among them, writes ISO.
_DATE_EXAMPLES = {"es": "{day.day}/{day.month}/{day.year}", "ru": "{day:%d.%m.%Y}"}


def send_time_example(day: date, hour: time, language: str) -> str:
    """A date and time as the operator would type it, in the form `parse_send_time` reads in their language."""
    written = _DATE_EXAMPLES.get(language, "{day:%Y-%m-%d}").format(day=day)
    return f"{written} {hour:%H:%M}"


_LOCAL_DELAYS = {language: _delay_pattern(*words) for language, words in _DELAY_WORDS.items()}
_LOCAL_DAY_AND_TIME = re.compile(r"^(\w+)\s+(\d{1,2})[:.](\d{2})$")


def parse_send_time(text: str, *, now: datetime, zone: ZoneInfo, language: str = "en") -> datetime | None:
    """Read "in 2h", "in 1d 3h", "in 30m", "today 18:00", "tomorrow 9:00" or an ISO date-time.

    Also the same in the operator's `language`: "en 2 h", "dentro de 30 minutos", "mañana 9:00",
    "5/12/2026 14:00", "через 2 часа", "завтра 9:00", "05.12.2026 14:00". Times without an offset are local
    to `zone`.
    """
    text = " ".join(text.split())
    worded = _WORDED_DELAYS.get(language, {}).get(text.lower())
    if worded is not None:
        return now + worded
    for pattern in (_DELAY, _LOCAL_DELAYS.get(language)):
        delay = pattern.match(text) if pattern is not None else None
        if delay is not None and any(delay.groups()):
            days, hours, minutes = (int(part or 0) for part in delay.groups())
            return now + timedelta(days=days, hours=hours, minutes=minutes)
    named = _DAY_AND_TIME.match(text) or _LOCAL_DAY_AND_TIME.match(text)
    offsets = {"today": 0, "tomorrow": 1, **_TODAY_TOMORROW.get(language, {})}
    if named is not None and named.group(1).lower() in offsets:
        hour, minute = int(named.group(2)), int(named.group(3))
        if hour > 23 or minute > 59:
            return None
        day = now.astimezone(zone).date() + timedelta(days=offsets[named.group(1).lower()])
        return resolve_wall_time(day, time(hour, minute), zone)
    if language in _DATE_EXAMPLES and (written := _DAY_FIRST_DATE.match(text)) is not None:
        return _day_first(*(int(part) for part in written.groups()), zone=zone)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return resolve_wall_time(moment.date(), moment.time(), zone)
    return as_utc(moment)


def _day_first(day: int, month: int, year: int, hour: int, minute: int, *, zone: ZoneInfo) -> datetime | None:
    """The instant of a day-first date and a wall time in `zone`, or None for a date or time that does not exist."""
    try:
        return resolve_wall_time(date(year, month, day), time(hour, minute), zone)
    except ValueError:
        return None
