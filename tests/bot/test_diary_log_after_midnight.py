"""Logging just after midnight: "1 h ago" is an attack going on since last evening, not a past one; a start
typed as "2 hours ago" asks whether it is still going on."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from diary_factory import ALICE, LOG, add_attack, attacks, diary_harness
from sqlalchemy import update

from bot.texts import texts_for
from storage.db import transaction
from storage.models import User
from support.databases import Database

# Saturday 21 November 2026, 00:20 in London (UTC+0 in winter): "1 h ago" is Friday 23:20.
JUST_AFTER_MIDNIGHT = datetime(2026, 11, 21, 0, 20, tzinfo=UTC)
HOW_LONG = "How long did it last?"


async def test_an_hour_ago_at_twenty_past_midnight_is_an_attack_still_going_on(database: Database) -> None:
    async with diary_harness(database, now=JUST_AFTER_MIDNIGHT) as bot:
        await bot.onboard(ALICE)
        earlier = JUST_AFTER_MIDNIGHT - timedelta(days=6)  # not the first attack: no red-flag questions
        await add_attack(bot, started_at=earlier, ended_at=earlier + timedelta(hours=5), created_at=earlier)

        await bot.send(ALICE, LOG)
        await bot.press(ALICE, "1 h ago")
        replies = await bot.press(ALICE, "Moderate")

        assert "✅ Saved to your diary." in [m.text for m in replies]
        assert not any(HOW_LONG in (m.text or "") for m in bot.fake.visible_messages(ALICE))
        saved = (await attacks(bot))[-1]
        assert (saved.started_at, saved.ended_at) == (JUST_AFTER_MIDNIGHT - timedelta(hours=1), None)
        entry = next(m for m in reversed(bot.fake.visible_messages(ALICE)) if "It ended" in m.button_labels)
        assert "yesterday 23:20" in (entry.text or "")
        assert "📅 Log another past headache" not in entry.button_labels  # it is not a past attack


async def test_yesterday_picked_on_the_calendar_still_asks_how_long_it_lasted(database: Database) -> None:
    async with diary_harness(database, now=JUST_AFTER_MIDNIGHT) as bot:
        await bot.onboard(ALICE)
        earlier = JUST_AFTER_MIDNIGHT - timedelta(days=6)
        await add_attack(bot, started_at=earlier, ended_at=earlier + timedelta(hours=5), created_at=earlier)

        await bot.send(ALICE, LOG)
        await bot.press(ALICE, "📅 Another day")
        await bot.press(ALICE, "20")
        await bot.press(ALICE, "Evening")
        await bot.press(ALICE, "Moderate")

        assert HOW_LONG in bot.last_text(ALICE)  # the intensity question turned into it


@pytest.mark.parametrize(
    ("language", "typed", "started"),
    [
        ("en", "2 hours ago", JUST_AFTER_MIDNIGHT - timedelta(hours=2)),
        ("es", "hace 2 horas", JUST_AFTER_MIDNIGHT - timedelta(hours=2)),
        ("ru", "2 часа назад", JUST_AFTER_MIDNIGHT - timedelta(hours=2)),
        ("en", "yesterday 23:00", datetime(2026, 11, 20, 23, 0, tzinfo=UTC)),
    ],
)
async def test_a_typed_start_last_evening_asks_whether_it_is_still_going_on(
    database: Database, language: str, typed: str, started: datetime
) -> None:
    async with diary_harness(database, now=JUST_AFTER_MIDNIGHT) as bot:
        await bot.onboard(ALICE)
        earlier = JUST_AFTER_MIDNIGHT - timedelta(days=6)  # not the first attack: no red-flag questions
        await add_attack(bot, started_at=earlier, ended_at=earlier + timedelta(hours=5), created_at=earlier)
        async with transaction(bot.services.sessions) as session:
            await session.execute(update(User).where(User.id == ALICE).values(language=language))
        t = texts_for(language)

        await bot.send(ALICE, t.LOG_BUTTON)
        await bot.press(ALICE, t.BTN_PICK_TIME)
        await bot.send(ALICE, typed)
        await bot.press(ALICE, t.BTN_MODERATE)

        asked = bot.fake.last_message(ALICE)
        assert re.sub("<[^>]+>", "", t.END_ASK_STILL) == asked.text
        assert re.sub("<[^>]+>", "", t.END_ASK_PAST) != asked.text
        assert asked.button_labels[0] == t.BTN_STILL_GOING  # the likely answer comes first
        replies = await bot.press(ALICE, t.BTN_STILL_GOING)

        assert t.DIARY_SAVED in [m.text for m in replies]
        saved = (await attacks(bot))[-1]
        assert (saved.started_at, saved.ended_at) == (started, None)
        entry = next(m for m in reversed(bot.fake.visible_messages(ALICE)) if t.BTN_ENDED in m.button_labels)
        assert t.BTN_LOG_ANOTHER_PAST not in entry.button_labels  # going on: not a past one being copied


async def test_a_typed_start_last_evening_that_has_ended_takes_its_duration(database: Database) -> None:
    async with diary_harness(database, now=JUST_AFTER_MIDNIGHT) as bot:
        await bot.onboard(ALICE)
        earlier = JUST_AFTER_MIDNIGHT - timedelta(days=6)
        await add_attack(bot, started_at=earlier, ended_at=earlier + timedelta(hours=5), created_at=earlier)

        await bot.send(ALICE, LOG)
        await bot.press(ALICE, "Pick a time")
        await bot.send(ALICE, "yesterday 22:00")
        await bot.press(ALICE, "Moderate")
        assert "Is it still going on?" in bot.last_text(ALICE)
        await bot.press(ALICE, "2 h")

        saved = (await attacks(bot))[-1]
        start = datetime(2026, 11, 20, 22, 0, tzinfo=UTC)
        assert (saved.started_at, saved.ended_at) == (start, start + timedelta(hours=2))
