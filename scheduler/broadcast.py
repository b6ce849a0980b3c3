"""The broadcast worker: claim deliveries, pace and send them, record outcomes, report progress.

It never imports the bot: messages leave through a `BroadcastSending` (the bot's Sender, or a fake),
the operator hears through a `BroadcastNotifier`. `run_once` does a batch of every due broadcast:

* pacing is global for the worker (one Pacer for every broadcast);
* a 429 pauses broadcast traffic only, for `retry_after`; the bot's interactive replies use another
  Bot object and never wait behind it;
* 403 / chat not found marks the user inactive and the delivery blocked;
* network errors and 5xx retry later with a growing backoff, up to `max_attempts`;
* a 400 caused by the content stops the whole broadcast and tells the operator;
* recipients inside their quiet hours wait for the end without holding up anyone else, unless the
  operator chose to ignore quiet hours (urgent safety notices);
* a broadcast whose author is no longer an operator (`operator_ids`) is held, not sent, until a current
  operator resumes it.

A clean stop (`stop`) claims nothing more and starts no further send, lets the sends already handed to
Telegram finish, for at most a grace period, and records every outcome before `run_forever` returns:
a message Telegram accepted is marked sent, so a restart sends it to nobody again. Only sends still
unanswered when the grace runs out are cancelled; those keep their lease and may go out twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from scheduler.broadcast_outcomes import (
    QuietHoursLookup,
    file_outcome,
    message_for,
    quiet_hours_end,
    stored_quiet_hours,
)
from scheduler.broadcast_pacing import Pacer, Sleep
from scheduler.broadcast_progress import BroadcastNotifier, ProgressReporter
from scheduler.clock import Clock
from scheduler.sending import BroadcastMessage, Outcome, SendResult
from storage.broadcast_deliveries import (
    ClaimedDelivery,
    DeliveryResults,
    claim_deliveries,
    due_broadcasts,
    finish_if_complete,
    mark_started,
    record_results,
    stop_broadcast,
)
from storage.broadcast_models import Broadcast, BroadcastStatus
from storage.broadcasts import hold_orphaned_broadcasts
from storage.db import SessionFactory, transaction

log = logging.getLogger(__name__)


class BroadcastSending(Protocol):
    """The half of scheduler.sending.Sender the worker needs (the full Sender satisfies it)."""

    async def send_broadcast(self, message: BroadcastMessage) -> SendResult:
        """Deliver one broadcast message and report the outcome."""
        ...


@dataclass
class _Batch:
    """One broadcast's batch in flight: halted stops the sends not yet started (a 400 or a 429)."""

    broadcast: Broadcast
    halted: bool = False
    rejection: str = ""
    results: DeliveryResults = field(default_factory=DeliveryResults)
    deferred: list[tuple[int, datetime, int]] = field(default_factory=list)  # inside quiet hours
    recording: asyncio.Task[None] | None = None


_SendTask = asyncio.Task[tuple[ClaimedDelivery, SendResult | None]]


class BroadcastWorker:
    """Sends due broadcasts in leased batches; safe to run in several processes at once."""

    def __init__(
        self,
        *,
        sessions: SessionFactory,
        sender: BroadcastSending,
        clock: Clock,
        pacer: Pacer,
        notifier: BroadcastNotifier | None = None,
        quiet_hours: QuietHoursLookup | None = stored_quiet_hours,
        default_zone: str = "UTC",
        rate_per_second: float = 25.0,
        concurrency: int = 16,
        batch_size: int | None = None,
        lease: timedelta = timedelta(seconds=120),
        max_attempts: int = 5,
        progress_every: timedelta = timedelta(seconds=3),
        sleep: Sleep = asyncio.sleep,
        idle_seconds: float = 1.0,
        operator_ids: frozenset[int] | None = None,
    ) -> None:
        self.sessions = sessions
        self.sender = sender
        self.clock = clock
        self.pacer = pacer
        self.quiet_hours = quiet_hours
        self.default_zone = default_zone
        self.concurrency = concurrency
        # About two seconds of sending per broadcast and pass: pause and cancel act quickly, and several
        # broadcasts take turns. Within it, chunks of a few lanes' worth are claimed, sent and recorded.
        self.batch_size = batch_size or min(max(int(rate_per_second * 2), 2 * concurrency, 20), 1000)
        self.chunk_size = max(min(2 * concurrency, self.batch_size), 8)
        self.lease = lease
        self.max_attempts = max_attempts
        self.sleep = sleep
        self.idle_seconds = idle_seconds
        self.operator_ids = operator_ids  # None: nothing is held (a worker without settings, in tests)
        self.progress = ProgressReporter(
            sessions=sessions, clock=clock, notifier=notifier, every=progress_every, rate_per_second=rate_per_second
        )
        self._paused_until: datetime | None = None
        self._stopping = asyncio.Event()
        self._runner: asyncio.Task[None] | None = None

    @property
    def stopping(self) -> bool:
        """Whether `stop` was called: nothing more is claimed or started."""
        return self._stopping.is_set()

    async def run_forever(self) -> None:
        """Work until `stop` (or a cancel), resting `idle_seconds` whenever nothing is due."""
        self._runner = asyncio.current_task()
        while not self.stopping:
            try:
                handled = await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("broadcast worker pass failed; retrying after a pause")
                handled = 0
            if not handled:
                await self._rest(self.idle_seconds)

    async def stop(self, *, grace: float) -> bool:
        """Stop claiming and starting sends; give the sends in flight `grace` seconds to finish and be recorded.

        Returns once `run_forever` has returned: True when it finished within the grace, False when
        the sends still unanswered then were cancelled (their deliveries keep their lease).
        """
        self._stopping.set()
        runner = self._runner
        done: set[asyncio.Task[None]] | bool = True
        if runner is not None and not runner.done():
            done, _ = await asyncio.wait({runner}, timeout=grace)
            if not done:
                log.warning("broadcast sends still unanswered after %.1f s; cancelling them", grace)
                runner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await runner
        await self.progress.settle(timeout=grace)  # a final report waiting out a 429 gets the grace too
        return bool(done)

    async def run_once(self) -> int:
        """Handle one batch of every due broadcast; return how many deliveries were claimed."""
        await self._wait_out_rate_limit()
        if self.stopping:
            return 0
        async with transaction(self.sessions) as session:
            if self.operator_ids is not None:
                held = await hold_orphaned_broadcasts(session=session, operator_ids=self.operator_ids)
                if held:
                    log.warning("broadcasts %s held: their author is no longer an operator", held)
            broadcasts = await due_broadcasts(session=session, now=self.clock.now())
        handled = 0
        for broadcast in broadcasts:
            if self.stopping:
                break
            handled += await self._work_on(broadcast)
            await self._wait_out_rate_limit()
        return handled

    async def run_until_idle(self, *, max_passes: int = 1_000_000) -> int:
        """Run passes until nothing is claimable now (tests and the command line); return deliveries claimed."""
        total = 0
        for _ in range(max_passes):
            handled = await self.run_once()
            if not handled:
                break
            total += handled
        await self.progress.settle()  # reports Telegram asked to retry later: the caller expects them done
        return total

    async def _wait_out_rate_limit(self) -> None:
        """After a 429, hold all broadcast traffic of this worker until Telegram's retry_after is over."""
        if self._paused_until is None:
            return
        wait = (self._paused_until - self.clock.now()).total_seconds()
        self._paused_until = None
        if wait > 0:
            log.info("broadcasts paused %.1f s after a 429", wait)
            await self._rest(wait)

    async def _rest(self, seconds: float) -> None:
        """Sleep `seconds` (the injected sleep), or less if `stop` is called meanwhile."""
        if self.stopping:
            return
        sleeper = asyncio.ensure_future(self.sleep(seconds))
        stopped = asyncio.ensure_future(self._stopping.wait())
        try:
            await asyncio.wait({sleeper, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in (sleeper, stopped):
                waiter.cancel()
            await asyncio.wait({sleeper, stopped})

    async def _work_on(self, broadcast: Broadcast) -> int:
        """Claim, send and record up to one batch of a broadcast; return the deliveries claimed.

        A pipeline, not one big gather: the next chunk is claimed while this one is sent, sends are
        topped up as they finish, and outcomes are recorded in the background every chunk. At any
        moment only a few chunks are claimed-but-unsent or sent-but-unrecorded; after a crash those
        are all that can be sent twice (and they are counted as possible duplicates).
        """
        assert broadcast.id is not None
        batch = _Batch(broadcast)
        lanes = asyncio.Semaphore(self.concurrency)
        sending: set[_SendTask] = set()
        claimed = 0
        claiming: asyncio.Task[tuple[int, list[ClaimedDelivery]]] | None = asyncio.create_task(self._claim_chunk(batch))
        try:
            while claiming is not None:
                count, ready = await claiming
                claiming = None
                if not count:
                    break
                claimed += count
                sending |= {asyncio.create_task(self._send_one(batch, delivery, lanes)) for delivery in ready}
                if claimed < self.batch_size and not batch.halted and not self.stopping:
                    claiming = asyncio.create_task(self._claim_chunk(batch))
                while len(sending) > self.chunk_size:
                    sending = await self._collect(batch, sending)
                await self._start_recording(batch)
            while sending:
                sending = await self._collect(batch, sending)
            await self._start_recording(batch, force=True)
            if batch.recording is not None:
                await batch.recording
        finally:
            # Cancelled (a stop's grace ran out, or a crash): stop at once; unrecorded rows keep their lease.
            # The cancelled tasks are awaited: a task left pending is destroyed with the loop, noisily.
            left = {task for task in (*sending, claiming, batch.recording) if task is not None and not task.done()}
            for task in left:
                task.cancel()
            if left:
                await asyncio.wait(left)
        if not claimed:
            await self._finish_if_complete(broadcast.id)
            return 0
        if batch.rejection:
            await self._stop(broadcast.id, batch.rejection)
        await self.progress.maybe_report(broadcast.id)
        return claimed

    async def _claim_chunk(self, batch: _Batch) -> tuple[int, list[ClaimedDelivery]]:
        """Claim one chunk; return how many were claimed and those to send now (quiet hours wait)."""
        broadcast = batch.broadcast
        assert broadcast.id is not None
        now = self.clock.now()
        async with transaction(self.sessions) as session:
            if broadcast.status == BroadcastStatus.SCHEDULED:
                await mark_started(session=session, broadcast_id=broadcast.id, now=now)
                broadcast.status = BroadcastStatus.SENDING
            claimed = await claim_deliveries(
                session=session, broadcast_id=broadcast.id, now=now, lease_until=now + self.lease, limit=self.chunk_size
            )
            quiet = {}
            if claimed and self.quiet_hours is not None and not broadcast.ignore_quiet_hours:
                quiet = await self.quiet_hours(session, [delivery.user_id for delivery in claimed])
        ready = []
        for delivery in claimed:
            ends = quiet_hours_end(delivery, quiet.get(delivery.user_id), now, self.default_zone)
            if ends is None:
                ready.append(delivery)
            else:
                batch.deferred.append((delivery.id, ends, delivery.attempts))
        return len(claimed), ready

    async def _collect(self, batch: _Batch, sending: set[_SendTask]) -> set[_SendTask]:
        """Wait for at least one send to finish and file its outcome; return the sends still running."""
        done, running = await asyncio.wait(sending, return_when=asyncio.FIRST_COMPLETED)
        now = self.clock.now()
        for task in done:
            delivery, result = task.result()
            file_outcome(
                batch.results,
                delivery,
                result,
                now=now,
                resume_at=self._paused_until or now,
                max_attempts=self.max_attempts,
            )
        return running

    async def _start_recording(self, batch: _Batch, *, force: bool = False) -> None:
        """Record filed outcomes in the background once a chunk's worth is in; one recording at a time."""
        if batch.deferred:
            batch.results.later.extend(batch.deferred)
            batch.deferred.clear()
        if not len(batch.results) or (len(batch.results) < self.chunk_size and not force):
            return
        if batch.recording is not None:
            await batch.recording
        results, batch.results = batch.results, DeliveryResults()
        batch.recording = asyncio.create_task(self._record(batch.broadcast, results))

    async def _send_one(
        self, batch: _Batch, delivery: ClaimedDelivery, lanes: asyncio.Semaphore
    ) -> tuple[ClaimedDelivery, SendResult | None]:
        async with lanes:
            # Not started yet when halted or stopping: filed as "later", it stays pending for the next pass.
            if batch.halted or self.stopping:
                return delivery, None
            await self.pacer.acquire()
            if batch.halted or self.stopping:
                return delivery, None
            try:
                result = await self.sender.send_broadcast(message_for(batch.broadcast, delivery))
            except Exception as exc:  # a bug in a sender must not lose the delivery
                log.exception("broadcast sender raised")
                result = SendResult(Outcome.RETRY, detail=f"error:{type(exc).__name__}")
        if result.outcome == Outcome.RETRY and result.retry_after:
            until = self.clock.now() + timedelta(seconds=result.retry_after)
            self._paused_until = max(self._paused_until or until, until)
            batch.halted = True
        elif result.outcome == Outcome.REJECTED:
            batch.halted = True
            batch.rejection = batch.rejection or result.detail or "rejected"
        return delivery, result

    async def _record(self, broadcast: Broadcast, results: DeliveryResults) -> None:
        assert broadcast.id is not None
        async with transaction(self.sessions) as session:
            await record_results(session=session, broadcast_id=broadcast.id, results=results, now=self.clock.now())
        await self.progress.maybe_report(broadcast.id)

    async def _finish_if_complete(self, broadcast_id: int) -> None:
        async with transaction(self.sessions) as session:
            finished = await finish_if_complete(session=session, broadcast_id=broadcast_id, now=self.clock.now())
        if finished:
            log.info("broadcast %s finished", broadcast_id)
            await self.progress.report_final(broadcast_id)

    async def _stop(self, broadcast_id: int, reason: str) -> None:
        async with transaction(self.sessions) as session:
            stopped = await stop_broadcast(
                session=session, broadcast_id=broadcast_id, reason=reason, now=self.clock.now()
            )
        if stopped:
            log.warning("broadcast %s stopped: Telegram refused its content", broadcast_id)
            await self.progress.report_final(broadcast_id)
