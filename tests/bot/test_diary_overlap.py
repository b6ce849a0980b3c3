"""A new attack whose start falls inside one already logged asks whether it is the same headache.

Saved silently, the second attack would count twice in /stats and the report and average both pains.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from diary_factory import ALICE, LOG, NOW, add_attack, attacks, diary_harness

from bot.texts import texts_for
from support.databases import Database
from support.harness import BotHarness

EN = texts_for("en")
SAME, NEW = EN.BTN_SAME_HEADACHE, EN.BTN_SAVE_AS_NEW
# NOW is 12:00 in London (UTC+0 in winter): the logged attack ran 10:30-11:30 today.
LOGGED_FROM, LOGGED_TO = datetime(2026, 11, 21, 10, 30, tzinfo=UTC), datetime(2026, 11, 21, 11, 30, tzinfo=UTC)


def plain(html: str) -> str:
    """A text as the fake Bot API shows it: without its HTML tags."""
    return re.sub("<[^>]+>", "", html)


async def set_up(bot: BotHarness, *, ended_at: datetime | None = LOGGED_TO) -> None:
    """An onboarded user with one attack logged today (and one long before, so no first-attack questions)."""
    await bot.onboard(ALICE)
    earlier = NOW - timedelta(days=6)
    await add_attack(bot, started_at=earlier, ended_at=earlier + timedelta(hours=5), created_at=earlier)
    await add_attack(bot, started_at=LOGGED_FROM, ended_at=ended_at)


async def test_a_typed_start_inside_a_logged_attack_asks_whether_it_is_the_same_one(database: Database) -> None:
    async with diary_harness(database) as bot:
        await set_up(bot)
        await bot.send(ALICE, LOG)

        replies = await bot.send(ALICE, "2 hours ago")

        question = replies[-1]
        assert question.text == (
            "This overlaps the headache logged from today 10:30 to today 11:30. Is it the same headache?"
        )
        assert question.button_labels == [SAME, NEW, "Cancel"]
        assert len(await attacks(bot)) == 2


async def test_the_same_headache_saves_nothing_and_points_to_the_logged_one(database: Database) -> None:
    async with diary_harness(database) as bot:
        await set_up(bot)
        await bot.send(ALICE, LOG)
        await bot.send(ALICE, "2 hours ago")

        await bot.press(ALICE, SAME)

        shown = bot.fake.last_message(ALICE)
        assert shown.text == plain(EN.OVERLAP_SAME.format(start="today 10:30"))
        assert shown.button_labels == [EN.BTN_TOOK_MEDICINE, EN.BTN_ADD_DETAILS]
        assert [(a.started_at, a.ended_at) for a in await attacks(bot)][-1] == (LOGGED_FROM, LOGGED_TO)
        assert len(await attacks(bot)) == 2
        await bot.press(ALICE, EN.BTN_ADD_DETAILS)  # the logged attack's own details menu
        assert EN.BTN_SYMPTOMS in bot.buttons(ALICE)


async def test_save_as_a_new_one_saves_it_as_before(database: Database) -> None:
    async with diary_harness(database) as bot:
        await set_up(bot)
        await bot.send(ALICE, LOG)
        await bot.send(ALICE, "2 hours ago")

        await bot.press(ALICE, NEW)
        assert plain(EN.INTENSITY_ASK) in bot.last_text(ALICE)
        replies = await bot.press(ALICE, "Moderate")

        assert "✅ Saved to your diary." in [m.text for m in replies]
        saved = await attacks(bot)
        assert len(saved) == 3
        new = saved[-1]
        assert (new.started_at, new.ended_at, new.peak_intensity) == (NOW - timedelta(hours=2), None, 5)


async def test_log_another_under_an_attack_going_on_asks_too(database: Database) -> None:
    async with diary_harness(database) as bot:
        await set_up(bot, ended_at=None)
        await bot.send(ALICE, LOG)
        await bot.press(ALICE, EN.BTN_LOG_ANOTHER)

        await bot.press(ALICE, "Now")

        assert bot.last_text(ALICE) == (
            "This overlaps the headache logged since today 10:30, which is still going on. Is it the same headache?"
        )
        await bot.press(ALICE, SAME)
        assert bot.fake.last_message(ALICE).button_labels == [EN.BTN_ENDED, EN.BTN_TOOK_MEDICINE, EN.BTN_ADD_DETAILS]
        assert len(await attacks(bot)) == 2


async def test_a_start_outside_every_logged_attack_goes_straight_on(database: Database) -> None:
    async with diary_harness(database) as bot:
        await set_up(bot)
        await bot.send(ALICE, LOG)

        await bot.send(ALICE, "11:30")  # as the logged one ended: a new attack may start then
        replies = await bot.press(ALICE, "Moderate")

        assert "✅ Saved to your diary." in [m.text for m in replies]
        assert [a.started_at for a in await attacks(bot)][-1] == LOGGED_TO
        assert not any(SAME in m.button_labels for m in bot.fake.visible_messages(ALICE))


async def test_the_questions_buttons_are_stale_once_answered_or_forged(database: Database) -> None:
    async with diary_harness(database) as bot:
        await set_up(bot)
        await bot.send(ALICE, LOG)
        question = (await bot.send(ALICE, "2 hours ago"))[-1]
        forged = question.button_data(NEW).rsplit(":", 1)[0] + ":nottoken"
        await bot.press_data(ALICE, question.message_id, forged, check_button=False)
        assert bot.callback_answers()[-1] == EN.STALE_BUTTON
        await bot.press(ALICE, SAME)

        await bot.press_data(ALICE, question.message_id, question.button_data(NEW), check_button=False)
        await bot.press_data(ALICE, question.message_id, question.button_data(SAME), check_button=False)

        assert bot.callback_answers()[-2:] == [EN.STALE_BUTTON] * 2
        assert len(await attacks(bot)) == 2


async def test_an_earlier_days_start_is_asked_about_only_inside_a_logged_attack(database: Database) -> None:
    """Its end is asked after the intensity, so only the start can be checked at the start."""
    async with diary_harness(database) as bot:
        await set_up(bot)
        yesterday = LOGGED_FROM - timedelta(days=1)
        await add_attack(bot, started_at=yesterday, ended_at=yesterday + timedelta(hours=3))
        await bot.send(ALICE, LOG)

        await bot.send(ALICE, "yesterday 06:00")  # before it: the end may well be before 10:30
        assert plain(EN.INTENSITY_ASK) in bot.last_text(ALICE)
        await bot.press(ALICE, "Cancel")
        await bot.send(ALICE, LOG)
        await bot.send(ALICE, "yesterday 11:00")

        assert bot.last_text(ALICE) == (
            "This overlaps the headache logged from yesterday 10:30 to yesterday 13:30. Is it the same headache?"
        )
