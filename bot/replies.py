"""Sending replies: plain replies, in-place edits and callback answers.

Why replies go through ``Bot.do_api_request`` rather than ``send_message``/``edit_text``: PTB parses
the Message Telegram returns for every send and edit into a ``telegram.Message`` (``Message.de_json``),
which the handlers never read. A wall-clock profile under bench/load.py put that at 41% of the bot's CPU;
timed in CPU, it is about 5-7% of an update's CPU on the realistic mix (the machine was busy, and wall
time blamed whatever ran when the process was preempted). ``do_api_request`` is PTB's public way to call
a method and keep the raw result; it goes through the same request, rate limiter and error mapping as the
named methods. Two details of it: the ``Defaults`` (our HTML parse mode) are not inserted, so `_call`
passes them; and it warns when given a name the Bot has a method for ("sendMessage"), so the names are
lower case: Telegram's methods are case-insensitive. ``reply_message`` keeps the parsed Message for the
few callers that need its id; ``send_photo`` reads only the file_id from the JSON result.
"""

from __future__ import annotations

import contextlib
from typing import Any

from telegram import (
    Bot,
    Chat,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import BadRequest

from bot.access import texts_of
from bot.context import BotContext
from bot.webhook_reply import offer_answer

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove
# LinkPreviewOptions(is_disabled=True) as the Bot API takes it: given JSON-ready, it is not run through PTB's
# generic to_dict on every reply (about 10 us of the 55 us PTB spends on a reply's call).
NO_PREVIEW: dict[str, Any] = {"is_disabled": True}


async def _call(bot: Bot, method: str, **params: Any) -> Any:
    """Call a Bot API method with the application's defaults; return its result as JSON, not parsed into objects."""
    defaults = getattr(bot, "defaults", None)  # an ExtBot's; a plain Bot has none
    if defaults is not None and defaults.parse_mode is not None:
        params.setdefault("parse_mode", defaults.parse_mode)
    return await bot.do_api_request(method, api_kwargs=params)


async def reply(update: Update, text: str, markup: Markup | None = None) -> None:
    """Send a message to the chat the update came from."""
    chat = update.effective_chat
    if chat is None:
        return
    await _call(
        update.get_bot(), "sendmessage", chat_id=chat.id, text=text, reply_markup=markup,
        link_preview_options=NO_PREVIEW,
    )  # fmt: skip


async def send_photo(chat: Chat, photo: str | InputFile, *, caption: str) -> str | None:
    """Send a photo (an upload, or a file_id Telegram has) to the chat; return the file_id of its largest size."""
    sent = await _call(chat.get_bot(), "sendphoto", chat_id=chat.id, photo=photo, caption=caption)
    sizes = sent.get("photo") if isinstance(sent, dict) else None
    return str(sizes[-1]["file_id"]) if sizes else None


async def reply_message(update: Update, text: str, markup: Markup | None = None) -> Message | None:
    """Send a message to the chat the update came from and return it (for its id)."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await chat.send_message(text, reply_markup=markup, disable_web_page_preview=True)


async def edit_or_send(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Edit the message a button sits on, or send a new one when there is no such message."""
    query = update.callback_query
    if query is not None and isinstance(query.message, Message):
        try:
            await _call(
                update.get_bot(), "editmessagetext", chat_id=query.message.chat_id,
                message_id=query.message.message_id, text=text, reply_markup=markup,
                link_preview_options=NO_PREVIEW,
            )  # fmt: skip
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
        if offer_answer(query.id, text):  # in the webhook's reply: no call of its own (bot/webhook_reply.py)
            return
        # Queries older than about 15 minutes cannot be answered; nothing is lost.
        with contextlib.suppress(BadRequest):
            await query.answer(text)


async def answer_stale(update: Update, context: BotContext) -> None:
    """Tell the user, in their language, that a button from an old or foreign message no longer works."""
    await answer(update, (await texts_of(update, context)).STALE_BUTTON)
