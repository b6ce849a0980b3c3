"""How updates share the bot: each user's in order, at most one of theirs in a slot, a cap on what one user queues.

PTB's BaseUpdateProcessor takes its semaphore slot *before* calling ``do_process_update`` (its
``process_update`` is final). A per-user lock taken inside that slot let one user's queued updates
occupy every slot while they waited for each other: 40 /report from one user delayed another user's
/help by 31 s. So PTB's semaphore is given a size that only bounds the updates waiting here
(PENDING_LIMIT), and this processor does the ordering itself:

1. An update that would make its sender's queue longer than PER_USER_QUEUE is dropped, and the user
   is told once per burst that some of what they sent was skipped (no database, no slot).
2. It waits for the sender's earlier updates (a per-user lock), so a user's steps run in the order sent.
3. Only then does it wait for one of the `slots` (an asyncio.Semaphore, first come first served).

A user therefore holds at most one slot, and the slot queue holds at most one update per user: everyone
else's update waits for at most one update of each other user. Expensive commands are rate-limited
per user on top of this (bot/budgets.py), so a flood costs one PDF, not fifty.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.error import TelegramError

from bot.instrumentation import MeasuredUpdateProcessor, update_type
from bot.logs import log_user
from bot.metrics import metrics_for
from bot.services import Services
from bot.settings import Settings
from bot.texts import language_from_telegram, texts_for
from bot.webhook_reply import close_slot
from storage.db import is_sqlite

log = logging.getLogger(__name__)

# Updates handled at once on PostgreSQL. Telegram opens up to WEBHOOK_MAX_CONNECTIONS connections at a
# time; one update at a time (PTB's default) would let one slow handler (an export, a chart) hold up everyone.
CONCURRENT_UPDATES = 16
# On SQLite, few: every transaction takes the write lock (BEGIN IMMEDIATE) and waits in SQLite's busy
# handler, which sleeps in growing steps; with 16 in flight p99 went from about 0.5 s to 2 s in
# bench/load.py. One would be fairest for the lock, but then a PDF rendered in a thread holds up everyone.
SQLITE_CONCURRENT_UPDATES = 4
# Updates of one user waiting or running at once; more are dropped (with one notice per burst).
PER_USER_QUEUE = 10
# Bounds only the updates waiting in this processor (PTB's semaphore; see the module docstring).
PENDING_LIMIT = 10_000


def concurrent_updates_for(settings: Settings) -> int:
    """How many updates to handle at once: CONCURRENT_UPDATES on PostgreSQL, SQLITE_CONCURRENT_UPDATES on SQLite."""
    return SQLITE_CONCURRENT_UPDATES if is_sqlite(settings.database_url) else CONCURRENT_UPDATES


class FairUpdateProcessor(MeasuredUpdateProcessor):
    """Handles several updates at once, each user's one after another, at most one slot per user."""

    def __init__(
        self, services: Services, max_concurrent_updates: int | None = None, *, per_user_queue: int = PER_USER_QUEUE
    ) -> None:
        super().__init__(metrics_for(services), PENDING_LIMIT)
        self.slot_count = max_concurrent_updates or concurrent_updates_for(services.settings)
        self.per_user_queue = per_user_queue
        self._slots = asyncio.Semaphore(self.slot_count)
        self._locks: dict[int, asyncio.Lock] = {}
        self._queued: dict[int, int] = {}
        self._told: set[int] = set()  # users told about dropped updates in their current burst

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Drop past the user's cap; else wait for the user's earlier updates, then for a slot, then handle."""
        try:
            await self._process_in_turn(update, coroutine)
        finally:
            close_slot(update)  # a press not answered by now gets an empty webhook reply (bot/webhook_reply.py)

    async def _process_in_turn(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _sender_of(update)
        if key is None:
            async with self._slots:
                await super().do_process_update(update, coroutine)
            return
        if self._queued.get(key, 0) >= self.per_user_queue:
            await self._drop(key, update, coroutine)
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._queued[key] = self._queued.get(key, 0) + 1
        try:
            async with lock, self._slots:
                await super().do_process_update(update, coroutine)
        finally:
            self._queued[key] -= 1
            if not self._queued[key]:  # the last one out forgets the user: no lock per user ever seen
                del self._queued[key], self._locks[key]
                self._told.discard(key)

    async def _drop(self, key: int, update: object, coroutine: Awaitable[Any]) -> None:
        """Skip an update over the user's cap; tell the user once per burst."""
        if inspect.iscoroutine(coroutine):
            coroutine.close()  # never started: nothing of it ran
        self.metrics.observe_update(update_type(update), "dropped", 0.0)
        if key in self._told or not isinstance(update, Update) or update.effective_chat is None:
            return
        self._told.add(key)
        log.warning("updates from %s dropped: more than %d queued", log_user(key), self.per_user_queue)
        # No database here (that is the point of dropping): the language of the user's Telegram app.
        language = language_from_telegram(update.effective_user.language_code if update.effective_user else None)
        try:
            await update.effective_chat.send_message(texts_for(language).TOO_MANY_UPDATES)
        except TelegramError as exc:
            log.warning("could not tell %s about dropped updates: %s", log_user(key), type(exc).__name__)

    @property
    def waiting_users(self) -> int:
        """Users with an update waiting or running here (for tests and benchmarks)."""
        return len(self._queued)


def _sender_of(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat is not None else None
