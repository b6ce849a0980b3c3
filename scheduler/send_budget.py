"""One Telegram rate budget for every instance: waiting for a send slot reserved in PostgreSQL.

Telegram's limits are per bot, not per process. With SQLite there is one process, and it paces itself
in memory (PTB's AIORateLimiter for replies, scheduler.broadcast_pacing.LimiterPacer for the rest), as
before. With PostgreSQL every message (reply, reminder, broadcast, progress edit) first reserves a slot
in the shared row (storage/send_budget.py), so together the instances stay under the configured rates
however many there are. Interactive replies have priority: background reservations are only taken
when they are nearly due, so a reply never queues behind a broadcast.

A slot is used on time or not at all: a sender that wakes more than SEND_JITTER after its slot (its
process was held up) reserves a new one rather than send late, where its message would join the next
second's on-time ones (storage/send_budget.py says why that breaks the promise).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import Protocol

from scheduler.broadcast_pacing import Sleep
from storage.send_budget import SEND_JITTER, Reservation

# A background sender told "not yet" asks again after at least this long: with every instance's
# background lane asking at most once per wait, the row sees a few requests per slot, not a storm.
MIN_RETRY_SECONDS = 0.005
# A sender that keeps waking late (a starved process) sends after this many missed slots rather than
# never: each miss costs a slot of everyone's budget.
MAX_MISSED_SLOTS = 3
# Recent answers whose timing estimates this clock's offset from the database's (a clock step ages out).
OFFSET_SAMPLES = 64


class Priority(StrEnum):
    """Who is sending: a reply to a person waiting now, or traffic that can wait its turn."""

    INTERACTIVE = "interactive"
    BACKGROUND = "background"


class Reserve(Protocol):
    """Reserves one slot in the shared budget (storage.send_budget.reserve_send_slot, bound to a row)."""

    def __call__(self, *, background: bool) -> Awaitable[Reservation]:
        """Ask for the next slot of the lane."""
        ...


class ReserveChat(Protocol):
    """Reserves one slot for one private chat (storage.send_budget.reserve_chat_slot, bound to the bot's budget)."""

    def __call__(self, chat_id: int) -> Awaitable[Reservation]:
        """Ask for the chat's next slot."""
        ...


class SharedBudget:
    """Waits for a slot in the budget every instance shares; one per process."""

    def __init__(
        self,
        reserve: Reserve,
        *,
        reserve_chat: ReserveChat | None = None,
        interactive_limited: bool = True,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._reserve = reserve
        self._reserve_chat = reserve_chat
        self.interactive_limited = interactive_limited
        self._sleep = sleep
        self._clock = clock
        self.missed = 0  # slots given up because this process woke too late for them
        self._offsets: deque[float] = deque(maxlen=OFFSET_SAMPLES)
        # One background request of this process at a time: the others wait here, not on the row.
        self._background = asyncio.Lock()
        self.reservations = 0  # round trips made, for benchmarks
        # The longest wait for a slot the database handed out, per priority (a reply's shows its priority).
        self.longest_wait = dict.fromkeys(Priority, 0.0)

    async def acquire(self, priority: Priority) -> None:
        """Return when one message of this priority may be sent: at its slot, or at most SEND_JITTER after."""
        if priority is Priority.INTERACTIVE and not self.interactive_limited:
            return  # TELEGRAM_OVERALL_MAX_RATE=0: replies are not paced, and take nothing from the lanes
        for _ in range(MAX_MISSED_SLOTS):
            reservation = await self._take(priority)
            # (This clock - the database's when it answered): the clocks' offset plus the answer's delay.
            self._offsets.append(self._clock() - (reservation.slot - reservation.wait))
            self._note(priority, reservation.wait)
            if reservation.wait > 0:
                await self._sleep(reservation.wait)
            if self._late(reservation) <= SEND_JITTER:
                return
            self.missed += 1  # held up past the slot: sending now would crowd the slots after it

    async def acquire_chat(self, chat_id: int) -> None:
        """Return at this message's slot among those to one private chat, from every instance.

        Wait for this before `acquire`: the chat's slot spaces the messages to the chat, the lane's slot
        then spaces them among everything the bot sends. Without `reserve_chat` (tests of the lanes alone),
        chats are not paced.
        """
        if self._reserve_chat is None:
            return
        self.reservations += 1
        reservation = await self._reserve_chat(chat_id)
        if reservation.wait > 0:
            await self._sleep(reservation.wait)

    def _late(self, reservation: Reservation) -> float:
        """How long after its slot this process is now, on the database's clock.

        Not counted from the answer's arrival: the answer can itself be read late (a process at its CPU
        quota), and then so would every slot be. The smallest recent (offset + delay) sample is the
        offset with the least delay.
        """
        return self._clock() - min(self._offsets) - reservation.slot

    async def _take(self, priority: Priority) -> Reservation:
        """A slot of the lane: an interactive one at once; a background one when it is near."""
        if priority is Priority.INTERACTIVE:
            return await self._ask(background=False)
        async with self._background:
            while True:
                reservation = await self._ask(background=True)
                if reservation.taken:
                    return reservation
                await self._sleep(max(reservation.wait, MIN_RETRY_SECONDS))

    def _note(self, priority: Priority, wait: float) -> None:
        self.longest_wait[priority] = max(self.longest_wait[priority], wait)

    async def _ask(self, *, background: bool) -> Reservation:
        self.reservations += 1
        return await self._reserve(background=background)


class BudgetPacer:
    """scheduler.broadcast_pacing.Pacer on the shared budget, for broadcasts and reminders."""

    def __init__(self, budget: SharedBudget, *, rate: float, priority: Priority = Priority.BACKGROUND) -> None:
        self.budget = budget
        self.rate = rate
        self.priority = priority

    async def acquire(self) -> None:
        """Wait for the next background slot."""
        await self.budget.acquire(self.priority)
