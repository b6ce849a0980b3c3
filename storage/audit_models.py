"""The operators' audit trail and the install's own secrets: rows about no patient, kept past /delete.

``operator_audit`` records operator actions and refused operator attempts under a keyed pseudonym
(``actor``), never a Telegram id, so a person's /delete leaves the trail intact without keeping their
id. It is append-only for the bot's code: no code path updates it, and only the retention purge
(storage/audit.py) deletes from it. On PostgreSQL a trigger enforces both (the purge marks its own
transaction); on SQLite a trigger refuses updates.

``install_secrets`` holds secrets the install generates for itself on the first start, such as the
key of the pseudonyms in logs and in the audit trail when LOG_HASH_SALT is not given.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, String
from sqlmodel import Field, SQLModel

from storage.types import BigId, UTCDateTime, utcnow


class OperatorAuditEntry(SQLModel, table=True):
    """One operator action or refused operator attempt: who (pseudonym), what, and when; never text."""

    __tablename__ = "operator_audit"
    __table_args__ = (
        Index("ix_operator_audit_created_at", "created_at"),
        Index("ix_operator_audit_actor", "actor"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True))
    # Not user_id on purpose: the row outlives the person's /delete, so it must not name them.
    actor: str = Field(max_length=40)
    action: str = Field(max_length=64)
    detail: str = Field(default="", max_length=256)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class InstallSecret(SQLModel, table=True):
    """A secret this install generated for itself, by name."""

    __tablename__ = "install_secrets"

    name: str = Field(sa_column=Column(String(32), primary_key=True))
    value: str = Field(max_length=128)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
