"""/start: welcome, disclaimer, explicit consent and time zone; deep links."""

from __future__ import annotations

import html
from zoneinfo import ZoneInfo, available_timezones

from telegram import Update

from bot import callbacks
from bot.access import read_user_state, user_transaction
from bot.context import BotContext
from bot.deeplinks import open_deep_link, parse_start_payload
from bot.keyboards import inline, timezone_keyboard
from bot.replies import answer, answer_stale, edit_or_send, reply
from bot.texts import texts_for
from bot.timezones import resolve_timezone
from storage.dialogs import end_dialog, get_dialog, start_dialog, update_dialog
from storage.users import mark_onboarded, set_consent, set_timezone

ONBOARDING = "onboarding"
TIMEZONE = "timezone"


async def start_command(update: Update, context: BotContext) -> None:
    """Greet the user, or resume onboarding, and open a deep link when one is given."""
    payload = parse_start_payload(context.args)
    state = await read_user_state(update, context)
    t = texts_for(state.user.language)
    if state.user.onboarded:
        if payload is None or not await open_deep_link(update, context, payload):
            await reply(update, t.WELCOME_BACK)
        return
    async with user_transaction(update, context) as (session, user):
        await start_dialog(
            session=session,
            user_id=user.id,
            flow=ONBOARDING,
            step="disclaimer",
            data={"payload": payload.raw if payload else ""},
        )
    emergency = html.escape(context.services.settings.emergency_number)
    await reply(
        update,
        t.WELCOME + "\n\n" + t.DISCLAIMER.format(emergency=emergency),
        inline([[(t.CONTINUE, callbacks.make("onb", "consent"))]]),
    )


async def ask_consent(update: Update, context: BotContext) -> None:
    """Ask for explicit consent before any health data is stored."""
    async with user_transaction(update, context) as (_session, user):
        t = texts_for(user.language)
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
    """Store the user's consent answer, then continue onboarding or show settings."""
    parsed = callbacks.parse(update.callback_query.data if update.callback_query else None)
    if parsed is None or parsed.action not in {"yes", "no"}:
        await answer_stale(update)
        return
    given = parsed.action == "yes"
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        await set_consent(session=session, user_id=user.id, given=given)
        dialog = await get_dialog(session=session, user_id=user.id)
        onboarding = dialog is not None and dialog.flow == ONBOARDING
        if onboarding and dialog is not None:
            await update_dialog(session=session, dialog=dialog, step="timezone")
    await answer(update)
    await edit_or_send(update, t.CONSENT_GIVEN if given else t.CONSENT_DECLINED)
    if onboarding:
        await reply(update, t.TIMEZONE_ASK, timezone_keyboard(t.TIMEZONE_OTHER))


async def choose_timezone(update: Update, context: BotContext) -> None:
    """Handle a time zone button: a zone, or the request to type one."""
    parsed = callbacks.parse(update.callback_query.data if update.callback_query else None)
    if parsed is None:
        await answer_stale(update)
        return
    if parsed.action == "type":
        async with user_transaction(update, context) as (session, user):
            t = texts_for(user.language)
            dialog = await get_dialog(session=session, user_id=user.id)
            if dialog is None or dialog.flow not in {ONBOARDING, TIMEZONE}:
                await start_dialog(session=session, user_id=user.id, flow=TIMEZONE, step="typing")
            elif dialog.flow == ONBOARDING:
                await update_dialog(session=session, dialog=dialog, step="timezone")
        await answer(update)
        await reply(update, t.TIMEZONE_TYPE)
        return
    zone = parsed.arg(0)
    if parsed.action != "set" or zone not in available_timezones():
        await answer_stale(update)
        return
    await answer(update)
    await apply_timezone(update, context, zone)


async def typed_timezone(update: Update, context: BotContext, text: str) -> None:
    """Resolve a typed city or zone name, offering choices when it is ambiguous."""
    matches = resolve_timezone(text)
    if len(matches) == 1:
        await apply_timezone(update, context, matches[0])
        return
    async with user_transaction(update, context) as (_session, user):
        t = texts_for(user.language)
    if matches:
        await reply(update, t.TIMEZONE_MATCHES, timezone_keyboard(t.TIMEZONE_OTHER, matches[:8]))
    else:
        await reply(update, t.TIMEZONE_UNKNOWN.format(text=html.escape(text[:40])))


async def apply_timezone(update: Update, context: BotContext, zone: str) -> None:
    """Store the zone and, during onboarding, finish it."""
    on_change = context.services.extras.get("on_timezone_change")
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        old_zone = user.timezone
        await set_timezone(session=session, user_id=user.id, timezone=zone)
        if on_change is not None and old_zone != zone:
            await on_change(session=session, user_id=user.id, zone=zone)
        dialog = await get_dialog(session=session, user_id=user.id)
        finishing = dialog is not None and dialog.flow == ONBOARDING
        payload = str(dialog.data.get("payload", "")) if dialog is not None else ""
        if dialog is not None and dialog.flow in {ONBOARDING, TIMEZONE}:
            await end_dialog(session=session, user_id=user.id)
        if finishing:
            await mark_onboarded(session=session, user_id=user.id)
    local_time = context.services.clock.now().astimezone(ZoneInfo(zone)).strftime("%H:%M")
    await edit_or_send(update, t.TIMEZONE_SET.format(zone=html.escape(zone), local_time=local_time))
    if finishing:
        await reply(update, t.ONBOARDED)
        deep_link = parse_start_payload([payload]) if payload else None
        if deep_link is not None:
            await open_deep_link(update, context, deep_link)
