"""The interface between the scheduler and whoever delivers messages.

The scheduler never imports telegram or bot handlers. The composition root passes in an object that
satisfies ``Sender``; the bot's implementation lives in bot/outbound/, tests may use a recording fake.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol


class Outcome(StrEnum):
    """How one delivery attempt ended, in terms the scheduler can act on."""

    SENT = "sent"
    BLOCKED = "blocked"  # 403 or chat not found: mark the user inactive, stop their deliveries
    RETRY = "retry"  # 429, 5xx, timeouts: try again later (after retry_after when given)
    REJECTED = "rejected"  # 400 caused by the content itself: retrying cannot help


@dataclass(frozen=True, slots=True)
class SendResult:
    """The outcome of one attempt, with Telegram's retry_after (seconds) and a short code, never text."""

    outcome: Outcome
    retry_after: float | None = None
    detail: str = ""
    message_id: int | None = None


@dataclass(frozen=True, slots=True)
class ReminderMessage:
    """A due schedule row handed to the sender: who, what kind, the row's payload, and whether it is late."""

    schedule_id: int
    user_id: int
    kind: str
    payload: dict[str, Any] = field(default_factory=dict)
    late: bool = False


@dataclass(frozen=True, slots=True)
class BroadcastMessage:
    """One broadcast delivery: the recipient and the content stored with the broadcast."""

    broadcast_id: int
    user_id: int
    text: str
    photo_file_id: str | None = None
    buttons: tuple[tuple[str, str], ...] = ()  # (label, url) rows of one button each
    source_chat_id: int | None = None  # set when the operator forwarded a message to copy
    source_message_id: int | None = None


class Sender(Protocol):
    """Delivers reminders and broadcasts; implemented by the bot, faked in tests and benchmarks."""

    async def send_reminder(self, message: ReminderMessage) -> SendResult:
        """Deliver one reminder and report the outcome."""
        ...

    async def send_broadcast(self, message: BroadcastMessage) -> SendResult:
        """Deliver one broadcast message and report the outcome."""
        ...
