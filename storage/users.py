"""Queries about users."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.dialogs import note_dialog
from storage.models import CONSENT_VERSION, Dialog, User
from storage.schedule_models import DisabledReason
from storage.schedules import disable_user_schedules, restore_blocked_schedules, restore_user_schedules
from storage.types import utcnow


async def get_user(*, session: AsyncSession, user_id: int) -> User | None:
    """Return the user with this Telegram id, or None."""
    return await session.get(User, user_id)


# "Active in the last N days" needs no finer grain, and skipping the write keeps most updates read-only.
SEEN_RESOLUTION = timedelta(minutes=30)


async def touch_user(*, session: AsyncSession, user_id: int, language: str | None = None) -> tuple[User, bool]:
    """Create the user on first contact, mark them seen and active; return (user, created).

    ``language`` is the interface language a new user starts with (the caller maps Telegram's
    language_code to one the bot has); an existing user's choice is never overwritten.
    """
    now = utcnow()
    user = await _user_and_dialog(session, user_id)
    if user is None:
        # Their language is their app's: the default menus show it, no per-chat menu is owed (chat_menu_at).
        user = User(
            id=user_id, language=language or "en", created_at=now, updated_at=now, last_seen_at=now, chat_menu_at=now
        )
        session.add(user)
        await session.flush()
        return user, True
    changed = False
    if not user.is_active:
        user.is_active = True
        user.blocked_at = None
        user.updated_at = now
        changed = True
        # A user who unblocked the bot gets back the reminders the block switched off.
        await restore_blocked_schedules(session=session, user_id=user_id)
    if changed or now - user.last_seen_at >= SEEN_RESOLUTION:
        user.last_seen_at = now
        await session.flush()
    return user, False


# Built once: the statement of every write transaction. Building a select and its cache key costs more
# CPU than the ORM spends running it; a bound parameter lets one statement serve every user.
_USER_AND_DIALOG = (
    select(User, Dialog)
    .outerjoin(Dialog, col(Dialog.user_id) == col(User.id))
    .where(col(User.id) == bindparam("user_id"))
)


async def _user_and_dialog(session: AsyncSession, user_id: int) -> User | None:
    """Load the user and their open dialog in one SELECT; most handlers read the dialog next."""
    row = (await session.execute(_USER_AND_DIALOG, {"user_id": user_id})).first()
    if row is None:
        return None
    note_dialog(session, user_id, row[1])
    return row[0]


async def set_language(*, session: AsyncSession, user_id: int, language: str) -> User:
    """Store the user's interface language (already validated by the caller)."""
    user = await _require(session, user_id)
    user.language = language
    user.updated_at = user.chat_menu_at = utcnow()  # the caller makes the chat's menu follow the change
    return user


async def claim_chat_menu(*, session: AsyncSession, user_id: int) -> bool:
    """Take the one-off job of setting an older user's per-chat menu; False when done or taken already.

    One conditional UPDATE: of several instances handling the user's messages at once, exactly one wins.
    """
    claimed = await session.execute(
        update(User).where(col(User.id) == user_id, col(User.chat_menu_at).is_(None)).values(chat_menu_at=utcnow())
    )
    return bool(getattr(claimed, "rowcount", 0))


async def release_chat_menu(*, session: AsyncSession, user_id: int) -> None:
    """Give the job back after a failed call (a 429, a network error), for the user's next message."""
    await session.execute(update(User).where(col(User.id) == user_id).values(chat_menu_at=None))


async def set_consent(
    *, session: AsyncSession, user_id: int, given: bool, health_kinds: Iterable[str] = ()
) -> User:
    """Record that the user gave or withdrew consent to store health data.

    Withdrawing it switches off the user's schedule rows of `health_kinds` (reason CONSENT); giving it
    again switches back on exactly the rows the withdrawal switched off.
    """
    user = await _require(session, user_id)
    user.consent_version = CONSENT_VERSION if given else None
    user.consent_at = utcnow() if given else None
    user.updated_at = utcnow()
    if given:
        await restore_user_schedules(session=session, user_id=user_id, reason=DisabledReason.CONSENT)
    else:
        await disable_user_schedules(
            session=session, user_id=user_id, reason=DisabledReason.CONSENT, kinds=health_kinds
        )
    return user


async def set_timezone(*, session: AsyncSession, user_id: int, timezone: str) -> User:
    """Store the user's IANA time zone (already validated by the caller)."""
    user = await _require(session, user_id)
    user.timezone = timezone
    user.updated_at = utcnow()
    return user


async def set_emergency_number(*, session: AsyncSession, user_id: int, numbers: str | None) -> User:
    """Store the emergency number(s) the user chose ("999,112"), or None for their country's."""
    user = await _require(session, user_id)
    user.emergency_number = numbers
    user.updated_at = utcnow()
    return user


async def mark_onboarded(*, session: AsyncSession, user_id: int) -> User:
    """Record that the user finished onboarding."""
    user = await _require(session, user_id)
    if user.onboarded_at is None:
        user.onboarded_at = utcnow()
    return user


async def set_subscribed_updates(*, session: AsyncSession, user_id: int, subscribed: bool) -> User:
    """Opt the user in or out of content-update announcements."""
    user = await _require(session, user_id)
    user.subscribed_updates = subscribed
    user.updated_at = utcnow()
    return user


async def mark_blocked(*, session: AsyncSession, user_id: int) -> None:
    """Mark a user who blocked the bot as inactive."""
    now = utcnow()
    await session.execute(
        update(User).where(col(User.id) == user_id).values(is_active=False, blocked_at=now, updated_at=now)
    )


async def _require(session: AsyncSession, user_id: int) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise LookupError(f"user {user_id} does not exist")
    return user
