"""The heartbeats table: when each background loop last finished a round, per process host.

Not personal data: there is deliberately no ``user_id`` column, so /export and /delete never see it.
It exists so that another process (``python -m bot health``, Docker's HEALTHCHECK) can tell whether
the scheduler inside the bot process is still ticking.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class Heartbeat(SQLModel, table=True):
    """The last beat of one loop (``name``, e.g. "scheduler") in one instance (its host name)."""

    __tablename__ = "heartbeats"

    name: str = Field(primary_key=True, max_length=32)
    instance: str = Field(primary_key=True, max_length=128)
    beat_at: datetime = Field(sa_type=UTCDateTime)
