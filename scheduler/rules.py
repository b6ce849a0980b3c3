"""Local recurrence rules ("07:30 and 19:00 on weekdays") and their next occurrence in UTC."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypedDict
from zoneinfo import ZoneInfo

from scheduler.clock import as_utc
from scheduler.wallclock import resolve_wall_time

ALL_WEEKDAYS = frozenset(range(7))
# Any rule fires at least weekly; start a day early because a time resolved into a gap, or a wall clock
# set back at midnight, can put an occurrence of yesterday's date after `after`.
_SEARCH_DAYS = 10
_STORED_TIME = re.compile(r"(\d{2}):(\d{2})", re.ASCII)


class LocalRuleJSON(TypedDict):
    """The stored form of a LocalRule: {"times": ["07:30"], "weekdays": [0, 1, 2, 3, 4]}."""

    times: list[str]
    weekdays: list[int]


@dataclass(frozen=True, slots=True)
class LocalRule:
    """Wall-clock times of day, on some weekdays (0 = Monday; empty = every day), in the user's zone."""

    times: tuple[time, ...]
    weekdays: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        if not self.times:
            raise ValueError("a rule needs at least one time of day")
        for at in self.times:
            if at.tzinfo is not None:
                raise ValueError(f"rule times are local wall-clock times and must be naive, got {at}")
            if at.second or at.microsecond:
                raise ValueError(f"rule times are whole minutes, got {at.isoformat()}")
        if list(self.times) != sorted(set(self.times)):
            raise ValueError("rule times must be sorted and unique; build rules with LocalRule.of()")
        bad = sorted(day for day in self.weekdays if day not in ALL_WEEKDAYS)
        if bad:
            raise ValueError(f"weekdays run from 0 (Monday) to 6 (Sunday), got {bad}")
        if self.weekdays == ALL_WEEKDAYS:
            # One spelling of "every day", so equal rules compare and serialise equal.
            object.__setattr__(self, "weekdays", frozenset())

    @classmethod
    def of(cls, times: Iterable[time], weekdays: Iterable[int] = ()) -> LocalRule:
        """Build a rule from times in any order, with duplicates dropped."""
        return cls(times=tuple(sorted(set(times))), weekdays=frozenset(weekdays))

    def runs_on(self, day: date) -> bool:
        """Return whether the rule fires on this local date."""
        return not self.weekdays or day.weekday() in self.weekdays

    def to_json(self) -> LocalRuleJSON:
        """Return the compact JSON-able form stored on schedule rows."""
        return {"times": [at.strftime("%H:%M") for at in self.times], "weekdays": sorted(self.weekdays)}

    @classmethod
    def from_json(cls, data: object) -> LocalRule:
        """Parse the stored form, raising ValueError that says what is wrong."""
        if not isinstance(data, Mapping):
            raise ValueError(f"a stored rule must be an object, got {type(data).__name__}")
        unknown = set(data) - {"times", "weekdays"}
        if unknown:
            raise ValueError(f"unknown keys in stored rule: {sorted(map(str, unknown))}")
        times = data.get("times")
        weekdays = data.get("weekdays", [])
        if not isinstance(times, list) or not all(isinstance(at, str) for at in times):
            raise ValueError('"times" must be a list of "HH:MM" strings')
        if not isinstance(weekdays, list) or not all(
            isinstance(day, int) and not isinstance(day, bool) for day in weekdays
        ):
            raise ValueError('"weekdays" must be a list of integers 0 (Monday) to 6 (Sunday)')
        if len(set(times)) != len(times) or len(set(weekdays)) != len(weekdays):
            raise ValueError("stored rule has duplicate times or weekdays")
        return cls.of((_parse_stored_time(at) for at in times), weekdays)


def _parse_stored_time(text: str) -> time:
    """Parse the strict "HH:MM" (24-hour) form used in storage."""
    match = _STORED_TIME.fullmatch(text)
    if match is None:
        raise ValueError(f'stored times are "HH:MM", got {text!r}')
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        raise ValueError(f"stored time out of range: {text!r}")
    return time(hour, minute)


def occurrences_on(rule: LocalRule, tz: ZoneInfo, day: date) -> list[datetime]:
    """Return the UTC instants the rule fires for local date `day`, earliest first, without repeats.

    Two rule times inside one spring-forward gap both land on the gap's end and fire once.
    """
    if not rule.runs_on(day):
        return []
    instants = (resolve_wall_time(day, at, tz) for at in rule.times)
    return sorted(set(instants))


def next_occurrence(rule: LocalRule, tz: ZoneInfo, after: datetime) -> datetime:
    """Return the first occurrence of `rule` strictly after `after`, as an aware UTC datetime."""
    after = as_utc(after, name="after")
    first_day = after.astimezone(tz).date() - timedelta(days=1)
    for offset in range(_SEARCH_DAYS):
        # Candidates come out in increasing order (resolve_wall_time is monotonic), so the first one
        # past `after` is the answer; the fold=1 repeat of a wall time is never a candidate.
        for instant in occurrences_on(rule, tz, first_day + timedelta(days=offset)):
            if instant > after:
                return instant
    raise AssertionError(f"no occurrence of {rule} within {_SEARCH_DAYS} days of {after}")
