"""Pacing broadcast sends: aiolimiter in production, a token bucket on the injected clock in tests."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Protocol

from aiolimiter import AsyncLimiter

from scheduler.clock import Clock

Sleep = Callable[[float], Awaitable[None]]


class Pacer(Protocol):
    """Hands out permission to send one message, no faster than the broadcast rate."""

    async def acquire(self) -> None:
        """Wait until one more message may be sent."""
        ...


class LimiterPacer:
    """The production pacer: an aiolimiter leaky bucket holding 1/20 of a second's messages.

    A bucket of a whole second (`rate` per 1 s) would allow `rate` messages at once, exactly what makes
    Telegram answer 429; a bucket of one message loses every slot the event loop is a moment late for,
    and then a paid 1,000/s broadcast reaches half that. A twentieth of a second is both smooth and kept.
    """

    def __init__(self, rate_per_second: float) -> None:
        if rate_per_second <= 0:
            raise ValueError("the broadcast rate must be positive")
        self.rate = rate_per_second
        burst = max(1.0, rate_per_second / 20)
        self._limiter = AsyncLimiter(burst, burst / rate_per_second)

    async def acquire(self) -> None:
        """Wait for the next free slot."""
        await self._limiter.acquire()


class ClockPacer:
    """A pacer on an injected clock and sleep: with a ManualClock whose sleep advances it, nothing waits."""

    def __init__(self, rate_per_second: float, *, clock: Clock, sleep: Sleep) -> None:
        if rate_per_second <= 0:
            raise ValueError("the broadcast rate must be positive")
        self.rate = rate_per_second
        self._clock = clock
        self._sleep = sleep
        self._interval = timedelta(seconds=1 / rate_per_second)
        self._next_slot: datetime | None = None
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        """Wait until the next slot, one every 1/rate seconds of the clock."""
        async with self._lock:
            now = self._clock.now()
            slot = now if self._next_slot is None or self._next_slot < now else self._next_slot
            if slot > now:
                await self._sleep((slot - now).total_seconds())
            self._next_slot = slot + self._interval


class Unpaced:
    """No pacing at all: benchmarks measure the pipeline itself with it."""

    rate = 0.0

    async def acquire(self) -> None:
        """Return at once."""
