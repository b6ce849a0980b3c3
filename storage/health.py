"""The numbers a health check reads: does the database answer, and how many broadcast messages wait."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from storage.broadcast_models import Broadcast, BroadcastDelivery, BroadcastStatus, DeliveryStatus

_DELIVERIES = BroadcastDelivery.__table__  # type: ignore[attr-defined]
_BROADCASTS = Broadcast.__table__  # type: ignore[attr-defined]
_ACTIVE = (BroadcastStatus.SCHEDULED.value, BroadcastStatus.SENDING.value)


async def ping_database(*, session: AsyncSession) -> None:
    """Run the cheapest query there is; raises when the database does not answer."""
    await session.execute(text("SELECT 1"))


async def broadcast_backlog(*, session: AsyncSession, now: datetime) -> int:
    """Count deliveries that are due and unsent: pending, due by now, of a broadcast that is not paused.

    Rows a worker holds (their not_before is the lease end) and rows waiting for the recipient's quiet
    hours or a retry backoff are not counted: the number is what a healthy worker should be eating now.
    """
    d, b = _DELIVERIES, _BROADCASTS
    query = (
        select(func.count())
        .select_from(d.join(b, b.c.id == d.c.broadcast_id))
        .where(d.c.status == DeliveryStatus.PENDING.value)
        .where(d.c.not_before <= now)
        .where(b.c.status.in_(_ACTIVE))
    )
    return int(await session.scalar(query) or 0)
