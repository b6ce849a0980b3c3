"""/reminders buttons and typed answers for the check-in time, lesson drip, quiet hours and pause."""

from __future__ import annotations

from datetime import time

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot.access import user_transaction
from bot.callbacks import Callback
from bot.context import BotContext
from bot.handlers.reminders_menu import FLOW, show_menu, zone_name
from bot.handlers.reminders_views import drip_screen, quiet_screen
from bot.replies import answer, answer_stale, reply
from bot.texts import texts_for
from scheduler.reminders import DRIP_TIME, set_daily_checkin, set_lesson_drip, switch_checkin
from scheduler.timeparse import TimeParseError, format_local_time, parse_user_time
from storage.dialogs import end_dialog, start_dialog, update_dialog
from storage.models import Dialog, User
from storage.reminder_prefs import set_paused, set_quiet_hours


async def press_checkin(update: Update, context: BotContext, parsed: Callback) -> None:
    """Ask for the check-in time, or switch the check-in on or off."""
    if parsed.action != "ci" or parsed.arg(0) not in {"time", "on", "off"}:
        await answer_stale(update)
        return
    choice = parsed.arg(0)
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        switched = False
        if choice != "time":
            switched = await switch_checkin(
                session=session,
                user_id=user.id,
                on=choice == "on",
                zone=zone_name(user, context),
                now=context.services.clock.now(),
            )
        if not switched:
            await start_dialog(session=session, user_id=user.id, flow=FLOW, step="checkin_time")
    await answer(update)
    if not switched:
        await reply(update, t.REM_ASK_CHECKIN_TIME)
    elif choice == "off":
        await show_menu(update, context, t.REM_CHECKIN_DISABLED, edit=True)
    else:
        await show_menu(update, context, edit=True)


async def press_drip(update: Update, context: BotContext, parsed: Callback) -> None:
    """Offer the lesson drip intervals, or set one, or switch the drip off."""
    choice, every = parsed.arg(0), parsed.int_arg(1)
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        valid = choice in {"ask", "off"} or (choice == "set" and every in t.DRIP_CHOICES)
        if valid and choice != "ask":
            await set_lesson_drip(
                session=session,
                user_id=user.id,
                zone=zone_name(user, context),
                every_days=every if choice == "set" else None,
                now=context.services.clock.now(),
            )
    if not valid:
        await answer_stale(update)
        return
    await answer(update)
    if choice == "ask":
        await reply(update, *drip_screen(t, DRIP_TIME))
    elif choice == "set":
        notice = t.REM_DRIP_SET.format(every=t.DRIP_CHOICES[every], time=format_local_time(DRIP_TIME))
        await show_menu(update, context, notice, edit=True)
    else:
        await show_menu(update, context, t.REM_DRIP_DISABLED, edit=True)


async def press_quiet(update: Update, context: BotContext, parsed: Callback) -> None:
    """Start asking for quiet hours, or switch them off."""
    choice = parsed.arg(0)
    if choice not in {"ask", "off"}:
        await answer_stale(update)
        return
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        if choice == "ask":
            await start_dialog(session=session, user_id=user.id, flow=FLOW, step="quiet_start")
        else:
            await set_quiet_hours(session=session, user_id=user.id, window=None)
            await end_dialog(session=session, user_id=user.id)
    await answer(update)
    if choice == "ask":
        await reply(update, *quiet_screen(t))
    else:
        await show_menu(update, context, t.REM_QUIET_DISABLED, edit=True)


async def press_pause(update: Update, context: BotContext, parsed: Callback) -> None:
    """Pause every reminder, or resume them."""
    paused = parsed.action == "pause"
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        await set_paused(session=session, user_id=user.id, paused=paused)
    await answer(update)
    await show_menu(update, context, t.REM_PAUSED if paused else t.REM_RESUMED, edit=True)


async def typed_setting(update: Update, context: BotContext, text: str, dialog: Dialog) -> None:
    """Take a typed time for the check-in or quiet hours; a bad time gets the example and the step stays."""
    try:
        at = parse_user_time(text)
    except TimeParseError as error:
        await reply(update, str(error))
        return
    async with user_transaction(update, context) as (session, user):
        message, finished = await _apply_time(session, user, context, dialog, at)
    if finished:
        await show_menu(update, context, message)
    else:
        await reply(update, message)


async def _apply_time(
    session: AsyncSession, user: User, context: BotContext, dialog: Dialog, at: time
) -> tuple[str, bool]:
    """Store a typed time for the dialog's step; return what to say and whether the dialog is finished."""
    t = texts_for(user.language)
    if dialog.step == "quiet_start":
        await update_dialog(session=session, dialog=dialog, step="quiet_end", start=format_local_time(at))
        return t.REM_ASK_QUIET_END, False
    if dialog.step == "quiet_end":
        start = time.fromisoformat(str(dialog.data.get("start", "")))
        if start == at:
            return t.REM_QUIET_SAME, False
        await set_quiet_hours(session=session, user_id=user.id, window=(start, at))
        await end_dialog(session=session, user_id=user.id)
        return t.REM_QUIET_SET.format(start=format_local_time(start), end=format_local_time(at)), True
    await end_dialog(session=session, user_id=user.id)
    if dialog.step != "checkin_time":
        return t.FREE_TEXT, False
    zone, now = zone_name(user, context), context.services.clock.now()
    await set_daily_checkin(session=session, user_id=user.id, zone=zone, at=at, now=now)
    return t.REM_CHECKIN_SET.format(time=format_local_time(at)), True
