"""Reading what users type into the diary: moments ("yesterday 22:00", "3 h ago") and whole numbers.

Pure functions: the handlers decide what to say when these return None.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from scheduler.timeparse import TimeParseError, parse_user_time

MAX_INPUT = 40
_AGO = re.compile(r"^(\d{1,3})\s*(m|min|mins|minutes?|h|hr|hrs|hours?)\s+ago$", re.ASCII)
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})\s+(?:at\s+)?(.+)$", re.ASCII)
_SHORT_DAY = re.compile(r"^(\d{1,2})[./](\d{1,2})\.?\s+(?:at\s+)?(.+)$", re.ASCII)
_WORD_DAY = re.compile(r"^(today|yesterday)\s+(?:at\s+)?(.+)$", re.ASCII)


def _normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold().strip()
    return " ".join(folded.split())


def parse_moment(text: str, *, tz: ZoneInfo, now: datetime, day: date | None = None) -> datetime | None:
    """Read a typed moment as aware UTC, or None when it cannot be read.

    A bare time of day is on ``day`` (default: today in ``tz``). Whether the moment is possible
    (not in the future, and so on) is for the caller to check.
    """
    if len(text) > MAX_INPUT * 4:
        return None
    normal = _normalise(text)
    if not normal or len(normal) > MAX_INPUT:
        return None
    today = now.astimezone(tz).date()
    ago = _AGO.fullmatch(normal)
    if ago is not None:
        amount = int(ago.group(1))
        unit = timedelta(hours=1) if ago.group(2).startswith("h") else timedelta(minutes=1)
        return (now - amount * unit).astimezone(UTC)
    on, clock = day or today, normal
    if match := _WORD_DAY.fullmatch(normal):
        on = today if match.group(1) == "today" else today - timedelta(days=1)
        clock = match.group(2)
    elif match := _ISO_DAY.fullmatch(normal):
        found = _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if found is None:
            return None
        on, clock = found, match.group(4)
    elif match := _SHORT_DAY.fullmatch(normal):
        # Day and month without a year: the most recent such date, never one in the future.
        found = _date(today.year, int(match.group(2)), int(match.group(1)))
        if found is not None and found > today:
            found = _date(today.year - 1, int(match.group(2)), int(match.group(1)))
        if found is None:
            return None
        on, clock = found, match.group(3)
    at = _time(clock)
    if at is None:
        return None
    return datetime.combine(on, at, tzinfo=tz).astimezone(UTC)


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _time(text: str) -> time | None:
    try:
        return parse_user_time(text)
    except TimeParseError:
        return None


def parse_whole_number(text: str, *, low: int, high: int) -> int | None:
    """Read a typed whole number within [low, high] ("7", " 7 ", "０７"), or None."""
    normal = _normalise(text)
    if not normal.isdecimal() or len(normal) > 4:
        return None
    value = int(normal)  # int() reads every decimal digit script isdecimal() accepts
    return value if low <= value <= high else None


def local_hour(day: date, hour: int, tz: ZoneInfo) -> datetime:
    """Return ``hour``:00 of a local date as aware UTC."""
    return datetime.combine(day, time(hour), tzinfo=tz).astimezone(UTC)
