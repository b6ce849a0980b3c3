"""Broadcasts as operators see them: audiences, creating a broadcast with its delivery rows, status changes.

The delivery rows are written by one INSERT ... SELECT from users, so 100,000 recipients take one
statement instead of 100,000 round trips. The worker's side (claiming, recording) is in
storage/broadcast_deliveries.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Table, case, func, insert, literal, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.broadcast_models import Broadcast, BroadcastDelivery, BroadcastStatus, DeliveryStatus
from storage.models import User
from storage.schedule_models import Schedule
from storage.types import BigId, UTCDateTime

AUDIENCE_KINDS = ("all", "subscribed", "language", "reminder", "active_days")


@dataclass(frozen=True, slots=True)
class Audience:
    """Who receives a broadcast: every active user, subscribers, a language, a reminder kind, or recent users.

    `subscribed:es,ru` is the subscribers reading one of those languages: /reload's announcement of lessons
    changed only in some languages' files goes to their readers alone.
    """

    kind: str
    value: str = ""

    def __post_init__(self) -> None:
        if self.kind not in AUDIENCE_KINDS:
            raise ValueError(f"unknown audience {self.kind!r}; use one of {', '.join(AUDIENCE_KINDS)}")
        if self.kind == "active_days" and not (self.value.isdigit() and 1 <= int(self.value) <= 3650):
            raise ValueError("active_days needs a number of days between 1 and 3650")
        if self.kind in {"language", "reminder"} and not self.value:
            raise ValueError(f"the {self.kind} audience needs a value")

    @classmethod
    def parse(cls, text: str) -> Audience:
        """Read `all`, `subscribed`, `language:en`, `reminder:checkin` or `active_days:30`."""
        kind, _, value = text.strip().partition(":")
        return cls(kind=kind.strip(), value=value.strip())

    @property
    def languages(self) -> tuple[str, ...]:
        """Return the languages a `subscribed:es,ru` audience is limited to (empty: every language)."""
        return tuple(part for part in self.value.split(",") if part) if self.kind == "subscribed" else ()

    def as_json(self) -> dict[str, str]:
        """Return the form stored with the broadcast."""
        return {"kind": self.kind, "value": self.value}

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}" if self.value else self.kind


@dataclass(frozen=True, slots=True)
class Translation:
    """The text and URL buttons recipients reading one language get instead of the broadcast's own."""

    text: str
    buttons: tuple[tuple[str, str], ...] = ()

    def as_json(self) -> dict[str, Any]:
        """Return the form stored with the broadcast."""
        return {"text": self.text, "buttons": [list(button) for button in self.buttons]}


@dataclass(frozen=True, slots=True)
class BroadcastContent:
    """What is sent: HTML text (or a photo caption), an optional photo, a message to copy, URL buttons.

    `translations` replace the text and buttons for recipients of those languages (the bot writes them,
    as /reload's announcement does); everyone else gets `text` and `buttons`.
    """

    text: str = ""
    photo_file_id: str | None = None
    source_chat_id: int | None = None
    source_message_id: int | None = None
    buttons: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    translations: Mapping[str, Translation] = field(default_factory=dict)

    def in_language(self, language: str | None) -> BroadcastContent:
        """Return the content as a recipient reading `language` gets it (without translations)."""
        chosen = self.translations.get(language or "") or Translation(self.text, self.buttons)
        return replace(self, text=chosen.text, buttons=chosen.buttons, translations={})


def _audience_filter(audience: Audience, now: datetime) -> list[ColumnElement[bool]]:
    """Return the WHERE clauses on users for an audience; blocked users never receive broadcasts."""
    clauses: list[ColumnElement[bool]] = [col(User.is_active) == true()]
    if audience.kind == "subscribed":
        clauses.append(col(User.subscribed_updates) == true())
        if audience.value:
            clauses.append(col(User.language).in_(audience.languages))
    elif audience.kind == "language":
        clauses.append(col(User.language) == audience.value)
    elif audience.kind == "active_days":
        clauses.append(col(User.last_seen_at) >= now - timedelta(days=int(audience.value)))
    elif audience.kind == "reminder":
        holders = select(col(Schedule.user_id)).where(col(Schedule.kind) == audience.value, col(Schedule.enabled))
        clauses.append(col(User.id).in_(holders))
    return clauses


async def subscriber_languages(*, session: AsyncSession) -> list[str]:
    """Return the languages active subscribers read the bot in, sorted."""
    subscribed = (col(User.is_active) == true(), col(User.subscribed_updates) == true())
    query = select(col(User.language)).where(*subscribed).distinct()
    return sorted((await session.scalars(query)).all())


async def count_audience(*, session: AsyncSession, audience: Audience, now: datetime) -> int:
    """Return how many users the audience reaches right now."""
    query = select(func.count()).select_from(User).where(*_audience_filter(audience, now))
    return int((await session.execute(query)).scalar_one())


async def create_broadcast(
    *,
    session: AsyncSession,
    operator_id: int,
    content: BroadcastContent,
    audience: Audience,
    send_at: datetime,
    now: datetime,
    ignore_quiet_hours: bool = False,
    kind: str = "manual",
    progress_message: tuple[int, int] | None = None,
) -> Broadcast:
    """Create a broadcast and one pending delivery per recipient (one INSERT ... SELECT); return it."""
    broadcast = Broadcast(
        operator_id=operator_id,
        kind=kind,
        status=BroadcastStatus.SCHEDULED,
        text=content.text,
        photo_file_id=content.photo_file_id,
        source_chat_id=content.source_chat_id,
        source_message_id=content.source_message_id,
        buttons=[list(button) for button in content.buttons],
        translations={language: wording.as_json() for language, wording in content.translations.items()},
        audience=audience.as_json(),
        ignore_quiet_hours=ignore_quiet_hours,
        send_at=send_at,
        created_at=now,
        progress_chat_id=progress_message[0] if progress_message else None,
        progress_message_id=progress_message[1] if progress_message else None,
    )
    session.add(broadcast)
    await session.flush()
    assert broadcast.id is not None
    deliveries: Table = BroadcastDelivery.__table__  # type: ignore[attr-defined]
    recipients = select(
        literal(broadcast.id, BigId),
        col(User.id),
        literal(DeliveryStatus.PENDING.value),
        literal(send_at, UTCDateTime()),
        literal(0),
        literal(""),
    ).where(*_audience_filter(audience, now))
    columns = ["broadcast_id", "user_id", "status", "not_before", "attempts", "detail"]
    await session.execute(insert(deliveries).from_select(columns, recipients))
    total = await session.scalar(
        select(func.count()).select_from(deliveries).where(deliveries.c.broadcast_id == broadcast.id)
    )
    broadcast.total = int(total or 0)
    await session.flush()
    return broadcast


async def get_broadcast(*, session: AsyncSession, broadcast_id: int) -> Broadcast | None:
    """Return a broadcast by id (fresh from the database), or None."""
    return await session.get(Broadcast, broadcast_id, populate_existing=True)


async def recent_broadcasts(*, session: AsyncSession, limit: int = 10) -> list[Broadcast]:
    """Return the newest broadcasts first."""
    query = select(Broadcast).order_by(col(Broadcast.id).desc()).limit(limit)
    return list((await session.scalars(query)).all())


_OPEN: set[str] = {BroadcastStatus.SCHEDULED, BroadcastStatus.SENDING, BroadcastStatus.PAUSED, BroadcastStatus.HELD}
_TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "pause": ({BroadcastStatus.SCHEDULED, BroadcastStatus.SENDING}, BroadcastStatus.PAUSED),
    "resume": ({BroadcastStatus.PAUSED, BroadcastStatus.HELD}, BroadcastStatus.SENDING),
    "cancel": (_OPEN, BroadcastStatus.CANCELLED),
}


def is_open(status: str) -> bool:
    """Whether a broadcast in this status can still be paused, resumed or cancelled."""
    return status in _OPEN


async def change_broadcast_status(
    *, session: AsyncSession, broadcast_id: int, operator_id: int, action: str, now: datetime
) -> Broadcast | None:
    """Pause, resume or cancel a broadcast, whoever wrote it; None when it is missing or not in that state.

    The caller checks that `operator_id` is a current operator. Whoever resumes a broadcast is the one
    told how it goes from then on: that is how a current operator takes over a broadcast held because
    its author is no longer an operator (its old progress message is left behind).
    """
    allowed, target = _TRANSITIONS[action]
    values: dict[str, Any] = {"status": target}
    if target == BroadcastStatus.CANCELLED:
        values["finished_at"] = now
    elif action == "resume":
        # Paused before it ever started: it goes back to waiting for its send time.
        values["status"] = case(
            (col(Broadcast.started_at).is_(None), BroadcastStatus.SCHEDULED.value), else_=BroadcastStatus.SENDING.value
        )
        same = col(Broadcast.operator_id) == operator_id
        values["operator_id"] = operator_id
        values["progress_chat_id"] = case((same, col(Broadcast.progress_chat_id)), else_=None)
        values["progress_message_id"] = case((same, col(Broadcast.progress_message_id)), else_=None)
    result = await session.execute(
        update(Broadcast)
        .where(col(Broadcast.id) == broadcast_id)
        .where(col(Broadcast.status).in_(allowed))
        .values(**values)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        return None
    return await get_broadcast(session=session, broadcast_id=broadcast_id)


async def hold_orphaned_broadcasts(*, session: AsyncSession, operator_ids: frozenset[int]) -> list[int]:
    """Hold scheduled and sending broadcasts whose author is no longer an operator; return their ids.

    Author 0 is the command line run without an operator (shell access is its authority): never held.
    """
    author = col(Broadcast.operator_id)
    query = (
        select(col(Broadcast.id))
        .where(col(Broadcast.status).in_((BroadcastStatus.SCHEDULED, BroadcastStatus.SENDING)))
        .where(author != 0)
    )
    if operator_ids:
        query = query.where(author.not_in(sorted(operator_ids)))
    ids = list((await session.scalars(query)).all())
    if ids:
        await session.execute(
            update(Broadcast)
            .where(col(Broadcast.id).in_(ids))
            .where(col(Broadcast.status).in_((BroadcastStatus.SCHEDULED, BroadcastStatus.SENDING)))
            .values(status=BroadcastStatus.HELD)
        )
    return [int(i) for i in ids if i is not None]


async def claim_progress_report(*, session: AsyncSession, broadcast_id: int, now: datetime, every: timedelta) -> bool:
    """Take the turn to show this broadcast's progress, unless some instance showed it less than `every` ago."""
    shown = col(Broadcast.progress_shown_at)
    result = await session.execute(
        update(Broadcast)
        .where(col(Broadcast.id) == broadcast_id)
        .where(shown.is_(None) | (shown <= now - every))
        .values(progress_shown_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def set_progress_message(*, session: AsyncSession, broadcast_id: int, chat_id: int, message_id: int) -> None:
    """Remember the operator's message that shows this broadcast's progress."""
    await session.execute(
        update(Broadcast)
        .where(col(Broadcast.id) == broadcast_id)
        .values(progress_chat_id=chat_id, progress_message_id=message_id)
    )
