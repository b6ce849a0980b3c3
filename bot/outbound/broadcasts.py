"""Broadcast delivery through Telegram, and the operator's progress messages.

Both use a Bot of their own (see `build_outbound_bot`): no AIORateLimiter, because PTB 22.8's limiter
halts every request on one RetryAfter, and the people chatting with the bot must not wait behind a
broadcast. The broadcast worker paces and retries itself.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter, Defaults, ExtBot
from telegram.request import BaseRequest

from bot.operators.broadcast_views import final_summary, progress_view
from bot.services import Services
from bot.texts import texts_for
from bot.texts.catalog import Texts
from scheduler.broadcast_progress import BroadcastProgress, NotifyLater
from scheduler.sending import BroadcastMessage, Outcome, SendResult
from storage.db import transaction
from storage.users import get_user

# 400s that are about the recipient, not the content: the chat is gone, so the user is unreachable.
_UNREACHABLE = ("chat not found", "user not found", "peer_id_invalid", "user is deactivated", "bot was blocked")


def build_outbound_bot(
    token: str, *, base_url: str | None, request: BaseRequest, rate_limiter: BaseRateLimiter[Any] | None = None
) -> ExtBot[None]:
    """Return a Bot for scheduler traffic: same token and API, HTML by default, no shared rate limiter.

    (A `rate_limiter` is only ever the shared budget's: bot/rate_budget.py, which halts nothing else.)
    """
    defaults = Defaults(parse_mode=ParseMode.HTML)
    if base_url:
        return ExtBot(token, base_url=base_url, request=request, defaults=defaults, rate_limiter=rate_limiter)
    return ExtBot(token, request=request, defaults=defaults, rate_limiter=rate_limiter)


def result_for_error(error: TelegramError) -> SendResult:
    """Map a Bot API error onto what the scheduler can act on."""
    description = error.message[:120]
    if isinstance(error, Forbidden):
        return SendResult(Outcome.BLOCKED, detail="forbidden")
    if isinstance(error, RetryAfter):
        wait = error.retry_after
        seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
        return SendResult(Outcome.RETRY, retry_after=max(seconds, 1.0), detail="429")
    if isinstance(error, BadRequest):
        if any(marker in description.lower() for marker in _UNREACHABLE):
            return SendResult(Outcome.BLOCKED, detail="chat not found")
        return SendResult(Outcome.REJECTED, detail=description)
    if isinstance(error, NetworkError):  # timeouts, connection resets and every 5xx
        return SendResult(Outcome.RETRY, detail=type(error).__name__)
    return SendResult(Outcome.RETRY, detail=type(error).__name__)


def url_buttons(buttons: tuple[tuple[str, str], ...]) -> InlineKeyboardMarkup | None:
    """Return one URL button per row, or None."""
    if not buttons:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, url=url)] for label, url in buttons])


class TelegramBroadcastSender:
    """Sends one broadcast message: a copy of a forwarded message, a photo with caption, or HTML text."""

    def __init__(self, bot: ExtBot[None]) -> None:
        self.bot = bot

    async def send_broadcast(self, message: BroadcastMessage) -> SendResult:
        """Deliver one broadcast message and report the outcome."""
        markup = url_buttons(message.buttons)
        try:
            if message.source_chat_id is not None and message.source_message_id is not None:
                copied = await self.bot.copy_message(
                    chat_id=message.user_id,
                    from_chat_id=message.source_chat_id,
                    message_id=message.source_message_id,
                    reply_markup=markup,
                )
                return SendResult(Outcome.SENT, message_id=copied.message_id)
            if message.photo_file_id:
                sent = await self.bot.send_photo(
                    message.user_id, message.photo_file_id, caption=message.text or None, reply_markup=markup
                )
            else:
                sent = await self.bot.send_message(
                    message.user_id, message.text, reply_markup=markup, disable_web_page_preview=True
                )
        except TelegramError as error:
            return result_for_error(error)
        return SendResult(Outcome.SENT, message_id=sent.message_id)


class TelegramOperatorNotifier:
    """Edits the operator's progress message, or sends one when there is none yet; sends the final summary."""

    def __init__(self, bot: ExtBot[None], services: Services | None = None) -> None:
        self.bot = bot
        self.services = services

    async def operator_texts(self, progress: BroadcastProgress) -> Texts:
        """The texts in the operator's language (English for a broadcast from the command line)."""
        return (await self.operator_reading(progress))[0]

    async def operator_reading(self, progress: BroadcastProgress) -> tuple[Texts, ZoneInfo]:
        """The operator's language and time zone: the progress message shows times as /broadcast's confirm did."""
        default = self.services.settings.default_timezone if self.services is not None else "UTC"
        if self.services is None or not progress.operator_id:
            return texts_for(None), _zone(default)
        async with transaction(self.services.sessions) as session:
            user = await get_user(session=session, user_id=progress.operator_id)
        if user is None:
            return texts_for(None), _zone(default)
        return texts_for(user.language), _zone(user.timezone or default)

    async def show_progress(self, progress: BroadcastProgress) -> tuple[int, int] | None:
        """Show or update the progress message; return (chat id, message id) when a new one was sent.

        Raises NotifyLater on a 429, a timeout or a 5xx: the reporter retries, and nothing is lost.
        """
        try:
            return await self._show_progress(progress)
        except TelegramError as error:
            later = _later(error)
            if later is None:
                raise
            raise later from error

    async def report_final(self, progress: BroadcastProgress) -> None:
        """Freeze the progress message without buttons and send the summary; NotifyLater as show_progress.

        Retried whole: the freezing edit then answers "not modified", and only the summary goes out.
        """
        try:
            if progress.chat_id is not None:
                await self._show_progress(progress)
            if progress.operator_id:
                summary = final_summary(progress, await self.operator_texts(progress))
                await self.bot.send_message(progress.operator_id, summary)
        except TelegramError as error:
            later = _later(error)
            if later is None:
                raise
            raise later from error

    async def _show_progress(self, progress: BroadcastProgress) -> tuple[int, int] | None:
        text, markup = progress_view(progress, *await self.operator_reading(progress))
        if progress.chat_id is not None and progress.message_id is not None:
            try:
                await self.bot.edit_message_text(
                    text, chat_id=progress.chat_id, message_id=progress.message_id, reply_markup=markup
                )
                return None
            except BadRequest as error:
                if "not modified" in error.message.lower():
                    return None
                # The message was deleted or is too old to edit: send a fresh one below.
        if not progress.operator_id:
            return None  # created from the command line without an operator to tell
        sent = await self.bot.send_message(progress.operator_id, text, reply_markup=markup)
        return sent.chat_id, sent.message_id


def _later(error: TelegramError) -> NotifyLater | None:
    """NotifyLater for an error worth retrying (429, timeouts, 5xx), None for one that will not pass."""
    result = result_for_error(error)
    if result.outcome is not Outcome.RETRY:
        return None
    return NotifyLater(result.retry_after if isinstance(error, RetryAfter) else None)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
