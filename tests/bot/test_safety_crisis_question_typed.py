"""Words typed in reply to the crisis question never close it silently (found by the clinical review, 2026-12-06).

"sometimes", "not sure", "no but I'm so tired of this" are neither a yes nor a no. They get the whole crisis
message, as a "yes" does (a hedge is heard as the beginning of a yes), not the words for a "no", and no
lesson. A question asked hours ago is not being answered any more.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from diary_factory import diary_harness

from bot.texts import texts_for
from scheduler.clock import ManualClock
from support.databases import Database
from support.harness import BotHarness

ALICE = 6301
WHAT_POINT = "some days i wonder what the point of carrying on is"
QUESTION = "thoughts of ending your life"


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    async with diary_harness(database) as harness:
        await harness.onboard(ALICE, zone="America/New_York")
        yield harness


async def asked(bot: BotHarness) -> None:
    replies = await bot.send(ALICE, WHAT_POINT)
    assert QUESTION in (replies[-1].text or "")


@pytest.mark.parametrize("answer", ["sometimes", "not sure tbh", "no but im so tired of all of this"])
async def test_a_hedged_answer_gets_the_crisis_lines_and_no_lesson(bot: BotHarness, answer: str) -> None:
    await asked(bot)

    replies = await bot.send(ALICE, answer)

    text = "\n".join(r.text or "" for r in replies)
    assert "988" in text and "findahelpline.com" in text
    assert opening(texts_for("en").CRISIS) in plain(text)
    assert opening(texts_for("en").CRISIS_ANSWERED_NO) not in plain(text)
    assert "lesson" not in text.lower() and "log" not in text.lower()


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def opening(template: str) -> str:
    """A template's first sentence, without its markup: what a user sees first."""
    return plain(template).split(".")[0]


async def test_words_hours_after_the_question_are_not_an_answer_to_it(bot: BotHarness) -> None:
    await asked(bot)
    assert isinstance(bot.services.clock, ManualClock)
    bot.services.clock.advance(timedelta(hours=3))

    replies = await bot.send(ALICE, "what is a prodrome?")

    assert "988" not in "\n".join(r.text or "" for r in replies)
