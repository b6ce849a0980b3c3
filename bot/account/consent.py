"""The consent step of onboarding, and what its old buttons do later.

The welcome's "Continue" and the consent question's answers stay on screen after onboarding, as every
Telegram message does. Pressed later, they must not ask again or change anything: consent is changed in
/settings, on purpose. An old button gets a pop-up saying so and loses its buttons. During onboarding, an
old "Continue" after the consent answer goes on to the time zone, where the user was.
"""

from __future__ import annotations

from telegram import Update

from bot import callbacks
from bot.access import user_transaction
from bot.account.onboarding import (
    CONSENT_STEP,
    ONBOARDING,
    ZONE_STEP,
    ask_timezone,
    consent_answered,
    drop_buttons,
    pressed_message_id,
)
from bot.context import BotContext
from bot.keyboards import inline
from bot.replies import answer, answer_stale, edit_or_send, reply
from bot.texts import texts_for
from scheduler.kinds import HEALTH_KINDS
from storage.dialogs import get_dialog, start_dialog, update_dialog
from storage.users import set_consent


async def ask_consent(update: Update, context: BotContext) -> None:
    """Ask for explicit consent before any health data is stored, unless it was answered already."""
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        onboarded = user.onboarded_at is not None
        dialog = await get_dialog(session=session, user_id=user.id)
        answered = consent_answered(dialog, user.has_consent)
        if not onboarded and (dialog is None or dialog.flow != ONBOARDING):
            # Onboarding was left (/cancel): take it up again where the user was.
            step = ZONE_STEP if answered else CONSENT_STEP
            await start_dialog(session=session, user_id=user.id, flow=ONBOARDING, step=step)
    if onboarded:
        await answer(update, t.OLD_WELCOME_BUTTON)
        await drop_buttons(update, context, [pressed_message_id(update)])
        return
    if answered:
        await answer(update, t.CONSENT_ALREADY_ANSWERED)
        await drop_buttons(update, context, [pressed_message_id(update)])
        await ask_timezone(update, context, t)
        return
    await answer(update)
    await reply(
        update,
        t.CONSENT_ASK,
        inline(
            [
                [
                    (t.CONSENT_YES, callbacks.make("consent", "yes")),
                    (t.CONSENT_NO, callbacks.make("consent", "no")),
                ]
            ]
        ),
    )


async def record_consent(update: Update, context: BotContext) -> None:
    """Store the consent answer during onboarding, then ask the time zone; after it, change nothing."""
    parsed = callbacks.parse(update.callback_query.data if update.callback_query else None)
    if parsed is None or parsed.action not in {"yes", "no"}:
        await answer_stale(update, context)
        return
    given = parsed.action == "yes"
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        onboarded = user.onboarded_at is not None
        had_consent = user.has_consent
        dialog = await get_dialog(session=session, user_id=user.id)
        onboarding = dialog is not None and dialog.flow == ONBOARDING
        first_answer = not onboarding or (dialog is not None and dialog.step != ZONE_STEP)
        if not onboarded:
            await set_consent(session=session, user_id=user.id, given=given, health_kinds=HEALTH_KINDS)
            if dialog is not None and onboarding:
                await update_dialog(session=session, dialog=dialog, step=ZONE_STEP)
            else:
                await start_dialog(session=session, user_id=user.id, flow=ONBOARDING, step=ZONE_STEP)
    if onboarded:
        # An old question: withdrawing (or giving) consent is a decision made in /settings, not by a stray tap.
        await answer(update, t.OLD_CONSENT_BUTTON_ON if had_consent else t.OLD_CONSENT_BUTTON_OFF)
        await drop_buttons(update, context, [pressed_message_id(update)])
        return
    await answer(update)
    await edit_or_send(update, t.CONSENT_GIVEN if given else t.CONSENT_DECLINED)
    if first_answer:  # a changed mind while the time zone is asked keeps that question where it is
        await ask_timezone(update, context, t)
