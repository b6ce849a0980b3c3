"""Reading a user's reminders into the /reminders menu, shared by every reminders handler."""

from __future__ import annotations

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot.access import user_transaction
from bot.context import BotContext
from bot.reminders.views import Screen, menu_screen
from bot.replies import edit_or_send, reply
from bot.texts import texts_for
from storage.deliveries import adherence_by_schedule
from storage.models import User
from storage.reminder_prefs import get_prefs
from storage.schedules import list_schedules

FLOW = "reminders"


def zone_name(user: User, context: BotContext) -> str:
    """Return the user's zone, or the default until they pick one."""
    return user.timezone or context.services.settings.default_timezone


async def build_menu(session: AsyncSession, user: User, context: BotContext) -> Screen:
    """Read the user's reminders, preferences and this month's adherence; return the menu screen."""
    zone = zone_name(user, context)
    local_now = context.services.clock.now().astimezone(ZoneInfo(zone))
    month_start = local_now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    next_month = (month_start + timedelta(days=32)).replace(day=1)
    adherence = await adherence_by_schedule(
        session=session, user_id=user.id, since=month_start.astimezone(UTC), until=next_month.astimezone(UTC)
    )
    rows = await list_schedules(session=session, user_id=user.id)
    prefs = await get_prefs(session=session, user_id=user.id)
    return menu_screen(texts_for(user.language), zone=zone, rows=rows, prefs=prefs, adherence=adherence)


async def show_menu(update: Update, context: BotContext, notice: str | None = None, *, edit: bool = False) -> None:
    """Send (or edit in place) the menu, after an optional notice line."""
    async with user_transaction(update, context) as (session, user):
        text, markup = await build_menu(session, user, context)
    if notice:
        text = notice + "\n\n" + text
    if edit:
        await edit_or_send(update, text, markup)
    else:
        await reply(update, text, markup)
