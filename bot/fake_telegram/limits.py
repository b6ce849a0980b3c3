"""Telegram's documented flood limits, enforced by the fake: over them, a 429 with `retry_after`.

Telegram's FAQ: "no more than 30 messages per second or so" in bulk; "in a single chat, avoid sending
more than one message per second. We may allow short bursts that go over this limit, but eventually
you'll begin receiving 429 errors"; "no more than 20 messages per minute to the same group". The fake
models these as:

* overall: at most `overall_per_second` messages in any sliding 1-second window;
* a private chat: a token bucket of `private_chat_burst` messages refilled at 1 a second (the "short
  bursts" Telegram tolerates, e.g. a reply and a menu for one tap);
* a group (negative chat id): at most `group_per_minute` in any sliding 60-second window.

"Messages" are the calls that put or change a message in a chat: send*, copy, forward and edits. Service
calls (answerCallbackQuery, sendChatAction, getMe, setWebhook, ...) are free, as on Telegram. Every call
over a limit is answered like Telegram does, ``{"ok": false, "error_code": 429, "description": "Too Many
Requests: retry after N", "parameters": {"retry_after": N}}``, and is remembered in `refusals`, so a
test or a benchmark can assert that there were none. Benchmarks of CPU cost lift the limits
(`limits=None`).
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from bot.fake_telegram.errors import ApiError

# Lower-case Bot API methods that count as a message (the fake's method table and the ones it may grow).
MESSAGE_METHODS = frozenset(
    {
        "sendmessage", "sendphoto", "senddocument", "sendaudio", "sendvideo", "sendanimation", "sendvoice",
        "sendvideonote", "sendmediagroup", "sendlocation", "sendvenue", "sendcontact", "sendpoll", "senddice",
        "sendsticker", "copymessage", "copymessages", "forwardmessage", "forwardmessages", "editmessagetext",
        "editmessagecaption", "editmessagemedia", "editmessagereplymarkup",
    }
)


@dataclass(frozen=True, slots=True)
class RateLimits:
    """The limits to enforce; the defaults are Telegram's documented ones."""

    overall_per_second: int = 30
    private_chat_per_second: float = 1.0
    private_chat_burst: int = 3
    group_per_minute: int = 20


@dataclass(frozen=True, slots=True)
class Refusal:
    """One call the fake refused for going over a limit: which limit, when (monotonic), and to which chat."""

    limit: str
    method: str
    chat_id: int | None
    at: float
    retry_after: int


class LimitKeeper:
    """Counts message calls per bot, per private chat and per group, and refuses those over a limit."""

    def __init__(self, limits: RateLimits, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self.clock = clock
        self.refusals: list[Refusal] = []
        self._overall: deque[float] = deque()
        self._private: dict[int, tuple[float, float]] = {}  # chat id -> (tokens, when counted)
        self._groups: dict[int, deque[float]] = {}

    def admit(self, method: str, chat_id: int | None) -> None:
        """Count one call, or raise the 429 ApiError Telegram would answer; free calls pass untouched."""
        if method.lower() not in MESSAGE_METHODS:
            return
        now = self.clock()
        wait = self._overall_wait(now)
        limit = "overall"
        if not wait and chat_id is not None and chat_id < 0:
            wait, limit = self._group_wait(chat_id, now), "group"
        elif not wait and chat_id is not None:
            wait, limit = self._private_wait(chat_id, now), "private chat"
        if wait:
            retry_after = max(1, math.ceil(wait))
            self.refusals.append(Refusal(limit, method, chat_id, now, retry_after))
            raise ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)
        self._overall.append(now)
        if chat_id is not None and chat_id < 0:
            self._groups.setdefault(chat_id, deque()).append(now)
        elif chat_id is not None:
            tokens, _ = self._private_tokens(chat_id, now)
            self._private[chat_id] = (tokens - 1, now)

    def _overall_wait(self, now: float) -> float:
        """Seconds until one more message fits in the sliding second (0: it fits now)."""
        window = self._overall
        while window and window[0] <= now - 1.0:
            window.popleft()
        if len(window) < self.limits.overall_per_second:
            return 0.0
        return window[0] + 1.0 - now

    def _group_wait(self, chat_id: int, now: float) -> float:
        """Seconds until the group's sliding minute has room (0: it has now)."""
        window = self._groups.get(chat_id)
        if window is None:
            return 0.0
        while window and window[0] <= now - 60.0:
            window.popleft()
        if len(window) < self.limits.group_per_minute:
            return 0.0
        return window[0] + 60.0 - now

    def _private_tokens(self, chat_id: int, now: float) -> tuple[float, float]:
        """The chat's bucket refilled up to now."""
        limits = self.limits
        tokens, counted = self._private.get(chat_id, (float(limits.private_chat_burst), now))
        tokens = min(float(limits.private_chat_burst), tokens + (now - counted) * limits.private_chat_per_second)
        return tokens, now

    def _private_wait(self, chat_id: int, now: float) -> float:
        """Seconds until the chat's bucket holds one message (0: it does now)."""
        tokens, _ = self._private_tokens(chat_id, now)
        if tokens >= 1.0:
            return 0.0
        return (1.0 - tokens) / self.limits.private_chat_per_second
