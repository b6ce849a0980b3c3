"""Opening a transaction for the user behind an update."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot.context import BotContext
from storage.db import transaction
from storage.models import User
from storage.users import touch_user


@asynccontextmanager
async def user_transaction(update: Update, context: BotContext) -> AsyncIterator[tuple[AsyncSession, User]]:
    """Yield a session and the (created if new) user who sent the update; commit at the end."""
    tg_user = update.effective_user
    if tg_user is None:
        raise LookupError("update has no user")
    async with transaction(context.services.sessions) as session:
        user, _created = await touch_user(session=session, user_id=tg_user.id, language=tg_user.language_code)
        yield session, user
