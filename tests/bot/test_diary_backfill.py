"""Logging past attacks: a date picker for past months, the end or duration, several in a row (issue 13, item 2)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from diary_factory import ALICE, LOG, NOW, attacks, diary_harness, log_first_attack

from support.databases import Database
from support.harness import BotHarness


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    async with diary_harness(database) as harness:
        yield harness


async def test_a_paper_diary_from_past_months_goes_in_attack_after_attack(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await log_first_attack(bot)
    await bot.send(ALICE, LOG)

    await bot.press(ALICE, "📅 Another day")
    assert "November 2026" in bot.last_text(ALICE)
    await bot.press(ALICE, "« Oct")
    await bot.press(ALICE, "« Sept")  # CLDR's English abbreviation
    await bot.press(ALICE, "3")
    await bot.press(ALICE, "Morning")
    await bot.press(ALICE, "Moderate")
    assert "How long did it last?" in bot.last_text(ALICE)
    assert "Still going on" not in bot.fake.last_message(ALICE).button_labels  # more than 14 days ago
    replies = await bot.press(ALICE, "4 h")

    texts = " ".join(m.text or "" for m in replies)
    assert "14 days" not in texts and "✅ Saved to your diary." in texts
    past = (await attacks(bot))[-1]
    start = datetime(2026, 9, 3, 7, 0, tzinfo=UTC)  # 08:00 BST
    assert (past.started_at, past.ended_at, past.peak_intensity) == (start, start + timedelta(hours=4), 5)

    await bot.press(ALICE, "📅 Log another past headache")
    assert "September 2026" in bot.last_text(ALICE)  # the picker opens on the same month
    await bot.press(ALICE, "10")
    await bot.press(ALICE, "Evening")
    await bot.press(ALICE, "Mild")
    await bot.press(ALICE, "1 day")

    second = (await attacks(bot))[-1]
    evening = datetime(2026, 9, 10, 17, 0, tzinfo=UTC)
    assert (second.started_at, second.ended_at, second.peak_intensity) == (evening, evening + timedelta(days=1), 2)
    assert len(await attacks(bot)) == 3


async def test_a_past_attack_may_end_at_a_typed_time_or_still_go_on(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await log_first_attack(bot)
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "Pick a time")
    await bot.send(ALICE, "yesterday 20:00")
    await bot.press(ALICE, "Moderate")

    assert "Still going on" in bot.fake.last_message(ALICE).button_labels
    await bot.press(ALICE, "Type when it ended")
    await bot.send(ALICE, "19:00")  # on the day it started: before the start
    assert "before the headache started" in bot.last_text(ALICE)
    await bot.send(ALICE, "23:30")

    past = (await attacks(bot))[-1]
    assert (past.started_at, past.ended_at) == (NOW - timedelta(hours=16), NOW - timedelta(hours=12, minutes=30))


async def test_the_date_picker_offers_no_future_day(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, LOG)

    await bot.press(ALICE, "📅 Another day")

    labels = bot.fake.last_message(ALICE).button_labels
    assert "21" in labels and "22" not in labels and "Dec »" not in labels
    await bot.press(ALICE, "Mo")  # a heading: nothing happens
    assert "November 2026" in bot.last_text(ALICE)
