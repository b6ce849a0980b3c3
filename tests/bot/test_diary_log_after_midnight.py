"""Logging just after midnight: "1 h ago" is an attack going on since last evening, not a past one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from diary_factory import ALICE, LOG, add_attack, attacks, diary_harness

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
