"""The error handler: log first (type and error only, never text), then tell the user."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError, RetryAfter

from bot.context import BotContext
from bot.replies import reply
from bot.texts import en
from storage.db import transaction
from storage.users import mark_blocked

log = logging.getLogger(__name__)


def describe_update(update: object) -> str:
    """Name the kind of update without any of its content."""
    if not isinstance(update, Update):
        return type(update).__name__
    for kind in ("message", "edited_message", "callback_query", "my_chat_member", "inline_query"):
        if getattr(update, kind, None) is not None:
            return kind
    return "other"


async def handle_error(update: object, context: BotContext) -> None:
    """Log the failure, mark blocked users, and apologise when the user can still be reached."""
    error = context.error
    kind = describe_update(update)
    # Only the class and Telegram's own description: our exceptions never carry user text.
    log.error("handler failed on %s update: %s", kind, type(error).__name__, exc_info=error)
    if not isinstance(update, Update) or update.effective_user is None:
        return
    if isinstance(error, Forbidden):
        async with transaction(context.services.sessions) as session:
            await mark_blocked(session=session, user_id=update.effective_user.id)
        return
    if isinstance(error, RetryAfter | NetworkError):
        return  # Telegram is unreachable or throttling us; a reply would fail the same way.
    try:
        await reply(update, en.TRY_AGAIN)
    except Exception:
        log.warning("could not send the apology for a failed %s update", kind)
