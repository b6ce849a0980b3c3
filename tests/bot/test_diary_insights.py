"""/insights through the real application: factors, the menstrual pattern and what works (items 11-13)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest
from diary_factory import ALICE, BOB, NOW, add_attack, diary_harness

from storage.db import transaction
from storage.diary_checkins import record_checkin
from storage.diary_models import MedicationIntake
from storage.factors import Factor, record_factor
from storage.users import set_language
from support.databases import Database
from support.harness import BotHarness

TODAY = NOW.date()  # Sat 21 Nov 2026, London


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    async with diary_harness(database) as harness:
        yield harness


def _at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


async def _factor_diary(bot: BotHarness, user_id: int) -> None:
    """80 days: poor sleep on 12 attack days and 18 free days, good sleep on 8 attack and 42 free days."""
    day = TODAY - timedelta(days=85)
    for count, sleep, hit in ((12, 0, True), (18, 0, False), (8, 2, True), (42, 2, False)):
        for _ in range(count):
            if hit:
                await add_attack(bot, user_id, started_at=_at(day), ended_at=_at(day, 15), peak_intensity=6)
            async with transaction(bot.services.sessions) as session:
                if not hit:
                    await record_checkin(session=session, user_id=user_id, local_date=day, level=0, now=NOW)
                await record_factor(
                    session=session, user_id=user_id, local_date=day, factor=Factor.SLEEP, value=sleep, now=NOW
                )
            day += timedelta(days=1)


async def test_insights_wait_for_enough_diary(bot: BotHarness) -> None:
    await bot.onboard(ALICE)

    await bot.send(ALICE, "/insights")

    text = bot.last_text(ALICE)
    assert "After 60 recorded days" in text and "So far: 0 recorded days, 0 attacks." in text
    assert "Odds ratio" not in text and "Periods and attacks" not in text
    assert "No acute medicine logged in this time." in text


async def test_factor_link_is_shown_with_its_interval_and_never_as_a_cause(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.onboard(BOB)
    await _factor_diary(bot, ALICE)

    await bot.send(ALICE, "/insights")
    await bot.send(BOB, "/insights")

    text = bot.last_text(ALICE)
    assert "Poor sleep: an attack began on 12 of 30 days with it (40%) and on 8 of 50 days without (16%)." in text
    assert "Odds ratio 3.50 (95% CI 1.22–10.0): linked with more attacks for you." in text
    assert "causes" not in text.replace("is not the same as causes", "")
    assert "So far: 0 recorded days, 0 attacks." in bot.last_text(BOB)  # Bob sees none of Alice's diary


async def test_menstrual_pattern_is_worded_as_worth_discussing(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    firsts = [TODAY - timedelta(days=back) for back in (90, 62, 34)]
    async with transaction(bot.services.sessions) as session:
        for first in firsts:
            for i in range(5):
                await record_factor(
                    session=session,
                    user_id=ALICE,
                    local_date=first + timedelta(days=i),
                    factor=Factor.PERIOD,
                    value=2 if i == 0 else 1,
                    now=NOW,
                )
    # Day -1 of the first cycle, day +3 (day1+2) of the second, nothing around the third; one at mid-cycle.
    for started in (firsts[0] - timedelta(days=1), firsts[1] + timedelta(days=2), firsts[1] + timedelta(days=14)):
        await add_attack(bot, ALICE, started_at=_at(started), ended_at=_at(started, 20))

    await bot.send(ALICE, "/insights")

    text = bot.last_text(ALICE)
    assert (
        "Your attacks cluster around your period (day −2 to +3 in 2 of 3 cycles): "
        "worth discussing with your clinician."
    ) in text
    assert "You also had 1 attack at other times of the cycle." in text
    assert "not a diagnosis" in text and "you have menstrual migraine" not in text.lower()


async def test_what_works_counts_the_two_hour_answers(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    effects = ["complete", "complete", "good", "none", None]
    for back, effect in enumerate(effects, start=1):
        attack = await add_attack(bot, ALICE, started_at=_at(TODAY - timedelta(days=back)))
        async with transaction(bot.services.sessions) as session:
            session.add(
                MedicationIntake(
                    user_id=ALICE,
                    attack_id=attack.id,
                    name="Rizatriptan",
                    med_class="triptan",
                    taken_at=_at(TODAY - timedelta(days=back), 10),
                    effect=effect,
                )
            )

    await bot.send(ALICE, "/insights")

    text = bot.last_text(ALICE)
    assert "Rizatriptan (triptan): 5 doses." in text
    assert "2 hours later: pain gone 2 of 4 (50%), better 1 of 4, no help 1 of 4. 1 not rated." in text
    assert "Used on up to 5 days in a month; overuse limit for this kind: 10 days a month." in text


async def test_the_class_of_a_medicine_keeps_its_capitals_in_spanish(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    async with transaction(bot.services.sessions) as session:
        await set_language(session=session, user_id=ALICE, language="es")
        session.add_all(
            MedicationIntake(
                user_id=ALICE,
                name="Ibuprofeno",
                med_class="simple_analgesic",
                taken_at=_at(TODAY - timedelta(days=back), 10),
            )
            for back in (1, 2)
        )
    if bot.services.snapshots is not None:
        bot.services.snapshots.invalidate(ALICE)

    await bot.send(ALICE, "/insights")

    assert "Ibuprofeno (analgésico simple o AINE): 2 tomas." in bot.last_text(ALICE)
