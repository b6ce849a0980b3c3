"""SharedBudget: a slot is used on time or not at all.

Together with tests/storage/test_send_budget.py (no window of 1 + SEND_JITTER seconds holds more than
rate + 1 slots) this keeps the promise that no second receives more than rate + 1 messages: here, no
message leaves more than SEND_JITTER after its slot, however late its process wakes.
"""

from __future__ import annotations

import pytest

from scheduler.send_budget import MAX_MISSED_SLOTS, Priority, SharedBudget
from storage.send_budget import SEND_JITTER, Reservation

INTERVAL = 0.05


class Row:
    """The budget row on a fake clock: slots INTERVAL apart from now on (storage.send_budget's arithmetic)."""

    def __init__(self, *, answers_read_late: list[float] | None = None) -> None:
        self.now = 1000.0
        self.next_slot = 0.0
        self.slots: list[float] = []
        self.answers_read_late = answers_read_late or []  # the answer reaches the process this much later

    async def reserve(self, *, background: bool) -> Reservation:
        slot = max(self.next_slot, self.now)
        self.next_slot = slot + INTERVAL
        self.slots.append(slot)
        reservation = Reservation(taken=True, slot=slot, wait=slot - self.now)
        self.now += self.answers_read_late.pop(0) if self.answers_read_late else 0.0
        return reservation


def budget_oversleeping(row: Row, late: list[float]) -> SharedBudget:
    """A SharedBudget on the row's clock whose sleeps end `late[i]` seconds after they should (its process
    was held up); the message leaves when acquire returns."""

    async def sleep(seconds: float) -> None:
        row.now += seconds + (late.pop(0) if late else 0.0)

    return SharedBudget(row.reserve, sleep=sleep, clock=lambda: row.now)


@pytest.mark.parametrize("priority", list(Priority))
async def test_a_sender_held_up_past_its_slot_takes_a_new_one(priority: Priority) -> None:
    row = Row()
    row.next_slot = row.now + 0.2  # the next free slot is ahead: the sender sleeps
    budget = budget_oversleeping(row, late=[0.3])

    await budget.acquire(priority)

    # The first slot passed while the process was held; it asked again and left at its second slot.
    assert len(row.slots) == 2
    assert budget.missed == 1
    assert row.now - row.slots[-1] <= SEND_JITTER


async def test_a_sender_that_reads_its_slot_late_takes_a_new_one() -> None:
    row = Row(answers_read_late=[0.0, 0.3])  # the first answer is on time; the second is read 0.3 s late
    row.next_slot = row.now + 0.2
    budget = budget_oversleeping(row, late=[])

    await budget.acquire(Priority.INTERACTIVE)  # learns the clocks' offset
    await budget.acquire(Priority.INTERACTIVE)

    # The second slot was already 0.3 s gone when its answer was read: the wait it named would send late.
    assert len(row.slots) == 3
    assert budget.missed == 1
    assert row.now - row.slots[-1] <= SEND_JITTER


async def test_a_sender_a_little_late_keeps_its_slot() -> None:
    row = Row()
    row.next_slot = row.now + 0.2
    budget = budget_oversleeping(row, late=[SEND_JITTER / 2])

    await budget.acquire(Priority.INTERACTIVE)

    assert len(row.slots) == 1
    assert budget.missed == 0


async def test_messages_never_leave_later_than_the_jitter_after_their_slot() -> None:
    row = Row()
    # Every third sleep is held up for most of a 100 ms CPU-quota period, or far longer.
    holds = [0.0, 0.02, 0.075, 0.0, 0.5, 0.01, 0.0, 0.09, 0.2] * 10
    budget = budget_oversleeping(row, late=list(holds))

    for _ in range(30):
        row.next_slot = max(row.next_slot, row.now + INTERVAL)  # others keep the lane busy: every send sleeps
        before = len(row.slots)
        await budget.acquire(Priority.INTERACTIVE)
        taken = row.slots[before:]
        assert len(taken) <= MAX_MISSED_SLOTS
        if len(taken) < MAX_MISSED_SLOTS:
            assert row.now - taken[-1] <= SEND_JITTER + 1e-9
    assert budget.missed > 0


async def test_unpaced_replies_reserve_nothing() -> None:
    row = Row()
    budget = SharedBudget(row.reserve, interactive_limited=False)

    await budget.acquire(Priority.INTERACTIVE)

    assert row.slots == []
