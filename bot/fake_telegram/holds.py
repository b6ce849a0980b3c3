"""Answers held back: Telegram has carried out a call (the message is delivered) but its answer is late.

What a bot sees when Telegram is slow to answer: the request has arrived and done its work, and the
bot is still waiting for the response. Tests use it to stop the bot while sends are in flight, and to
check that a message that did go out is recorded as sent (FakeTelegram.hold_answers).
"""

from __future__ import annotations

import asyncio

from bot.fake_telegram.server import LoopEvent


class AnswerHold:
    """Holds the answers to calls of one method (and chat, if given) until `release()`."""

    def __init__(self, method: str, chat_id: int | None) -> None:
        self.method = method.lower()
        self.chat_id = chat_id
        self.waiting = 0  # calls carried out whose answer is held right now
        self.held = 0  # calls held so far, released or not
        self.released = False
        self._release = LoopEvent()
        self._changed = LoopEvent()

    def matches(self, method: str, chat_id: int | None) -> bool:
        """Whether the answer to this call is held."""
        if self.released or method.lower() != self.method:
            return False
        return self.chat_id is None or self.chat_id == chat_id

    async def keep(self) -> None:
        """Wait, as the caller's answer, until the hold is released (or the caller gives up)."""
        release = self._release.get()
        self.waiting += 1
        self.held += 1
        self._changed.set()
        try:
            await release.wait()
        finally:
            self.waiting -= 1
            self._changed.set()

    def release(self) -> None:
        """Send every held answer now, and hold no more."""
        self.released = True
        self._release.get().set()

    async def wait_for_waiting(self, count: int, *, timeout: float = 10.0) -> None:
        """Wait until at least `count` answers are held at once; AssertionError after `timeout` s."""
        try:
            async with asyncio.timeout(timeout):
                while self.waiting < count:
                    changed = self._changed.get()
                    changed.clear()
                    await changed.wait()
        except TimeoutError:
            held = f"{self.waiting} held now"
            raise AssertionError(f"waited {timeout}s for {count} held {self.method} answer(s); {held}") from None
