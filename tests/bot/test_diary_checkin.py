"""Answers to the scheduler's messages: the daily check-in and the "did it help?" follow-up."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta

import pytest
from diary_factory import ALICE, BOB, NOW, add_attack, attacks, checkins, diary_harness, intakes

from bot.diary.checkin import checkin_keyboard, checkin_prompt, followup_prompt
from storage.db import transaction
from storage.diary import add_medicine, get_attack, record_intake
from storage.diary_types import MedClass
from support.databases import Database
from support.harness import BotHarness

TODAY = date(2026, 11, 21)


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    async with diary_harness(database) as harness:
        yield harness


async def _prompt(bot: BotHarness, user_id: int, day: date) -> None:
    """Send the check-in the way the scheduler's sender does."""
    text, markup = checkin_prompt(day)
    await bot.app.bot.send_message(user_id, text, reply_markup=markup)


async def _followup(bot: BotHarness, user_id: int, intake_id: int) -> None:
    async with transaction(bot.services.sessions) as session:
        prompt = await followup_prompt(session=session, user_id=user_id, payload={"intake_id": intake_id})
    assert prompt is not None
    await bot.app.bot.send_message(user_id, prompt[0], reply_markup=prompt[1])


async def _dose(bot: BotHarness, user_id: int = ALICE) -> int:
    attack = await add_attack(bot, user_id=user_id, started_at=NOW - timedelta(hours=3))
    async with transaction(bot.services.sessions) as session:
        row = await get_attack(session=session, user_id=user_id, attack_id=attack.id or 0)
        assert row is not None
        medicine = await add_medicine(
            session=session, user_id=user_id, name="Zolmitriptan", med_class=MedClass.TRIPTAN, now=NOW
        )
        intake = await record_intake(
            session=session, attack=row, medicine=medicine, taken_at=NOW - timedelta(hours=2), now=NOW
        )
    assert intake.id is not None
    return intake.id


def test_checkin_buttons_carry_the_date() -> None:
    markup = checkin_keyboard(TODAY)

    data = [button.callback_data for row in markup.inline_keyboard for button in row]
    assert data == ["ci:none:2026-11-21", "ci:yes:2026-11-21"]


async def test_no_headache_is_one_tap_and_a_second_tap_changes_nothing(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await _prompt(bot, ALICE, TODAY)

    await bot.press(ALICE, "😊 No headache")
    assert bot.last_text(ALICE) == "😊 Noted: no headache on Sat 21 Nov. Headache-free days count too."
    await _prompt(bot, ALICE, TODAY)
    await bot.press(ALICE, "😊 No headache")

    assert [(c.local_date, c.headache_level) for c in await checkins(bot)] == [(TODAY, 0)]


async def test_no_headache_on_postgresql_is_written_without_a_transaction(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await _prompt(bot, ALICE, TODAY)
    commits = bot.services.commits

    await bot.press(ALICE, "😊 No headache")

    if bot.services.reads is not None:  # PostgreSQL: the read and the upsert commit on their own, no BEGIN or COMMIT
        assert bot.services.commits == commits
    assert [(c.local_date, c.headache_level) for c in await checkins(bot)] == [(TODAY, 0)]


async def test_yes_opens_the_log_flow_for_that_day(bot: BotHarness) -> None:
    await bot.onboard(ALICE, zone="Europe/Madrid")
    await _prompt(bot, ALICE, TODAY - timedelta(days=1))

    await bot.press(ALICE, "🤕 Yes, log it")
    assert "When did the headache on Fri 20 Nov start?" in bot.last_text(ALICE)
    await bot.press(ALICE, "Evening")
    await bot.press(ALICE, "Moderate")
    await bot.press(ALICE, "2 h")  # a past day: how long it lasted is asked
    await bot.press(ALICE, "None of these")

    saved = (await attacks(bot))[0]
    assert saved.started_at == NOW.replace(day=20, hour=17)  # 18:00 in Madrid
    assert saved.ended_at == NOW.replace(day=20, hour=19)
    assert await checkins(bot) == []


async def test_no_headache_on_a_day_with_a_logged_attack_keeps_the_attack(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await add_attack(bot, started_at=NOW - timedelta(hours=30), ended_at=NOW - timedelta(hours=20))
    await _prompt(bot, ALICE, TODAY - timedelta(days=1))

    await bot.press(ALICE, "😊 No headache")

    assert "You already logged a headache on Fri 20 Nov" in bot.last_text(ALICE)
    assert await checkins(bot) == []


@pytest.mark.parametrize("day", [TODAY + timedelta(days=1), TODAY - timedelta(days=15)])
async def test_checkin_for_a_future_or_long_gone_day_is_stale(bot: BotHarness, day: date) -> None:
    await bot.onboard(ALICE)
    await _prompt(bot, ALICE, day)

    await bot.press(ALICE, "😊 No headache")

    assert bot.callback_answers()[-1] == "This button is no longer active."
    assert await checkins(bot) == []


async def test_checkin_without_consent_explains_consent(bot: BotHarness) -> None:
    await bot.onboard(ALICE, consent=False)
    await _prompt(bot, ALICE, TODAY)

    await bot.press(ALICE, "😊 No headache")

    assert "need your permission" in bot.last_text(ALICE)
    assert await checkins(bot) == []


async def test_follow_up_answer_is_stored_on_the_dose(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    intake_id = await _dose(bot)
    await _followup(bot, ALICE, intake_id)
    assert "since you took <b>Zolmitriptan</b> at 10:00" in (bot.fake.last_message(ALICE).source_text or "")

    await bot.press(ALICE, "Some help")

    assert [(i.effect, i.effect_at) for i in await intakes(bot)] == [("some", NOW)]
    assert bot.last_text(ALICE) == "Thanks, noted for Zolmitriptan: some help."
    async with transaction(bot.services.sessions) as session:
        assert await followup_prompt(session=session, user_id=ALICE, payload={"intake_id": intake_id}) is None


async def test_follow_up_for_someone_elses_or_a_deleted_dose_is_stale(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.onboard(BOB)
    bobs = await _dose(bot, BOB)
    mine = bot.fake.last_message(ALICE)

    await bot.press_data(ALICE, mine.message_id, f"fu:good:{bobs}", check_button=False)
    await bot.press_data(ALICE, mine.message_id, "fu:good:999999", check_button=False)
    await bot.press_data(ALICE, mine.message_id, f"fu:great:{bobs}", check_button=False)

    assert bot.callback_answers()[-3:] == ["This button is no longer active."] * 3
    assert [i.effect for i in await intakes(bot, BOB)] == [None]
