"""Wiring of the headache diary: commands, buttons, typed answers, two flows at once, the log keyboard.

Handler groups, and why:

* group -1: text typed while a diary flow waits for it. The general text route drops a message that
  trips the red-flag screen before any flow sees it; a diary note must be screened AND kept, so the
  diary takes its own typed answers first, screens them, and stops the update there.
* group 0: commands and buttons (registered before the catch-alls of bot/app.py).
* group 1: after consent is given, or onboarding ends with consent, show the "Log headache" keyboard.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import ApplicationHandlerStop, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot import callbacks
from bot.access import read_user_state, user_transaction
from bot.account.onboarding import ONBOARDING
from bot.budgets import rate_limited
from bot.context import BotContext
from bot.diary import browse as diary_browse
from bot.diary import checkin, doctor_report, insights, midas
from bot.diary import details as diary_details
from bot.diary import log as diary_log
from bot.diary import meds as diary_meds  # noqa: F401 - importing it registers its attack buttons
from bot.diary import stats as diary_stats
from bot.diary import typed_details as diary_typed
from bot.diary.common import (
    FLOW_LOG,
    FLOW_MIDAS,
    FLOW_TEXT,
    Screen,
    log_keyboard,
    parse_press,
    show,
    zone_of,
)
from bot.replies import answer_stale, reply
from bot.safety import dialog as safety_dialog
from bot.safety.screen import screen_red_flags
from bot.services import Services
from bot.texts import LANGUAGES, texts_for
from storage.db import transaction
from storage.dialogs import end_dialog, get_dialog
from storage.diary_queries import user_zone
from storage.models import Dialog
from storage.types import utcnow

if TYPE_CHECKING:
    from bot.context import BotApplication

TextFlow = Callable[[Update, BotContext, str, Dialog], Awaitable[None]]
TYPED: dict[str, TextFlow] = {
    FLOW_LOG: diary_log.typed_in_log,
    FLOW_MIDAS: midas.typed_answer,
    FLOW_TEXT: diary_typed.typed_detail,
}
# Onboarding has no hook for "finished"; it stamps onboarded_at just before, on the wall clock.
JUST_ONBOARDED = timedelta(minutes=1)


# The "Log headache" label in every language the bot speaks.
LOG_BUTTONS = frozenset(texts_for(language).LOG_BUTTON for language in LANGUAGES)

def register(application: BotApplication, services: Services) -> None:
    """Add the diary's handlers to the application."""
    commands = {
        "log": diary_log.log_command,
        "diary": diary_browse.diary_command,
        "stats": rate_limited("stats", diary_stats.stats_command),
        "report": rate_limited("report", doctor_report.report_command),
        "midas": midas.midas_command,
        "insights": insights.insights_command,
    }
    for name, callback in commands.items():
        application.add_handler(CommandHandler(name, callback))
    buttons = {
        "log": diary_log.log_button,
        "atk": diary_details.attack_button,
        "diary": diary_browse.diary_button,
        "stats": diary_stats.stats_button,
        "rep": rate_limited("report", doctor_report.report_button),
        "midas": midas.midas_button,
        "ci": checkin.checkin_button,
        "fu": checkin.followup_button,
        "cf": checkin.factor_button,
        "busy": busy_button,
    }
    for prefix, callback in buttons.items():
        application.add_handler(CallbackQueryHandler(callback, pattern=callbacks.pattern(prefix)))
    # The reply-keyboard button sends its label as text: match it in every language.
    application.add_handler(MessageHandler(filters.Text(sorted(LOG_BUTTONS)), diary_log.log_command))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, route_typed_answer), group=-1)
    application.add_handler(CallbackQueryHandler(offer_log_keyboard, pattern=r"^(set:consent:on|tz:set:)"), group=1)
    flows = services.extras.setdefault("text_flows", {})
    if ONBOARDING in flows:
        flows[ONBOARDING] = _then_offer_keyboard(flows[ONBOARDING])


async def route_typed_answer(update: Update, context: BotContext) -> None:
    """Screen text typed into a diary flow for red flags, hand it to the flow, and stop there."""
    message = update.effective_message
    if message is None or message.text is None or message.text in LOG_BUTTONS:
        return
    if update.effective_user is None:  # a channel post: nobody to keep a diary for
        return
    state = await read_user_state(update, context)
    if state.dialog_flow not in TYPED:
        return
    async with transaction(context.services.sessions) as session:
        dialog = await get_dialog(session=session, user_id=state.user.id)
    tz = user_zone(state.user.timezone, context.services.settings.default_timezone)
    now = context.services.clock.now()
    if dialog is None or not waits_for_text(dialog, message.text, now=now, tz=tz, language=state.user.language):
        return
    # Safety first, then the answer is kept anyway: a note with a red flag is still the user's note.
    await screen_red_flags(update, context, message.text, source="diary_text", answer_later=False)
    await TYPED[dialog.flow](update, context, message.text, dialog)
    raise ApplicationHandlerStop


def waits_for_text(dialog: Dialog, text: str, *, now: datetime, tz: ZoneInfo, language: str) -> bool:
    """Whether a diary dialog's step takes typed text; at a step of buttons, text is not the flow's answer."""
    if dialog.flow == FLOW_LOG:
        return diary_log.takes_text(dialog, text, now=now, tz=tz, language=language)
    if dialog.flow == FLOW_TEXT:
        return dialog.step in diary_typed.TYPED_STEPS
    return dialog.flow in TYPED


async def busy_button(update: Update, context: BotContext) -> None:
    """Continue the flow that was open, or cancel it and start the one the user asked for."""
    parsed = parse_press(update)
    if parsed is None or parsed.action not in {"keep", "new"}:
        await answer_stale(update, context)
        return
    now = context.services.clock.now()
    current = parsed.arg(0) if parsed.action == "keep" else parsed.arg(1)
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        dialog = await get_dialog(session=session, user_id=user.id)
        screen: Screen | None = None
        if dialog is not None and dialog.flow == current and parsed.action == "keep":
            screen = diary_log.resume_screen(t, dialog, now=now, tz=zone_of(user, context))
            if screen is None and dialog.flow == FLOW_MIDAS:
                token, step = str(dialog.data.get("token")), int(dialog.step or 0)
                screen = midas.question_screen(t, token, step, diary=dialog.data.get("diary"))
            pending = safety_dialog.Pending.of(dialog) if dialog.flow == safety_dialog.SAFETY_FLOW else None
            if screen is None and pending is not None:  # the safety question again, with its Yes and No
                screen = Screen(*safety_dialog.question_screen(t, pending.code, pending.step, pending.token))
            screen = screen or Screen(t.BUSY_CARRY_ON)
        elif parsed.action == "new" and (dialog is None or dialog.flow == current):
            await end_dialog(session=session, user_id=user.id)
            session.expunge_all()  # the deleted dialog must not come back from the identity map
            if parsed.arg(0) == FLOW_MIDAS:
                screen = await midas.open_midas(session, user, t, now=now, tz=zone_of(user, context))
            elif parsed.arg(0) == FLOW_LOG:
                day = _day(parsed.arg(2))
                screen = await diary_log.open_log(session, user, t, now=now, tz=zone_of(user, context), day=day)
    if screen is None:
        await answer_stale(update, context)
        return
    await show(update, screen, edit=True)


async def offer_log_keyboard(update: Update, context: BotContext) -> None:
    """Show the persistent "Log headache" button once the diary may be used."""
    data = update.callback_query.data if update.callback_query else ""
    async with user_transaction(update, context) as (_session, user):
        t = texts_for(user.language)
        onboarded = user.onboarded_at is not None and utcnow() - user.onboarded_at < JUST_ONBOARDED
        wanted = user.has_consent and (onboarded if (data or "").startswith("tz:") else True)
    if wanted:
        await reply(update, t.LOG_KEYBOARD_READY, log_keyboard(t))


def _then_offer_keyboard(flow: TextFlow) -> TextFlow:
    async def typed_then_offer(update: Update, context: BotContext, text: str, dialog: Dialog) -> None:
        await flow(update, context, text, dialog)
        async with user_transaction(update, context) as (session, user):
            t = texts_for(user.language)
            finished = user.onboarded_at is not None and await get_dialog(session=session, user_id=user.id) is None
        if finished and user.has_consent:
            await reply(update, t.LOG_KEYBOARD_READY, log_keyboard(t))

    return typed_then_offer


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
