"""Reading what users type into the diary: moments ("yesterday 7pm", "2 hours ago", "noon") and whole numbers.

Every place the diary asks for a moment reads it with parse_moment, so each caller understands the same
things: a clock time ("14:30", "2:30pm"), a bare hour after a word such as "at" ("at 7", "a las 7", "в 7":
the most recent such hour past, since a start or an end has happened), a day ("yesterday", "last Tuesday",
"11/30", "2026-03-20"), a part of the day ("this morning", "last night"), and "... ago". Dates and relative
days go through dateparser, restricted to the user's language and anchored on the user's local "now",
preferring the past. A day without any time of day ("last Tuesday") is refused rather than guessed as midnight.

Pure functions: the handlers decide what to say when these return None. Medication reminder times do
not come here: they stay strict (scheduler/timeparse.py), because a misread dose time is worse than a
question.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import dateparser

from bot.timezones import month_first
from content.moment_words import MomentWords, moment_words_for
from scheduler.timeparse import TimeParseError, parse_user_time

MAX_INPUT = 40
_AGO = re.compile(r"^(\d{1,3})\s*(m|min|mins|minutes?|h|hr|hrs|hours?)\s+ago$", re.ASCII)
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)
_SHORT_DAY = re.compile(r"^(\d{1,2})([./])(\d{1,2})\.?$", re.ASCII)
_CLOCK = re.compile(r"^\d{1,2}(?:[:.]\d{2})?(?:am|pm)?$|^\d{3,4}(?:am|pm)?$", re.ASCII)
_HALF = re.compile(r"^(am|pm)$", re.ASCII)
_WORDS = re.compile(r"[^\W\d_]", re.UNICODE)


def _normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold().strip()
    folded = re.sub(r"\b([ap])\.\s?m\.?", r"\1m", folded)  # "7 p.m." -> "7 pm"
    folded = re.sub(r"[,;!?]+", " ", folded)
    return " ".join(folded.split())


def parse_moment(
    text: str, *, tz: ZoneInfo, now: datetime, day: date | None = None, language: str = "en"
) -> datetime | None:
    """Read a typed moment as aware UTC, or None when it cannot be read.

    A bare time of day is on ``day`` (default: today in ``tz``). Whether the moment is possible
    (not in the future, and so on) is for the caller to check.
    """
    if len(text) > MAX_INPUT * 4:
        return None
    normal = _normalise(text)
    if not normal or len(normal) > MAX_INPUT:
        return None
    words = moment_words_for(language)
    for phrase, replacement in words.rewrites:
        normal = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", replacement, normal)
    ago = _ago(normal, now, words, language)
    if ago is not None:
        return ago
    tokens = _join_halves(normal.split())
    clock, part, rest, either_half = _clock_and_part(tokens, words)
    if clock is None:
        if part is None:
            return None
        clock = part
    local_day = _day_of(rest, tz=tz, now=now, default=day, words=words, language=language)
    if local_day is None:
        return None
    if either_half:
        return _latest_past(clock, local_day, tz=tz, now=now, day_named=bool(rest) or day is not None)
    return datetime.combine(local_day, clock, tzinfo=tz).astimezone(UTC)


def _latest_past(clock: time, local_day: date, *, tz: ZoneInfo, now: datetime, day_named: bool) -> datetime:
    """A bare hour from 1 to 12 ("at 7"): the later of its two readings on the day that is not in the future.

    A start or an end lies in the past, so at 21:00 "at 7" is 19:00 and at 14:00 it is 07:00. Before the
    morning reading on an unnamed day (06:00), the most recent is yesterday evening's. On a named day
    ("today at 7" at 06:00) both readings may be ahead: the earlier is returned for the caller to refuse.
    """
    readings = [
        datetime.combine(local_day, clock.replace(hour=hour), tzinfo=tz).astimezone(UTC)
        for hour in (clock.hour % 12, clock.hour % 12 + 12)
    ]
    past = [moment for moment in readings if moment <= now]
    if past:
        return max(past)
    if not day_named:
        evening = time(clock.hour % 12 + 12, clock.minute)
        return datetime.combine(local_day - timedelta(days=1), evening, tzinfo=tz).astimezone(UTC)
    return readings[0]


def _ago(normal: str, now: datetime, words: MomentWords, language: str) -> datetime | None:
    """Read "3 h ago", "45 min ago", "an hour ago"; None when the text is not a plain "... ago"."""
    match = _AGO.fullmatch(normal)
    if match is not None:
        amount = int(match.group(1))
        unit = timedelta(hours=1) if match.group(2).startswith("h") else timedelta(minutes=1)
        return (now - amount * unit).astimezone(UTC)
    tokens = normal.split()
    said_ago = bool(tokens) and (tokens[-1] in words.ago_words or tokens[0] in words.ago_words)
    if not said_ago or set(tokens) & words.coarse_units:
        return None
    parsed = _dateparse(normal, now=now, tz=ZoneInfo("UTC"), language=language)
    return parsed.replace(tzinfo=UTC) if parsed is not None else None


def _join_halves(tokens: list[str]) -> list[str]:
    """Glue "7 pm" into "7pm" so a clock time is one token."""
    joined: list[str] = []
    for token in tokens:
        if _HALF.fullmatch(token) and joined and joined[-1].isdigit():
            joined[-1] += token
        else:
            joined.append(token)
    return joined


def _clock_and_part(tokens: list[str], words: MomentWords) -> tuple[time | None, time | None, list[str], bool]:
    """Take the clock time and the part of the day out of the tokens; return them, what is left, and whether the
    clock is a bare hour that could be either half of the day ("at 7": 07:00 or 19:00)."""
    part_name = next((token for token in tokens if token in words.parts_of_day), None)
    named = next((token for token in tokens if token in words.named_times), None)
    rest = [t for t in tokens if t != part_name and t != named]
    part = time(words.parts_of_day[part_name]) if part_name else None
    if named is not None:
        part = time(*words.named_times[named])
    # The clock is a token that can only be a time ("7:30", "7pm", "1430" alone).
    candidates = [i for i, token in enumerate(rest) if _CLOCK.fullmatch(token)]
    # A bare hour ("7") is an hour only next to a word that makes it one ("at 7", "7 o'clock") or with a part of the
    # day; "7" alone may be anything. 13-23 can only be one hour, 1-12 either half of the day.
    bare = [i for i in candidates if rest[i].isdigit() and len(rest[i]) <= 2]
    hour_words = [i for i in bare if _next_to_hour_word(rest, i, words)]
    unambiguous = [i for i in bare if i > 0 and rest[i - 1] in words.at_words and int(rest[i]) > 12]
    plain = [i for i in bare if part_name or i in hour_words or i in unambiguous]
    explicit = [i for i in candidates if i not in bare and (not rest[i].isdigit() or len(rest) == 1)]
    # Two numbers such as "20.11 8:15": the first is the day, the second the time.
    if len(explicit) >= 2:
        explicit = explicit[1:]
    pick = (explicit or plain)[-1:]
    dropped = words.at_words | words.hour_before | words.hour_after
    if not pick:
        return None, part, [t for t in rest if t not in dropped], False
    index = pick[0]
    clock = _time(rest[index])
    if clock is not None and part_name in words.afternoon_parts and rest[index].isdigit() and clock.hour < 12:
        clock = clock.replace(hour=clock.hour + 12)  # "evening at 7"
    either_half = clock is not None and not part_name and index in hour_words and 1 <= clock.hour <= 12
    left = [t for i, t in enumerate(rest) if i != index and t not in dropped]
    return clock, (part if clock is None else None), left, either_half


def _next_to_hour_word(tokens: list[str], index: int, words: MomentWords) -> bool:
    """Whether the token at index follows a word such as "at" or "a las", or precedes one such as "o'clock"."""
    before = index > 0 and tokens[index - 1] in words.hour_before
    after = index + 1 < len(tokens) and tokens[index + 1] in words.hour_after
    return before or after


def _time(token: str) -> time | None:
    try:
        return parse_user_time(token)
    except TimeParseError:
        if token.isdigit() and int(token) <= 23:
            return time(int(token))  # a bare hour: taken only next to an hour word or with a part of the day
        return None


def _day_of(
    rest: list[str], *, tz: ZoneInfo, now: datetime, default: date | None, words: MomentWords, language: str
) -> date | None:
    """Return the local date the remaining words name; the default day (or today) when there are none."""
    today = now.astimezone(tz).date()
    phrase = " ".join(rest)
    if not phrase:
        return default or today
    if phrase in words.days_back:
        return today - timedelta(days=words.days_back[phrase])
    if match := _ISO_DAY.fullmatch(phrase):
        return _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if match := _SHORT_DAY.fullmatch(phrase):
        return _short_day(int(match.group(1)), match.group(2), int(match.group(3)), today=today, tz=tz)
    if not _WORDS.search(phrase):
        return None  # digits alone ("8") are not a day; dateparser would make them a month
    parsed = _dateparse(phrase, now=now, tz=tz, language=language)
    return parsed.date() if parsed is not None else None


def _short_day(first: int, separator: str, second: int, *, today: date, tz: ZoneInfo) -> date | None:
    """Day and month without a year ("20.11", "11/30"): the most recent such date, never a future one.

    Dots are always day.month. With a slash, the order the user's country writes ("11/30" in the US,
    "30/11" in Britain) wins when both readings are dates; otherwise the only possible one is taken.
    """
    orders = [(first, second)]  # (day, month)
    if separator == "/":
        orders = [(second, first), (first, second)] if month_first(tz) else [(first, second), (second, first)]
    for day_of_month, month in orders:
        found = _date(today.year, month, day_of_month)
        if found is not None and found > today:
            found = _date(today.year - 1, month, day_of_month)
        if found is not None:
            return found
    return None


def _dateparse(phrase: str, *, now: datetime, tz: ZoneInfo, language: str) -> datetime | None:
    """Ask dateparser about a phrase, in the user's language, relative to the user's local now, past first."""
    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": now.astimezone(tz).replace(tzinfo=None),
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PARSERS": ["relative-time", "absolute-time"],
    }
    with warnings.catch_warnings():
        # dateparser's own dependencies warn about deprecated APIs on import and first use.
        warnings.simplefilter("ignore")
        try:
            return dateparser.parse(phrase, languages=[language], settings=settings)
        except (ValueError, OverflowError):
            return None


def parse_day_ahead(text: str, *, tz: ZoneInfo, now: datetime, language: str = "en") -> date | None:
    """Read a day from tomorrow to a year ahead ("Friday", "25 December", "12/25", "in 10 days"), or None.

    For the end of a pause: unlike a diary moment, it lies ahead and needs no time of day.
    """
    normal = _normalise(text)
    if not normal or len(normal) > MAX_INPUT or len(text) > MAX_INPUT * 4:
        return None
    today = now.astimezone(tz).date()
    if match := _SHORT_DAY.fullmatch(normal):
        first, separator, second = int(match.group(1)), match.group(2), int(match.group(3))
        orders = [(first, second)]  # (day, month); dots are always day.month, as in _short_day
        if separator == "/":
            orders = [(second, first), (first, second)] if month_first(tz) else [(first, second), (second, first)]
        candidates = (_date(year, month, day) for day, month in orders for year in (today.year, today.year + 1))
        return next((found for found in candidates if found is not None and found > today), None)
    if not _WORDS.search(normal):
        return None
    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": now.astimezone(tz).replace(tzinfo=None),
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            parsed = dateparser.parse(normal, languages=[language], settings=settings)
        except (ValueError, OverflowError):
            return None
    found = parsed.date() if parsed is not None else None
    return found if found is not None and today < found <= today + timedelta(days=366) else None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
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
