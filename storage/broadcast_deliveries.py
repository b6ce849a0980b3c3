"""The broadcast worker's side: claim deliveries under a lease, record outcomes in bulk, finish or stop.

Claiming moves ``not_before`` to the end of the lease, so the claim query needs one range condition.
A row that is still PENDING with ``claimed_until`` set when it is claimed again was claimed by a worker
that never recorded it (a crash, or a worker stuck past its lease): it may already have been sent,
so it is counted in ``possible_duplicates``. On PostgreSQL, FOR UPDATE SKIP LOCKED keeps two instances
from claiming the same rows; SQLite has one writer (BEGIN IMMEDIATE), which does the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.broadcast_models import Broadcast, BroadcastDelivery, BroadcastStatus, DeliveryStatus
from storage.models import User
from storage.schedule_models import DisabledReason
from storage.schedules import disable_user_schedules
from storage.types import UTCDateTime

_DELIVERIES: Table = BroadcastDelivery.__table__  # type: ignore[attr-defined]
_USERS: Table = User.__table__  # type: ignore[attr-defined]
_ACTIVE = (BroadcastStatus.SCHEDULED, BroadcastStatus.SENDING)


@dataclass(frozen=True, slots=True)
class ClaimedDelivery:
    """A delivery this worker now holds: who it is for, their time zone and language, and whether it was held
    before."""

    id: int
    user_id: int
    timezone: str | None
    attempts: int
    reclaimed: bool
    language: str | None = None


@dataclass
class DeliveryResults:
    """What happened to a set of claimed deliveries, recorded together in one transaction."""

    sent: list[int] = field(default_factory=list)
    blocked: list[tuple[int, int]] = field(default_factory=list)  # (delivery id, user id)
    failed: list[tuple[int, str]] = field(default_factory=list)  # (delivery id, short reason)
    # (delivery id, not before, attempts): back to pending, after a backoff or the end of quiet hours.
    later: list[tuple[int, datetime, int]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.sent) + len(self.blocked) + len(self.failed) + len(self.later)


async def due_broadcasts(*, session: AsyncSession, now: datetime) -> list[Broadcast]:
    """Return broadcasts that are scheduled or sending and whose send time has come, oldest first."""
    query = (
        select(Broadcast)
        .where(col(Broadcast.status).in_(_ACTIVE))
        .where(col(Broadcast.send_at) <= now)
        .order_by(col(Broadcast.id))
        .execution_options(populate_existing=True)
    )
    return list((await session.scalars(query)).all())


async def mark_started(*, session: AsyncSession, broadcast_id: int, now: datetime) -> bool:
    """Move a scheduled broadcast to sending; True for the one worker that did it."""
    result = await session.execute(
        update(Broadcast)
        .where(col(Broadcast.id) == broadcast_id)
        .where(col(Broadcast.status) == BroadcastStatus.SCHEDULED)
        .values(status=BroadcastStatus.SENDING, started_at=func.coalesce(col(Broadcast.started_at), now))
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def claim_deliveries(
    *, session: AsyncSession, broadcast_id: int, now: datetime, lease_until: datetime, limit: int
) -> list[ClaimedDelivery]:
    """Claim up to `limit` due pending deliveries until `lease_until`; rows other workers hold are skipped."""
    d = _DELIVERIES
    query = (
        select(d.c.id, d.c.user_id, d.c.attempts, d.c.claimed_until, _USERS.c.timezone, _USERS.c.language)
        .join(_USERS, _USERS.c.id == d.c.user_id)
        .where(d.c.broadcast_id == broadcast_id)
        .where(d.c.status == DeliveryStatus.PENDING.value)
        .where(d.c.not_before <= now)
        .order_by(d.c.not_before, d.c.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        # Lock only the delivery rows: users rows stay free for the people chatting with the bot.
        query = query.with_for_update(skip_locked=True, of=d)
    rows = (await session.execute(query)).all()
    if not rows:
        return []
    ids = [row.id for row in rows]
    await session.execute(update(d).where(d.c.id.in_(ids)).values(not_before=lease_until, claimed_until=lease_until))
    reclaimed = sum(1 for row in rows if row.claimed_until is not None)
    if reclaimed:
        await session.execute(
            update(Broadcast)
            .where(col(Broadcast.id) == broadcast_id)
            .values(possible_duplicates=col(Broadcast.possible_duplicates) + reclaimed)
        )
    return [
        ClaimedDelivery(row.id, row.user_id, row.timezone, row.attempts, row.claimed_until is not None, row.language)
        for row in rows
    ]


async def record_results(*, session: AsyncSession, broadcast_id: int, results: DeliveryResults, now: datetime) -> None:
    """Record outcomes and add them to the broadcast's counts; rows another worker already finished stay."""
    d = _DELIVERIES
    pending = d.c.status == DeliveryStatus.PENDING.value
    counts = {"sent": 0, "blocked": 0, "failed": 0}
    if results.sent:
        done = await session.execute(
            update(d)
            .where(d.c.id.in_(results.sent), pending)
            .values(status=DeliveryStatus.SENT.value, sent_at=now, claimed_until=None)
        )
        counts["sent"] = max(done.rowcount or 0, 0)  # type: ignore[attr-defined]
    if results.blocked:
        done = await session.execute(
            update(d)
            .where(d.c.id.in_([delivery_id for delivery_id, _ in results.blocked]), pending)
            .values(status=DeliveryStatus.BLOCKED.value, claimed_until=None, detail="blocked")
        )
        counts["blocked"] = max(done.rowcount or 0, 0)  # type: ignore[attr-defined]
        blocked_users = sorted({user_id for _, user_id in results.blocked})
        await session.execute(
            update(_USERS).where(_USERS.c.id.in_(blocked_users)).values(is_active=False, blocked_at=now, updated_at=now)
        )
        # Like a reminder's 403: their reminders pause until they write again (touch_user restores them).
        for user_id in blocked_users:
            await disable_user_schedules(session=session, user_id=user_id, reason=DisabledReason.BLOCKED)
    if results.failed:
        done = await session.execute(
            update(d)
            .where(d.c.id == bindparam("delivery_id"), pending)
            .values(status=DeliveryStatus.FAILED.value, claimed_until=None, detail=bindparam("reason")),
            [{"delivery_id": delivery_id, "reason": reason[:128]} for delivery_id, reason in results.failed],
        )
        counts["failed"] = len(results.failed)
    if results.later:
        await session.execute(
            update(d)
            .where(d.c.id == bindparam("delivery_id"), pending)
            .values(
                not_before=bindparam("retry_at", type_=UTCDateTime()),
                attempts=bindparam("tries"),
                claimed_until=None,
            ),
            [{"delivery_id": i, "retry_at": at, "tries": tries} for i, at, tries in results.later],
        )
    if any(counts.values()):
        await session.execute(
            update(Broadcast)
            .where(col(Broadcast.id) == broadcast_id)
            .values(
                sent=col(Broadcast.sent) + counts["sent"],
                blocked=col(Broadcast.blocked) + counts["blocked"],
                failed=col(Broadcast.failed) + counts["failed"],
            )
        )


async def finish_if_complete(*, session: AsyncSession, broadcast_id: int, now: datetime) -> bool:
    """Mark the broadcast done when no delivery is pending; True for the one worker that did it."""
    left = await session.scalar(
        select(_DELIVERIES.c.id)
        .where(_DELIVERIES.c.broadcast_id == broadcast_id)
        .where(_DELIVERIES.c.status == DeliveryStatus.PENDING.value)
        .limit(1)
    )
    if left is not None:
        return False
    result = await session.execute(
        update(Broadcast)
        .where(col(Broadcast.id) == broadcast_id, col(Broadcast.status) == BroadcastStatus.SENDING)
        .values(status=BroadcastStatus.DONE, finished_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def stop_broadcast(*, session: AsyncSession, broadcast_id: int, reason: str, now: datetime) -> bool:
    """Stop a broadcast whose content Telegram refuses; True for the one worker that did it."""
    result = await session.execute(
        update(Broadcast)
        .where(col(Broadcast.id) == broadcast_id)
        .where(col(Broadcast.status).in_((*_ACTIVE, BroadcastStatus.PAUSED)))
        .values(status=BroadcastStatus.STOPPED, error=reason[:256], finished_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def count_waiting(*, session: AsyncSession, broadcast_id: int, now: datetime) -> int:
    """Return pending deliveries held back until later (quiet hours, a retry's backoff), not leased ones."""
    return (await waiting_summary(session=session, broadcast_id=broadcast_id, now=now))[0]


async def waiting_summary(*, session: AsyncSession, broadcast_id: int, now: datetime) -> tuple[int, datetime | None]:
    """Return how many pending deliveries are held back until later, and the latest time one waits for."""
    query = (
        select(func.count(), func.max(_DELIVERIES.c.not_before))
        .select_from(_DELIVERIES)
        .where(_DELIVERIES.c.broadcast_id == broadcast_id)
        .where(_DELIVERIES.c.status == DeliveryStatus.PENDING.value)
        .where(_DELIVERIES.c.not_before > now)
        .where(_DELIVERIES.c.claimed_until.is_(None))
    )
    count, latest = (await session.execute(query)).one()
    return int(count or 0), _as_aware(latest)


def _as_aware(moment: datetime | None) -> datetime | None:
    """SQLite hands an aggregate back as the stored text or a naive time: read it as UTC."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
