"""PTB's rate limiter on the shared send budget: every message a Bot sends first waits for its slot.

Used with PostgreSQL (several instances) instead of AIORateLimiter, whose limits are per process. The
application's Bot reserves at interactive priority; the Bot that edits an operator's broadcast progress
at background priority (broadcasts and reminders reserve through scheduler.send_budget.BudgetPacer).

Only calls that put or change a message count, as with Telegram: send*, copy, forward and edits.
answerCallbackQuery, sendChatAction and the service methods pass straight through. A group chat also
keeps Telegram's 20 messages a minute, per process as AIORateLimiter does (the bot answers groups only
with a short refusal). With `per_chat`, each message to a private chat first waits for that chat's
slot in the shared budget (one a second, across instances): the operator's progress Bot, whose edits and
summary go to one chat from whichever instance reports. A 429 is retried after its retry_after, for
this call only: unlike PTB 22.8's AIORateLimiter, nothing else is halted.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from aiolimiter import AsyncLimiter
from telegram._utils.types import JSONDict
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from scheduler.send_budget import Priority, SharedBudget
from storage.direct import release_leased_connection

log = logging.getLogger(__name__)

# Lower-case Bot API methods that send or change a message.
MESSAGE_METHODS = frozenset(
    {
        "sendmessage", "sendphoto", "senddocument", "sendaudio", "sendvideo", "sendanimation", "sendvoice",
        "sendvideonote", "sendmediagroup", "sendlocation", "sendvenue", "sendcontact", "sendpoll", "senddice",
        "sendsticker", "sendinvoice", "sendgame", "sendpaidmedia", "copymessage", "copymessages",
        "forwardmessage", "forwardmessages", "editmessagetext", "editmessagecaption", "editmessagemedia",
        "editmessagereplymarkup", "editmessagelivelocation", "stopmessagelivelocation", "stoppoll",
    }
)
GROUP_PER_MINUTE = 20
_MAX_GROUP_LIMITERS = 512

Result = bool | JSONDict | list[JSONDict]


class BudgetRateLimiter(BaseRateLimiter[int]):
    """Waits for a slot of the shared budget before each message; retries a 429 up to `max_retries` times."""

    def __init__(
        self, budget: SharedBudget, *, priority: Priority, max_retries: int = 3, per_chat: bool = False
    ) -> None:
        self.budget = budget
        self.priority = priority
        self.max_retries = max_retries
        self.per_chat = per_chat
        self._groups: dict[int | str, AsyncLimiter] = {}

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        """Wait for the budget (messages only), make the call, and retry it after a 429."""
        await release_leased_connection()  # no database connection kept while waiting for a slot (storage.direct)
        counted = endpoint.lower() in MESSAGE_METHODS
        retries = self.max_retries if rate_limit_args is None else rate_limit_args
        for attempt in range(retries + 1):
            if counted:
                await self._wait_for_slot(data.get("chat_id"))
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                if attempt == retries:
                    raise
                wait = error.retry_after
                seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
                log.info("%s got a 429; retrying this call after %.1f s", endpoint, seconds)
                await asyncio.sleep(seconds + 0.1)
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _wait_for_slot(self, chat_id: object) -> None:
        group = _group_of(chat_id)
        if group is None:
            if self.per_chat and isinstance(chat_id, int | str):
                await self.budget.acquire_chat(int(chat_id))
            await self.budget.acquire(self.priority)
            return
        async with self._group_limiter(group):
            await self.budget.acquire(self.priority)

    def _group_limiter(self, group: int | str) -> AsyncLimiter:
        if len(self._groups) > _MAX_GROUP_LIMITERS:
            # Forget groups that have their whole minute back, as AIORateLimiter does.
            for key, limiter in list(self._groups.items()):
                if limiter.has_capacity(limiter.max_rate):
                    del self._groups[key]
        return self._groups.setdefault(group, AsyncLimiter(GROUP_PER_MINUTE, 60))


def _group_of(chat_id: object) -> int | str | None:
    """The group a chat_id names (negative ids and @usernames), None for a private chat or none."""
    if isinstance(chat_id, str) and not chat_id.lstrip("-").isdigit():
        return chat_id
    with contextlib.suppress(TypeError, ValueError):
        number = int(chat_id)  # type: ignore[call-overload]
        return number if number < 0 else None
    return None
