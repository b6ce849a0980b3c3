"""Broadcast progress as numbers, and how often the operator is told about it.

The worker reports through a `BroadcastNotifier` (the bot edits the operator's progress message);
`ProgressReporter` throttles that to one report per `every` on the injected clock, because Telegram
limits how often one message may be edited.

When Telegram answers "later" (a 429's retry_after, a timeout or a 5xx: the notifier raises
`NotifyLater`), the report is tried again in a task of its own, so the sending never waits for an
edit. A retried progress edit reloads the counts when it runs, and no other edit is made while it
waits: the latest state is what ends up shown. The final report supersedes a pending edit and is
retried the same way, a bounded number of times.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
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

# Tries of one report before it is given up (each retry waits Telegram's retry_after, or a backoff).
MAX_REPORT_ATTEMPTS = 5
# The wait before retrying after a timeout or a 5xx, doubled at each further try.
TRANSIENT_BACKOFF_SECONDS = 1.0


class NotifyLater(Exception):
    """Telegram could not take a report now: try again after `seconds` (None: after a backoff)."""

    def __init__(self, seconds: float | None = None) -> None:
        super().__init__(seconds)
        self.seconds = seconds


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
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self.notifier = notifier
        self.every = every
        self.rate_per_second = rate_per_second
        self.sleep = sleep
        self._last: dict[int, datetime] = {}
        # Per broadcast, the report waiting to be retried (a progress edit or the final report).
        self._later: dict[int, asyncio.Task[None]] = {}

    async def maybe_report(self, broadcast_id: int) -> None:
        """Report progress unless the last report was less than `every` ago."""
        now = self.clock.now()
        last = self._last.get(broadcast_id)
        if self.notifier is None or (last is not None and now - last < self.every):
            return
        if self._pending(broadcast_id):
            return  # a retried edit is waiting for Telegram; it shows the counts as they are then
        self._last[broadcast_id] = now
        async with transaction(self.sessions) as session:
            # Other instances' workers report the same broadcast: one report per interval among them all.
            if not await claim_progress_report(session=session, broadcast_id=broadcast_id, now=now, every=self.every):
                return
        await self._show(broadcast_id, 1)

    async def report_final(self, broadcast_id: int) -> None:
        """Send the final summary (it supersedes a progress edit still waiting to be retried)."""
        self._last.pop(broadcast_id, None)
        pending = self._later.pop(broadcast_id, None)
        if pending is not None and not pending.done():
            pending.cancel()
            await asyncio.wait({pending})
        if self.notifier is None:
            return
        await self._report_final(broadcast_id, 1)

    async def settle(self, *, timeout: float | None = None) -> None:
        """Wait for the reports being retried (a retry may retry again); drop those left after `timeout`."""
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while pending := {task for task in self._later.values() if not task.done()}:
            left = None if deadline is None else max(deadline - loop.time(), 0.0)
            done, _ = await asyncio.wait(pending, timeout=left)
            if not done:
                log.warning("%d broadcast reports still waiting for Telegram; dropped", len(pending))
                for task in pending:
                    task.cancel()
                await asyncio.wait(pending)
        self._later.clear()

    async def _show(self, broadcast_id: int, attempt: int) -> None:
        """Show the progress as it is now; when Telegram says later, retry in the background."""
        progress = await self._load(broadcast_id, self.clock.now())
        if progress is None or self.notifier is None:
            return
        try:
            shown = await self.notifier.show_progress(progress)
        except NotifyLater as later:
            self._retry(broadcast_id, later, attempt, self._show)
            return
        except Exception:  # Telegram trouble must never stop the sending itself
            log.exception("could not show the progress of a broadcast")
            return
        if shown is not None:
            async with transaction(self.sessions) as session:
                await set_progress_message(
                    session=session, broadcast_id=broadcast_id, chat_id=shown[0], message_id=shown[1]
                )

    async def _report_final(self, broadcast_id: int, attempt: int) -> None:
        progress = await self._load(broadcast_id, self.clock.now())
        if progress is None or self.notifier is None:
            return
        try:
            await self.notifier.report_final(progress)
        except NotifyLater as later:
            self._retry(broadcast_id, later, attempt, self._report_final)
        except Exception:
            log.exception("could not report the end of a broadcast")

    def _pending(self, broadcast_id: int) -> bool:
        task = self._later.get(broadcast_id)
        return task is not None and not task.done()

    def _retry(
        self, broadcast_id: int, later: NotifyLater, attempt: int, report: Callable[[int, int], Awaitable[None]]
    ) -> None:
        """Run `report` again after Telegram's wait, in a task of its own; give up after MAX_REPORT_ATTEMPTS."""
        if attempt >= MAX_REPORT_ATTEMPTS:
            log.warning("gave up a broadcast report after %d attempts: Telegram kept answering later", attempt)
            return
        wait = later.seconds if later.seconds is not None else TRANSIENT_BACKOFF_SECONDS * 2 ** (attempt - 1)
        log.info("broadcast report deferred %.1f s by Telegram (attempt %d)", wait, attempt)

        async def again() -> None:
            await self.sleep(wait)
            try:
                await report(broadcast_id, attempt + 1)
            except Exception:  # the database, say: nobody awaits this task to hear of it
                log.exception("could not retry a broadcast report")

        self._later[broadcast_id] = asyncio.create_task(again(), name="broadcast-report-retry")

    async def _load(self, broadcast_id: int, now: datetime) -> BroadcastProgress | None:
        async with transaction(self.sessions) as session:
            return await load_progress(
                session=session, broadcast_id=broadcast_id, now=now, rate_per_second=self.rate_per_second
            )
