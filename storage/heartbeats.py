"""Heartbeats: background loops record when they last finished a round; health checks read it back."""

from __future__ import annotations

import socket
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.heartbeat_models import Heartbeat

_TABLE = Heartbeat.__table__  # type: ignore[attr-defined]
INSTANCE_LENGTH = 128


def this_instance() -> str:
    """Name this process's instance: the host name, which Docker makes the container id.

    The bot and ``python -m bot health`` run in the same container, so they agree on it.
    """
    return socket.gethostname()[:INSTANCE_LENGTH] or "local"


async def record_heartbeat(*, session: AsyncSession, name: str, at: datetime, instance: str | None = None) -> None:
    """Record that the loop `name` finished a round at `at` (one upserted row per loop and instance)."""
    values = {"name": name, "instance": instance or this_instance(), "beat_at": at}
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert(_TABLE) if dialect == "postgresql" else sqlite.insert(_TABLE)
    statement = insert.values(**values).on_conflict_do_update(
        index_elements=["name", "instance"], set_={"beat_at": insert.excluded.beat_at}
    )
    await session.execute(statement)


async def last_heartbeat(*, session: AsyncSession, name: str, instance: str | None = None) -> datetime | None:
    """Return when `name` last beat in `instance` (in any instance when None), or None if it never did."""
    # The newest row rather than max(beat_at): an aggregate would lose UTCDateTime's aware conversion.
    query = select(_TABLE.c.beat_at).where(_TABLE.c.name == name)
    if instance is not None:
        query = query.where(_TABLE.c.instance == instance)
    beat: datetime | None = await session.scalar(query.order_by(_TABLE.c.beat_at.desc()).limit(1))
    return beat
