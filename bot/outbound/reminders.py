"""Reminder messages: what each due schedule row says, and sending it with the outbound Bot.

The scheduler hands over a ReminderMessage (kind, payload, late); this module renders it and sends it,
mapping Telegram's answer to a SendResult. Check-ins and follow-ups are the diary's messages
(bot/diary/checkin.py builds them, with the ``ci``/``fu`` buttons its handlers answer); lessons come
from the lessons feature's next-unread pick; medication reminders and their buttons are ours.
"""

from __future__ import annotations

import html
from datetime import date, datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup
from telegram.error import TelegramError
from telegram.ext import ExtBot

from bot import callbacks
from bot.catalog_holder import catalog_holder
from bot.diary.checkin import checkin_prompt, followup_prompt
from bot.keyboards import inline
from bot.lessons.handlers import prepare_next_unread_lesson
from bot.outbound.broadcasts import result_for_error
from bot.services import Services
from bot.texts import texts_for
from bot.texts.catalog import Texts
from content import utf16_length
from scheduler.broadcast_pacing import Pacer
from scheduler.kinds import HEALTH_KINDS, ScheduleKind
from scheduler.sending import Outcome, ReminderMessage, SendResult
from scheduler.timeparse import format_local_time
from storage.db import transaction
from storage.factors import factors_on, tracked_factors
from storage.reminder_prefs import get_prefs, set_paused
from storage.schedule_models import DisabledReason
from storage.schedules import disable_schedule, get_schedule
from storage.users import get_user

MED_PREFIX = "med"
MESSAGE_LIMIT = 4096

Rendered = tuple[str, InlineKeyboardMarkup | None]


def dose_keyboard(t: Texts, dose_id: int) -> InlineKeyboardMarkup:
    """Taken / Snooze 15 min / Snooze 1 h / Skip for one dose; snoozes of a dose reuse its id."""
    return inline(
        [
            [(t.BTN_MED_TAKEN, callbacks.make(MED_PREFIX, "taken", dose_id))],
            [
                (t.BTN_MED_SNOOZE_15, callbacks.make(MED_PREFIX, "snooze", dose_id, 15)),
                (t.BTN_MED_SNOOZE_60, callbacks.make(MED_PREFIX, "snooze", dose_id, 60)),
            ],
            [(t.BTN_MED_SKIP, callbacks.make(MED_PREFIX, "skip", dose_id))],
        ]
    )


class ReminderSender:
    """Renders and sends reminders with its own Bot (no AIORateLimiter: see bot/outbound/__init__.py)."""

    def __init__(self, bot: ExtBot[None], services: Services, *, pacer: Pacer | None = None) -> None:
        self.bot = bot
        self.services = services
        self.pacer = pacer

    async def send_reminder(self, message: ReminderMessage) -> SendResult:
        """Deliver one reminder and report the outcome."""
        rendered = await self.render(message)
        if rendered is None:
            return SendResult(Outcome.REJECTED, detail="nothing_to_send")
        text, markup = rendered
        if self.pacer is not None:
            await self.pacer.acquire()
        try:
            sent = await self.bot.send_message(
                message.user_id,
                text,
                reply_markup=markup,
                disable_web_page_preview=True,
                # A pause ends at midnight: say so without waking anyone.
                disable_notification=message.kind == ScheduleKind.PAUSE_END,
            )
        except TelegramError as error:
            return result_for_error(error)
        return SendResult(Outcome.SENT, message_id=sent.message_id)

    async def render(self, message: ReminderMessage) -> Rendered | None:
        """Return the text and buttons for a reminder, or None when there is nothing left to say."""
        async with transaction(self.services.sessions) as session:
            user = await get_user(session=session, user_id=message.user_id)
            if user is None:
                return None
            if message.kind in HEALTH_KINDS and not user.has_consent:
                return None  # consent withdrawn since the row was planned: no health message, nothing recorded
            t = texts_for(user.language)
            zone = ZoneInfo(user.timezone or self.services.settings.default_timezone)
            payload = message.payload
            due = datetime.fromisoformat(str(payload["due_at"])).astimezone(zone)
            match ScheduleKind(message.kind):
                case ScheduleKind.CHECKIN:
                    day = date.fromisoformat(str(payload["local_date"]))
                    factors = await tracked_factors(session=session, user_id=user.id)
                    answers = await factors_on(session=session, user_id=user.id, local_date=day) if factors else {}
                    return checkin_prompt(day, user.language, factors, answers)
                case ScheduleKind.MEDICATION | ScheduleKind.SNOOZE:
                    return _medication(t, message, due)
                case ScheduleKind.FOLLOWUP:
                    # None when the dose was deleted or already rated since: nothing left to ask.
                    return await followup_prompt(
                        session=session,
                        user_id=user.id,
                        payload=payload,
                        default_timezone=self.services.settings.default_timezone,
                    )
                case ScheduleKind.PAUSE_END:
                    prefs = await get_prefs(session=session, user_id=user.id)
                    if not prefs.paused:
                        return None  # resumed by hand meanwhile: nothing to say
                    await set_paused(session=session, user_id=user.id, paused=False)
                    return t.REM_PAUSE_ENDED, None
                case ScheduleKind.LESSON_DRIP:
                    loaded = catalog_holder(self.services).for_lang(user.language)
                    now = self.services.clock.now()
                    screen = await prepare_next_unread_lesson(
                        session=session, user_id=user.id, language=user.language, loaded=loaded, now=now
                    )
                    if screen is None:
                        # Every lesson read: stop the drip and say so once.
                        row = await get_schedule(session=session, user_id=user.id, schedule_id=message.schedule_id)
                        if row is not None:
                            await disable_schedule(session=session, row=row, reason=DisabledReason.DONE)
                        return t.REMINDER_DRIP_DONE, None
                    text, markup = screen
                    intro = t.REMINDER_LESSON_INTRO + "\n\n"
                    fits = utf16_length(intro + text) <= MESSAGE_LIMIT
                    return (intro + text if fits else text), markup
        return None


def _medication(t: Texts, message: ReminderMessage, due: datetime) -> Rendered:
    """A dose reminder, or its snooze, with the dose's buttons; a late one says it is late."""
    payload = message.payload
    name = html.escape(str(payload.get("name", "")))
    at = format_local_time(due.time())
    is_snooze = message.kind == ScheduleKind.SNOOZE
    dose_id = int(payload["dose_id"] if is_snooze else payload["delivery_id"])
    if is_snooze:
        at = str(payload.get("dose_time", at))
    text = (t.REMINDER_SNOOZED if is_snooze else t.REMINDER_MEDICATION).format(name=name, time=at)
    if message.late:
        text += t.REMINDER_MEDICATION_LATE.format(time=at)
    return text, dose_keyboard(t, dose_id)
