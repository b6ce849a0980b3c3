"""The red-flag screen before saving a first or severe attack, and red flags in typed notes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from diary_factory import ALICE, LOG, URGENT_START, add_attack, attacks, diary_harness, safety_events
from sqlalchemy import event

from bot.diary.triage import EMERGENCY_CODES, tier_of
from bot.texts import en
from content.redflags import Tier
from support.databases import Database
from support.harness import BotHarness

QUESTIONS = list(en.TRIAGE_QUESTIONS.items())
SAME_DAY_START = "⚠️ Please see a doctor today."


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    async with diary_harness(database) as harness:
        yield harness


async def test_first_attack_asks_every_red_flag_question_on_one_screen(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "Now")

    replies = await bot.press(ALICE, "Mild")

    screen = bot.fake.last_message(ALICE)
    assert replies == [] and await attacks(bot) == []  # edited in place, nothing saved yet
    assert screen.button_labels == [f"⬜ {q}" for _, q in QUESTIONS] + ["None of these", "Done"]


async def test_later_mild_attack_skips_the_screen_but_severe_gets_it(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await add_attack(bot, ended_at=None)
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "Log another headache")
    await bot.press(ALICE, "Now")
    await bot.press(ALICE, "Save as a new one")  # over the one going on, on purpose

    await bot.press(ALICE, "Severe")

    assert bot.fake.last_message(ALICE).button_labels[-2:] == ["None of these", "Done"]
    await bot.press(ALICE, "None of these")
    assert [a.peak_intensity for a in await attacks(bot)] == [5, 8]
    assert await safety_events(bot) == []


@pytest.mark.parametrize(("code", "question"), QUESTIONS, ids=[code for code, _ in QUESTIONS])
async def test_each_yes_sends_urgent_care_first_then_saves_and_records_the_code(
    bot: BotHarness, code: str, question: str
) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "Now")
    await bot.press(ALICE, "Severe")
    await bot.press(ALICE, f"⬜ {question}")
    assert f"☑️ {question}" in bot.fake.last_message(ALICE).button_labels

    replies = await bot.press(ALICE, "Done")

    severe_tier = tier_of([code], 8)
    assert (replies[0].text or "").startswith(URGENT_START if severe_tier is Tier.EMERGENCY else SAME_DAY_START)
    assert "999 or 112" in (replies[0].text or "")  # Alice is in London
    assert replies[-1].text == "✅ Saved to your diary."
    assert [a.peak_intensity for a in await attacks(bot)] == [8]
    events = await safety_events(bot)
    assert [(e.source, e.codes) for e in events] == [("diary_triage", code)]


async def test_unticking_a_question_takes_it_back(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "Now")
    await bot.press(ALICE, "Severe")
    first, second = QUESTIONS[0][1], QUESTIONS[1][1]
    await bot.press(ALICE, f"⬜ {first}")
    await bot.press(ALICE, f"⬜ {second}")
    await bot.press(ALICE, f"☑️ {first}")

    replies = await bot.press(ALICE, "Done")

    assert (replies[0].text or "").startswith(URGENT_START)
    assert [e.codes for e in await safety_events(bot)] == [QUESTIONS[1][0]]


async def test_none_of_these_saves_without_urgent_message(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "Now")
    await bot.press(ALICE, "Moderate")

    replies = await bot.press(ALICE, "None of these")

    assert [m.text for m in replies] == ["✅ Saved to your diary."]
    assert len(await attacks(bot)) == 1 and await safety_events(bot) == []


async def test_none_of_these_saves_at_once_without_touching_the_dialog_twice(
    database: Database, bot: BotHarness
) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "Now")
    await bot.press(ALICE, "Severe")
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement.split(None, 1)[0].upper())

    engines = [e.sync_engine for e in (bot.services.engine, bot.services.reads) if e is not None]
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        replies = await bot.press(ALICE, "None of these")
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)

    assert replies[-1].text == "✅ Saved to your diary."
    assert len(await attacks(bot)) == 1
    # The dialog read (on PostgreSQL with the user), the dialog consumed, the attack written: no UPDATE of a
    # dialog deleted next, and no read of the state back (SQLite's snapshot cache is written through). On
    # PostgreSQL the DELETE and the INSERT are one statement (WITH consumed AS (DELETE ...) INSERT ...).
    written = ["WITH"] if database.backend == "postgresql" else ["DELETE", "INSERT"]
    assert [s for s in seen if s not in {"BEGIN", "COMMIT"}] == ["SELECT", *written]
    assert seen.count("BEGIN") <= 1  # one transaction at most (asyncpg begins without a statement the event sees)


async def test_note_with_a_red_flag_phrase_gets_urgent_care_first_and_is_still_saved(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await add_attack(bot)
    await bot.send(ALICE, "/diary")
    await bot.press(ALICE, bot.fake.last_message(ALICE).button_labels[0])
    await bot.press(ALICE, "✏️ Change details")
    await bot.press(ALICE, "📝 Note")
    note = "Now I have slurred speech and my arm went weak"

    replies = await bot.send(ALICE, note)

    assert (replies[0].text or "").startswith(URGENT_START)
    assert (replies[-1].text or "").startswith("📝 Note saved.")
    assert (await attacks(bot))[0].notes == note
    events = await safety_events(bot)
    assert [(e.source, e.codes) for e in events] == [("diary_text", "speech,weakness")]
    assert "slurred" not in events[0].codes


async def test_red_flag_typed_as_a_start_time_is_screened_and_the_flow_goes_on(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "Pick a time")

    replies = await bot.send(ALICE, "thunderclap an hour ago")

    assert (replies[0].text or "").startswith(URGENT_START)
    assert "I couldn't read that as a time." in (replies[-1].text or "")
    await bot.send(ALICE, "1 h ago")
    assert "How bad is it" in bot.last_text(ALICE)


def test_the_screen_covers_sections_6_and_9_and_says_where_to_go() -> None:
    assert set(en.TRIAGE_QUESTIONS) >= {
        "thunderclap", "new_deficit", "confusion", "fever_stiff_neck", "vertigo", "aura_atypical", "head_injury",
        "pregnancy", "new_after_50", "jaw_scalp", "changed_pattern", "exertion_posture", "weak_immune", "red_eye",
        "over_72h", "cannot_drink",
    }  # fmt: skip
    assert set(en.TRIAGE_QUESTIONS) >= EMERGENCY_CODES
    assert tier_of(["over_72h"], 8) is Tier.SAME_DAY and tier_of(["red_eye"], 2) is Tier.EMERGENCY
    # A severe headache in pregnancy or after a head injury is an emergency; a milder one, the same day.
    assert tier_of(["pregnancy"], 8) is Tier.EMERGENCY and tier_of(["pregnancy"], 3) is Tier.SAME_DAY


async def test_someone_whose_usual_aura_has_numbness_is_asked_whether_this_one_is_different(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await add_attack(bot, ended_at=None, aura=True, aura_kinds=["visual", "sensory"])
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "Log another headache")
    await bot.press(ALICE, "Now")
    await bot.press(ALICE, "Save as a new one")  # over the one going on, on purpose

    await bot.press(ALICE, "Severe")

    labels = bot.fake.last_message(ALICE).button_labels
    assert f"⬜ {en.TRIAGE_DEFICIT_USUAL_AURA}" in labels
    assert f"⬜ {en.TRIAGE_QUESTIONS['new_deficit']}" not in labels
    await bot.press(ALICE, f"⬜ {en.TRIAGE_DEFICIT_USUAL_AURA}")
    assert f"☑️ {en.TRIAGE_DEFICIT_USUAL_AURA}" in bot.fake.last_message(ALICE).button_labels
    replies = await bot.press(ALICE, "Done")
    assert (replies[0].text or "").startswith(URGENT_START)
    assert [e.codes for e in await safety_events(bot)] == ["new_deficit"]


async def test_without_a_deficit_aura_the_usual_question_stays(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "Now")

    await bot.press(ALICE, "Mild")

    assert f"⬜ {en.TRIAGE_QUESTIONS['new_deficit']}" in bot.fake.last_message(ALICE).button_labels
