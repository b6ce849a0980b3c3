"""Taken / Snooze 15 min / Snooze 1 h / Skip on a medication reminder.

The buttons carry the id of the dose's delivery row (``med:taken:<id>``); snoozes of a dose carry the
same id, so the answer is stored once on that row however many snoozes came in between. The id is
checked against the user who pressed: another user's id, or a made-up one, gets the stale answer.
"""

from __future__ import annotations

import html
from zoneinfo import ZoneInfo

from telegram import Update

from bot import callbacks
from bot.access import user_transaction
from bot.context import BotContext
from bot.reminders.menu import zone_name
from bot.replies import answer, answer_stale, edit_or_send
from bot.texts import texts_for
from scheduler.reminders import SNOOZE_CHOICES, snooze_dose
from scheduler.timeparse import format_local_time
from storage.deliveries import cancel_snoozes, get_dose, record_dose_response
from storage.schedule_models import DoseResponse
from storage.schedules import get_schedule

RESPONSES = {"taken": DoseResponse.TAKEN, "skip": DoseResponse.SKIPPED}


async def press_dose_button(update: Update, context: BotContext) -> None:
    """Record Taken or Skip for the user's own dose, or snooze its reminder."""
    parsed = callbacks.parse(update.callback_query.data if update.callback_query else None)
    dose_id = parsed.int_arg(0) if parsed is not None else None
    minutes = parsed.int_arg(1) if parsed is not None else None
    action = parsed.action if parsed is not None else ""
    if dose_id is None or not (action in RESPONSES or (action == "snooze" and minutes in SNOOZE_CHOICES)):
        await answer_stale(update, context)
        return
    now = context.services.clock.now()
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        dose = await get_dose(session=session, user_id=user.id, delivery_id=dose_id)
        consented = user.has_consent
        if dose is None or not consented:
            text = None
        else:
            zone = ZoneInfo(zone_name(user, context))
            row = await get_schedule(session=session, user_id=user.id, schedule_id=dose.schedule_id or 0)
            raw_name = (str(row.payload.get("name", "")) if row is not None else "") or t.MED_YOUR_MEDICINE
            name = html.escape(raw_name)
            at = format_local_time(dose.due_at.astimezone(zone).time())
            already = dose.response is not None and dose.response == RESPONSES.get(action)
            if action in RESPONSES:
                await record_dose_response(session=session, dose=dose, response=RESPONSES[action], now=now)
                text = (t.MED_TAKEN if action == "taken" else t.MED_SKIPPED).format(name=name, time=at)
            else:
                until = now + SNOOZE_CHOICES[minutes or 0]
                await cancel_snoozes(session=session, user_id=user.id, dose_id=dose.id)
                await snooze_dose(
                    session=session,
                    user_id=user.id,
                    dose_id=dose_id,
                    name=raw_name,
                    dose_time=at,
                    until=until,
                )
                again = format_local_time(until.astimezone(zone).time())
                text = t.MED_SNOOZED.format(name=name, time=at, again=again)
    if dose is not None and not consented:
        # Consent withdrawn since the reminder was sent: record nothing, not even "taken".
        await answer(update, t.CONSENT_NEEDED)
        return
    if text is None:
        await answer_stale(update, context)
        return
    await answer(update, t.MED_ALREADY if already else None)
    await edit_or_send(update, text)
