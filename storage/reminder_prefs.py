"""Per-user reminder preferences: quiet hours and "pause everything"."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.schedule_models import DisabledReason, ReminderPrefs, Schedule
from storage.schedules import disable_user_schedules, restore_user_schedules
from storage.types import utcnow

QuietWindow = tuple[time, time]


async def get_prefs(*, session: AsyncSession, user_id: int) -> ReminderPrefs:
    """Return the user's preferences, defaults (no quiet hours, not paused) when none are stored."""
    prefs = await session.get(ReminderPrefs, user_id)
    return prefs if prefs is not None else ReminderPrefs(user_id=user_id)


async def quiet_windows(*, session: AsyncSession, user_ids: Iterable[int]) -> dict[int, QuietWindow]:
    """Return (start, end) quiet hours of those users who set them."""
    ids = list(set(user_ids))
    if not ids:
        return {}
    query = select(col(ReminderPrefs.user_id), col(ReminderPrefs.quiet_start), col(ReminderPrefs.quiet_end)).where(
        col(ReminderPrefs.user_id).in_(ids), col(ReminderPrefs.quiet_start).is_not(None)
    )
    rows = (await session.execute(query)).all()
    return {user_id: (start, end) for user_id, start, end in rows if start is not None and end is not None}


async def set_quiet_hours(*, session: AsyncSession, user_id: int, window: QuietWindow | None) -> ReminderPrefs:
    """Store quiet hours (local, start inclusive, end exclusive; may span midnight), or clear them with None."""
    prefs = await _stored(session, user_id)
    prefs.quiet_start, prefs.quiet_end = window if window is not None else (None, None)
    prefs.updated_at = utcnow()
    # Rows already pushed past the old quiet hours go back to their occurrence; the tick re-applies the new ones.
    await session.execute(
        update(Schedule)
        .where(col(Schedule.user_id) == user_id, col(Schedule.enabled), col(Schedule.due_at).is_not(None))
        .values(next_run_at=Schedule.due_at, claimed_until=None)
    )
    return prefs


async def set_paused(
    *, session: AsyncSession, user_id: int, paused: bool, until: datetime | None = None
) -> ReminderPrefs:
    """Pause every reminder of the user (until a UTC instant, or until resumed), or resume them."""
    prefs = await _stored(session, user_id)
    if paused and not prefs.paused:
        await disable_user_schedules(session=session, user_id=user_id, reason=DisabledReason.PAUSED)
    elif not paused and prefs.paused:
        await restore_user_schedules(session=session, user_id=user_id, reason=DisabledReason.PAUSED)
    prefs.paused = paused
    prefs.paused_until = until if paused else None
    prefs.updated_at = utcnow()
    return prefs


async def set_drip_time(*, session: AsyncSession, user_id: int, at: time) -> ReminderPrefs:
    """Store the local time the lesson drip comes at."""
    prefs = await _stored(session, user_id)
    prefs.drip_time = at
    prefs.updated_at = utcnow()
    return prefs


async def _stored(session: AsyncSession, user_id: int) -> ReminderPrefs:
    prefs = await session.get(ReminderPrefs, user_id)
    if prefs is None:
        prefs = ReminderPrefs(user_id=user_id)
        session.add(prefs)
    return prefs
