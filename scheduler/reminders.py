"""A user's reminders as the /reminders menu changes them: rules in, first occurrences computed, rows stored.

Each function runs inside the caller's transaction and takes "now" from the caller (the injected clock).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from scheduler.kinds import ScheduleKind
from scheduler.planning import first_run
from scheduler.rules import LocalRule
from storage.reminder_prefs import get_prefs, set_drip_time, set_paused
from storage.schedule_models import DisabledReason, Schedule
from storage.schedules import (
    create_schedule,
    delete_schedules,
    disable_schedule,
    list_schedules,
    move_to_zone,
    reschedule,
    schedule_once,
)

DRIP_TIME = time(10, 0)  # lessons arrive mid-morning, outside any sensible quiet hours


async def _store(
    session: AsyncSession,
    *,
    user_id: int,
    kind: ScheduleKind,
    rule: LocalRule,
    zone: str,
    now: datetime,
    payload: dict[str, Any] | None = None,
    row: Schedule | None = None,
) -> Schedule:
    """Create or update a recurring row with its first occurrence; keep it off while the user is paused."""
    due = first_run(rule, ZoneInfo(zone), now)
    if row is None:
        row = await create_schedule(
            session=session,
            user_id=user_id,
            kind=kind.value,
            rule=dict(rule.to_json()),
            timezone=zone,
            due_at=due,
            payload=dict(payload or {}),
        )
    else:
        await reschedule(
            session=session, row=row, due_at=due, rule=dict(rule.to_json()), timezone=zone, payload=payload
        )
    if (await get_prefs(session=session, user_id=user_id)).paused:
        await disable_schedule(session=session, row=row, reason=DisabledReason.PAUSED)
    return row


async def _single(session: AsyncSession, user_id: int, kind: ScheduleKind) -> Schedule | None:
    rows = await list_schedules(session=session, user_id=user_id, kinds=[kind.value])
    return rows[0] if rows else None


async def set_daily_checkin(*, session: AsyncSession, user_id: int, zone: str, at: time, now: datetime) -> Schedule:
    """Ask about the day every day at `at` local time (one check-in row per user)."""
    row = await _single(session, user_id, ScheduleKind.CHECKIN)
    rule = LocalRule.of([at])
    return await _store(session, user_id=user_id, kind=ScheduleKind.CHECKIN, rule=rule, zone=zone, now=now, row=row)


async def switch_checkin(*, session: AsyncSession, user_id: int, on: bool, zone: str, now: datetime) -> bool:
    """Switch the existing check-in on or off; return False when there is none to switch on."""
    row = await _single(session, user_id, ScheduleKind.CHECKIN)
    if row is None or row.rule is None:
        return False
    if on:
        rule = LocalRule.from_json(row.rule)
        await _store(session, user_id=user_id, kind=ScheduleKind.CHECKIN, rule=rule, zone=zone, now=now, row=row)
    else:
        await disable_schedule(session=session, row=row, reason=DisabledReason.USER)
    return True


async def add_medication(
    *, session: AsyncSession, user_id: int, zone: str, name: str, times: list[time], weekdays: list[int], now: datetime
) -> Schedule:
    """Remind the user about a medicine at some times on some weekdays."""
    rule = LocalRule.of(times, weekdays)
    return await _store(
        session, user_id=user_id, kind=ScheduleKind.MEDICATION, rule=rule, zone=zone, now=now, payload={"name": name}
    )


async def update_medication(
    *, session: AsyncSession, row: Schedule, zone: str, times: list[time], weekdays: list[int], now: datetime
) -> Schedule:
    """Change the times or weekdays of one of the user's medication reminders; its name stays."""
    rule = LocalRule.of(times, weekdays)
    return await _store(
        session, user_id=row.user_id, kind=ScheduleKind.MEDICATION, rule=rule, zone=zone, now=now,
        payload=row.payload, row=row,
    )


async def drip_time(*, session: AsyncSession, user_id: int) -> time:
    """Return the local time the user's lesson drip comes at."""
    return (await get_prefs(session=session, user_id=user_id)).drip_time or DRIP_TIME


async def set_lesson_drip(
    *, session: AsyncSession, user_id: int, zone: str, every_days: int | None, now: datetime
) -> Schedule | None:
    """Send a new lesson every N days at the user's drip time, or stop the drip (None)."""
    row = await _single(session, user_id, ScheduleKind.LESSON_DRIP)
    if every_days is None:
        if row is not None:
            await disable_schedule(session=session, row=row, reason=DisabledReason.USER)
        return row
    rule = LocalRule.of([await drip_time(session=session, user_id=user_id)])
    payload = {"every_days": every_days}
    kind = ScheduleKind.LESSON_DRIP
    return await _store(session, user_id=user_id, kind=kind, rule=rule, zone=zone, now=now, payload=payload, row=row)


async def move_lesson_drip(*, session: AsyncSession, user_id: int, zone: str, at: time, now: datetime) -> None:
    """Store a new drip time and move a running drip to it; a drip that is off stays off."""
    await set_drip_time(session=session, user_id=user_id, at=at)
    row = await _single(session, user_id, ScheduleKind.LESSON_DRIP)
    if row is not None and (row.enabled or row.disabled_reason == DisabledReason.PAUSED):
        every = int(row.payload.get("every_days", 1))
        await set_lesson_drip(session=session, user_id=user_id, zone=zone, every_days=every, now=now)


async def pause_reminders(*, session: AsyncSession, user_id: int, until: datetime | None) -> None:
    """Pause every reminder, until a UTC instant (a pause_end one-off resumes them then) or until resumed."""
    await _drop_pause_ends(session, user_id)
    await set_paused(session=session, user_id=user_id, paused=True, until=until)
    # After the pause switched the user's rows off, so that this one stays on.
    if until is not None:
        kind = ScheduleKind.PAUSE_END.value
        await schedule_once(session=session, user_id=user_id, kind=kind, due_at=until, payload={})


async def resume_reminders(*, session: AsyncSession, user_id: int) -> None:
    """End a pause now: switch the paused reminders back on and forget any planned end."""
    await _drop_pause_ends(session, user_id)
    await set_paused(session=session, user_id=user_id, paused=False)


async def _drop_pause_ends(session: AsyncSession, user_id: int) -> None:
    rows = await list_schedules(session=session, user_id=user_id, kinds=[ScheduleKind.PAUSE_END.value])
    if rows:
        await delete_schedules(session=session, user_id=user_id, schedule_ids=[row.id for row in rows if row.id])


async def snooze_dose(
    *, session: AsyncSession, user_id: int, dose_id: int, name: str, dose_time: str, until: datetime
) -> Schedule:
    """Schedule a one-off reminder of a dose; the caller cancelled any earlier snooze of it."""
    payload = {"dose_id": dose_id, "name": name, "dose_time": dose_time}
    return await schedule_once(
        session=session, user_id=user_id, kind=ScheduleKind.SNOOZE, due_at=until, payload=payload
    )


async def move_schedules_to_zone(*, session: AsyncSession, user_id: int, zone: str, now: datetime) -> None:
    """Keep every reminder at its local time in the user's new zone; one-offs keep their instant."""
    tz = ZoneInfo(zone)
    for row in await list_schedules(session=session, user_id=user_id):
        due = first_run(LocalRule.from_json(row.rule), tz, now) if row.rule is not None else None
        await move_to_zone(session=session, row=row, timezone=zone, due_at=due)


SNOOZE_CHOICES = {15: timedelta(minutes=15), 60: timedelta(hours=1)}
