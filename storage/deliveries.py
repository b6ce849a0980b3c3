"""Medication doses as the delivery log records them: the user's answers and monthly adherence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.schedule_models import Delivery, DeliveryStatus, DoseResponse, Schedule

MEDICATION = "medication"  # scheduler.kinds.ScheduleKind.MEDICATION
SNOOZE = "snooze"
# A dose counts once it was offered (sent) or came and went unsent (missed); failed sends do not.
_COUNTED = (DeliveryStatus.SENT.value, DeliveryStatus.MISSED.value, DeliveryStatus.SENDING.value)


@dataclass(frozen=True, slots=True)
class Adherence:
    """Doses confirmed taken out of doses due, for one medication reminder."""

    taken: int
    total: int


async def get_dose(*, session: AsyncSession, user_id: int, delivery_id: int) -> Delivery | None:
    """Return the user's own medication dose delivery with this id, or None."""
    row = await session.get(Delivery, delivery_id)
    if row is None or row.user_id != user_id or row.kind != MEDICATION:
        return None
    return row


async def record_dose_response(
    *, session: AsyncSession, dose: Delivery, response: DoseResponse, now: datetime
) -> list[int]:
    """Store the answer to a dose (the last answer wins) and cancel its pending snoozes; return their ids."""
    dose.response, dose.responded_at = response.value, now
    session.add(dose)
    return await cancel_snoozes(session=session, user_id=dose.user_id, dose_id=dose.id)


async def cancel_snoozes(*, session: AsyncSession, user_id: int, dose_id: int | None) -> list[int]:
    """Delete the pending snooze of a dose, if any (a user has few rows, so the payload is read here)."""
    query = select(Schedule).where(col(Schedule.user_id) == user_id, col(Schedule.kind) == SNOOZE)
    cancelled = []
    for row in (await session.scalars(query)).all():
        if row.payload.get("dose_id") == dose_id and row.enabled:
            cancelled.append(row.id)
            await session.delete(row)
    return [i for i in cancelled if i is not None]


async def adherence_by_schedule(
    *, session: AsyncSession, user_id: int, since: datetime, until: datetime
) -> dict[int, Adherence]:
    """Return taken/total doses per medication schedule for doses due in [since, until)."""
    taken = func.sum(case((col(Delivery.response) == DoseResponse.TAKEN.value, 1), else_=0))
    query = (
        select(col(Delivery.schedule_id), taken, func.count())
        .where(
            col(Delivery.user_id) == user_id,
            col(Delivery.kind) == MEDICATION,
            col(Delivery.due_at) >= since,
            col(Delivery.due_at) < until,
            col(Delivery.status).in_(_COUNTED),
            col(Delivery.schedule_id).is_not(None),
        )
        .group_by(col(Delivery.schedule_id))
    )
    rows = (await session.execute(query)).all()
    return {int(schedule_id): Adherence(int(done or 0), int(total)) for schedule_id, done, total in rows}
