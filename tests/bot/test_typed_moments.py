"""Moments typed the way people say them, wherever the diary asks for one (through the real bot)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from diary_factory import ALICE, LOG, attacks, diary_harness, log_first_attack

from support.databases import Database
from support.harness import BotHarness


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    async with diary_harness(database) as harness:  # Saturday 21 November 2026, 12:00 in London
        yield harness


@pytest.mark.parametrize(
    ("typed", "started"),
    [
        ("last Tuesday morning", datetime(2026, 11, 17, 8, 0, tzinfo=UTC)),
        ("yesterday 7pm", datetime(2026, 11, 20, 19, 0, tzinfo=UTC)),
        ("2 hours ago", datetime(2026, 11, 21, 10, 0, tzinfo=UTC)),
        ("noon", datetime(2026, 11, 21, 12, 0, tzinfo=UTC)),
        ("11/19 8:15", datetime(2026, 11, 19, 8, 15, tzinfo=UTC)),
    ],
)
async def test_a_typed_start_is_read_as_people_say_it(bot: BotHarness, typed: str, started: datetime) -> None:
    await bot.onboard(ALICE)
    await log_first_attack(bot)
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "Pick a time")

    await bot.send(ALICE, typed)
    await bot.press(ALICE, "Moderate")
    if "Still going on" in bot.fake.last_message(ALICE).button_labels:  # begun on an earlier day
        await bot.press(ALICE, "Still going on")

    assert (await attacks(bot))[-1].started_at == started


async def test_a_typed_end_is_read_as_people_say_it(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "Pick a time")
    await bot.send(ALICE, "yesterday evening")
    await bot.press(ALICE, "Moderate")
    await bot.press(ALICE, "Type when it ended")  # begun yesterday: the end is asked before saving

    await bot.send(ALICE, "last night at 11")
    await bot.press(ALICE, "None of these")

    saved = (await attacks(bot))[-1]
    assert saved.started_at == datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
    assert saved.ended_at == datetime(2026, 11, 20, 23, 0, tzinfo=UTC)


async def test_a_day_without_a_time_is_asked_again(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "Pick a time")

    replies = await bot.send(ALICE, "last Tuesday")

    assert "A day needs a time of day too" in (replies[-1].text or "")
    assert await attacks(bot) == []
