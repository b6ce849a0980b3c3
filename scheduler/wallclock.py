"""Turning a local wall-clock time on a local date into a UTC instant, DST-safe."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo


def resolve_wall_time(day: date, at: time, tz: ZoneInfo) -> datetime:
    """Return the UTC instant at which the wall clock in `tz` first shows `at` on `day`.

    Equivalently: the earliest instant whose local wall time is at or after `day` + `at`. So a time that
    happens twice (autumn fall-back) resolves to its first happening (fold=0), and a time that does not
    exist (spring-forward gap) resolves to the instant the gap ends, the first valid minute after it
    (London 01:30 on the spring day -> 02:00 BST; Lord Howe 02:15 -> 02:30). The result is monotonic in
    (`day`, `at`), which is what lets next_occurrence take the first candidate after a given instant.
    """
    wall = datetime.combine(day, at.replace(tzinfo=None, fold=0), tzinfo=tz)
    instant = wall.astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) == wall.replace(tzinfo=None):
        return instant
    return _gap_end(wall, tz)


def _gap_end(wall: datetime, tz: ZoneInfo) -> datetime:
    """Return the UTC instant at which the DST gap containing the non-existent `wall` time ends."""
    # PEP 495: in a gap, fold=0 reads the wall time with the offset before the transition (a UTC
    # instant after it) and fold=1 with the offset after (an instant before it); the transition lies
    # between. Offsets change on whole seconds, so bisect on integer POSIX seconds.
    before_s = int(wall.replace(fold=1).timestamp())
    after_s = int(wall.replace(fold=0).timestamp())
    target = datetime.fromtimestamp(after_s, tz).utcoffset()
    while after_s - before_s > 1:
        middle = (before_s + after_s) // 2
        if datetime.fromtimestamp(middle, tz).utcoffset() == target:
            after_s = middle
        else:
            before_s = middle
    return datetime.fromtimestamp(after_s, UTC)
