"""Medication reminders: add (a saved medicine or a typed name, times, weekdays), change, remove (needs consent).

Names follow the diary's medicine names (storage.diary.MEDICINE_NAME_LIMIT, the same cleaning), so a name
the diary accepts is accepted here and the other way round.
"""

from __future__ import annotations

import html
import re
from datetime import time

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot import callbacks
from bot.access import texts_of, user_transaction
from bot.callbacks import Callback
from bot.context import BotContext
from bot.keyboards import Row, inline
from bot.reminders.menu import FLOW, show_menu, zone_name
from bot.reminders.views import (
    WEEKDAYS,
    data,
    days_screen,
    days_text,
    medication_screen,
    rule_of,
    time_refusal,
    times_text,
)
from bot.replies import answer, answer_stale, edit_or_send, reply
from bot.texts import texts_for
from bot.texts.catalog import Texts
from scheduler.kinds import ScheduleKind
from scheduler.reminders import add_medication, update_medication
from scheduler.timeparse import TimeParseError, format_local_time, parse_user_time
from storage.dialogs import consume_dialog, end_dialog, get_dialog, start_dialog, update_dialog
from storage.diary import MEDICINE_NAME_LIMIT, clean_text, get_medicine, list_medicines
from storage.models import Dialog, User
from storage.schedule_models import Schedule
from storage.schedules import delete_schedules, get_schedule, list_schedules

MAX_NAME = MEDICINE_NAME_LIMIT
MAX_TIMES = 6
# Saved medicines offered as buttons before typing a name.
OFFERED_MEDICINES = 8
MAX_MEDICATIONS = 10
ALL_DAYS = list(range(7))
# "8:00, 20:00", "7am and 7pm", "8:00; 14:00 / 20:00" or one per line.
_TIME_SEPARATORS = re.compile(r"\s*(?:,|;|/|&|\band\b|\n)\s*", re.IGNORECASE)


def parse_times(text: str) -> list[time]:
    """Parse one or more typed times, raising TimeParseError on the first one that is not a time."""
    parts = [part for part in _TIME_SEPARATORS.split(text) if part.strip()]
    return sorted({parse_user_time(part) for part in parts or [text]})


async def press_medication(update: Update, context: BotContext, parsed: Callback) -> None:
    """Start a new medication reminder, pick a saved medicine for it, or change or remove one of the user's own."""
    action = parsed.arg(0)
    others = {"del": _remove, "pick": _pick, "edit": _show_one, "times": _ask_new_times, "days": _ask_new_days}
    if action in others:
        await others[action](update, context, parsed.int_arg(1))
        return
    if action != "new":
        await answer_stale(update, context)
        return
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        count = len(await list_schedules(session=session, user_id=user.id, kinds=[ScheduleKind.MEDICATION.value]))
        allowed = user.has_consent and count < MAX_MEDICATIONS
        saved = (await list_medicines(session=session, user_id=user.id))[:OFFERED_MEDICINES] if allowed else []
        if allowed:
            await start_dialog(session=session, user_id=user.id, flow=FLOW, step="med_name")
    await answer(update)
    if not user.has_consent:
        await reply(update, t.REM_MED_CONSENT, inline([[(t.BTN_REM_ALLOW, callbacks.make("set", "consent", "on"))]]))
    elif not allowed:
        await reply(update, t.REM_TOO_MANY_MEDS.format(limit=MAX_MEDICATIONS))
    elif saved:
        # The medicines already in the diary, one tap each; typing another name still works.
        buttons = [(medicine.name[:32], data("med", "pick", medicine.id)) for medicine in saved]
        rows: list[Row] = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
        await reply(update, t.REM_ASK_MED_PICK.format(limit=MAX_NAME), inline(rows))
    else:
        await reply(update, t.REM_ASK_MED_NAME.format(limit=MAX_NAME))


async def _pick(update: Update, context: BotContext, medicine_id: int | None) -> None:
    """Take a saved medicine as the new reminder's name, while the flow waits for one."""
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        dialog = await get_dialog(session=session, user_id=user.id)
        medicine = await get_medicine(session=session, user_id=user.id, medicine_id=medicine_id or 0)
        valid = medicine is not None and dialog is not None and dialog.flow == FLOW and dialog.step == "med_name"
        if valid and dialog is not None and medicine is not None:
            name = medicine.name
            await update_dialog(session=session, dialog=dialog, step="med_times", name=name)
    if not valid:
        await answer_stale(update, context)
        return
    await answer(update)
    await reply(update, t.REM_ASK_MED_TIMES.format(name=html.escape(name)))


async def _own_medication(session: AsyncSession, user_id: int, schedule_id: int | None) -> Schedule | None:
    """Return one of the user's medication reminders by id; another user's id or another kind gives None."""
    row = await get_schedule(session=session, user_id=user_id, schedule_id=schedule_id or 0)
    return row if row is not None and row.kind == ScheduleKind.MEDICATION and row.rule is not None else None


async def _show_one(update: Update, context: BotContext, schedule_id: int | None) -> None:
    """Show one medication reminder with its change and remove buttons."""
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        row = await _own_medication(session, user.id, schedule_id)
    if row is None:
        await answer_stale(update, context)
        return
    await answer(update)
    await edit_or_send(update, *medication_screen(t, row))


async def _ask_new_times(update: Update, context: BotContext, schedule_id: int | None) -> None:
    """Wait for new times of a medication reminder."""
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        row = await _own_medication(session, user.id, schedule_id)
        if row is not None:
            data_ = {"schedule_id": row.id}
            await start_dialog(session=session, user_id=user.id, flow=FLOW, step="med_edit_times", data=data_)
    if row is None:
        await answer_stale(update, context)
        return
    await answer(update)
    await reply(update, t.REM_ASK_MED_NEW_TIMES.format(name=html.escape(str(row.payload.get("name", "")))))


async def _ask_new_days(update: Update, context: BotContext, schedule_id: int | None) -> None:
    """Open the weekday picker on a medication reminder's current days."""
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        row = await _own_medication(session, user.id, schedule_id)
        days = sorted(rule_of(row).weekdays) or ALL_DAYS if row is not None else []
        if row is not None:
            data_ = {"schedule_id": row.id, "days": days}
            await start_dialog(session=session, user_id=user.id, flow=FLOW, step="med_edit_days", data=data_)
    if row is None:
        await answer_stale(update, context)
        return
    await answer(update)
    await reply(update, *days_screen(t, days))


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
        await answer_stale(update, context)
        return
    await answer(update)
    await show_menu(update, context, t.REM_MED_REMOVED.format(name=html.escape(name)), edit=True)


async def typed_medication(update: Update, context: BotContext, text: str, dialog: Dialog) -> None:
    """Take the medicine's name, then its times; then offer the weekday picker. Or new times for one."""
    if dialog.step == "med_edit_times":
        await _typed_new_times(update, context, text, dialog)
        return
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        if dialog.step == "med_name":
            name = " ".join(clean_text(text).split())
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
            await reply(update, time_refusal(error, await texts_of(update, context)))
            return
        if len(times) > MAX_TIMES:
            await reply(update, t.REM_TOO_MANY_TIMES.format(limit=MAX_TIMES))
            return
        clock = [format_local_time(at) for at in times]
        await update_dialog(session=session, dialog=dialog, step="med_days", times=clock, days=ALL_DAYS)
    await reply(update, *days_screen(t, ALL_DAYS))


async def _typed_new_times(update: Update, context: BotContext, text: str, dialog: Dialog) -> None:
    """Store new times for a medication reminder (strict, like every reminder time); its days stay."""
    try:
        times = parse_times(text)
    except TimeParseError as error:
        await reply(update, time_refusal(error, await texts_of(update, context)))
        return
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        if len(times) > MAX_TIMES:
            await reply(update, t.REM_TOO_MANY_TIMES.format(limit=MAX_TIMES))
            return
        row = await _own_medication(session, user.id, int(dialog.data.get("schedule_id", 0)))
        await end_dialog(session=session, user_id=user.id)
        if row is not None:
            days = sorted(rule_of(row).weekdays)
            await _save_change(session, user, context, row, times, days)
    if row is None:
        await reply(update, t.REM_MED_GONE)
        return
    await show_menu(update, context, _updated(t, row, times, days))


async def _save_change(
    session: AsyncSession, user: User, context: BotContext, row: Schedule, times: list[time], days: list[int]
) -> None:
    zone, now = zone_name(user, context), context.services.clock.now()
    await update_medication(session=session, row=row, zone=zone, times=times, weekdays=days, now=now)


def _updated(t: Texts, row: Schedule, times: list[time], days: list[int]) -> str:
    name = html.escape(str(row.payload.get("name", "")))
    return str(t.REM_MED_UPDATED.format(name=name, times=times_text(t, times), days=days_text(t, days)))


async def press_days(update: Update, context: BotContext, parsed: Callback) -> None:
    """Toggle a weekday, pick every day or Mon–Fri, or save the new (or changed) medication reminder."""
    choice, saving = parsed.arg(0), False
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        dialog = await get_dialog(session=session, user_id=user.id)
        changing = dialog is not None and dialog.step == "med_edit_days"
        if dialog is None or dialog.flow != FLOW or dialog.step not in {"med_days", "med_edit_days"}:
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
            if saving and changing:
                row = await _own_medication(session, user.id, int(dialog.data.get("schedule_id", 0)))
                await end_dialog(session=session, user_id=user.id)
                if row is None:
                    valid = False
                else:
                    times = sorted(rule_of(row).times)
                    await _save_change(session, user, context, row, times, days)
                    changed = _updated(t, row, times, days)
            elif saving and not await consume_dialog(session=session, user_id=user.id, flow=FLOW, step="med_days"):
                valid = False  # another instance saved this reminder a moment ago (a double tap on Save)
            elif saving:
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
            elif valid:
                await update_dialog(session=session, dialog=dialog, days=days)
    if not valid:
        await answer_stale(update, context)
        return
    if not saving:
        await answer(update, t.REM_NO_DAYS if choice == "save" else None)
        await edit_or_send(update, *days_screen(t, days))
        return
    await answer(update)
    if changing:
        await show_menu(update, context, changed, edit=True)
        return
    notice = t.REM_MED_SAVED.format(name=html.escape(name), times=times_text(t, times), days=days_text(t, days))
    await show_menu(update, context, notice, edit=True)
