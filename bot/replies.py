"""Sending replies: plain replies, in-place edits and callback answers."""

from __future__ import annotations

import contextlib

from telegram import InlineKeyboardMarkup, Message, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.error import BadRequest

from bot.access import texts_of
from bot.context import BotContext

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


async def reply(update: Update, text: str, markup: Markup | None = None) -> Message | None:
    """Send a message to the chat the update came from."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await chat.send_message(text, reply_markup=markup, disable_web_page_preview=True)


async def edit_or_send(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Edit the message a button sits on, or send a new one when there is no such message."""
    query = update.callback_query
    if query is not None and isinstance(query.message, Message):
        try:
            await query.message.edit_text(text, reply_markup=markup, disable_web_page_preview=True)
            return
        except BadRequest as exc:
            # The same content again, or a message too old to edit: fall through to a new message.
            if "not modified" in str(exc).lower():
                return
    await reply(update, text, markup)


async def answer(update: Update, text: str | None = None) -> None:
    """Answer a button press so the client stops its spinner."""
    query = update.callback_query
    if query is not None:
        # Queries older than about 15 minutes cannot be answered; nothing is lost.
        with contextlib.suppress(BadRequest):
            await query.answer(text)


async def answer_stale(update: Update, context: BotContext) -> None:
    """Tell the user, in their language, that a button from an old or foreign message no longer works."""
    await answer(update, (await texts_of(update, context)).STALE_BUTTON)
