"""Adding and removing medication reminders: name, one or more times, weekdays (needs consent)."""

from __future__ import annotations

import html
import re
from datetime import time

from telegram import Update

from bot import callbacks
from bot.access import user_transaction
from bot.callbacks import Callback
from bot.context import BotContext
from bot.handlers.reminders_menu import FLOW, show_menu, zone_name
from bot.handlers.reminders_views import WEEKDAYS, days_screen, days_text, times_text
from bot.keyboards import inline
from bot.replies import answer, answer_stale, edit_or_send, reply
from bot.texts import texts_for
from scheduler.kinds import ScheduleKind
from scheduler.reminders import add_medication
from scheduler.timeparse import TimeParseError, format_local_time, parse_user_time
from storage.dialogs import end_dialog, get_dialog, start_dialog, update_dialog
from storage.models import Dialog
from storage.schedules import delete_schedules, get_schedule, list_schedules

MAX_NAME = 60
MAX_TIMES = 6
MAX_MEDICATIONS = 10
ALL_DAYS = list(range(7))
# "8:00, 20:00", "7am and 7pm", "8:00; 14:00 / 20:00" or one per line.
_TIME_SEPARATORS = re.compile(r"\s*(?:,|;|/|&|\band\b|\n)\s*", re.IGNORECASE)


def parse_times(text: str) -> list[time]:
    """Parse one or more typed times, raising TimeParseError on the first one that is not a time."""
    parts = [part for part in _TIME_SEPARATORS.split(text) if part.strip()]
    return sorted({parse_user_time(part) for part in parts or [text]})


async def press_medication(update: Update, context: BotContext, parsed: Callback) -> None:
    """Start a new medication reminder, or remove one of the user's own."""
    if parsed.arg(0) == "del":
        await _remove(update, context, parsed.int_arg(1))
        return
    if parsed.arg(0) != "new":
        await answer_stale(update)
        return
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        count = len(await list_schedules(session=session, user_id=user.id, kinds=[ScheduleKind.MEDICATION.value]))
        allowed = user.has_consent and count < MAX_MEDICATIONS
        if allowed:
            await start_dialog(session=session, user_id=user.id, flow=FLOW, step="med_name")
    await answer(update)
    if not user.has_consent:
        await reply(update, t.REM_MED_CONSENT, inline([[(t.BTN_REM_ALLOW, callbacks.make("set", "consent", "on"))]]))
    elif not allowed:
        await reply(update, t.REM_TOO_MANY_MEDS.format(limit=MAX_MEDICATIONS))
    else:
        await reply(update, t.REM_ASK_MED_NAME.format(limit=MAX_NAME))


async def _remove(update: Update, context: BotContext, schedule_id: int | None) -> None:
    """Delete one of the user's medication reminders; another user's id is a stale button."""
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        row = await get_schedule(session=session, user_id=user.id, schedule_id=schedule_id or 0)
        valid = row is not None and row.kind == ScheduleKind.MEDICATION
        if valid and row is not None:
            name = str(row.payload.get("name", ""))
            await delete_schedules(session=session, user_id=user.id, schedule_ids=[schedule_id or 0])
    if not valid:
        await answer_stale(update)
        return
    await answer(update)
    await show_menu(update, context, t.REM_MED_REMOVED.format(name=html.escape(name)), edit=True)


async def typed_medication(update: Update, context: BotContext, text: str, dialog: Dialog) -> None:
    """Take the medicine's name, then its times; then offer the weekday picker."""
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        if dialog.step == "med_name":
            name = " ".join(text.split())
            if not name or len(name) > MAX_NAME:
                message = t.REM_MED_NAME_BAD.format(limit=MAX_NAME)
            else:
                await update_dialog(session=session, dialog=dialog, step="med_times", name=name)
                message = t.REM_ASK_MED_TIMES.format(name=html.escape(name))
            await reply(update, message)
            return
        try:
            times = parse_times(text)
        except TimeParseError as error:
            await reply(update, str(error))
            return
        if len(times) > MAX_TIMES:
            await reply(update, t.REM_TOO_MANY_TIMES.format(limit=MAX_TIMES))
            return
        clock = [format_local_time(at) for at in times]
        await update_dialog(session=session, dialog=dialog, step="med_days", times=clock, days=ALL_DAYS)
    await reply(update, *days_screen(t, ALL_DAYS))


async def press_days(update: Update, context: BotContext, parsed: Callback) -> None:
    """Toggle a weekday, pick every day or Mon–Fri, or save the new medication reminder."""
    choice, saving = parsed.arg(0), False
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        dialog = await get_dialog(session=session, user_id=user.id)
        if dialog is None or dialog.flow != FLOW or dialog.step != "med_days":
            valid, days = False, []
        else:
            valid, days = True, [int(day) for day in dialog.data.get("days", [])]
            day = parsed.int_arg(0)
            if parsed.action == "day" and day is not None and day < 7:
                days = sorted(set(days) ^ {day})
            elif parsed.action == "days" and choice in {"all", "wk"}:
                days = ALL_DAYS if choice == "all" else sorted(WEEKDAYS)
            elif not (parsed.action == "days" and choice == "save"):
                valid = False
            saving = valid and parsed.action == "days" and choice == "save" and bool(days)
            if saving:
                name = str(dialog.data["name"])
                times = [time.fromisoformat(str(at)) for at in dialog.data["times"]]
                await add_medication(
                    session=session,
                    user_id=user.id,
                    zone=zone_name(user, context),
                    name=name,
                    times=times,
                    weekdays=days,
                    now=context.services.clock.now(),
                )
                await end_dialog(session=session, user_id=user.id)
            elif valid:
                await update_dialog(session=session, dialog=dialog, days=days)
    if not valid:
        await answer_stale(update)
        return
    if not saving:
        await answer(update, t.REM_NO_DAYS if choice == "save" else None)
        await edit_or_send(update, *days_screen(t, days))
        return
    await answer(update)
    notice = t.REM_MED_SAVED.format(name=html.escape(name), times=times_text(times), days=days_text(t, days))
    await show_menu(update, context, notice, edit=True)
