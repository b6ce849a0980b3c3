"""/reminders buttons and typed answers for the check-in time, lesson drip, quiet hours and pause.

Times of reminders stay strict (scheduler/timeparse.py: "20:00", "7pm"): a misread reminder time is worse
than a question. The end of a pause is a day, read like the diary reads days (bot/diary/parsing.py).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot.access import texts_of, user_transaction
from bot.callbacks import Callback
from bot.context import BotContext
from bot.diary.parsing import parse_day_ahead
from bot.reminders.menu import FLOW, show_menu, zone_name
from bot.reminders.views import day_text, drip_screen, pause_screen, quiet_screen, time_refusal
from bot.replies import answer, answer_stale, edit_or_send, reply
from bot.texts import texts_for
from scheduler.reminders import (
    drip_time,
    move_lesson_drip,
    pause_reminders,
    resume_reminders,
    set_daily_checkin,
    set_lesson_drip,
    switch_checkin,
)
from scheduler.timeparse import TimeParseError, format_local_time, parse_user_time
from scheduler.wallclock import resolve_wall_time
from storage.dialogs import end_dialog, start_dialog, update_dialog
from storage.models import Dialog, User
from storage.reminder_prefs import set_quiet_hours


async def press_checkin(update: Update, context: BotContext, parsed: Callback) -> None:
    """Ask for the check-in time, or switch the check-in on or off."""
    if parsed.action != "ci" or parsed.arg(0) not in {"time", "on", "off"}:
        await answer_stale(update, context)
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
    """Offer the lesson drip intervals and time, or set an interval, ask for a time, or switch the drip off."""
    choice, every = parsed.arg(0), parsed.int_arg(1)
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        valid = choice in {"ask", "off", "time"} or (choice == "set" and every in t.DRIP_CHOICES)
        if valid and choice in {"set", "off"}:
            await set_lesson_drip(
                session=session,
                user_id=user.id,
                zone=zone_name(user, context),
                every_days=every if choice == "set" else None,
                now=context.services.clock.now(),
            )
        elif valid and choice == "time":
            await start_dialog(session=session, user_id=user.id, flow=FLOW, step="drip_time")
        at = await drip_time(session=session, user_id=user.id)
    if not valid:
        await answer_stale(update, context)
        return
    await answer(update)
    if choice == "ask":
        await reply(update, *drip_screen(t, at))
    elif choice == "time":
        await reply(update, t.REM_ASK_DRIP_TIME)
    elif choice == "set":
        notice = t.REM_DRIP_SET.format(every=t.DRIP_CHOICES[every], time=format_local_time(at))
        await show_menu(update, context, notice, edit=True)
    else:
        await show_menu(update, context, t.REM_DRIP_DISABLED, edit=True)


async def press_quiet(update: Update, context: BotContext, parsed: Callback) -> None:
    """Start asking for quiet hours, or switch them off."""
    choice = parsed.arg(0)
    if choice not in {"ask", "off"}:
        await answer_stale(update, context)
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
    """Offer how long to pause; pause for some days, until a typed date or until resumed; or resume."""
    choice, days = parsed.arg(0), parsed.int_arg(0)
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        zone, now = zone_name(user, context), context.services.clock.now()
        valid, notice = True, None
        if parsed.action == "resume":
            await resume_reminders(session=session, user_id=user.id)
            notice = t.REM_RESUMED
        elif choice == "date":
            await start_dialog(session=session, user_id=user.id, flow=FLOW, step="pause_date")
        elif days == 0 or days in t.PAUSE_FOR_DAYS:
            until = start_of(now.astimezone(ZoneInfo(zone)).date() + timedelta(days=days), zone) if days else None
            await pause_reminders(session=session, user_id=user.id, until=until)
            notice = t.REM_PAUSED_UNTIL.format(day=day_text(until, zone, t)) if until else t.REM_PAUSED
        else:
            valid = not choice  # "rem:pause" alone asks how long; anything else is forged
    if not valid:
        await answer_stale(update, context)
        return
    await answer(update)
    if notice is not None:
        await show_menu(update, context, notice, edit=True)
    elif choice == "date":
        await reply(update, t.REM_ASK_PAUSE_DATE)
    else:
        await edit_or_send(update, *pause_screen(t))


def start_of(day: date, zone: str) -> datetime:
    """Return 00:00 of a local date (or the first moment after it, across a DST gap) as aware UTC."""
    return resolve_wall_time(day, time(0), ZoneInfo(zone))


async def typed_setting(update: Update, context: BotContext, text: str, dialog: Dialog) -> None:
    """Take a typed time for the check-in, quiet hours or lesson drip, or the day a pause ends.

    Bad input gets an example and the step stays.
    """
    if dialog.step == "pause_date":
        await _typed_pause_end(update, context, text)
        return
    try:
        at = parse_user_time(text)
    except TimeParseError as error:
        await reply(update, time_refusal(error, await texts_of(update, context)))
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
    if dialog.step == "drip_time":
        zone, now = zone_name(user, context), context.services.clock.now()
        await move_lesson_drip(session=session, user_id=user.id, zone=zone, at=at, now=now)
        return t.REM_DRIP_TIME_SET.format(time=format_local_time(at)), True
    if dialog.step != "checkin_time":
        return t.FREE_TEXT, False
    zone, now = zone_name(user, context), context.services.clock.now()
    await set_daily_checkin(session=session, user_id=user.id, zone=zone, at=at, now=now)
    return t.REM_CHECKIN_SET.format(time=format_local_time(at)), True


async def _typed_pause_end(update: Update, context: BotContext, text: str) -> None:
    """Pause every reminder until a typed day (from tomorrow to a year ahead)."""
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        zone, now = zone_name(user, context), context.services.clock.now()
        day = parse_day_ahead(text, tz=ZoneInfo(zone), now=now, language=user.language)
        if day is not None:
            until = start_of(day, zone)
            await pause_reminders(session=session, user_id=user.id, until=until)
            await end_dialog(session=session, user_id=user.id)
    if day is None:
        await reply(update, t.REM_PAUSE_DATE_BAD)
        return
    await show_menu(update, context, t.REM_PAUSED_UNTIL.format(day=day_text(until, zone, t)))
