"""The tick's queries: claim due schedule rows, write their deliveries, record how sending went.

Bulk statements throughout (one executemany per batch), because a peak minute can bring tens of
thousands of rows. On PostgreSQL due rows are selected ``FOR UPDATE SKIP LOCKED`` so several workers
share the table without waiting on, or double-claiming, each other; SQLite has one writer, and our
BEGIN IMMEDIATE transactions (storage/db.py) make the claim exclusive there.

A claim writes the row's *next* occurrence and a ``sending`` delivery in one transaction, and stamps
``claimed_until`` (now + lease). The result is recorded in a second transaction guarded by that stamp:
a user who changed the row in between cleared the stamp, and the stale result does not overwrite them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.schedule_models import Delivery, DeliveryStatus, DisabledReason, ReminderPrefs, Schedule

SCHEDULES: Table = Schedule.__table__  # type: ignore[attr-defined]
DELIVERIES: Table = Delivery.__table__  # type: ignore[attr-defined]
PREFS: Table = ReminderPrefs.__table__  # type: ignore[attr-defined]
_UPDATED = ("due_at", "next_run_at", "claimed_until", "enabled", "disabled_reason", "attempts", "updated_at")
_GROUP_MIN = 8  # below this, a row's update rides in the executemany
_ROW_COLUMNS = (
    SCHEDULES.c.id,
    SCHEDULES.c.user_id,
    SCHEDULES.c.kind,
    SCHEDULES.c.rule,
    SCHEDULES.c.timezone,
    SCHEDULES.c.due_at,
    SCHEDULES.c.next_run_at,
    SCHEDULES.c.payload,
    SCHEDULES.c.attempts,
    SCHEDULES.c.claimed_until,
    SCHEDULES.c.updated_at,
    PREFS.c.quiet_start,
    PREFS.c.quiet_end,
)


@dataclass(frozen=True, slots=True)
class DueRow:
    """The columns of a schedule row the tick needs."""

    id: int
    user_id: int
    kind: str
    rule: dict[str, Any] | None
    timezone: str
    due_at: datetime | None
    next_run_at: datetime | None
    payload: dict[str, Any]
    attempts: int
    claimed_until: datetime | None
    updated_at: datetime
    quiet_start: time | None  # the user's quiet hours (reminder_prefs), read in the same query
    quiet_end: time | None


@dataclass(frozen=True, slots=True)
class RowUpdate:
    """A row's state after the claim: its next occurrence, and the claim stamp while a send is in flight."""

    id: int
    due_at: datetime | None
    next_run_at: datetime | None
    claimed_until: datetime | None = None
    enabled: bool = True
    disabled_reason: str | None = None
    attempts: int = 0


@dataclass(frozen=True, slots=True)
class NewDelivery:
    """A delivery written by the claim: ``sending`` for rows handed to the sender, else skipped/missed."""

    schedule_id: int
    user_id: int
    kind: str
    due_at: datetime
    late: bool
    status: DeliveryStatus
    attempt: int = 0


def _locking(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


async def _select_rows(session: AsyncSession, where: Sequence[Any], limit: int, order: Any) -> list[DueRow]:
    joined = SCHEDULES.outerjoin(PREFS, PREFS.c.user_id == SCHEDULES.c.user_id)
    query = select(*_ROW_COLUMNS).select_from(joined).where(*where).order_by(order).limit(limit)
    if _locking(session):
        # Only the schedule rows: preferences are read, not claimed (and may be missing).
        query = query.with_for_update(skip_locked=True, of=SCHEDULES)
    return [DueRow(**row._mapping) for row in (await session.execute(query)).all()]


async def select_due(*, session: AsyncSession, now: datetime, limit: int) -> list[DueRow]:
    """Lock and return up to `limit` enabled rows due by `now` that no live claim holds, oldest first."""
    where = [
        SCHEDULES.c.enabled == true(),
        SCHEDULES.c.next_run_at <= now,
        or_(SCHEDULES.c.claimed_until.is_(None), SCHEDULES.c.claimed_until <= now),
    ]
    return await _select_rows(session, where, limit, SCHEDULES.c.next_run_at)


async def select_unplanned(*, session: AsyncSession, limit: int) -> list[DueRow]:
    """Lock and return enabled rows without a next_run_at (switched back on since the last tick)."""
    where = [SCHEDULES.c.enabled == true(), SCHEDULES.c.next_run_at.is_(None)]
    return await _select_rows(session, where, limit, SCHEDULES.c.id)


async def update_rows(*, session: AsyncSession, updates: Sequence[RowUpdate], now: datetime) -> None:
    """Write each row's next occurrence, claim stamp and state.

    Rows of one rule that came due together get the same new values, so they are written with one
    ``WHERE id IN (...)`` per distinct state (a peak minute is a handful of statements); the rest go in
    one executemany.
    """
    groups: dict[tuple[Any, ...], list[int]] = {}
    for u in updates:
        state = (u.due_at, u.next_run_at, u.claimed_until, u.enabled, u.disabled_reason, u.attempts)
        groups.setdefault(state, []).append(u.id)
    singles: list[dict[str, Any]] = []
    for (due, run, claim, enabled, reason, attempts), ids in groups.items():
        values = {
            "due_at": due,
            "next_run_at": run,
            "claimed_until": claim,
            "enabled": enabled,
            "disabled_reason": reason,
            "attempts": attempts,
            "updated_at": now,
        }
        if len(ids) >= _GROUP_MIN:
            await session.execute(update(SCHEDULES).where(SCHEDULES.c.id.in_(ids)).values(**values))
        else:
            singles += [{"row_id": row_id, **{f"new_{k}": v for k, v in values.items()}} for row_id in ids]
    if singles:
        statement = (
            update(SCHEDULES)
            .where(SCHEDULES.c.id == bindparam("row_id"))
            .values({name: bindparam(f"new_{name}") for name in _UPDATED})
        )
        await session.execute(statement, singles)


async def disable_invalid(*, session: AsyncSession, schedule_ids: Sequence[int], now: datetime) -> None:
    """Switch off rows whose stored rule or zone cannot be read, so they stop coming due."""
    if schedule_ids:
        await session.execute(
            update(SCHEDULES)
            .where(SCHEDULES.c.id.in_(list(schedule_ids)))
            .values(enabled=False, disabled_reason=DisabledReason.INVALID.value, next_run_at=None, updated_at=now)
        )


async def delete_rows(*, session: AsyncSession, schedule_ids: Sequence[int]) -> None:
    """Delete one-off rows that are finished (their deliveries stay, unlinked)."""
    if schedule_ids:
        await session.execute(delete(SCHEDULES).where(SCHEDULES.c.id.in_(list(schedule_ids))))


async def mark_interrupted(*, session: AsyncSession, schedule_ids: Sequence[int]) -> None:
    """Mark "sending" deliveries of rows whose claim expired as unknown: their worker stopped mid-send."""
    if schedule_ids:
        await session.execute(
            update(DELIVERIES)
            .where(
                DELIVERIES.c.schedule_id.in_(list(schedule_ids)),
                DELIVERIES.c.status == DeliveryStatus.SENDING.value,
            )
            .values(status=DeliveryStatus.UNKNOWN.value)
        )


async def insert_deliveries(
    *, session: AsyncSession, deliveries: Sequence[NewDelivery], now: datetime
) -> dict[int, int]:
    """Insert deliveries (at most one per schedule row) in one executemany; return {schedule id: delivery id}."""
    if not deliveries:
        return {}
    rows = [
        {
            "schedule_id": d.schedule_id,
            "user_id": d.user_id,
            "kind": d.kind,
            "due_at": d.due_at,
            "late": d.late,
            "status": d.status.value,
            "detail": "",
            "attempt": d.attempt,
            "created_at": now,
        }
        for d in deliveries
    ]
    # Matched up by schedule id rather than by order: ordered RETURNING makes SQLite insert row by row.
    statement = insert(DELIVERIES).returning(DELIVERIES.c.schedule_id, DELIVERIES.c.id)
    return {int(schedule_id): int(delivery_id) for schedule_id, delivery_id in (await session.execute(statement, rows))}


@dataclass(frozen=True, slots=True)
class SendRecord:
    """How sending one claimed row went, and what becomes of the row."""

    delivery_id: int
    schedule_id: int
    status: DeliveryStatus  # SENT, RETRY, FAILED, BLOCKED or REJECTED
    detail: str = ""
    retry: RowUpdate | None = None  # the row tries this occurrence again
    finished_one_off: bool = False  # the row was a one-off and is done with


async def record_results(
    *, session: AsyncSession, records: Sequence[SendRecord], claim: datetime, now: datetime
) -> None:
    """Finish the deliveries and release the rows, touching only rows still holding this claim stamp."""
    sent = [r.delivery_id for r in records if r.status is DeliveryStatus.SENT]
    if sent:
        await session.execute(
            update(DELIVERIES).where(DELIVERIES.c.id.in_(sent)).values(status=DeliveryStatus.SENT.value, sent_at=now)
        )
    others = [
        {"delivery": r.delivery_id, "new_status": r.status.value, "new_detail": r.detail[:64]}
        for r in records
        if r.status is not DeliveryStatus.SENT
    ]
    if others:
        await session.execute(
            update(DELIVERIES)
            .where(DELIVERIES.c.id == bindparam("delivery"))
            .values(status=bindparam("new_status"), detail=bindparam("new_detail")),
            others,
        )
    held = SCHEDULES.c.claimed_until == claim
    finished = [r.schedule_id for r in records if r.finished_one_off and r.retry is None]
    if finished:
        await session.execute(delete(SCHEDULES).where(SCHEDULES.c.id.in_(finished), held))
    retries = [r.retry for r in records if r.retry is not None]
    if retries:
        await session.execute(
            update(SCHEDULES)
            .where(SCHEDULES.c.id == bindparam("row_id"), held)
            .values(
                due_at=bindparam("new_due"),
                next_run_at=bindparam("new_run"),
                attempts=bindparam("new_attempts"),
                enabled=True,
                disabled_reason=None,
                claimed_until=None,
                updated_at=now,
            ),
            [
                {"row_id": u.id, "new_due": u.due_at, "new_run": u.next_run_at, "new_attempts": u.attempts}
                for u in retries
            ],
        )
    released = [r.schedule_id for r in records if not r.finished_one_off and r.retry is None]
    if released:
        await session.execute(update(SCHEDULES).where(SCHEDULES.c.id.in_(released), held).values(claimed_until=None))
