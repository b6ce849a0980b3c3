"""Where "now" comes from: the system clock in production, a hand-moved clock in tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


def as_utc(instant: datetime, *, name: str = "datetime") -> datetime:
    """Return `instant` converted to UTC; refuse naive datetimes, whose zone is a guess."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {instant.isoformat()}")
    return instant.astimezone(UTC)


class Clock(Protocol):
    """A source of the current instant."""

    def now(self) -> datetime:
        """Return the current instant as an aware UTC datetime."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """Return the current instant as an aware UTC datetime."""
        return datetime.now(UTC)


class ManualClock:
    """A clock that stands still until a test moves it, so tests never sleep."""

    def __init__(self, start: datetime) -> None:
        self._now = as_utc(start, name="start")

    def now(self) -> datetime:
        """Return the instant the clock was last set to."""
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        """Move the clock forward by `delta` and return the new instant."""
        if delta < timedelta(0):
            raise ValueError("a clock only moves forward; use set() to rewind on purpose")
        self._now += delta
        return self._now

    def set(self, instant: datetime) -> None:
        """Jump the clock to `instant`."""
        self._now = as_utc(instant, name="instant")
