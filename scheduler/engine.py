"""One scheduler tick: plan, claim, send, record. A plain async function, usable without PTB.

Delivery semantics: at most once. The claim transaction advances the row to its next occurrence and
writes a ``sending`` delivery before anything is sent; the result is recorded in a second transaction.
If the process dies in between, the in-flight reminder is lost (its delivery stays ``sending`` and is
marked ``unknown`` when the row next comes due) but it can never be sent twice: nothing re-reads the
old occurrence. For a reminder app a rare missing nudge is better than a doubled medication prompt.
Telegram-side failures are retried explicitly (Outcome.RETRY) up to Policy.max_attempts.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scheduler.clock import Clock
from scheduler.downtime import Decision
from scheduler.kinds import ScheduleKind
from scheduler.planning import DEFAULT_POLICY, Action, Policy, first_run, plan_due_row, stored_rule
from scheduler.quiet import QuietHours
from scheduler.recording import InFlight, TickReport, record_batch
from scheduler.rules import LocalRule
from scheduler.sending import Outcome, ReminderMessage, SendResult
from storage.db import SessionFactory, transaction
from storage.schedule_claims import (
    DueRow,
    NewDelivery,
    RowUpdate,
    delete_rows,
    disable_invalid,
    insert_deliveries,
    mark_interrupted,
    select_due,
    select_unplanned,
    update_rows,
)
from storage.schedule_models import DeliveryStatus, DisabledReason

__all__ = ["ReminderSender", "TickReport", "run_tick"]

log = logging.getLogger(__name__)

NO_QUIET_HOURS = QuietHours.disabled()
# A row re-enabled long ago but never planned (the bot was down) starts from at most this far back.
_PLAN_LOOKBACK = timedelta(hours=1)


class ReminderSender(Protocol):
    """The half of scheduler.sending.Sender the tick needs."""

    async def send_reminder(self, message: ReminderMessage) -> SendResult:
        """Deliver one reminder and report the outcome."""
        ...


async def run_tick(
    *,
    sessions: SessionFactory,
    sender: ReminderSender,
    clock: Clock,
    batch_size: int = 500,
    max_batches: int = 200,
    concurrency: int = 32,
    lanes: int = 2,
    policy: Policy = DEFAULT_POLICY,
) -> TickReport:
    """Plan re-enabled rows, then claim, send and record due rows batch by batch until none are left.

    `lanes` claim-send-record loops run side by side, each on a connection of its own, so one lane's
    sending overlaps another's database work. They never share a row: PostgreSQL skips rows another
    lane has locked, and SQLite runs one write transaction at a time.
    """
    report = TickReport()
    for _ in range(max_batches):
        if await _plan_batch(sessions, clock.now(), batch_size, report) < batch_size:
            break

    async def lane() -> None:
        for _ in range(max_batches):
            handled, in_flight, claim = await _claim_batch(sessions, clock.now(), batch_size, policy, report)
            if in_flight:
                results = await _send_all(sender, in_flight, concurrency)
                await record_batch(
                    sessions, in_flight, results, claim=claim, now=clock.now(), policy=policy, report=report
                )
            # Until a batch finds nothing: a row whose next occurrence is also overdue (a replayed
            # missed dose) comes round again in the next batch.
            if not handled:
                return

    await asyncio.gather(*(lane() for _ in range(max(lanes, 1))))
    return report


def _parse(row: DueRow) -> tuple[ScheduleKind, LocalRule | None, ZoneInfo] | None:
    """Return the row's kind, rule and zone, or None when they cannot be read."""
    try:
        rule = stored_rule(row.rule) if row.rule is not None else None
        return ScheduleKind(row.kind), rule, ZoneInfo(row.timezone)
    except (ValueError, ZoneInfoNotFoundError):
        log.warning("schedule %s has an unreadable rule, kind or zone; switched off", row.id)
        return None


async def _plan_batch(sessions: SessionFactory, now: datetime, limit: int, report: TickReport) -> int:
    """Give enabled rows without a next_run_at their next occurrence; return how many rows were seen."""
    async with transaction(sessions) as session:
        rows = await select_unplanned(session=session, limit=limit)
        updates, invalid = [], []
        for row in rows:
            parsed = _parse(row)
            if parsed is None or (parsed[1] is None and row.due_at is None):
                invalid.append(row.id)
                continue
            _kind, rule, tz = parsed
            since = min(max(row.updated_at, now - _PLAN_LOOKBACK), now)
            due = row.due_at if rule is None else first_run(rule, tz, since)
            updates.append(RowUpdate(row.id, due_at=due, next_run_at=due))
        await update_rows(session=session, updates=updates, now=now)
        await disable_invalid(session=session, schedule_ids=invalid, now=now)
    report.planned += len(updates)
    report.invalid += len(invalid)
    return len(rows)


async def _claim_batch(
    sessions: SessionFactory, now: datetime, limit: int, policy: Policy, report: TickReport
) -> tuple[int, list[InFlight], datetime]:
    """Decide every due row of one batch and claim those to send; return (rows seen, in flight, stamp)."""
    claim = now + policy.lease
    async with transaction(sessions) as session:
        rows = await select_due(session=session, now=now, limit=limit)
        if not rows:
            return 0, [], claim
        await mark_interrupted(session=session, schedule_ids=[r.id for r in rows if r.claimed_until is not None])
        updates: list[RowUpdate] = []
        deliveries: list[NewDelivery] = []
        sending: list[tuple[DueRow, datetime, str, bool]] = []
        finished: list[int] = []
        invalid: list[int] = []
        for row in rows:
            parsed = _parse(row)
            if parsed is None or row.due_at is None or row.next_run_at is None:
                invalid.append(row.id)
                continue
            kind, rule, tz = parsed
            plan = plan_due_row(
                kind=kind,
                rule=rule,
                tz=tz,
                due_at=row.due_at,
                next_run_at=row.next_run_at,
                now=now,
                quiet=_quiet_hours(row),
                every_days=_every_days(row),
                policy=policy,
            )
            one_off = rule is None
            if plan.action is Action.WAIT:
                updates.append(RowUpdate(row.id, plan.next_due, plan.next_run, attempts=row.attempts))
                report.waiting += 1
                continue
            late = plan.decision is not Decision.SEND
            if plan.action is Action.RECORD:
                status = DeliveryStatus.MISSED if plan.decision is Decision.MISSED else DeliveryStatus.SKIPPED
                deliveries.append(NewDelivery(row.id, row.user_id, row.kind, plan.occurrence, late, status))
                report.missed += status is DeliveryStatus.MISSED
                report.skipped += status is DeliveryStatus.SKIPPED
            else:
                deliveries.append(
                    NewDelivery(
                        row.id, row.user_id, row.kind, plan.occurrence, late, DeliveryStatus.SENDING, row.attempts
                    )
                )
                sending.append((row, plan.occurrence, plan.local_date.isoformat(), late))
            if one_off and plan.action is Action.RECORD:
                finished.append(row.id)
            elif one_off:
                updates.append(
                    RowUpdate(row.id, row.due_at, None, claim, False, DisabledReason.DONE.value, row.attempts)
                )
            else:
                claimed = claim if plan.action is Action.SEND else None
                updates.append(RowUpdate(row.id, plan.next_due, plan.next_run, claimed))
        ids = await insert_deliveries(session=session, deliveries=deliveries, now=now)
        await update_rows(session=session, updates=updates, now=now)
        await delete_rows(session=session, schedule_ids=finished)
        await disable_invalid(session=session, schedule_ids=invalid, now=now)
    report.invalid += len(invalid)
    report.batches += 1
    in_flight = [
        InFlight(row, _message(row, ids[row.id], occurrence, local_date, late), occurrence, row.rule is None)
        for row, occurrence, local_date, late in sending
    ]
    return len(rows), in_flight, claim


def _quiet_hours(row: DueRow) -> QuietHours:
    if row.quiet_start is None or row.quiet_end is None:
        return NO_QUIET_HOURS
    return QuietHours(row.quiet_start, row.quiet_end)


def _every_days(row: DueRow) -> int:
    value = row.payload.get("every_days", 1)
    return value if isinstance(value, int) and 1 <= value <= 365 else 1


def _message(row: DueRow, delivery_id: int, occurrence: datetime, local_date: str, late: bool) -> ReminderMessage:
    payload = {**row.payload, "delivery_id": delivery_id, "due_at": occurrence.isoformat(), "local_date": local_date}
    return ReminderMessage(schedule_id=row.id, user_id=row.user_id, kind=row.kind, payload=payload, late=late)


async def _send_all(sender: ReminderSender, batch: list[InFlight], concurrency: int) -> list[SendResult]:
    """Send a batch through `concurrency` workers; a sender that raises counts as a retryable failure."""
    results: list[SendResult] = [SendResult(Outcome.RETRY)] * len(batch)
    todo = iter(range(len(batch)))

    async def work() -> None:
        # A few workers pulling from one iterator: far cheaper than a task per reminder at 20,000 a minute.
        for index in todo:
            item = batch[index]
            try:
                results[index] = await sender.send_reminder(item.message)
            except Exception as exc:
                log.exception("sender raised for schedule %s", item.row.id)
                results[index] = SendResult(Outcome.RETRY, detail=type(exc).__name__)

    await asyncio.gather(*(work() for _ in range(min(concurrency, len(batch)))))
    return results
