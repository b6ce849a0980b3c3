"""The deterministic red-flag screen that runs before any other reply to free text and diary answers."""

from __future__ import annotations

import html

from telegram import Update

from bot.context import BotContext
from bot.replies import reply
from bot.texts import en
from content.redflags import find_red_flags
from storage.audit import record_safety_event
from storage.db import transaction
from storage.users import touch_user


async def send_urgent_care(update: Update, context: BotContext) -> None:
    """Send the fixed urgent-care message with the configured emergency number."""
    emergency = html.escape(context.services.settings.emergency_number)
    await reply(update, en.URGENT.format(emergency=emergency))


async def screen_red_flags(update: Update, context: BotContext, text: str, *, source: str) -> bool:
    """Send the urgent-care message when the text has a red flag; record the event without the text."""
    flags = find_red_flags(text)
    if not flags:
        return False
    await send_urgent_care(update, context)
    user = update.effective_user
    if user is not None:
        async with transaction(context.services.sessions) as session:
            await touch_user(session=session, user_id=user.id)
            await record_safety_event(
                session=session, user_id=user.id, source=source, codes=[f.code for f in flags]
            )
    return True
