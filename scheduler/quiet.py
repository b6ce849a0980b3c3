"""Quiet hours: a nightly local window in which reminders wait until it ends."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from scheduler.clock import as_utc
from scheduler.wallclock import resolve_wall_time


@dataclass(frozen=True, slots=True)
class QuietHours:
    """Local wall-clock window [start, end); it may span midnight; start == end means disabled."""

    start: time
    end: time

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("quiet hours are local wall-clock times and must be naive")

    @classmethod
    def disabled(cls) -> QuietHours:
        """Return quiet hours that never apply."""
        return cls(time(0), time(0))

    @property
    def enabled(self) -> bool:
        """Return whether the window is non-empty."""
        return self.start != self.end

    @property
    def spans_midnight(self) -> bool:
        """Return whether the window runs from one evening into the next morning."""
        return self.start > self.end

    def contains(self, wall: time) -> bool:
        """Return whether a local wall-clock time is quiet (start inclusive, end exclusive)."""
        wall = wall.replace(tzinfo=None, fold=0)
        if self.spans_midnight:
            return wall >= self.start or wall < self.end
        return self.start <= wall < self.end


def is_quiet(when: datetime, quiet: QuietHours, tz: ZoneInfo) -> bool:
    """Return whether the instant `when` falls inside quiet hours in the user's zone."""
    return quiet.contains(as_utc(when, name="when").astimezone(tz).time())


def defer_past_quiet(when: datetime, quiet: QuietHours, tz: ZoneInfo) -> datetime:
    """Return the instant quiet hours end if `when` is inside them, else `when` (always in UTC).

    The end is read on the right local date (tomorrow's morning for a window started this evening) and
    resolved like rule times: a non-existent end time becomes the end of the DST gap.
    """
    when = as_utc(when, name="when")
    if not is_quiet(when, quiet, tz):
        return when
    local = when.astimezone(tz)
    end_day = local.date()
    if quiet.spans_midnight and local.time() >= quiet.start:
        end_day += timedelta(days=1)
    end = resolve_wall_time(end_day, quiet.end, tz)
    if end <= when:
        # `when` is in the repeated hour after an autumn fall-back and the wall clock already passed
        # the end once: quiet hours end at the second (fold=1) showing of the end time.
        repeat = datetime.combine(end_day, quiet.end, tzinfo=tz).replace(fold=1).astimezone(UTC)
        end = max(repeat, when)
    # When the clocks go back inside the window, the repeated hour can show a wall time just outside it
    # (01:00 for a 01:01-02:00 window): that instant is already outside quiet hours.
    transition = _offset_change(when, end, tz)
    if transition is not None and not is_quiet(transition, quiet, tz):
        return transition
    return end


def _offset_change(start: datetime, end: datetime, tz: ZoneInfo) -> datetime | None:
    """Return the first whole second in (start, end] with another UTC offset than start, or None."""
    offset = start.astimezone(tz).utcoffset()
    if end.astimezone(tz).utcoffset() == offset:
        return None  # windows are shorter than a day, so at most one change lies between
    # Zones change offset on a whole second; search the seconds between the two instants.
    low, high = math.floor(start.timestamp()), math.ceil(end.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, tz).utcoffset() == offset:
            low = middle
        else:
            high = middle
    return datetime.fromtimestamp(high, UTC)
