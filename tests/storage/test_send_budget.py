"""The shared send budget row: reservations from several engines (instances) on one PostgreSQL database."""

from __future__ import annotations

import asyncio
import bisect
import itertools
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_engine, create_read_engine
from storage.migrate import upgrade_schema
from storage.send_budget import CHAT_INTERVAL, SEND_JITTER, BudgetRates, reserve_chat_slot, reserve_send_slot
from support.databases import Database

pytestmark = pytest.mark.parametrize("database", ["postgresql"], indirect=True)

NAME = "123456"
# 40 a second overall, 20 of them for background traffic, which may reserve up to 50 ms ahead.
RATES = BudgetRates.per_second(40, 20, horizon=0.05)
EPSILON = 1e-6  # float arithmetic on epoch seconds


@pytest.fixture
async def engines(database: Database) -> AsyncIterator[list[AsyncEngine]]:
    """Three autocommit engines on one migrated database: three instances' budget connections."""
    setup = create_engine(database.url, search_path=database.search_path)
    await upgrade_schema(setup)
    await setup.dispose()
    made = [create_read_engine(database.url, search_path=database.search_path, pool_size=2) for _ in range(3)]
    yield made
    for engine in made:
        await engine.dispose()


async def test_interactive_slots_from_every_instance_are_spaced_by_the_overall_interval(
    engines: list[AsyncEngine],
) -> None:
    async def reserve(engine: AsyncEngine) -> float:
        reservation = await reserve_send_slot(engine=engine, name=NAME, rates=RATES, background=False)
        assert reservation.taken
        return reservation.slot

    slots = await asyncio.gather(*(reserve(engines[i % 3]) for i in range(30)))

    ordered = sorted(slots)
    gaps = [later - earlier for earlier, later in itertools.pairwise(ordered)]
    assert min(gaps) >= RATES.overall_interval - EPSILON
    # Thirty slots at 40 a second: the last is at least 29 intervals after the first, whoever reserved them.
    assert ordered[-1] - ordered[0] >= 29 * RATES.overall_interval - EPSILON


async def test_background_reserves_only_near_slots_and_at_its_own_rate(engines: list[AsyncEngine]) -> None:
    # Background at 2 a second: a second request within half a second finds its slot beyond the horizon.
    rates = BudgetRates.per_second(40, 2, horizon=0.05)
    taken = []
    for attempt in range(50):
        reservation = await reserve_send_slot(engine=engines[attempt % 3], name=NAME, rates=rates, background=True)
        if not reservation.taken:
            # Not reserved: the slot it would get is beyond the horizon, and it is told when to ask again.
            assert reservation.slot > taken[-1]
            assert reservation.wait > 0
            break
        taken.append(reservation.slot)
    else:
        raise AssertionError("background kept reserving far ahead of time")

    assert taken, "the first background request finds the budget free"
    gaps = [later - earlier for earlier, later in itertools.pairwise(taken)]
    assert all(gap >= rates.background_interval - EPSILON for gap in gaps)


async def test_a_reply_waits_at_most_a_horizon_and_an_interval_behind_background_traffic(
    engines: list[AsyncEngine],
) -> None:
    # Background traffic from two instances takes every slot it may.
    for attempt in range(50):
        reservation = await reserve_send_slot(engine=engines[attempt % 2], name=NAME, rates=RATES, background=True)
        if not reservation.taken:
            break

    reply = await reserve_send_slot(engine=engines[2], name=NAME, rates=RATES, background=False)

    assert reply.taken
    assert reply.wait <= RATES.horizon + RATES.overall_interval + EPSILON


async def test_replies_push_background_traffic_back(engines: list[AsyncEngine]) -> None:
    # A burst of replies books the next half second of the overall lane.
    for _ in range(20):
        last_reply = await reserve_send_slot(engine=engines[0], name=NAME, rates=RATES, background=False)

    background = await reserve_send_slot(engine=engines[1], name=NAME, rates=RATES, background=True)

    # Background traffic only ever gets a slot after the replies already booked (taken or not, by now).
    assert background.slot >= last_reply.slot + RATES.overall_interval - EPSILON


async def test_no_second_gets_more_than_rate_plus_one_even_when_messages_leave_a_little_late(
    engines: list[AsyncEngine],
) -> None:
    # The promise: at most rate + 1 messages reach Telegram in any one second. A message leaves between its
    # slot and SEND_JITTER after it (SharedBudget re-reserves when later), so a second can receive the
    # messages of any window of 1 + SEND_JITTER seconds of slots: no such window may hold more than rate + 1.
    rate = 20
    rates = BudgetRates.per_second(rate, rate - 5)

    async def reserve(engine: AsyncEngine, background: bool) -> list[float]:
        slots = []
        for _ in range(20):
            reservation = await reserve_send_slot(engine=engine, name=NAME, rates=rates, background=background)
            if reservation.taken:
                slots.append(reservation.slot)
        return slots

    # Three instances' replies and two instances' background traffic, at once: 80 slots over 4 seconds.
    found = await asyncio.gather(*(reserve(engines[i % 3], background=i >= 3) for i in range(5)))

    slots = sorted(slot for some in found for slot in some)
    assert len(slots) >= 60
    fullest = max(bisect.bisect_right(slots, slot + 1 + SEND_JITTER) - i for i, slot in enumerate(slots))
    assert fullest <= rate + 1


async def test_one_chat_gets_one_slot_a_second_from_every_instance_and_other_chats_are_not_held_up(
    engines: list[AsyncEngine],
) -> None:
    async def reserve(engine: AsyncEngine, chat_id: int) -> float:
        reservation = await reserve_chat_slot(engine=engine, budget=NAME, chat_id=chat_id)
        assert reservation.taken
        return reservation.slot

    # Three instances send the operator's chat two messages each, at once.
    slots = sorted(await asyncio.gather(*(reserve(engines[i % 3], 999) for i in range(6))))
    other = await reserve_chat_slot(engine=engines[0], budget=NAME, chat_id=1000)

    gaps = [later - earlier for earlier, later in itertools.pairwise(slots)]
    assert min(gaps) >= CHAT_INTERVAL - EPSILON
    # Another chat's first message is due now, not after the operator's five seconds of messages.
    assert other.wait < CHAT_INTERVAL
    # The chat's row is not the bot's: the bot's own lanes are untouched by a chat's reservations.
    first = await reserve_send_slot(engine=engines[1], name=NAME, rates=RATES, background=False)
    assert first.wait < CHAT_INTERVAL
