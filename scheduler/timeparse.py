"""Reading the times of day users type ("7:30", "7pm", "19.05", "０７：３０") and writing them back.

Accepted, after Unicode normalisation (full-width and other decimal digits become 0-9) and ignoring
case and spaces around the parts:

* 24-hour "H:MM" / "HH:MM", with ":" or "." between hours and minutes: 7:30, 07:30, 19.05;
* the same with am/pm (also "a.m."/"p.m."), hours 1-12: 7:30pm, 7.30 PM, 12:15am (= 00:15);
* an hour with am/pm: 7pm, 7 pm, 12am (= 00:00), 12pm (= 12:00);
* 3 or 4 digits as HMM / HHMM: 730 (= 07:30), 0730, 1905, 730pm.

A bare hour ("7") is refused: 07:00 or 19:00 is a guess we should not make for a medication reminder.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import time
from enum import StrEnum

# Generous for "07 : 30 p.m." with stray spaces; longer input is junk and is not echoed back whole.
MAX_INPUT_CHARS = 32
_ECHO_CHARS = 20

_SEPARATED = re.compile(r"(?P<hour>\d{1,2})\s*[:.]\s*(?P<minute>\d{2})\s*(?P<half>am|pm)?", re.ASCII)
_HOUR_ONLY = re.compile(r"(?P<hour>\d{1,2})\s*(?P<half>am|pm)", re.ASCII)
_COMPACT = re.compile(r"(?P<hour>\d{1,2})(?P<minute>\d{2})\s*(?P<half>am|pm)?", re.ASCII)
_DOTTED_HALF = re.compile(r"([ap])\s*\.\s*m\s*\.?$", re.ASCII)


class TimeParseReason(StrEnum):
    """Why a time was refused, for callers that word the reply themselves."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    UNRECOGNISED = "unrecognised"
    OUT_OF_RANGE = "out_of_range"


class TimeParseError(ValueError):
    """The text is not a time of day; the bot words the reply from `reason` in the user's language."""

    def __init__(self, reason: TimeParseReason, text: str) -> None:
        self.reason = reason
        self.text = text
        super().__init__(f"not a time of day ({reason})")


def _normalise(text: str) -> str:
    """Fold width, digit scripts, case and surrounding space so the patterns stay ASCII."""
    folded = unicodedata.normalize("NFKC", text).casefold().strip()
    # Invisible format characters (zero-width space, direction marks) come along with copy-paste.
    chars = [
        str(unicodedata.decimal(char)) if unicodedata.decimal(char, None) is not None else char
        for char in folded
        if unicodedata.category(char) != "Cf"
    ]
    return _DOTTED_HALF.sub(r"\1m", "".join(chars)).strip()


def parse_user_time(text: str) -> time:
    """Parse a time of day typed by a user, or raise TimeParseError with a message for them."""
    if len(text) > MAX_INPUT_CHARS * 4:
        raise TimeParseError(TimeParseReason.TOO_LONG, text)
    normal = _normalise(text)
    if not normal:
        raise TimeParseError(TimeParseReason.EMPTY, text)
    if len(normal) > MAX_INPUT_CHARS:
        raise TimeParseError(TimeParseReason.TOO_LONG, text)
    for pattern in (_SEPARATED, _HOUR_ONLY, _COMPACT):
        match = pattern.fullmatch(normal)
        if match is not None:
            break
    else:
        raise TimeParseError(TimeParseReason.UNRECOGNISED, text)
    groups = match.groupdict()
    hour, minute = int(groups["hour"]), int(groups.get("minute") or 0)
    half = groups["half"]
    if half is not None:
        if not 1 <= hour <= 12:
            raise TimeParseError(TimeParseReason.OUT_OF_RANGE, text)
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise TimeParseError(TimeParseReason.OUT_OF_RANGE, text)
    return time(hour, minute)


def format_local_time(at: time) -> str:
    """Return a wall-clock time the way the bot writes it: "07:30"."""
    return at.strftime("%H:%M")
