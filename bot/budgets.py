"""Per-user rate limits on the expensive commands (/report, /export, /stats) and on refused operator commands.

A PDF, a chart or a zip costs far more than an ordinary reply, and an audited refusal writes a row: one
user repeating them must not take the bot's time from everyone else. The budget is kept in the database
(storage/rate_limits.py), so the limit holds across instances; over it, the user is told how long to wait.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram import Update

from bot.access import keep_user_state, texts_of
from bot.context import BotContext
from bot.replies import answer, reply
from storage.db import transaction
from storage.rate_limits import refund_budget, spend_budget_at_once, take_budget

Handler = Callable[[Update, BotContext], Coroutine[Any, Any, None]]

# Per action: (uses allowed in a row, then one use per interval). A PDF or a zip takes a few hundred ms;
# nobody needs three a minute. A refused operator command is usually a curious user trying a word or two.
BUDGETS: dict[str, tuple[int, timedelta]] = {
    "report": (1, timedelta(seconds=30)),
    "export": (1, timedelta(seconds=60)),
    "stats": (3, timedelta(seconds=5)),
    "operator.refused": (3, timedelta(seconds=20)),
}


async def wait_seconds(update: Update, context: BotContext, action: str) -> int:
    """Spend the sender's budget for `action`: 0 when allowed, else the whole seconds left to wait."""
    user = update.effective_user
    if user is None:
        return 0
    services = context.services
    burst, interval = BUDGETS[action]
    now = services.clock.now()
    # PostgreSQL: one statement when the budget allows, as it mostly does; it commits nothing on `engine`.
    if services.reads is not None and await spend_budget_at_once(
        reads=services.reads, user_id=user.id, action=action, now=now, interval=interval, burst=burst
    ):
        return 0
    commits_before = services.commits
    async with transaction(services.sessions) as session:
        left = await take_budget(
            session=session, user_id=user.id, action=action, now=now, interval=interval, burst=burst
        )
    # The budget's row is all it wrote: the sender as read for this update need not be read again (/stats reads it).
    keep_user_state(context, commits_before)
    return math.ceil(left)


async def give_back(update: Update, context: BotContext, action: str) -> None:
    """Return the use of `action` that a failed attempt took."""
    user = update.effective_user
    if user is None:
        return
    async with transaction(context.services.sessions) as session:
        await refund_budget(session=session, user_id=user.id, action=action, interval=BUDGETS[action][1])


async def tell_to_wait(update: Update, context: BotContext, seconds: int) -> None:
    """Say how long to wait, in the sender's language (a pop-up for a button, a message otherwise)."""
    text = (await texts_of(update, context)).PLEASE_WAIT.format(seconds=seconds)
    if update.callback_query is not None:
        await answer(update, text)
    else:
        await reply(update, text)


def rate_limited(action: str, handler: Handler) -> Handler:
    """Run the handler only while the sender's budget for `action` allows; otherwise say how long to wait."""

    @functools.wraps(handler)
    async def limited(update: Update, context: BotContext) -> None:
        seconds = await wait_seconds(update, context, action)
        if seconds:
            await tell_to_wait(update, context, seconds)
            return
        try:
            await handler(update, context)
        except Exception:
            # The error handler apologises and asks to try again: the failed attempt must not cost the retry.
            await give_back(update, context, action)
            raise

    return limited
