"""The second half of a tick: record how each send went, retry or release its row, act on blocks.

Retries: Outcome.RETRY puts the row back on the same occurrence after Telegram's retry_after, or after
Policy.retry_backoff doubled per attempt, whichever is longer; after Policy.max_attempts the delivery
is ``failed`` and the row goes on to its next occurrence. A user who blocked the bot (BLOCKED) gets every
schedule switched off with reason "blocked" and is marked inactive; /start brings both back
(storage/users.touch_user).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from scheduler.planning import Policy
from scheduler.sending import Outcome, ReminderMessage, SendResult
from storage.db import SessionFactory, transaction
from storage.schedule_claims import DueRow, RowUpdate, SendRecord, record_results
from storage.schedule_models import DeliveryStatus, DisabledReason
from storage.schedules import disable_user_schedules
from storage.users import mark_blocked


@dataclass
class TickReport:
    """What one tick did, in counts (never content)."""

    planned: int = 0
    sent: int = 0
    late: int = 0
    skipped: int = 0
    missed: int = 0
    waiting: int = 0
    retried: int = 0
    failed: int = 0
    blocked: int = 0
    rejected: int = 0
    invalid: int = 0
    batches: int = 0


@dataclass(frozen=True, slots=True)
class InFlight:
    """A claimed row handed to the sender, with the occurrence it stands for."""

    row: DueRow
    message: ReminderMessage
    occurrence: datetime
    one_off: bool


async def record_batch(
    sessions: SessionFactory,
    batch: list[InFlight],
    results: list[SendResult],
    *,
    claim: datetime,
    now: datetime,
    policy: Policy,
    report: TickReport,
) -> None:
    """Record each send's outcome; retry, finish or release its row; switch off users who blocked us."""
    records: list[SendRecord] = []
    blocked_users: set[int] = set()
    for item, result in zip(batch, results, strict=True):
        delivery_id = int(item.message.payload["delivery_id"])
        status, retry = status_for(item, result, now, policy)
        records.append(SendRecord(delivery_id, item.row.id, status, result.detail, retry, item.one_off))
        if status is DeliveryStatus.BLOCKED:
            blocked_users.add(item.row.user_id)
        report.sent += status is DeliveryStatus.SENT
        report.late += status is DeliveryStatus.SENT and item.message.late
        report.retried += status is DeliveryStatus.RETRY
        report.failed += status is DeliveryStatus.FAILED
        report.blocked += status is DeliveryStatus.BLOCKED
        report.rejected += status is DeliveryStatus.REJECTED
    async with transaction(sessions) as session:
        await record_results(session=session, records=records, claim=claim, now=now)
        for user_id in sorted(blocked_users):
            await disable_user_schedules(session=session, user_id=user_id, reason=DisabledReason.BLOCKED)
            await mark_blocked(session=session, user_id=user_id)


def status_for(
    item: InFlight, result: SendResult, now: datetime, policy: Policy
) -> tuple[DeliveryStatus, RowUpdate | None]:
    """Map the sender's outcome to a delivery status, with the row's retry when there is one."""
    match result.outcome:
        case Outcome.SENT:
            return DeliveryStatus.SENT, None
        case Outcome.BLOCKED:
            return DeliveryStatus.BLOCKED, None
        case Outcome.REJECTED:
            return DeliveryStatus.REJECTED, None
    attempts = item.row.attempts + 1
    if attempts >= policy.max_attempts:
        return DeliveryStatus.FAILED, None
    wait = max(timedelta(seconds=result.retry_after or 0), policy.retry_backoff * 2 ** (attempts - 1))
    retry = RowUpdate(item.row.id, item.occurrence, now + wait, attempts=attempts)
    return DeliveryStatus.RETRY, retry
