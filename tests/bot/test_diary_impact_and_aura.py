"""Impact unknown until answered, auras without headache, several aura kinds (issue 13, items 4-6)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from diary_factory import ALICE, LOG, NOW, add_attack, attacks, diary_harness, log_first_attack

from support.databases import Database
from support.harness import BotHarness


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    async with diary_harness(database) as harness:
        yield harness


def stats_text(bot: BotHarness) -> str:
    """The newest /stats message (the chart photo comes after it)."""
    messages = reversed(bot.fake.visible_messages(ALICE))
    return next(m.source_text or "" for m in messages if "Headache days" in (m.text or ""))


async def test_impact_is_unknown_until_answered_and_shown_as_not_recorded(bot: BotHarness) -> None:
    await bot.onboard(ALICE)

    await log_first_attack(bot)

    [attack] = await attacks(bot)
    assert attack.impact is None
    await bot.send(ALICE, "/diary")
    await bot.press(ALICE, bot.fake.last_message(ALICE).button_labels[0])
    assert "Impact: not recorded" in bot.last_text(ALICE)
    await bot.press(ALICE, "✏️ Change details")
    await bot.press(ALICE, "🏠 Impact")
    await bot.press(ALICE, "Carried on as normal")
    assert (await attacks(bot))[0].impact == "normal"
    assert "Impact: Carried on as normal" in bot.last_text(ALICE)


async def test_unanswered_impact_stays_out_of_the_impact_counts(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    day = timedelta(days=1)
    await add_attack(bot, started_at=NOW - 3 * day, ended_at=NOW - 3 * day + timedelta(hours=3), impact="unable")
    await add_attack(bot, started_at=NOW - 5 * day, ended_at=NOW - 5 * day + timedelta(hours=3))
    await add_attack(bot, started_at=NOW - 7 * day, ended_at=NOW - 7 * day + timedelta(hours=3))

    await bot.send(ALICE, "/stats")

    text = stats_text(bot)
    assert "Days unable to function: <b>1</b>" in text and "limited: <b>0</b>" in text
    assert "Impact not recorded for 2 of these attacks" in text


async def test_aura_without_pain_is_an_aura_only_attack_not_a_headache_day(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "1 h ago")

    await bot.press(ALICE, "None")  # no pain at all
    await bot.press(ALICE, "None of these")  # the first entry passes the red-flag questions

    [attack] = await attacks(bot)
    assert (attack.peak_intensity, attack.aura) == (0, True)  # aura ticked for the user
    assert any("Aura without headache" in (m.text or "") for m in bot.fake.visible_messages(ALICE))
    await bot.press(ALICE, "It ended")
    await bot.press(ALICE, "Just now")
    await bot.press(ALICE, "➕ Add details")
    await bot.press(ALICE, "✨ Aura & phases")
    await bot.press(ALICE, "5–30 min")
    await bot.press(ALICE, "✅ Aura")  # unticking would turn it into a painless headache
    phases = next(m for m in bot.fake.visible_messages(ALICE) if "✅ Aura" in m.button_labels)
    assert "aura without headache" in (phases.text or "")
    assert (await attacks(bot))[0].aura is True

    await bot.send(ALICE, "/stats")

    text = stats_text(bot)
    assert "Headache days: <b>0</b>" in text
    assert "Migraine-like days: <b>1</b>" in text  # an aura of 5-60 min (fact sheet, section 7)
    assert "Attacks: <b>0</b>" in text and "Auras without headache: <b>1</b>" in text


async def test_aura_kinds_are_multi_choice_with_a_duration(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await log_first_attack(bot)
    await bot.press(ALICE, "➕ Add details")
    await bot.press(ALICE, "✨ Aura & phases")
    await bot.press(ALICE, "Aura")

    labels = bot.buttons(ALICE)
    for kind in ("Visual", "Sensory", "Speech", "Weakness (motor)", "Brainstem", "One eye (retinal)"):
        assert kind in labels
    for kind in ("Visual", "Speech", "Brainstem", "One eye (retinal)"):
        await bot.press(ALICE, kind)
    await bot.press(ALICE, "✅ Speech")  # untick
    await bot.press(ALICE, "30–60 min")

    attack = (await attacks(bot))[0]
    assert (attack.aura_kinds, attack.aura_minutes) == (["visual", "brainstem", "retinal"], 45)
    await bot.press(ALICE, "« Back")
    menu = next(m for m in bot.fake.visible_messages(ALICE) if "✨ Aura & phases" in m.button_labels)
    assert "Phases: Aura, Visual, Brainstem, One eye (retinal), 30–60 min" in (menu.text or "")
    await bot.press(ALICE, "✨ Aura & phases")
    await bot.press(ALICE, "✅ Aura")  # aura off forgets its kinds and duration
    attack = (await attacks(bot))[0]
    assert (attack.aura, attack.aura_kinds, attack.aura_minutes) == (False, [], None)
