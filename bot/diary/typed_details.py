"""Typed details of a saved attack: its note, an own trigger, its start and end times.

The button asks and opens the ``diary_text`` dialog; the typed answer arrives in typed_detail, after
the red-flag screen has seen it. Bad input (too long, unreadable or impossible times) is explained
and the dialog stays open, so nothing the user wrote earlier is lost.
"""

from __future__ import annotations

import html
from datetime import timedelta

from telegram import Update

from bot.access import user_transaction
from bot.callbacks import Callback
from bot.context import BotContext
from bot.diary import dose_times as diary_dose_times
from bot.diary import meds as diary_meds
from bot.diary.common import FLOW_TEXT, Screen, consent_screen, time_problem_text, zone_of
from bot.diary.details import Press, action, finish_details, menu_screen
from bot.diary.parsing import parse_moment
from bot.keyboards import Row, inline
from bot.replies import reply
from bot.texts import texts_for
from storage.dialogs import end_dialog, start_dialog, update_dialog
from storage.diary import (
    MEDICINE_NAME_LIMIT,
    NOTE_LIMIT,
    OTHER_LIMIT,
    TRIGGER_NAME_LIMIT,
    add_personal_trigger,
    check_attack_times,
    clean_text,
    get_attack,
)
from storage.models import Dialog

LIMITS = {
    "note": NOTE_LIMIT,
    "trigger": TRIGGER_NAME_LIMIT,
    "med_name": MEDICINE_NAME_LIMIT,
    "other_symptom": OTHER_LIMIT,
    "other_trigger": OTHER_LIMIT,
}
# The steps that wait for typed text. "med_class" (a typed name's kind) is chosen with buttons: text
# typed there, or after leaving it with « Back, takes the normal route, and the kind buttons still work.
TYPED_STEPS = frozenset({*LIMITS, "start", "end", "dose_time"})


async def ask_typed(press: Press, step: str, text: str) -> Screen:
    """Wait for one typed value about this attack."""
    data = {"attack_id": press.attack.id}
    await start_dialog(session=press.session, user_id=press.user.id, flow=FLOW_TEXT, step=step, data=data)
    return Screen(text, inline([press.back()]))


@action("note")
async def ask_note(press: Press) -> Screen:
    """Ask for a typed note."""
    return await ask_typed(press, "note", press.t.NOTE_ASK.format(limit=NOTE_LIMIT))


@action("tnew")
async def ask_own_trigger(press: Press) -> Screen:
    """Ask for a trigger of the user's own."""
    return await ask_typed(press, "trigger", press.t.TRIGGER_TYPE.format(limit=TRIGGER_NAME_LIMIT))


@action("mnew")
async def ask_medicine_name(press: Press) -> Screen:
    """Ask for the name of a medicine to add to the list."""
    return await ask_typed(press, "med_name", press.t.MEDICINE_TYPE.format(limit=MEDICINE_NAME_LIMIT))


@action("times")
async def ask_times(press: Press) -> Screen:
    """Offer to change the start or the end, or to mark an ended attack as still going on."""
    t = press.t
    rows: list[Row] = [[(t.BTN_CHANGE_START, press.make("ts")), (t.BTN_CHANGE_END, press.make("te"))]]
    if press.attack.ended_at is not None:
        rows.append([(t.BTN_STILL_GOING, press.make("tgo"))])
    return Screen(t.TIMES_MENU, inline([*rows, press.back()]))


@action("ts")
async def ask_start(press: Press) -> Screen:
    """Ask for the typed start time."""
    return await ask_typed(press, "start", press.t.TIME_TYPE)


@action("te")
async def ask_end(press: Press) -> Screen:
    """Ask for the typed end time."""
    return await ask_typed(press, "end", press.t.END_TYPE)


@action("tgo")
async def mark_ongoing(press: Press) -> Screen:
    """Mark the attack as still going on, unless that makes it longer than 14 days."""
    problem = check_attack_times(press.attack.started_at, None, now=press.now)
    if problem is not None:
        return Screen(time_problem_text(problem, press.t), inline([press.back()]))
    await press.edit(ended_at=None)
    return await menu_screen(press)


def end_choices(press: Press) -> Screen:
    """Ask when the attack ended: just now, an hour ago, or a typed time."""
    t = press.t
    first_row = [(t.BTN_JUST_NOW, press.make("en", 0))]
    if press.now - timedelta(hours=1) > press.attack.started_at:
        first_row.append((t.BTN_HOUR_AGO, press.make("en", 60)))
    rows: list[Row] = [first_row, [(t.BTN_PICK_TIME, press.make("te"))], [(t.BTN_DIARY_BACK, press.make("done"))]]
    return Screen(t.END_ASK, inline(rows))


@action("end")
async def ask_ended(press: Press) -> Screen:
    """Ask when the attack ended ("It ended")."""
    return end_choices(press)


@action("en")
async def set_ended(press: Press) -> Screen | None:
    """End the attack now or an hour ago; an impossible end is explained and nothing changes."""
    minutes = press.data.int_arg(1)
    if minutes not in {0, 60}:
        return None
    ended = press.now - timedelta(minutes=minutes or 0)
    problem = check_attack_times(press.attack.started_at, ended, now=press.now)
    if problem is not None:
        start = press.attack.started_at.astimezone(press.tz).strftime("%H:%M")
        return Screen(time_problem_text(problem, press.t, start), end_choices(press).markup)
    await press.edit(ended_at=ended)
    return await finish_details(press)


async def typed_detail(update: Update, context: BotContext, text: str, dialog: Dialog) -> None:
    """Store a typed note, own trigger, start or end time, or take a new medicine's name."""
    now = context.services.clock.now()
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        attack = await get_attack(session=session, user_id=user.id, attack_id=int(dialog.data.get("attack_id", 0)))
        if attack is None or not user.has_consent:
            await end_dialog(session=session, user_id=user.id)
            screen = consent_screen(t) if attack is not None else Screen(t.TYPED_ENTRY_GONE)
        else:
            typed = Callback(prefix="atk", action=dialog.step, args=(str(attack.id),))
            press = Press(session, user, t, attack, typed, now, zone_of(user, context))
            screen = await _apply(press, dialog, clean_text(text))
    await reply(update, screen.text, screen.markup)


async def _apply(press: Press, dialog: Dialog, value: str) -> Screen:
    """Check one typed value against its step and store it; bad input is explained, the step waits."""
    t, attack, session, user_id = press.t, press.attack, press.session, press.user.id
    limit = LIMITS.get(dialog.step)
    if limit is not None and not value:
        return Screen(t.TEXT_EMPTY)
    if limit is not None and len(value) > limit:
        return Screen(t.TEXT_TOO_LONG.format(limit=limit))
    if dialog.step == "note":
        await press.edit(notes=value)
        await end_dialog(session=session, user_id=user_id)
        menu = await menu_screen(press)
        return Screen(t.NOTE_SAVED + "\n\n" + menu.text, menu.markup)
    if dialog.step == "trigger":
        trigger = await add_personal_trigger(session=session, user_id=user_id, name=value, now=press.now)
        if trigger.name not in attack.triggers:
            await press.edit(triggers=[*attack.triggers, trigger.name])
        await end_dialog(session=session, user_id=user_id)
        menu = await menu_screen(press)
        return Screen(t.TRIGGER_ADDED.format(name=html.escape(trigger.name)) + "\n\n" + menu.text, menu.markup)
    if dialog.step in {"other_symptom", "other_trigger"}:
        # "Other" described in a few words: health data like the rest of the attack.
        field, key = ("symptoms", "other") if dialog.step == "other_symptom" else ("triggers", "other")
        current = list(getattr(attack, field))
        await press.edit(**{dialog.step: value, field: current if key in current else [*current, key]})
        await end_dialog(session=session, user_id=user_id)
        menu = await menu_screen(press)
        return Screen(t.OTHER_SAVED.format(words=html.escape(value)) + "\n\n" + menu.text, menu.markup)
    if dialog.step == "med_name":
        await update_dialog(session=session, dialog=dialog, step="med_class", name=value)
        return diary_meds.suggest_screen(press, value)
    if dialog.step in {"start", "end"}:
        return await _typed_time(press, dialog, value)
    if dialog.step == "dose_time":
        return await _typed_dose_time(press, dialog, value)
    return Screen(t.USE_BUTTONS)


async def _typed_dose_time(press: Press, dialog: Dialog, value: str) -> Screen:
    """A typed dose time: a bare time of day is on the attack's start date."""
    day = press.attack.started_at.astimezone(press.tz).date()
    moment = parse_moment(value, tz=press.tz, now=press.now, day=day, language=press.user.language)
    if moment is None:
        return Screen(press.t.TIME_UNREADABLE)
    kind, target = str(dialog.data.get("kind", "")), int(dialog.data.get("target", 0))
    await end_dialog(session=press.session, user_id=press.user.id)
    screen = await diary_dose_times.apply_time(press, kind, target, moment, confirmed=False)
    return screen or Screen(press.t.TYPED_ENTRY_GONE)


async def _typed_time(press: Press, dialog: Dialog, value: str) -> Screen:
    attack, t = press.attack, press.t
    moment = parse_moment(value, tz=press.tz, now=press.now, language=press.user.language)
    if moment is None:
        return Screen(t.TIME_UNREADABLE)
    started, ended = (moment, attack.ended_at) if dialog.step == "start" else (attack.started_at, moment)
    problem = check_attack_times(started, ended, now=press.now)
    if problem is not None:
        return Screen(time_problem_text(problem, t, started.astimezone(press.tz).strftime("%H:%M")))
    await press.edit(started_at=started, ended_at=ended)
    await end_dialog(session=press.session, user_id=press.user.id)
    return await menu_screen(press)
