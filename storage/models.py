"""The foundation tables: users, dialog state, safety events and the audit log.

Convention: every table that holds rows about a person has a ``user_id`` column. Export and
deletion rely on it (see storage/personal_data.py), so a new table gets both for free.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index
from sqlmodel import Field, SQLModel

from storage.types import BigId, UTCDateTime, utcnow

CONSENT_VERSION = 1


def consent_is_current(consent_version: int | None) -> bool:
    """Whether a stored consent version covers the current consent text."""
    return consent_version is not None and consent_version >= CONSENT_VERSION


class User(SQLModel, table=True):
    """A Telegram user of the bot, keyed by their Telegram id."""

    __tablename__ = "users"

    id: int = Field(sa_column=Column(BigId, primary_key=True, autoincrement=False))
    language: str = Field(default="en", max_length=8)
    timezone: str | None = Field(default=None, max_length=64)
    consent_version: int | None = None
    consent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    subscribed_updates: bool = False
    # The number to call in an emergency, as the user set it in /settings ("999,112"); None means the
    # number of the country of their time zone.
    emergency_number: str | None = Field(default=None, max_length=40)
    is_active: bool = True
    blocked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    onboarded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # When the chat's command menu was made to follow the chosen language (bot/account/command_menu.py). New
    # users and language changes set it; None is a user from before per-chat menus, put right once, lazily.
    chat_menu_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    @property
    def has_consent(self) -> bool:
        """Tell whether the user agreed to the current consent text."""
        return consent_is_current(self.consent_version)


class Dialog(SQLModel, table=True):
    """Where a user is in a multi-step flow; kept here so restarts and other instances lose nothing."""

    __tablename__ = "dialogs"

    user_id: int = Field(sa_column=Column(BigId, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True))
    flow: str = Field(max_length=32)
    step: str = Field(default="", max_length=32)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SafetyEvent(SQLModel, table=True):
    """A red-flag check that fired; the codes only, never the user's words."""

    __tablename__ = "safety_events"
    __table_args__ = (Index("ix_safety_events_user_id", "user_id"),)

    id: int | None = Field(default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True))
    user_id: int = Field(sa_column=Column(BigId, ForeignKey("users.id", ondelete="CASCADE"), nullable=False))
    source: str = Field(max_length=32)
    codes: str = Field(max_length=256)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AuditEntry(SQLModel, table=True):
    """Who did what, for operator actions and refused attempts; never message text."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_user_id", "user_id"),)

    id: int | None = Field(default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True))
    # Not a foreign key: audit rows of operators outlive nothing, but a user's own rows go with /delete.
    user_id: int = Field(sa_column=Column(BigId, nullable=False))
    action: str = Field(max_length=64)
    detail: str = Field(default="", max_length=256)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
