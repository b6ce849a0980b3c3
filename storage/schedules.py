"""Queries about reminder schedules a user owns: create, change, switch off and on, follow-ups.

The tick's own queries (claiming due rows, recording deliveries) are in storage/schedule_claims.py.
Callers compute due instants with scheduler/planning.py; this module only stores them. Every change a
user makes clears ``claimed_until``, so a tick that is sending the old occurrence right now does not
write its retry over the new plan (see schedule_claims.record_results).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import User
from storage.schedule_models import DisabledReason, Schedule
from storage.types import utcnow

FOLLOWUP = "followup"  # scheduler.kinds.ScheduleKind.FOLLOWUP; storage does not import the scheduler
FALLBACK_ZONE = "UTC"


async def schedule_followup(*, session: AsyncSession, user_id: int, due_at: datetime, payload: dict[str, Any]) -> None:
    """Schedule the one-off "did it help?" follow-up for `due_at` (UTC); it joins the caller's transaction."""
    await schedule_once(session=session, user_id=user_id, kind=FOLLOWUP, due_at=due_at, payload=payload)


async def schedule_once(
    *, session: AsyncSession, user_id: int, kind: str, due_at: datetime, payload: dict[str, Any]
) -> Schedule:
    """Store a one-off reminder due at a UTC instant, in the user's current zone (for quiet hours)."""
    user = await session.get(User, user_id)
    zone = (user.timezone if user is not None else None) or FALLBACK_ZONE
    row = Schedule(user_id=user_id, kind=kind, timezone=zone, due_at=due_at, next_run_at=due_at, payload=payload)
    session.add(row)
    await session.flush()
    return row


async def create_schedule(
    *,
    session: AsyncSession,
    user_id: int,
    kind: str,
    rule: dict[str, Any],
    timezone: str,
    due_at: datetime,
    payload: dict[str, Any] | None = None,
) -> Schedule:
    """Store a recurring reminder whose first occurrence (computed by the caller) is `due_at`."""
    row = Schedule(
        user_id=user_id,
        kind=kind,
        rule=rule,
        timezone=timezone,
        due_at=due_at,
        next_run_at=due_at,
        payload=dict(payload or {}),
    )
    session.add(row)
    await session.flush()
    return row


async def list_schedules(*, session: AsyncSession, user_id: int, kinds: Iterable[str] | None = None) -> list[Schedule]:
    """Return the user's schedule rows, oldest first, optionally of some kinds only."""
    query = select(Schedule).where(col(Schedule.user_id) == user_id).order_by(col(Schedule.id))
    if kinds is not None:
        query = query.where(col(Schedule.kind).in_(list(kinds)))
    return list((await session.scalars(query)).all())


async def get_schedule(*, session: AsyncSession, user_id: int, schedule_id: int) -> Schedule | None:
    """Return the user's own schedule row with this id, or None (another user's id gives None too)."""
    row = await session.get(Schedule, schedule_id)
    return row if row is not None and row.user_id == user_id else None


async def reschedule(
    *,
    session: AsyncSession,
    row: Schedule,
    due_at: datetime,
    rule: dict[str, Any] | None = None,
    timezone: str | None = None,
    payload: dict[str, Any] | None = None,
) -> Schedule:
    """Switch a row on for a new next occurrence, optionally with a new rule, zone or payload."""
    if rule is not None:
        row.rule = rule
    if timezone is not None:
        row.timezone = timezone
    if payload is not None:
        row.payload = dict(payload)
    row.due_at = row.next_run_at = due_at
    row.enabled, row.disabled_reason = True, None
    row.attempts, row.claimed_until = 0, None
    row.updated_at = utcnow()
    session.add(row)
    await session.flush()
    return row


async def move_to_zone(*, session: AsyncSession, row: Schedule, timezone: str, due_at: datetime | None) -> None:
    """Put a row in a new zone: a recurring row gets its new next occurrence, a one-off keeps its instant."""
    row.timezone = timezone
    if due_at is not None and row.enabled:
        row.due_at = row.next_run_at = due_at
        row.attempts, row.claimed_until = 0, None
    row.updated_at = utcnow()
    session.add(row)


async def disable_schedule(*, session: AsyncSession, row: Schedule, reason: DisabledReason) -> None:
    """Switch one row off."""
    row.enabled, row.disabled_reason = False, reason.value
    row.next_run_at = row.claimed_until = None
    row.updated_at = utcnow()
    session.add(row)


async def delete_schedules(*, session: AsyncSession, user_id: int, schedule_ids: Iterable[int]) -> int:
    """Delete some of the user's rows (others' ids are ignored); return how many went."""
    result = await session.execute(
        delete(Schedule).where(col(Schedule.user_id) == user_id, col(Schedule.id).in_(list(schedule_ids)))
    )
    return max(result.rowcount or 0, 0)  # type: ignore[attr-defined]


async def disable_user_schedules(
    *, session: AsyncSession, user_id: int, reason: DisabledReason, kinds: Iterable[str] | None = None
) -> int:
    """Switch off every enabled row of the user (of these kinds, if given), remembering why; return how many."""
    query = update(Schedule).where(col(Schedule.user_id) == user_id, col(Schedule.enabled))
    if kinds is not None:
        query = query.where(col(Schedule.kind).in_([str(kind) for kind in kinds]))
    result = await session.execute(
        query.values(
            enabled=False, disabled_reason=reason.value, next_run_at=None, claimed_until=None, updated_at=utcnow()
        )
    )
    return max(result.rowcount or 0, 0)  # type: ignore[attr-defined]


async def restore_user_schedules(*, session: AsyncSession, user_id: int, reason: DisabledReason) -> int:
    """Switch back on the rows that `reason` switched off; the next tick plans their next occurrence."""
    result = await session.execute(
        update(Schedule)
        .where(col(Schedule.user_id) == user_id, col(Schedule.disabled_reason) == reason.value)
        .values(enabled=True, disabled_reason=None, next_run_at=None, attempts=0, updated_at=utcnow())
    )
    return max(result.rowcount or 0, 0)  # type: ignore[attr-defined]


async def restore_blocked_schedules(*, session: AsyncSession, user_id: int) -> int:
    """Switch back on what a block switched off (called when a blocked user writes again)."""
    return await restore_user_schedules(session=session, user_id=user_id, reason=DisabledReason.BLOCKED)
