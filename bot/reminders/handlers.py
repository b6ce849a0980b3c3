"""/reminders: the menu, its buttons and typed answers; the medication flow and dose buttons live next door.

Button data: ``rem:<action>[:args]`` for the menu (settings.py, medication.py) and
``med:<taken|snooze|skip>:<dose id>[:minutes]`` on reminder messages (doses.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callbacks
from bot.context import BotContext
from bot.outbound.reminders import MED_PREFIX
from bot.reminders import doses as reminders_doses
from bot.reminders import medication as reminders_medication
from bot.reminders import settings as reminders_settings
from bot.reminders.menu import FLOW, show_menu
from bot.reminders.views import PREFIX
from bot.replies import answer, answer_stale
from bot.services import Services
from scheduler.reminders import move_schedules_to_zone
from storage.models import Dialog

if TYPE_CHECKING:
    from bot.context import BotApplication


def register(application: BotApplication, services: Services) -> None:
    """Add /reminders, its buttons, the dose buttons, the typed-answer flow and the time zone hook."""
    application.add_handler(CommandHandler("reminders", reminders_command))
    application.add_handler(CallbackQueryHandler(press_reminders_button, pattern=callbacks.pattern(PREFIX)))
    application.add_handler(
        CallbackQueryHandler(reminders_doses.press_dose_button, pattern=callbacks.pattern(MED_PREFIX))
    )
    services.extras["text_flows"][FLOW] = typed_reminder_answer

    async def on_timezone_change(*, session: AsyncSession, user_id: int, zone: str) -> None:
        await move_schedules_to_zone(session=session, user_id=user_id, zone=zone, now=services.clock.now())

    services.extras["on_timezone_change"] = on_timezone_change


async def reminders_command(update: Update, context: BotContext) -> None:
    """Show the user's reminders with buttons to change them."""
    await show_menu(update, context)


async def press_reminders_button(update: Update, context: BotContext) -> None:
    """Route a /reminders button; unknown or malformed data gets the stale answer."""
    parsed = callbacks.parse(update.callback_query.data if update.callback_query else None)
    route = {
        "menu": _menu_button,
        "ci": reminders_settings.press_checkin,
        "drip": reminders_settings.press_drip,
        "quiet": reminders_settings.press_quiet,
        "pause": reminders_settings.press_pause,
        "resume": reminders_settings.press_pause,
        "med": reminders_medication.press_medication,
        "day": reminders_medication.press_days,
        "days": reminders_medication.press_days,
    }
    handler = route.get(parsed.action) if parsed is not None else None
    if parsed is None or handler is None:
        await answer_stale(update, context)
        return
    await handler(update, context, parsed)


async def _menu_button(update: Update, context: BotContext, _parsed: callbacks.Callback) -> None:
    await answer(update)
    await show_menu(update, context, edit=True)


async def typed_reminder_answer(update: Update, context: BotContext, text: str, dialog: Dialog) -> None:
    """Take a typed answer for the step the /reminders dialog is at."""
    if dialog.step.startswith("med_"):
        await reminders_medication.typed_medication(update, context, text, dialog)
    else:
        await reminders_settings.typed_setting(update, context, text, dialog)
