"""The first handler group: health talk only in private chats, and edited messages never re-applied.

Groups, supergroups and channels: every update from one (messages, button presses, edits, member
changes) ends here, before any handler that could read or write the database. Nothing said in a group
creates a user, a diary entry or a safety event, and nothing personal (an export, a report, /stats) is
ever posted there. A message addressed to the bot gets one short note that points to a private chat,
at most once per group per NOTE_INTERVAL; a button press gets the same note as its pop-up answer.

The pacing of that note is kept in this process on purpose: the guard may not touch the database,
and the worst several instances can do is each post the note once per interval.

Edited messages in the private chat: PTB's CommandHandler and MessageHandler match edits by default,
so an edit would re-run a command or re-submit a typed answer (a second attack note, a changed
medicine name after it was saved). Edits are never applied; a text edit is answered with a short
note, other edits (a live location moving) are ignored silently. The one thing an edit still gets is
the red-flag screen: an emergency or crisis written into an edit is answered first, as anywhere.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Awaitable
from datetime import datetime, timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType, MessageEntityType
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationHandlerStop, BaseHandler, TypeHandler

from bot.context import BotContext
from bot.instrumentation import update_type
from bot.replies import answer, reply
from bot.safety.screen import answer_at_once
from bot.texts import language_from_telegram, texts_for
from content.redflags import Outcome, screen

log = logging.getLogger(__name__)

# Before every other group (safety closing a question on a command -3, operators' compose -2, diary's typed answers -1).
GUARD_GROUP = -100
NOTE_INTERVAL = timedelta(minutes=10)
# Groups remembered for pacing; the oldest are forgotten first, so memory stays bounded.
_MAX_GROUPS = 10_000


class GroupNotes:
    """When each group last got the "message me privately" note, to post it at most once per interval."""

    def __init__(self, interval: timedelta = NOTE_INTERVAL, capacity: int = _MAX_GROUPS) -> None:
        self.interval = interval
        self.capacity = capacity
        self._last: OrderedDict[int, datetime] = OrderedDict()

    def due(self, chat_id: int, now: datetime) -> bool:
        """Whether the group may get the note now; if so, remember that it did."""
        last = self._last.get(chat_id)
        if last is not None and now - last < self.interval:
            return False
        self._last[chat_id] = now
        self._last.move_to_end(chat_id)
        while len(self._last) > self.capacity:
            self._last.popitem(last=False)
        return True


def guard_handler(notes: GroupNotes | None = None) -> BaseHandler[Update, BotContext, None]:
    """Return the handler to register in GUARD_GROUP (register() does that)."""
    pacing = notes or GroupNotes()

    async def guard_update(update: Update, context: BotContext) -> None:
        """End non-private updates and edits here; let everything else through to the handlers."""
        chat = update.effective_chat
        if chat is not None and chat.type != ChatType.PRIVATE:
            log.info("%s update from a %s chat ended by the private-chat guard", update_type(update), chat.type)
            await point_to_private_chat(update, context, pacing)
            raise ApplicationHandlerStop
        edited = update.edited_message or update.edited_business_message
        if edited is not None:
            text = edited.text if edited.text is not None else edited.caption
            if text is not None:
                await screen_edited_text(update, context, text)
                language = update.effective_user.language_code if update.effective_user else None
                await _send_safely(reply(update, texts_for(language).EDITS_NOT_APPLIED))
            raise ApplicationHandlerStop

    return TypeHandler(Update, guard_update)


async def screen_edited_text(update: Update, context: BotContext, text: str) -> None:
    """Answer an emergency or a crisis written into an edit at once: safety never waits on a rule about edits.

    Only urgent outcomes: a partial sign would open follow-up questions, i.e. start a dialog from an edit.
    """
    if update.effective_user is None:
        return
    # The app's language from Telegram, not our row: an ordinary edit reads and writes nothing.
    language = language_from_telegram(update.effective_user.language_code)
    result = screen(text, language)
    if result.outcome in (Outcome.URGENT, Outcome.CRISIS):
        await answer_at_once(update, context, result, source="edited_text", text=text, language=language)


async def point_to_private_chat(update: Update, context: BotContext, notes: GroupNotes) -> None:
    """Answer a press with the note; post it for a message addressed to the bot, paced per group."""
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.CHANNEL:
        return  # a post in a channel would be public; stay silent there
    # The app's language from Telegram: nothing about group members is read from our tables.
    user = update.effective_user
    t = texts_for(language_from_telegram(user.language_code if user else None))
    if update.callback_query is not None:
        await answer(update, t.GROUP_CHAT_PRESS)
        return
    message = update.message
    if message is None or not addresses_bot(message, context):
        return
    if not notes.due(chat.id, context.services.clock.now()):
        return
    link = f"https://t.me/{context.bot.username}"
    markup = InlineKeyboardMarkup([[InlineKeyboardButton(t.GROUP_CHAT_BUTTON, url=link)]])
    await _send_safely(reply(update, t.GROUP_CHAT_NOTE.format(link=link), markup))


def addresses_bot(message: Message, context: BotContext) -> bool:
    """Whether a group message is meant for this bot: a command, a mention, a reply to it, or adding it."""
    bot = context.bot
    username = (bot.username or "").lower()
    if any(member.id == bot.id for member in message.new_chat_members or ()):
        return True
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
        return True
    for entity, value in message.parse_entities([MessageEntityType.BOT_COMMAND, MessageEntityType.MENTION]).items():
        if entity.type == MessageEntityType.MENTION and value[1:].lower() == username:
            return True
        if entity.type == MessageEntityType.BOT_COMMAND and entity.offset == 0:
            # "/stats@OtherBot" is for another bot; "/stats" and "/stats@ours" are for us.
            _, _, addressee = value.partition("@")
            if not addressee or addressee.lower() == username:
                return True
    return False


async def _send_safely(sending: Awaitable[object]) -> None:
    """Send and swallow Telegram's refusal: the error handler would look the user up in the database."""
    try:
        await sending
    except TelegramError as error:
        log.info("private-chat guard could not answer (%s)", type(error).__name__)


def register(application: Application[Any, BotContext, Any, Any, Any, Any]) -> None:
    """Add the guard as the first handler group."""
    application.add_handler(guard_handler(), group=GUARD_GROUP)
