"""Daily factors (issue 13, item 10): chosen in /settings, one tap each on the check-in."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import AsyncIterator
from datetime import date, timedelta

import pytest
from diary_factory import ALICE, BOB, diary_harness, rows

from bot.diary.checkin import checkin_prompt
from storage.db import transaction
from storage.factor_models import DailyFactor
from storage.factors import Factor, factors_on, tracked_factors
from support.databases import Database
from support.harness import BotHarness

TODAY = date(2026, 11, 21)


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    async with diary_harness(database) as harness:
        yield harness


async def _choose(bot: BotHarness, user_id: int, *names: str) -> None:
    await bot.send(user_id, "/settings")
    await bot.press(user_id, "🗓 Daily factors")
    for name in names:
        await bot.press(user_id, f"▫️ {name}")


async def _prompt(bot: BotHarness, user_id: int, day: date) -> None:
    """Send the check-in the way the scheduler's sender does (bot/outbound/reminders.py)."""
    async with transaction(bot.services.sessions) as session:
        factors = await tracked_factors(session=session, user_id=user_id)
        answers = await factors_on(session=session, user_id=user_id, local_date=day)
    text, markup = checkin_prompt(day, None, factors, answers)
    await bot.app.bot.send_message(user_id, text, reply_markup=markup)


async def _factors(bot: BotHarness, user_id: int = ALICE) -> list[tuple[date, str, int]]:
    return [(r.local_date, r.factor, r.value) for r in await rows(bot, DailyFactor, user_id)]


async def test_factors_are_chosen_in_settings_and_toggle(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await _choose(bot, ALICE, "Sleep", "Period (menstruation)", "Alcohol")
    assert "Tracked now: Sleep, Period (menstruation), Alcohol" in bot.last_text(ALICE)
    await bot.press(ALICE, "✅ Alcohol")

    assert "Tracked now: Sleep, Period (menstruation)" in bot.last_text(ALICE)
    assert "▫️ Alcohol" in bot.buttons(ALICE)
    async with transaction(bot.services.sessions) as session:
        assert await tracked_factors(session=session, user_id=ALICE) == (Factor.SLEEP, Factor.PERIOD)
    await bot.press(ALICE, "Done")
    assert "Time zone" in bot.last_text(ALICE) or "Europe/London" in bot.last_text(ALICE)


async def test_without_chosen_factors_the_checkin_stays_two_buttons(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await _prompt(bot, ALICE, TODAY)

    assert bot.fake.last_message(ALICE).button_labels == ["😊 No headache", "🤕 Yes, log it"]


async def test_each_factor_is_one_tap_and_a_second_tap_replaces_it(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await _choose(bot, ALICE, "Sleep", "Caffeine")
    await _prompt(bot, ALICE, TODAY)
    assert "how was the day?" in bot.last_text(ALICE)

    await bot.press(ALICE, "😴 Slept badly")
    await bot.press(ALICE, "☕ Caffeine")
    labels = bot.fake.last_message(ALICE).button_labels
    assert "✓ 😴 Slept badly" in labels and "✓ ☕ Caffeine" in labels
    assert "😊 No headache" in labels  # the headache question is still open
    await bot.press(ALICE, "Slept well")

    assert sorted(await _factors(bot)) == [(TODAY, "caffeine", 1), (TODAY, "sleep", 2)]
    assert "✓ Slept well" in bot.fake.last_message(ALICE).button_labels
    assert "Saved" in bot.callback_answers()


async def test_no_headache_keeps_the_factor_buttons(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await _choose(bot, ALICE, "Period (menstruation)")
    await _prompt(bot, ALICE, TODAY)

    await bot.press(ALICE, "😊 No headache")
    assert bot.last_text(ALICE).startswith("😊 Noted: no headache on Sat 21 Nov.")
    assert bot.fake.last_message(ALICE).button_labels == ["No period", "🩸 Period day", "🩸 Period began"]
    await bot.press(ALICE, "🩸 Period began")

    assert await _factors(bot) == [(TODAY, "period", 2)]
    assert bot.fake.last_message(ALICE).button_labels == ["No period", "🩸 Period day", "✓ 🩸 Period began"]


async def test_a_headache_day_keeps_factors_and_opens_the_log_below(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await _choose(bot, ALICE, "Stress")
    await _prompt(bot, ALICE, TODAY - timedelta(days=1))

    await bot.press(ALICE, "🤕 Yes, log it")
    assert "When did the headache on Fri 20 Nov start?" in bot.last_text(ALICE)
    await bot.press(ALICE, "😣 High stress")

    assert await _factors(bot) == [(TODAY - timedelta(days=1), "stress", 2)]


async def test_forged_or_stale_factor_buttons_change_nothing(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.onboard(BOB)
    await _choose(bot, ALICE, "Sleep")
    await _prompt(bot, ALICE, TODAY)
    message = bot.fake.last_message(ALICE).message_id
    old = (TODAY - timedelta(days=30)).isoformat()

    for data in ("cf:sleep:7:2026-11-21", "cf:mood:1:2026-11-21", f"cf:sleep:0:{old}", "cf:sleep:0:2026-11-22"):
        await bot.press_data(ALICE, message, data, check_button=False)

    assert await _factors(bot) == []
    assert bot.callback_answers().count("This button is no longer active.") == 4


async def test_factors_are_exported_with_the_diary(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await _choose(bot, ALICE, "Exercise")
    await _prompt(bot, ALICE, TODAY)
    await bot.press(ALICE, "🏃 Exercise")

    replies = await bot.send(ALICE, "/export")
    archive = zipfile.ZipFile(io.BytesIO(replies[0].document_bytes or b""))
    tables = json.loads(archive.read("export.json"))["tables"]
    assert [(r["factor"], r["value"]) for r in tables["daily_factors"]] == [("exercise", 1)]
    assert tables["factor_choices"][0]["factors"] == ["exercise"]
