"""The "Other" symptom and trigger, described in a few words: stored as health data, exported, deleted."""

from __future__ import annotations

import io
import zipfile
from collections.abc import AsyncIterator

import pytest
from diary_factory import ALICE, attacks, diary_harness, log_first_attack

from storage.diary import OTHER_LIMIT
from support.databases import Database
from support.harness import BotHarness


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    async with diary_harness(database) as harness:
        yield harness


def visible(bot: BotHarness, phrase: str) -> bool:
    """Whether a message the user sees now (sent or edited in place) contains the phrase."""
    return any(phrase in (m.text or "") for m in bot.fake.visible_messages(ALICE))


async def open_details(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await log_first_attack(bot)
    await bot.press(ALICE, "➕ Add details")


async def test_other_symptom_is_described_in_a_few_words(bot: BotHarness) -> None:
    await open_details(bot)
    await bot.press(ALICE, "🤢 Symptoms")

    await bot.press(ALICE, "Other")
    assert visible(bot, "Describe it in a few words")
    too_long = await bot.send(ALICE, "x" * (OTHER_LIMIT + 1))
    assert f"under {OTHER_LIMIT} characters" in (too_long[-1].text or "")
    saved = await bot.send(ALICE, "tingling lips")

    attack = (await attacks(bot))[-1]
    assert "other" in attack.symptoms and attack.other_symptom == "tingling lips"
    assert "Symptoms: Other (tingling lips)" in (saved[-1].text or "")

    await bot.press(ALICE, "🤢 Symptoms")
    await bot.press(ALICE, "✅ Other")
    attack = (await attacks(bot))[-1]
    assert "other" not in attack.symptoms and attack.other_symptom is None


async def test_other_trigger_can_be_described_or_skipped(bot: BotHarness) -> None:
    await open_details(bot)
    await bot.press(ALICE, "⚡ Triggers")
    await bot.press(ALICE, "Other")
    await bot.press(ALICE, "Skip")

    attack = (await attacks(bot))[-1]
    assert "other" in attack.triggers and attack.other_trigger is None
    assert visible(bot, "Possible triggers")

    await bot.press(ALICE, "✅ Other")
    await bot.press(ALICE, "Other")
    await bot.send(ALICE, "new perfume at work")
    attack = (await attacks(bot))[-1]
    assert attack.other_trigger == "new perfume at work" and attack.triggers.count("other") == 1


async def test_the_words_are_health_data_exported_and_deleted(bot: BotHarness) -> None:
    await open_details(bot)
    await bot.press(ALICE, "🤢 Symptoms")
    await bot.press(ALICE, "Other")
    await bot.send(ALICE, "ringing ears")

    await bot.send(ALICE, "/export")
    archive = bot.fake.last_message(ALICE).document_bytes or b""
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        exported = b"".join(zipped.read(name) for name in zipped.namelist())
    assert b"ringing ears" in exported

    await bot.send(ALICE, "/delete")
    await bot.press(ALICE, "🗑 Yes, delete everything")
    assert await attacks(bot) == []


async def test_without_consent_the_words_are_not_stored(bot: BotHarness) -> None:
    await open_details(bot)
    await bot.press(ALICE, "🤢 Symptoms")
    await bot.press(ALICE, "Other")
    await bot.send(ALICE, "/settings")
    await bot.press(ALICE, "Withdraw consent")
    await bot.press(ALICE, "Yes, withdraw consent")

    await bot.send(ALICE, "ringing ears")

    assert (await attacks(bot))[-1].other_symptom is None
