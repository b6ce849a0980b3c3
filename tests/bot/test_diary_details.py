"""Details of a saved attack: symptoms, triggers, phases, impact, notes, and medicine with its follow-up."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from diary_factory import (
    ALICE,
    LOG,
    NOW,
    add_attack,
    attacks,
    audit,
    clock,
    diary_harness,
    intakes,
    log_first_attack,
    medicines,
    rows,
)

from storage.schedule_models import Schedule
from support.databases import Database
from support.harness import BotHarness


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    async with diary_harness(database) as harness:
        yield harness


async def test_took_medicine_adds_it_to_the_list_and_schedules_the_follow_up(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await log_first_attack(bot)
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "Now")
    await bot.press(ALICE, "Moderate")

    await bot.press(ALICE, "💊 Took medicine")
    await bot.press(ALICE, "➕ Add a medicine")
    await bot.send(ALICE, "Sumatriptan 50 mg")
    await bot.press(ALICE, "✅ Yes, sumatriptan")  # recognised by the medicine dictionary
    await bot.press(ALICE, "Now")

    dose = (await intakes(bot))[-1]
    assert (dose.name, dose.med_class, dose.atc_code, dose.taken_at) == ("Sumatriptan 50 mg", "triptan", "N02CC01", NOW)
    assert dose.attack_id == (await attacks(bot))[-1].id
    assert "I'll ask in 2 hours whether it helped." in bot.last_text(ALICE)
    followups = [s for s in await rows(bot, Schedule, ALICE) if s.kind == "followup"]
    assert [(s.due_at, s.payload["intake_id"]) for s in followups] == [(NOW + timedelta(hours=2), dose.id)]


async def test_a_listed_medicine_is_one_tap(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await log_first_attack(bot)
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "Now")
    await bot.press(ALICE, "Moderate")
    await bot.press(ALICE, "💊 Took medicine")
    await bot.press(ALICE, "➕ Add a medicine")
    await bot.send(ALICE, "Ibuprofen")
    await bot.press(ALICE, "✅ Yes, ibuprofen")
    await bot.press(ALICE, "Now")
    clock(bot).advance(timedelta(minutes=40))

    await bot.press(ALICE, "« Back to the entry")
    await bot.press(ALICE, "💊 Took medicine")
    await bot.press(ALICE, "Ibuprofen")
    await bot.press(ALICE, "Now")

    assert [d.taken_at for d in await intakes(bot)] == [NOW, NOW + timedelta(minutes=40)]
    assert len(await medicines(bot)) == 1


async def test_medicine_for_an_ended_attack_asks_when_and_then_whether_it_helped(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await add_attack(bot, started_at=NOW - timedelta(hours=8), ended_at=NOW - timedelta(hours=2))
    await bot.send(ALICE, "/diary")
    await bot.press(ALICE, bot.fake.last_message(ALICE).button_labels[0])
    await bot.press(ALICE, "✏️ Change details")
    await bot.press(ALICE, "💊 Medicine")
    await bot.press(ALICE, "➕ Add a medicine")
    await bot.send(ALICE, "Rimegepant")
    await bot.press(ALICE, "✅ Yes, rimegepant")

    await bot.press(ALICE, "1 h in")
    await bot.press(ALICE, "Good help")

    dose = (await intakes(bot))[0]
    assert (dose.taken_at, dose.effect) == (NOW - timedelta(hours=7), "good")
    assert [s for s in await rows(bot, Schedule, ALICE) if s.kind == "followup"] == []


async def test_details_added_later_are_saved_and_audited_without_text(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await log_first_attack(bot)

    await bot.send(ALICE, "/diary")
    await bot.press(ALICE, bot.fake.last_message(ALICE).button_labels[0])
    await bot.press(ALICE, "✏️ Change details")
    await bot.press(ALICE, "🤢 Symptoms")
    await bot.press(ALICE, "Nausea")
    await bot.press(ALICE, "Light sensitivity")
    await bot.press(ALICE, "Throbbing")
    await bot.press(ALICE, "✅ Nausea")  # tapping again removes it
    await bot.press(ALICE, "« Back")
    await bot.press(ALICE, "⚡ Triggers")
    await bot.press(ALICE, "Poor sleep")
    await bot.press(ALICE, "➕ Add your own")
    await bot.send(ALICE, "Cheese")
    await bot.press(ALICE, "✨ Aura & phases")
    await bot.press(ALICE, "Aura")
    await bot.press(ALICE, "Visual")
    await bot.press(ALICE, "Sensory")  # an aura may be of several kinds
    await bot.press(ALICE, "5–30 min")
    await bot.press(ALICE, "« Back")
    await bot.press(ALICE, "🏠 Impact")
    await bot.press(ALICE, "Unable to function")
    await bot.press(ALICE, "📝 Note")
    await bot.send(ALICE, "Started at work, skipped lunch 🥪")

    attack = (await attacks(bot))[0]
    assert attack.symptoms == ["photophobia"] and attack.features == ["throbbing"]
    assert attack.triggers == ["poor_sleep", "Cheese"]
    assert (attack.aura, attack.aura_kinds, attack.aura_minutes) == (True, ["visual", "sensory"], 15)
    assert (attack.impact, attack.notes) == ("unable", "Started at work, skipped lunch 🥪")
    text = bot.last_text(ALICE)
    assert "Light sensitivity, Throbbing" in text and "Cheese" in text and "skipped lunch" in text
    entries = await audit(bot)
    assert {e.action for e in entries} == {"diary.attack.edit"}
    assert all("lunch" not in e.detail and "Cheese" not in e.detail for e in entries)
    assert any(e.detail.endswith("fields=notes") for e in entries)


@pytest.mark.parametrize(
    ("note", "stored"),
    [
        ("🙂" * 500, "🙂" * 500),
        ("line one\nline two\u0000\u0007", "line one\nline two"),
        ("<b>not html</b> & more", "<b>not html</b> & more"),
    ],
)
async def test_odd_notes_are_stored_safely(bot: BotHarness, note: str, stored: str) -> None:
    await bot.onboard(ALICE)
    await add_attack(bot)
    await bot.send(ALICE, "/diary")
    await bot.press(ALICE, bot.fake.last_message(ALICE).button_labels[0])
    await bot.press(ALICE, "✏️ Change details")
    await bot.press(ALICE, "📝 Note")

    await bot.send(ALICE, note)

    assert (await attacks(bot))[0].notes == stored
    assert bot.last_text(ALICE).startswith("📝 Note saved.")


async def test_a_4000_character_note_is_refused_and_the_note_step_waits(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await add_attack(bot)
    await bot.send(ALICE, "/diary")
    await bot.press(ALICE, bot.fake.last_message(ALICE).button_labels[0])
    await bot.press(ALICE, "✏️ Change details")
    await bot.press(ALICE, "📝 Note")

    replies = await bot.send(ALICE, "x" * 4000)
    assert "under 2000 characters" in (replies[-1].text or "")
    assert (await attacks(bot))[0].notes == ""
    await bot.send(ALICE, "shorter")
    assert (await attacks(bot))[0].notes == "shorter"


async def test_someone_elses_attack_buttons_are_stale(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.onboard(2002)
    theirs = await add_attack(bot, user_id=2002)
    mine = bot.fake.last_message(ALICE)

    for action in ("menu", "end", "med", "sy:1:nausea", "in:1:9"):
        name, *rest = action.split(":")
        data = f"atk:{name}:{theirs.id}" + (":" + rest[-1] if rest else "")
        await bot.press_data(ALICE, mine.message_id, data, check_button=False)

    assert bot.callback_answers()[-5:] == ["This button is no longer active."] * 5
    assert (await attacks(bot, 2002))[0].symptoms == []


async def test_a_dose_logged_by_mistake_can_be_removed(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await log_first_attack(bot)
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "Now")
    await bot.press(ALICE, "Moderate")
    await bot.press(ALICE, "💊 Took medicine")
    await bot.press(ALICE, "➕ Add a medicine")
    await bot.send(ALICE, "Aspirin")
    await bot.press(ALICE, "✅ Yes, aspirin")
    await bot.press(ALICE, "Now")
    await bot.press(ALICE, "« Back to the entry")
    await bot.press(ALICE, "💊 Took medicine")

    await bot.press(ALICE, "🗑 Aspirin, today 12:00")

    assert await intakes(bot) == []
    assert [e.action for e in await audit(bot)][-1] == "diary.intake.delete"
    assert "🗑 Aspirin, today 12:00" not in bot.fake.last_message(ALICE).button_labels
