"""Reminder tables: what is scheduled (schedules), what happened (deliveries), and per-user preferences.

A schedule row waits for one occurrence at a time: ``due_at`` is the occurrence the rule produced (for a
one-off, its UTC instant) and ``next_run_at`` is when the tick should act on it, later than ``due_at``
when quiet hours or a retry pushed it back. ``next_run_at`` is NULL while a row is disabled; an enabled
row with a NULL ``next_run_at`` is planned by the next tick (after an unblock, for instance).
"""

from __future__ import annotations

from datetime import datetime, time
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Time
from sqlmodel import Field, SQLModel

from storage.types import BigId, UTCDateTime, utcnow


class DisabledReason(StrEnum):
    """Why a schedule row is off; restoring a user touches only the rows their own reason switched off."""

    USER = "user"  # switched off in /reminders
    PAUSED = "paused"  # "pause everything"
    BLOCKED = "blocked"  # the user blocked the bot (403)
    DONE = "done"  # a one-off that fired and is being delivered
    INVALID = "invalid"  # a stored rule or zone the code cannot read
    CONSENT = "consent"  # a health reminder, while the user's consent to health data is withdrawn


class DeliveryStatus(StrEnum):
    """The state of one delivery attempt, from the claim to Telegram's answer."""

    SENDING = "sending"  # claimed and handed to the sender; stays so if the process died mid-send
    SENT = "sent"
    RETRY = "retry"  # this attempt failed; the schedule row retries the same occurrence later
    FAILED = "failed"  # retries exhausted
    BLOCKED = "blocked"
    REJECTED = "rejected"
    SKIPPED = "skipped"  # too late to be useful, not sent (check-ins, follow-ups)
    MISSED = "missed"  # a medication reminder outside its grace window, not sent
    UNKNOWN = "unknown"  # was "sending" when its worker stopped: may or may not have arrived


class DoseResponse(StrEnum):
    """What the user answered to a medication reminder."""

    TAKEN = "taken"
    SKIPPED = "skipped"


class Schedule(SQLModel, table=True):
    """One reminder rule (or one-off) of one user, with the instant it is next due in UTC."""

    __tablename__ = "schedules"
    __table_args__ = (
        # The tick's two queries: enabled rows due by now, and enabled rows not yet planned (NULL).
        Index("ix_schedules_enabled_next_run_at", "enabled", "next_run_at"),
        Index("ix_schedules_user_id", "user_id"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True))
    user_id: int = Field(sa_column=Column(BigId, ForeignKey("users.id", ondelete="CASCADE"), nullable=False))
    kind: str = Field(max_length=16)
    # LocalRule.to_json() for recurring kinds; NULL for one-offs, whose instant is due_at.
    rule: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    timezone: str = Field(max_length=64)
    due_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    next_run_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    enabled: bool = True
    disabled_reason: str | None = Field(default=None, max_length=16)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    attempts: int = 0
    claimed_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Delivery(SQLModel, table=True):
    """What the tick did with one occurrence: sent (maybe late), skipped, missed or failed; never text."""

    __tablename__ = "deliveries"
    __table_args__ = (
        Index("ix_deliveries_user_id_due_at", "user_id", "due_at"),
        Index("ix_deliveries_schedule_id", "schedule_id"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True))
    user_id: int = Field(sa_column=Column(BigId, ForeignKey("users.id", ondelete="CASCADE"), nullable=False))
    # One-off rows are deleted once delivered; their deliveries stay.
    schedule_id: int | None = Field(
        default=None, sa_column=Column(BigId, ForeignKey("schedules.id", ondelete="SET NULL"), nullable=True)
    )
    kind: str = Field(max_length=16)
    due_at: datetime = Field(sa_type=UTCDateTime)
    late: bool = False
    status: str = Field(max_length=16)
    detail: str = Field(default="", max_length=64)
    attempt: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Medication only: the user's answer, set once per dose however many snoozes came in between.
    response: str | None = Field(default=None, max_length=16)
    responded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ReminderPrefs(SQLModel, table=True):
    """Per-user reminder settings: quiet hours (local, may span midnight), "pause everything", drip time."""

    __tablename__ = "reminder_prefs"

    user_id: int = Field(
        sa_column=Column(BigId, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, autoincrement=False)
    )
    quiet_start: time | None = Field(default=None, sa_column=Column(Time, nullable=True))
    quiet_end: time | None = Field(default=None, sa_column=Column(Time, nullable=True))
    paused: bool = False
    # When a pause with an end date ends (a pause_end one-off row resumes it then); NULL: until resumed.
    paused_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Local time of the lesson drip; NULL: the default (scheduler.reminders.DRIP_TIME).
    drip_time: time | None = Field(default=None, sa_column=Column(Time, nullable=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
