"""The error handler: log first (type and error only, never text), then tell the user.

What is logged: the update type, the user's pseudonym (log_user), the exception class and a traceback
of frames and exception classes only (bot/logs.safe_traceback), at ERROR. Never the exception message,
not even Telegram's description: a ValueError from int(), a pydantic ValidationError, SQLAlchemy's
"[parameters: ...]" or a BadRequest about entities can all quote what the user wrote. The traceback
goes into the message rather than exc_info, so no foreign handler or formatter can print the message.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, RetryAfter

from bot.access import texts_of
from bot.context import BotContext
from bot.instrumentation import mark_update_failed, update_type
from bot.logs import describe_error, log_user, safe_traceback
from bot.replies import reply
from bot.texts import language_from_telegram, texts_for
from bot.texts.catalog import Texts
from storage.db import transaction
from storage.users import mark_blocked

log = logging.getLogger(__name__)


def describe_update(update: object) -> str:
    """Name the kind of update without any of its content."""
    return update_type(update)


async def apology_texts(update: Update, context: BotContext) -> Texts:
    """The user's texts; their app's language when the database is what failed."""
    try:
        return await texts_of(update, context)
    except Exception:
        user = update.effective_user
        return texts_for(language_from_telegram(user.language_code if user else None))


async def handle_error(update: object, context: BotContext) -> None:
    """Log the failure, mark blocked users, and apologise when the user can still be reached."""
    mark_update_failed()
    error = context.error
    kind = describe_update(update)
    user = log_user(update.effective_user.id) if isinstance(update, Update) and update.effective_user else "-"
    trace = safe_traceback(error) if error is not None else ""
    log.error(
        "handler failed on %s update from %s: %s\n%s", kind, user, describe_error(error), trace, extra={"user": user}
    )
    if not isinstance(update, Update) or update.effective_user is None:
        return
    if isinstance(error, Forbidden):
        async with transaction(context.services.sessions) as session:
            await mark_blocked(session=session, user_id=update.effective_user.id)
        return
    if isinstance(error, RetryAfter):
        return  # Telegram throttles us even after the rate limiter's retries; a reply would fail the same way.
    # A 5xx, time-out or reset is usually one request's bad luck: try the apology once (it may fail too).
    try:
        await reply(update, (await apology_texts(update, context)).TRY_AGAIN)
    except Exception:
        log.warning("could not send the apology for a failed %s update", kind)
