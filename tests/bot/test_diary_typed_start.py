"""A time typed while the log flow asks "When did this headache start?" is the answer, not a new message."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from diary_factory import ALICE, NOW, URGENT_START, add_attack, attacks, diary_harness
from sqlalchemy import update

from bot.texts import texts_for
from storage.db import transaction
from storage.models import User
from support.databases import Database
from support.harness import BotHarness

# Saturday 21 November 2026, 01:29 in London (UTC+0 in winter): "2 hours ago" is Friday 23:29.
AFTER_MIDNIGHT = datetime(2026, 11, 21, 1, 29, tzinfo=UTC)


def plain(html: str) -> str:
    """A text as the fake Bot API shows it: without its HTML tags."""
    return re.sub("<[^>]+>", "", html)


async def set_up(bot: BotHarness, now: datetime, language: str) -> None:
    """An onboarded user in ``language`` with one earlier attack (so no first-attack red-flag questions)."""
    await bot.onboard(ALICE)
    earlier = now - timedelta(days=6)
    await add_attack(bot, started_at=earlier, ended_at=earlier + timedelta(hours=5), created_at=earlier)
    async with transaction(bot.services.sessions) as session:
        await session.execute(update(User).where(User.id == ALICE).values(language=language))


def asked_what_for(bot: BotHarness, language: str) -> bool:
    """Whether the bot answered a typed time with "What is <time> for?" (the free-text route)."""
    t = texts_for(language)
    return any(m.button_labels and t.BTN_MOMENT_NEVER_MIND in m.button_labels for m in bot.fake.visible_messages(ALICE))


@pytest.mark.parametrize(
    ("language", "typed"), [("en", "2 hours ago"), ("es", "hace 2 horas"), ("ru", "2 часа назад")]
)
async def test_a_start_typed_instead_of_a_button_asks_whether_it_is_still_going_on(
    database: Database, language: str, typed: str
) -> None:
    async with diary_harness(database, now=AFTER_MIDNIGHT) as bot:
        await set_up(bot, AFTER_MIDNIGHT, language)
        t = texts_for(language)
        await bot.send(ALICE, t.LOG_BUTTON)
        assert plain(t.START_ASK) in bot.last_text(ALICE)

        replies = await bot.send(ALICE, typed)

        assert not asked_what_for(bot, language)
        assert plain(t.INTENSITY_ASK) in (replies[-1].text or "")
        await bot.press(ALICE, t.BTN_MODERATE)
        asked = bot.fake.last_message(ALICE)
        assert asked.text == plain(t.END_ASK_STILL)
        assert asked.button_labels[0] == t.BTN_STILL_GOING
        await bot.press(ALICE, t.BTN_STILL_GOING)
        saved = (await attacks(bot))[-1]
        assert (saved.started_at, saved.ended_at) == (AFTER_MIDNIGHT - timedelta(hours=2), None)


async def test_the_new_users_story_a_typed_start_after_the_log_offer(database: Database) -> None:
    async with diary_harness(database, now=AFTER_MIDNIGHT) as bot:
        await set_up(bot, AFTER_MIDNIGHT, "en")
        await bot.send(ALICE, "bad headache since this morning")
        while "🤕 Log it" not in bot.buttons(ALICE):  # the red-flag screen's questions first
            await bot.press(ALICE, "No")
        await bot.press(ALICE, "🤕 Log it")
        assert "When did this headache start?" in bot.last_text(ALICE)

        await bot.send(ALICE, "2 hours ago")

        assert not asked_what_for(bot, "en")
        assert plain(texts_for("en").INTENSITY_ASK) in bot.last_text(ALICE)


async def test_a_typed_start_today_saves_an_attack_going_on(database: Database) -> None:
    async with diary_harness(database) as bot:  # 12:00 in London
        await set_up(bot, NOW, "en")
        await bot.send(ALICE, texts_for("en").LOG_BUTTON)
        await bot.press(ALICE, "Earlier today")  # the hour picker: a typed time answers it too

        await bot.send(ALICE, "10:30")
        replies = await bot.press(ALICE, "Moderate")

        assert "✅ Saved to your diary." in [m.text for m in replies]
        saved = (await attacks(bot))[-1]
        assert (saved.started_at, saved.ended_at) == (datetime(2026, 11, 21, 10, 30, tzinfo=UTC), None)


async def test_other_text_at_the_start_question_still_takes_the_normal_route(database: Database) -> None:
    async with diary_harness(database) as bot:
        await set_up(bot, NOW, "en")
        await bot.send(ALICE, texts_for("en").LOG_BUTTON)

        replies = await bot.send(ALICE, "hello")

        assert [m.text for m in replies] == [plain(texts_for("en").CHAT_HELLO)]
        assert len(await attacks(bot)) == 1


async def test_a_red_flag_typed_at_the_start_question_is_screened_first(database: Database) -> None:
    async with diary_harness(database) as bot:
        await set_up(bot, NOW, "en")
        await bot.send(ALICE, texts_for("en").LOG_BUTTON)

        replies = await bot.send(ALICE, "worst headache of my life, started 2 hours ago")

        assert (replies[0].text or "").startswith(URGENT_START)


@pytest.mark.parametrize(("language", "typed"), [("en", "at 11"), ("es", "a las 11"), ("ru", "в 11")])
async def test_a_bare_hour_typed_as_the_start_is_the_most_recent_such_hour(
    database: Database, language: str, typed: str
) -> None:
    async with diary_harness(database, now=AFTER_MIDNIGHT) as bot:
        await set_up(bot, AFTER_MIDNIGHT, language)
        t = texts_for(language)
        await bot.send(ALICE, t.LOG_BUTTON)

        replies = await bot.send(ALICE, typed)  # at 01:29: 11 last night, not 11 this morning, which is ahead

        assert not asked_what_for(bot, language)
        assert plain(t.INTENSITY_ASK) in (replies[-1].text or "")
        await bot.press(ALICE, t.BTN_MODERATE)
        await bot.press(ALICE, t.BTN_STILL_GOING)
        saved = (await attacks(bot))[-1]
        assert (saved.started_at, saved.ended_at) == (datetime(2026, 11, 20, 23, 0, tzinfo=UTC), None)
