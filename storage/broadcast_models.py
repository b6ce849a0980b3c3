"""Broadcast tables: what an operator sends, and one delivery row per recipient.

The broadcast row belongs to the operator who wrote it, not to any patient: it has ``operator_id``
and deliberately no ``user_id``, so a patient's /delete never removes it. Delivery rows are about a
recipient and carry ``user_id`` (cascading), so /export lists them and /delete erases them.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Text, UniqueConstraint
from sqlalchemy import text as sql_text
from sqlmodel import Field, SQLModel

from storage.types import BigId, UTCDateTime, utcnow


class BroadcastStatus(StrEnum):
    """Where a broadcast is in its life; only SCHEDULED and SENDING are picked up by the worker."""

    SCHEDULED = "scheduled"
    SENDING = "sending"
    PAUSED = "paused"
    HELD = "held"  # its author is no longer an operator: waits until a current operator resumes it
    CANCELLED = "cancelled"
    STOPPED = "stopped"  # Telegram refused the content (a 400): retrying cannot help
    DONE = "done"


class DeliveryStatus(StrEnum):
    """One recipient's delivery; PENDING rows are claimed with a lease (claimed_until)."""

    PENDING = "pending"
    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"


class Broadcast(SQLModel, table=True):
    """A message an operator sends to an audience, now or at a set time, with its running counts."""

    __tablename__ = "broadcasts"
    __table_args__ = (Index("ix_broadcasts_status_send_at", "status", "send_at"),)

    id: int | None = Field(default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True))
    # Not user_id on purpose: the row is the operator's work, not personal data of a patient.
    operator_id: int = Field(sa_column=Column(BigId, nullable=False))
    kind: str = Field(default="manual", max_length=16)  # "manual" | "announcement"
    status: str = Field(default=BroadcastStatus.SCHEDULED, max_length=16)
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    photo_file_id: str | None = Field(default=None, max_length=256)
    source_chat_id: int | None = Field(default=None, sa_column=Column(BigId, nullable=True))
    source_message_id: int | None = None
    buttons: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # {language: {"text": ..., "buttons": [[label, url], ...]}}: what a recipient in that language gets
    # instead of `text` and `buttons` (which go to every other language). Written by the bot, only picked here.
    translations: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default=sql_text("'{}'"))
    )
    audience: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    ignore_quiet_hours: bool = False
    send_at: datetime = Field(sa_type=UTCDateTime)
    total: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    possible_duplicates: int = 0
    error: str = Field(default="", max_length=256)
    progress_chat_id: int | None = Field(default=None, sa_column=Column(BigId, nullable=True))
    progress_message_id: int | None = None
    # When some instance last showed the progress: with several instances, one report per interval in all.
    progress_shown_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    def wording_for(self, language: str | None) -> tuple[str, tuple[tuple[str, str], ...]]:
        """Return the text and URL buttons a recipient reading `language` gets."""
        translation = self.translations.get(language or "")
        chosen = translation if isinstance(translation, dict) else {"text": self.text, "buttons": self.buttons}
        buttons = chosen.get("buttons") or []
        return str(chosen.get("text") or self.text), tuple((str(label), str(url)) for label, url in buttons)

    @property
    def remaining(self) -> int:
        """Return how many recipients have no final outcome yet."""
        return max(self.total - self.sent - self.blocked - self.failed, 0)


class BroadcastDelivery(SQLModel, table=True):
    """One recipient of one broadcast; claimed with a lease so a crash loses nobody."""

    __tablename__ = "broadcast_deliveries"
    __table_args__ = (
        UniqueConstraint("broadcast_id", "user_id", name="uq_broadcast_deliveries_broadcast_user"),
        # The claim query: pending rows of one broadcast whose time has come, oldest first.
        Index("ix_broadcast_deliveries_claim", "broadcast_id", "status", "not_before", "id"),
        Index("ix_broadcast_deliveries_user_id", "user_id"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True))
    broadcast_id: int = Field(sa_column=Column(BigId, ForeignKey("broadcasts.id", ondelete="CASCADE"), nullable=False))
    user_id: int = Field(sa_column=Column(BigId, ForeignKey("users.id", ondelete="CASCADE"), nullable=False))
    status: str = Field(default=DeliveryStatus.PENDING, max_length=16)
    # Not before this instant: the send time, a retry's backoff, the end of quiet hours, or a lease.
    not_before: datetime = Field(sa_type=UTCDateTime)
    # Set while a worker holds the row; still set after the lease ran out means it may have been sent.
    claimed_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    attempts: int = 0
    detail: str = Field(default="", max_length=128)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
