"""Shared pieces of the broadcast tests: users in bulk, a recording Sender and notifier, clock-driven sleep."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Table, insert, select

from scheduler.broadcast_progress import BroadcastProgress
from scheduler.clock import ManualClock
from scheduler.sending import BroadcastMessage, Outcome, SendResult
from storage.broadcast_models import Broadcast, BroadcastDelivery
from storage.broadcasts import Audience, BroadcastContent, create_broadcast
from storage.db import SessionFactory, transaction
from storage.models import User

# Saturday 21 November 2026, 12:00 UTC (noon in London).
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
OPERATOR = 999  # make_settings makes 999 the operator


async def add_users(sessions: SessionFactory, ids: Iterable[int], **fields: Any) -> None:
    """Insert users in one executemany, onboarded and active unless fields say otherwise."""
    users: Table = User.__table__  # type: ignore[attr-defined]
    rows = [
        {
            "id": user_id,
            "language": "en",
            "timezone": "Europe/London",
            "subscribed_updates": False,
            "is_active": True,
            "created_at": NOW,
            "updated_at": NOW,
            "last_seen_at": NOW,
            "onboarded_at": NOW,
            **fields,
        }
        for user_id in ids
    ]
    async with transaction(sessions) as session:
        await session.execute(insert(users), rows)


async def new_broadcast(
    sessions: SessionFactory,
    *,
    text: str = "Hello <b>everyone</b>",
    audience: str = "all",
    now: datetime = NOW,
    send_at: datetime | None = None,
    **options: Any,
) -> Broadcast:
    """Create a broadcast by the operator through the storage function the bot uses."""
    async with transaction(sessions) as session:
        return await create_broadcast(
            session=session,
            operator_id=OPERATOR,
            content=BroadcastContent(text=text),
            audience=Audience.parse(audience),
            send_at=send_at or now,
            now=now,
            **options,
        )


async def load_broadcast(sessions: SessionFactory, broadcast_id: int) -> Broadcast:
    """Return the broadcast row as stored now."""
    async with transaction(sessions) as session:
        broadcast = await session.get(Broadcast, broadcast_id, populate_existing=True)
    assert broadcast is not None
    return broadcast


async def delivery_statuses(sessions: SessionFactory, broadcast_id: int) -> dict[int, str]:
    """Return user id -> delivery status for one broadcast."""
    async with transaction(sessions) as session:
        rows = await session.execute(
            select(BroadcastDelivery.user_id, BroadcastDelivery.status).where(
                BroadcastDelivery.broadcast_id == broadcast_id
            )
        )
        return {user_id: status for user_id, status in rows.all()}


class RecordingSender:
    """A Sender that records every broadcast send; `outcome_for` decides each result (SENT by default)."""

    def __init__(
        self,
        outcome_for: Callable[[BroadcastMessage], SendResult] | None = None,
        *,
        on_send: Callable[[BroadcastMessage], Any] | None = None,
    ) -> None:
        self.sent: list[BroadcastMessage] = []
        self.outcome_for = outcome_for
        self.on_send = on_send
        # With a cleared event, every send after the first `hold_after` hangs: the process "dies" mid-flight.
        self.gate: asyncio.Event | None = None
        self.hold_after: int | None = None
        self.delay = 0.0  # seconds each send takes
        self.attempts = 0

    async def send_broadcast(self, message: BroadcastMessage) -> SendResult:
        """Record the message and return the chosen outcome."""
        self.attempts += 1
        if self.hold_after is not None and self.attempts > self.hold_after and self.gate is not None:
            await self.gate.wait()
        await asyncio.sleep(self.delay)  # let other lanes and workers interleave, as real sends would
        result = self.outcome_for(message) if self.outcome_for else SendResult(Outcome.SENT, message_id=1)
        if result.outcome == Outcome.SENT:
            self.sent.append(message)
        if self.on_send is not None:
            self.on_send(message)
        return result

    def per_user(self) -> Counter[int]:
        """Return how many messages each user received."""
        return Counter(message.user_id for message in self.sent)


class RecordingNotifier:
    """A BroadcastNotifier that records progress reports and final summaries."""

    def __init__(self, clock: ManualClock | None = None) -> None:
        self.clock = clock
        self.progress: list[tuple[datetime | None, BroadcastProgress]] = []
        self.finals: list[BroadcastProgress] = []

    async def show_progress(self, progress: BroadcastProgress) -> tuple[int, int] | None:
        """Record a progress report."""
        self.progress.append((self.clock.now() if self.clock else None, progress))
        return None

    async def report_final(self, progress: BroadcastProgress) -> None:
        """Record a final summary."""
        self.finals.append(progress)


class ClockSleep:
    """An async sleep that moves a ManualClock instead of waiting, recording each duration."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        self.clock.advance(timedelta(seconds=max(seconds, 0)))
        await asyncio.sleep(0)


class GateSleep:
    """An async sleep that records its duration, moves the clock, then waits until the test releases it."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.calls: list[float] = []
        self.sleeping = asyncio.Event()
        self.release = asyncio.Event()

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        self.sleeping.set()
        await self.release.wait()
        self.clock.advance(timedelta(seconds=max(seconds, 0)))
