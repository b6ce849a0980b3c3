"""/broadcast, first half: compose the message, check it with a preview, choose the audience.

The flow lives in the `dialogs` table (flow "broadcast"): compose → audience (→ days) → when (→ at) →
confirm; broadcast_schedule.py has the second half. Each dialog has a short token that every button
carries, so buttons of an older /broadcast do nothing to a newer one. The operator's HTML is checked by
Telegram itself: the preview is a real send, and a 400 on it keeps the operator in compose.
"""

from __future__ import annotations

import html
import secrets

from telegram import Message, MessageEntity, Update
from telegram.ext import ApplicationHandlerStop

from bot import callbacks
from bot.access import read_user_state, texts_of, user_transaction
from bot.context import BotContext
from bot.keyboards import inline
from bot.operators import broadcast_schedule
from bot.operators.broadcast_schedule import FLOW, PREFIX, audience_keyboard, discard_button, save_dialog, token_of
from bot.operators.broadcast_views import REMINDER_KINDS, audience_problem
from bot.outbound.broadcasts import TelegramBroadcastSender
from bot.replies import answer, answer_stale, edit_or_send, reply
from bot.texts import LANGUAGE_NAMES
from scheduler.sending import BroadcastMessage, Outcome
from storage.audit import record_audit
from storage.broadcasts import Audience, BroadcastContent
from storage.db import transaction
from storage.dialogs import end_dialog, get_dialog
from storage.models import Dialog

__all__ = ["FLOW", "PREFIX", "broadcast_command", "press_compose_button", "receive_message", "send_preview"]

DAY_CHOICES = (7, 30, 90)
# Entities a client adds when the operator formats with its own toolbar; plain text is taken as HTML.
_FORMATTING = {
    MessageEntity.BOLD, MessageEntity.ITALIC, MessageEntity.UNDERLINE, MessageEntity.STRIKETHROUGH,
    MessageEntity.SPOILER, MessageEntity.CODE, MessageEntity.PRE, MessageEntity.TEXT_LINK,
    MessageEntity.BLOCKQUOTE, MessageEntity.EXPANDABLE_BLOCKQUOTE,
}  # fmt: skip


async def broadcast_command(update: Update, context: BotContext) -> None:
    """Start composing a broadcast."""
    t = await texts_of(update, context)
    token = secrets.token_hex(3)
    async with user_transaction(update, context) as (session, user):
        await broadcast_schedule.open_dialog(session=session, user_id=user.id, token=token)
        await record_audit(session=session, user_id=user.id, action="broadcast.compose")
    await reply(update, t.BC_COMPOSE_ASK, inline([[discard_button(token, t)]]))


async def receive_message(update: Update, context: BotContext) -> None:
    """Take what an operator sends while composing; anything else goes on to the usual handlers."""
    state = await read_user_state(update, context)
    if state.dialog_flow != FLOW:
        return
    async with transaction(context.services.sessions) as session:
        dialog = await get_dialog(session=session, user_id=state.user.id)
    if dialog is None or dialog.flow != FLOW:
        return
    text = (update.effective_message.text or "") if update.effective_message else ""
    if dialog.step == "days":
        await typed_days(update, context, text)
    elif dialog.step == "at":
        await broadcast_schedule.typed_time(update, context, dialog, text)
    else:
        await take_composition(update, context, dialog)
    # Handled: the catch-alls (and red-flag screening of the operator's own text) must not run.
    raise ApplicationHandlerStop


def composition_of(message: Message) -> BroadcastContent | None:
    """Read the broadcast content from the operator's message: a forward, a photo, or HTML text."""
    if message.forward_origin is not None:
        return BroadcastContent(source_chat_id=message.chat_id, source_message_id=message.message_id)
    formatted = any(entity.type in _FORMATTING for entity in message.entities + message.caption_entities)
    if message.photo:
        caption = (message.caption_html if formatted else message.caption) or ""
        return BroadcastContent(text=caption, photo_file_id=message.photo[-1].file_id)
    if message.text:
        return BroadcastContent(text=message.text_html if formatted else message.text)
    return None


async def take_composition(update: Update, context: BotContext, dialog: Dialog) -> None:
    """Preview the message to the operator; on success ask for the audience, on a 400 say what is wrong."""
    t = await texts_of(update, context)
    message = update.effective_message
    content = composition_of(message) if message is not None else None
    if message is None or content is None:
        await reply(update, t.BC_COMPOSE_UNSUPPORTED)
        return
    problem = await send_preview(context, message.chat_id, content)
    if problem is not None:
        await reply(update, t.BC_COMPOSE_INVALID.format(error=html.escape(problem)))
        return
    await save_dialog(context, message.chat_id, step="audience", **broadcast_schedule.content_data(content))
    await reply(update, t.BC_PREVIEW_DONE, audience_keyboard(token_of(dialog), t))


async def send_preview(context: BotContext, chat_id: int, content: BroadcastContent) -> str | None:
    """Send the broadcast to the operator exactly as recipients will get it; return Telegram's refusal, if any."""
    result = await TelegramBroadcastSender(context.bot).send_broadcast(
        BroadcastMessage(
            broadcast_id=0,
            user_id=chat_id,
            text=content.text,
            photo_file_id=content.photo_file_id,
            buttons=content.buttons,
            source_chat_id=content.source_chat_id,
            source_message_id=content.source_message_id,
        )
    )
    return None if result.outcome == Outcome.SENT else (result.detail or str(result.outcome))


async def press_compose_button(update: Update, context: BotContext) -> None:
    """Route a button of the broadcast dialog; a button from another or a finished dialog is stale."""
    t = await texts_of(update, context)
    parsed = callbacks.parse(update.callback_query.data if update.callback_query else None)
    assert update.effective_user is not None
    async with transaction(context.services.sessions) as session:
        dialog = await get_dialog(session=session, user_id=update.effective_user.id)
    if parsed is None or dialog is None or dialog.flow != FLOW or parsed.arg(0) != token_of(dialog):
        await answer_stale(update, context)
        return
    args = parsed.args[1:]
    if parsed.action == "discard":
        async with transaction(context.services.sessions) as session:
            await end_dialog(session=session, user_id=dialog.user_id)
            await record_audit(session=session, user_id=dialog.user_id, action="broadcast.discard")
        await answer(update)
        await edit_or_send(update, t.BC_DISCARDED)
    elif parsed.action == "aud" and dialog.step in {"audience", "days", "when"} and args:
        await choose_audience(update, context, dialog, args)
    elif not await broadcast_schedule.press_timing_button(update, context, dialog, parsed.action, args):
        await answer_stale(update, context)


async def choose_audience(update: Update, context: BotContext, dialog: Dialog, args: tuple[str, ...]) -> None:
    """Pick an audience, asking for its language, reminder kind or number of days first when needed."""
    t = await texts_of(update, context)
    kind, value = args[0], args[1] if len(args) > 1 else ""
    token = token_of(dialog)
    pickers: dict[str, tuple[str, list[tuple[str, str]]]] = {
        "language": (t.BC_LANGUAGE_PICK, list(LANGUAGE_NAMES.items())),
        "reminder": (t.BC_REMINDER_PICK, [(kind, t.BC_REMINDER_KINDS[kind]) for kind in REMINDER_KINDS]),
        "active_days": (t.BC_DAYS_ASK, [(str(days), str(days)) for days in DAY_CHOICES]),
    }
    if kind in pickers and not value:
        prompt, options = pickers[kind]
        if kind == "active_days":
            await save_dialog(context, dialog.user_id, step="days")
        rows = [[(label, callbacks.make(PREFIX, "aud", token, kind, option))] for option, label in options]
        await answer(update)
        await edit_or_send(update, prompt, inline([*rows, [discard_button(token, t)]]))
        return
    try:
        audience = Audience(kind, value)
    except ValueError:
        audience = None
    if audience is None or audience_problem(kind, value) is not None:
        await answer_stale(update, context)
        return
    await answer(update)
    await broadcast_schedule.offer_timing(update, context, dialog, audience)


async def typed_days(update: Update, context: BotContext, text: str) -> None:
    """Read a typed number of days for the "active recently" audience."""
    t = await texts_of(update, context)
    assert update.effective_user is not None
    try:
        audience = Audience("active_days", text.strip())
    except ValueError:
        await reply(update, t.BC_DAYS_INVALID)
        return
    async with transaction(context.services.sessions) as session:
        dialog = await get_dialog(session=session, user_id=update.effective_user.id)
    if dialog is not None:
        await broadcast_schedule.offer_timing(update, context, dialog, audience)
