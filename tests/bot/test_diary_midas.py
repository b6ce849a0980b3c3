"""/midas: seven questions by button or typed number, validation, grade and history; two flows at once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from diary_factory import ALICE, LOG, NOW, add_attack, attacks, clock, diary_harness, rows

from bot.fake_telegram.records import SentMessage
from storage.db import transaction
from storage.diary_checkins import record_checkin
from storage.diary_models import MidasRecord
from storage.models import Dialog
from support.databases import Database
from support.harness import BotHarness


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    async with diary_harness(database) as harness:
        await harness.onboard(ALICE)
        yield harness


async def midas_rows(bot: BotHarness) -> list[MidasRecord]:
    return await rows(bot, MidasRecord, ALICE)


async def test_midas_by_buttons_gives_the_grade_and_keeps_history(bot: BotHarness) -> None:
    first = await bot.send(ALICE, "/midas")
    assert "Question 1 of 7" in (first[0].text or "")
    assert first[0].button_labels[:6] == ["0", "1", "2", "3", "5", "10"]

    for label in ("2", "3", "1", "5", "1", "20"):
        await bot.press(ALICE, label)
    assert bot.fake.last_message(ALICE).button_labels[:11] == [str(n) for n in range(11)]
    await bot.press(ALICE, "6")

    text = bot.last_text(ALICE)
    assert "Your MIDAS score: 12 (grade III)" in text
    assert "Grade III: moderate disability." in text and "not a diagnosis" in text
    saved = await midas_rows(bot)
    assert [(r.score, r.grade, r.headache_days, r.average_pain) for r in saved] == [(12, "III", 20, 6)]
    assert saved[0].answers["work_halved"] == 3 and saved[0].completed_at == NOW

    clock(bot).advance(timedelta(days=100))
    await bot.send(ALICE, "/midas")
    for _ in range(7):
        await bot.press(ALICE, "0")
    assert "Your MIDAS score: 0 (grade I)" in bot.last_text(ALICE)
    assert [r.grade for r in await midas_rows(bot)] == ["III", "I"]


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("91", "from 0 to 90"),
        ("-1", "from 0 to 90"),
        ("seven", "from 0 to 90"),
        ("2.5", "from 0 to 90"),
        ("🙂", "from 0 to 90"),
        ("9" * 4000, "from 0 to 90"),
    ],
)
async def test_typed_answers_out_of_range_are_asked_again(bot: BotHarness, typed: str, problem: str) -> None:
    await bot.send(ALICE, "/midas")

    replies = await bot.send(ALICE, typed)

    assert problem in (replies[-1].text or "") and "Question 1 of 7" in (replies[-1].text or "")
    await bot.send(ALICE, "45")
    assert "Question 2 of 7" in bot.last_text(ALICE)


async def test_typed_answers_complete_the_questionnaire_with_pain_limited_to_10(bot: BotHarness) -> None:
    await bot.send(ALICE, "/midas")
    for typed in ("10", "10", "0", "0", "1", "30"):
        await bot.send(ALICE, typed)

    too_painful = await bot.send(ALICE, "11")
    assert "from 0 to 10" in (too_painful[-1].text or "")
    await bot.send(ALICE, "７")  # a full-width digit

    assert "Your MIDAS score: 21 (grade IV)" in bot.last_text(ALICE)
    assert [r.average_pain for r in await midas_rows(bot)] == [7]


async def test_halved_days_plus_missed_days_cannot_exceed_90(bot: BotHarness) -> None:
    await bot.send(ALICE, "/midas")
    await bot.send(ALICE, "60")

    replies = await bot.send(ALICE, "31")

    assert "more than the 90 days" in (replies[-1].text or "")
    assert "Question 2 of 7" in (replies[-1].text or "")
    await bot.send(ALICE, "30")
    assert "Question 3 of 7" in bot.last_text(ALICE)


async def test_old_midas_buttons_are_stale(bot: BotHarness) -> None:
    question = (await bot.send(ALICE, "/midas"))[0]
    await bot.press(ALICE, "2")

    await bot.press_data(ALICE, question.message_id, question.button_data("5"), check_button=False)

    assert bot.callback_answers()[-1] == "This button is no longer active."
    async with bot.services.sessions() as session:
        dialog = await session.get(Dialog, ALICE)
    assert dialog is not None and dialog.step == "1" and dialog.data["answers"] == {"missed_work": 2}


async def test_cancel_saves_nothing(bot: BotHarness) -> None:
    await bot.send(ALICE, "/midas")
    await bot.press(ALICE, "2")

    await bot.press(ALICE, "Cancel")

    assert bot.last_text(ALICE) == "MIDAS cancelled; nothing was saved."
    assert await midas_rows(bot) == []


async def test_log_while_midas_is_open_offers_continue_or_cancel_and_never_mixes(bot: BotHarness) -> None:
    await bot.send(ALICE, "/midas")
    await bot.press(ALICE, "3")

    replies = await bot.send(ALICE, LOG)

    assert replies[0].text == (
        "You're in the middle of the MIDAS questionnaire. Carry on with it, or cancel it and start logging a headache?"
    )
    assert replies[0].button_labels == ["Continue", "Cancel it and start"]
    await bot.press(ALICE, "Continue")
    assert "Question 2 of 7" in bot.last_text(ALICE)
    await bot.send(ALICE, "4")
    assert "Question 3 of 7" in bot.last_text(ALICE)

    await bot.send(ALICE, "/log")
    await bot.press(ALICE, "Cancel it and start")
    assert bot.fake.last_message(ALICE).button_labels[:2] == ["Now", "1 h ago"]
    await bot.press(ALICE, "Now")
    await bot.press(ALICE, "Mild")
    await bot.press(ALICE, "None of these")
    assert len(await attacks(bot)) == 1 and await midas_rows(bot) == []


async def test_midas_while_logging_offers_to_continue_the_log(bot: BotHarness) -> None:
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "Now")

    replies = await bot.send(ALICE, "/midas")
    assert "You're in the middle of logging a headache" in (replies[0].text or "")
    await bot.press(ALICE, "Continue")

    assert "How bad is it at its worst?" in bot.last_text(ALICE)
    await bot.press(ALICE, "4")
    await bot.press(ALICE, "None of these")
    assert [a.peak_intensity for a in await attacks(bot)] == [4]


async def test_an_abandoned_flow_does_not_block_a_new_one(bot: BotHarness) -> None:
    await bot.send(ALICE, "/midas")
    async with bot.services.sessions() as session, session.begin():
        dialog = await session.get(Dialog, ALICE)
        assert dialog is not None
        dialog.updated_at -= timedelta(hours=7)

    replies = await bot.send(ALICE, LOG)

    assert replies[0].button_labels[:2] == ["Now", "1 h ago"]


async def test_midas_is_offered_after_30_days_of_diary_not_on_day_one(bot: BotHarness) -> None:
    async with transaction(bot.services.sessions) as session:
        await record_checkin(
            session=session, user_id=ALICE, local_date=NOW.date() - timedelta(days=29), level=0, now=NOW
        )
    assert "/midas" not in bot_text(await bot.send(ALICE, "/stats"))

    async with transaction(bot.services.sessions) as session:
        await record_checkin(
            session=session, user_id=ALICE, local_date=NOW.date() - timedelta(days=30), level=0, now=NOW
        )

    assert "It's time for a MIDAS questionnaire" in bot_text(await bot.send(ALICE, "/stats"))
    assert "/midas" in bot_text(await bot.send(ALICE, "/diary"))


async def test_headache_day_item_is_prefilled_from_the_diary(bot: BotHarness) -> None:
    # 12 headache days in the last 90: 10 attacks and 2 check-ins with pain; 40 days have an entry.
    for back in range(1, 11):
        await add_attack(
            bot, started_at=NOW - timedelta(days=back * 3), ended_at=NOW - timedelta(days=back * 3, hours=-2)
        )
    async with transaction(bot.services.sessions) as session:
        for back, level in ((50, 3), (60, 4), *((d, 0) for d in range(61, 89))):
            await record_checkin(
                session=session, user_id=ALICE, local_date=NOW.date() - timedelta(days=back), level=level, now=NOW
            )

    await bot.send(ALICE, "/midas")
    for label in ("0", "1", "0", "2", "0"):
        await bot.press(ALICE, label)

    text = bot.last_text(ALICE)
    assert "Question 6 of 7" in text
    assert "Your diary shows 12 headache days in the last 3 months." in text
    assert "It has entries for 40 of those 90 days" in text
    await bot.press(ALICE, "✓ 12 (from my diary)")
    await bot.press(ALICE, "5")
    assert [r.headache_days for r in await midas_rows(bot)] == [12]


def bot_text(replies: list[SentMessage]) -> str:
    return " ".join(m.text or "" for m in replies)
