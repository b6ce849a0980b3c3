"""Broadcast progress as numbers, and how often the operator is told about it.

The worker reports through a `BroadcastNotifier` (the bot edits the operator's progress message);
`ProgressReporter` throttles that to one report per `every` on the injected clock, because Telegram
limits how often one message may be edited.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from scheduler.clock import Clock
from storage.broadcast_deliveries import waiting_summary
from storage.broadcast_models import Broadcast
from storage.broadcasts import claim_progress_report, get_broadcast, is_open, set_progress_message
from storage.db import SessionFactory, transaction

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BroadcastProgress:
    """Where a broadcast stands: counts, status, an ETA, and the operator's progress message if any."""

    broadcast_id: int
    operator_id: int
    kind: str
    status: str
    total: int
    sent: int
    blocked: int
    failed: int
    waiting: int
    waiting_until: datetime | None  # the latest end of a recipient's quiet hours (or a retry's backoff)
    possible_duplicates: int
    error: str
    eta_seconds: float | None
    send_at: datetime
    chat_id: int | None
    message_id: int | None
    as_of: datetime  # when these counts were read

    @property
    def remaining(self) -> int:
        """Return recipients without a final outcome."""
        return max(self.total - self.sent - self.blocked - self.failed, 0)

    @property
    def is_open(self) -> bool:
        """Whether the broadcast can still send (so waiting recipients will still get it)."""
        return is_open(self.status)

    @property
    def fraction(self) -> float:
        """Return the share of recipients with a final outcome, 0.0 to 1.0."""
        return 1.0 if self.total == 0 else (self.total - self.remaining) / self.total


class BroadcastNotifier(Protocol):
    """Tells the operator how a broadcast is going; implemented by the bot."""

    async def show_progress(self, progress: BroadcastProgress) -> tuple[int, int] | None:
        """Show or update the progress message; return (chat id, message id) when a new one was sent."""
        ...

    async def report_final(self, progress: BroadcastProgress) -> None:
        """Send the final summary of a finished or stopped broadcast."""
        ...


def estimate_eta(
    broadcast: Broadcast,
    now: datetime,
    rate_per_second: float,
    waiting: int = 0,
    waiting_until: datetime | None = None,
) -> float | None:
    """Return seconds left: the others at the pace so far (or the configured rate), or the last quiet-hours end.

    Recipients waiting for their quiet hours are not sent at the pace: the broadcast is over no sooner
    than the latest of them wakes up.
    """
    remaining = broadcast.remaining
    if remaining == 0:
        return 0.0
    ready = max(remaining - waiting, 0)
    done = broadcast.total - remaining
    paced: float | None = ready / rate_per_second if rate_per_second > 0 else None
    if broadcast.started_at is not None and done > 0:
        elapsed = (now - broadcast.started_at).total_seconds()
        if elapsed > 0:
            paced = ready * elapsed / done
    if waiting and waiting_until is not None:
        return max(paced or 0.0, (waiting_until - now).total_seconds())
    return paced


async def load_progress(
    *, session: AsyncSession, broadcast_id: int, now: datetime, rate_per_second: float
) -> BroadcastProgress | None:
    """Return the progress of one broadcast, or None when it does not exist."""
    broadcast = await get_broadcast(session=session, broadcast_id=broadcast_id)
    if broadcast is None or broadcast.id is None:
        return None
    waiting, waiting_until = await waiting_summary(session=session, broadcast_id=broadcast.id, now=now)
    return BroadcastProgress(
        broadcast_id=broadcast.id,
        operator_id=broadcast.operator_id,
        kind=broadcast.kind,
        status=broadcast.status,
        total=broadcast.total,
        sent=broadcast.sent,
        blocked=broadcast.blocked,
        failed=broadcast.failed,
        waiting=waiting,
        waiting_until=waiting_until,
        possible_duplicates=broadcast.possible_duplicates,
        error=broadcast.error,
        eta_seconds=estimate_eta(broadcast, now, rate_per_second, waiting, waiting_until),
        send_at=broadcast.send_at,
        chat_id=broadcast.progress_chat_id,
        message_id=broadcast.progress_message_id,
        as_of=now,
    )


class ProgressReporter:
    """Reports a broadcast's progress at most once per `every`, and its end exactly once per worker call."""

    def __init__(
        self,
        *,
        sessions: SessionFactory,
        clock: Clock,
        notifier: BroadcastNotifier | None,
        every: timedelta,
        rate_per_second: float,
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self.notifier = notifier
        self.every = every
        self.rate_per_second = rate_per_second
        self._last: dict[int, datetime] = {}

    async def maybe_report(self, broadcast_id: int) -> None:
        """Report progress unless the last report was less than `every` ago."""
        now = self.clock.now()
        last = self._last.get(broadcast_id)
        if self.notifier is None or (last is not None and now - last < self.every):
            return
        self._last[broadcast_id] = now
        async with transaction(self.sessions) as session:
            # Other instances' workers report the same broadcast: one report per interval among them all.
            if not await claim_progress_report(session=session, broadcast_id=broadcast_id, now=now, every=self.every):
                return
        progress = await self._load(broadcast_id, now)
        if progress is None:
            return
        try:
            shown = await self.notifier.show_progress(progress)
        except Exception:  # Telegram trouble must never stop the sending itself
            log.exception("could not show progress of broadcast %s", broadcast_id)
            return
        if shown is not None:
            async with transaction(self.sessions) as session:
                await set_progress_message(
                    session=session, broadcast_id=broadcast_id, chat_id=shown[0], message_id=shown[1]
                )

    async def report_final(self, broadcast_id: int) -> None:
        """Send the final summary."""
        self._last.pop(broadcast_id, None)
        if self.notifier is None:
            return
        progress = await self._load(broadcast_id, self.clock.now())
        if progress is None:
            return
        try:
            await self.notifier.report_final(progress)
        except Exception:
            log.exception("could not report the end of broadcast %s", broadcast_id)

    async def _load(self, broadcast_id: int, now: datetime) -> BroadcastProgress | None:
        async with transaction(self.sessions) as session:
            return await load_progress(
                session=session, broadcast_id=broadcast_id, now=now, rate_per_second=self.rate_per_second
            )
