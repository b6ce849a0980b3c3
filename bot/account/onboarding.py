"""/start: welcome, disclaimer, explicit consent and time zone; deep links. The time zone also for /settings.

The time zone is asked with buttons (common zones), a typed city or zone, or a shared location. The
messages that carry time-zone buttons are remembered in the dialog, so that once a zone is chosen, by
whatever means, their buttons go; a button pressed later, outside the dialog, changes nothing and says
how to change the zone.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
from zoneinfo import ZoneInfo

from telegram import KeyboardButton, Message, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.error import BadRequest

from bot import callbacks
from bot.access import read_user_state, user_transaction
from bot.context import BotContext
from bot.deeplinks import open_deep_link, parse_start_payload
from bot.diary.common import log_keyboard
from bot.keyboards import inline, timezone_keyboard
from bot.replies import Markup, answer, answer_stale, edit_or_send, reply, reply_message
from bot.safety.emergency import format_numbers, numbers_for
from bot.texts import texts_for
from bot.texts.catalog import Texts
from bot.timezones import known_zones, resolve_timezone, zone_at
from storage.dialogs import end_dialog, get_dialog, start_dialog, update_dialog
from storage.models import Dialog
from storage.snapshots import UserView
from storage.users import mark_onboarded, set_timezone

ONBOARDING = "onboarding"
TIMEZONE = "timezone"
# Onboarding's steps: the consent question is open at CONSENT_STEP, answered at ZONE_STEP.
CONSENT_STEP = "disclaimer"
ZONE_STEP = "timezone"


def consent_answered(dialog: Dialog | None, has_consent: bool) -> bool:
    """Whether the consent question was answered: in this onboarding, by its step; outside one (left with
    /cancel), by the consent stored."""
    if dialog is not None and dialog.flow == ONBOARDING:
        return dialog.step == ZONE_STEP
    return has_consent
# Dialog data: ids of messages with time-zone buttons, and whether the location keyboard is showing.
ZONE_MESSAGES = "zone_messages"
LOCATION_SHOWN = "location_shown"


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
        dialog = await get_dialog(session=session, user_id=user.id)
        # Consent answered (this onboarding, or one left with /cancel): go on from the time zone, never ask again.
        answered = consent_answered(dialog, user.has_consent)
        if dialog is not None and dialog.flow == ONBOARDING and answered:
            if payload is not None:
                await update_dialog(session=session, dialog=dialog, payload=payload.raw)
        else:
            await start_dialog(
                session=session,
                user_id=user.id,
                flow=ONBOARDING,
                step=ZONE_STEP if answered else CONSENT_STEP,
                data={"payload": payload.raw if payload else ""},
            )
    if answered:
        await reply(update, t.ONBOARDING_RESUMED)
        await ask_timezone(update, context, t)
        return
    emergency = format_numbers(numbers_for(state.user, context.services.settings), t)["emergency"]
    await reply(
        update,
        t.WELCOME + "\n\n" + t.DISCLAIMER.format(emergency=emergency),
        inline([[(t.CONTINUE, callbacks.make("onb", "consent"))]]),
    )


def location_keyboard(t: Texts) -> ReplyKeyboardMarkup:
    """The reply keyboard with the "Share location" button (Telegram asks the user before sending)."""
    button = KeyboardButton(t.BTN_SHARE_LOCATION, request_location=True)
    return ReplyKeyboardMarkup([[button]], resize_keyboard=True, one_time_keyboard=True)


async def ask_timezone(update: Update, context: BotContext, t: Texts) -> None:
    """Offer the location button below, then the common zones and typing a city; remember the buttons."""
    await reply(update, t.TIMEZONE_LOCATION, location_keyboard(t))
    buttons = await reply_message(update, t.TIMEZONE_ASK, timezone_keyboard(t))
    await _remember(update, context, buttons, location=True)


async def _remember(update: Update, context: BotContext, message: Message | None, *, location: bool = False) -> None:
    """Note a message with time-zone buttons in the open time-zone dialog."""
    if message is None:
        return
    async with user_transaction(update, context) as (session, user):
        dialog = await get_dialog(session=session, user_id=user.id)
        if dialog is not None and dialog.flow in {ONBOARDING, TIMEZONE}:
            data: dict[str, object] = {ZONE_MESSAGES: [*dialog.data.get(ZONE_MESSAGES, []), message.message_id][-8:]}
            if location:
                data[LOCATION_SHOWN] = True
            await update_dialog(session=session, dialog=dialog, step=None, **data)


def _asks_for_zone(dialog: Dialog | None) -> bool:
    """Whether the user is being asked for a time zone right now."""
    if dialog is None:
        return False
    return dialog.flow == TIMEZONE or (dialog.flow == ONBOARDING and dialog.step == ZONE_STEP)


async def choose_timezone(update: Update, context: BotContext) -> None:
    """Handle a time zone button: a zone, or the request to type one."""
    parsed = callbacks.parse(update.callback_query.data if update.callback_query else None)
    if parsed is None:
        await answer_stale(update, context)
        return
    if parsed.action == "type":
        async with user_transaction(update, context) as (session, user):
            t = texts_for(user.language)
            dialog = await get_dialog(session=session, user_id=user.id)
            if dialog is None or dialog.flow not in {ONBOARDING, TIMEZONE}:
                await start_dialog(session=session, user_id=user.id, flow=TIMEZONE, step="typing")
            elif dialog.flow == ONBOARDING:
                await update_dialog(session=session, dialog=dialog, step=ZONE_STEP)
        await answer(update)
        await reply(update, t.TIMEZONE_TYPE)
        return
    zone = parsed.arg(0)
    if parsed.action != "set" or zone not in known_zones():
        await answer_stale(update, context)
        return
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        asked = _asks_for_zone(await get_dialog(session=session, user_id=user.id))
        current = user.timezone
    if not asked:
        # An old button: changing the zone silently would move every reminder; say where to change it.
        if current is None:
            await answer_stale(update, context)
            return
        await answer(update, t.TIMEZONE_ALREADY_SET.format(zone=t.zone_city(current)))
        await drop_buttons(update, context, [pressed_message_id(update)])
        return
    await answer(update)
    await apply_timezone(update, context, zone)


async def typed_timezone(update: Update, context: BotContext, text: str) -> None:
    """Resolve a typed city or zone name, offering choices when it is ambiguous."""
    # The city index is built on first use (about a second): keep the event loop free meanwhile.
    matches = await asyncio.to_thread(resolve_timezone, text)
    if len(matches) == 1:
        await apply_timezone(update, context, matches[0].zone)
        return
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        dialog = await get_dialog(session=session, user_id=user.id)
        earlier = list(dialog.data.get(ZONE_MESSAGES, [])) if dialog is not None else []
    if not matches:
        await reply(update, t.TIMEZONE_UNKNOWN.format(text=html.escape(text[:40])))
        return
    await drop_buttons(update, context, earlier)
    choices = await reply_message(update, t.TIMEZONE_MATCHES, timezone_keyboard(t, matches))
    await _remember(update, context, choices)


async def shared_location(update: Update, context: BotContext) -> None:
    """Set the time zone from a shared location while one is asked for; the location is never stored."""
    message = update.effective_message
    location = message.location if message is not None else None
    if location is None or update.effective_user is None:
        return
    state = await read_user_state(update, context)
    t = texts_for(state.user.language)
    if state.dialog_flow not in {ONBOARDING, TIMEZONE}:
        await reply(update, t.LOCATION_NOT_NEEDED)
        return
    zone = await asyncio.to_thread(zone_at, location.latitude, location.longitude)
    if zone is None:
        await reply(update, t.TIMEZONE_LOCATION_UNKNOWN)
        return
    await apply_timezone(update, context, zone)


def pressed_message_id(update: Update) -> int:
    """The id of the message whose button was pressed, or 0."""
    query = update.callback_query
    return query.message.message_id if query is not None and query.message is not None else 0


async def drop_buttons(update: Update, context: BotContext, message_ids: list[int]) -> None:
    """Remove the inline buttons of earlier messages; a message already gone or unchanged is fine."""
    chat = update.effective_chat
    if chat is None:
        return
    for message_id in message_ids:
        if message_id:
            with contextlib.suppress(BadRequest):
                await context.bot.edit_message_reply_markup(chat.id, message_id, reply_markup=None)


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
        asked = dialog is not None and dialog.flow in {ONBOARDING, TIMEZONE}
        earlier = list(dialog.data.get(ZONE_MESSAGES, [])) if dialog is not None and asked else []
        location_shown = bool(dialog.data.get(LOCATION_SHOWN)) if dialog is not None and asked else False
        if asked:
            await end_dialog(session=session, user_id=user.id)
        if finishing:
            await mark_onboarded(session=session, user_id=user.id)
        # The location keyboard goes once the zone is set: the diary's keyboard, or none.
        keyboard: Markup | None = None
        if location_shown:
            keyboard = log_keyboard(t) if user.has_consent else ReplyKeyboardRemove()
        view = UserView.of(user)
    # A reply keyboard can only come with a new message; otherwise the pressed message says what was set.
    new_message = keyboard is not None and not finishing
    pressed = 0 if new_message else pressed_message_id(update)
    await drop_buttons(update, context, [m for m in {*earlier, pressed_message_id(update)} if m != pressed])
    local_time = context.services.clock.now().astimezone(ZoneInfo(zone)).strftime("%H:%M")
    # The zone decides the emergency number shown from now on: say which it is, once.
    emergency = format_numbers(numbers_for(view, context.services.settings), t)
    zone_set = t.TIMEZONE_SET.format(zone=html.escape(t.zone_city(zone)), local_time=local_time)
    zone_set += "\n\n" + t.EMERGENCY_FOR_ZONE.format(**emergency)
    if new_message:
        await reply(update, zone_set, keyboard)
    else:
        await edit_or_send(update, zone_set)
    if finishing:
        await reply(update, t.ONBOARDED, keyboard)
        deep_link = parse_start_payload([payload]) if payload else None
        if deep_link is not None:
            await open_deep_link(update, context, deep_link)
