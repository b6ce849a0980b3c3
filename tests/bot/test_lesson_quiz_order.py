"""Quiz answers in an order shuffled once per user, stored, and the same after a restart."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from sqlalchemy import update

from bot.lessons.views import answer_data
from storage.db import transaction
from storage.lesson_models import LessonProgress
from storage.lessons import LessonVersion, parse_quiz_order, quiz_order
from storage.users import touch_user
from support.databases import Database
from support.harness import BotHarness, make_settings, running_bot
from support.lesson_helpers import lesson_of, open_from_menu, progress_rows

ALICE = 4101
NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
AURA = LessonVersion("aura", 1, "abcdef123456")


async def open_quiz(bot: BotHarness, user_id: int, lesson_id: str) -> list[str]:
    """Open a lesson from the menu, go to its quiz and return the answer labels in the order shown."""
    lesson = lesson_of(bot, lesson_id)
    await open_from_menu(bot, user_id, lesson_id)
    for _ in range(len(lesson.steps) - 1):
        await bot.press(user_id, "Next ➡️")
    await bot.press(user_id, "Key points ➡️")
    await bot.press(user_id, "📝 Take the quiz")
    assert lesson.quiz is not None
    return bot.buttons(user_id)[: len(lesson.quiz.options)]


async def test_the_order_is_stored_and_shown_again_when_the_quiz_reopens(bot: BotHarness) -> None:
    first = await open_quiz(bot, ALICE, "red-flags")
    again = await open_quiz(bot, ALICE, "red-flags")

    row = (await progress_rows(bot, ALICE))["red-flags"]
    quiz = lesson_of(bot, "red-flags").quiz
    assert quiz is not None
    stored = parse_quiz_order(row.quiz_order)
    assert stored is not None and sorted(stored) == [0, 1, 2]
    assert first == again == [quiz.options[index].text for index in stored]


async def test_answer_buttons_carry_the_files_index_whatever_the_order(bot: BotHarness) -> None:
    await open_quiz(bot, ALICE, "red-flags")
    lesson = lesson_of(bot, "red-flags")
    assert lesson.quiz is not None
    message = bot.fake.last_message(ALICE)

    for index, option in enumerate(lesson.quiz.options):
        assert message.button_data(option.text) == answer_data(lesson, index)

    await bot.press(ALICE, lesson.quiz.options[lesson.quiz.correct_index].text)
    row = (await progress_rows(bot, ALICE))["red-flags"]
    assert (row.quiz_answer, row.quiz_correct) == (lesson.quiz.correct_index, True)


async def test_the_order_survives_a_restart(database: Database) -> None:
    settings = make_settings(database.url)
    async with running_bot(settings, search_path=database.search_path) as first:
        before = await open_quiz(first, ALICE, "triptans")
    async with running_bot(settings, search_path=database.search_path) as second:
        after = await open_quiz(second, ALICE, "triptans")

    assert before == after


async def test_different_readers_see_the_right_answer_in_different_places(bot: BotHarness) -> None:
    quiz = lesson_of(bot, "aura").quiz
    assert quiz is not None
    right = quiz.options[quiz.correct_index].text
    places = set()
    # With 20 readers, the chance that all see it in one place is 3 x (1/3)^20, about 1 in a billion.
    for user_id in range(5000, 5020):
        shown = await open_quiz(bot, user_id, "aura")
        places.add(shown.index(right))
    assert len(places) > 1


async def test_a_row_from_before_the_shuffle_gets_an_order_when_its_quiz_opens(bot: BotHarness) -> None:
    await open_quiz(bot, ALICE, "aura")
    async with transaction(bot.services.sessions) as session:
        await session.execute(update(LessonProgress).values(quiz_order=None))

    await open_quiz(bot, ALICE, "aura")

    assert parse_quiz_order((await progress_rows(bot, ALICE))["aura"].quiz_order) is not None


async def test_quiz_order_is_kept_until_the_number_of_options_changes(bot: BotHarness) -> None:
    async with transaction(bot.services.sessions) as session:
        await touch_user(session=session, user_id=ALICE)
        first = await quiz_order(
            session=session, user_id=ALICE, lesson=AURA, option_count=3, rng=random.Random(1), now=NOW
        )
        same = await quiz_order(
            session=session, user_id=ALICE, lesson=AURA, option_count=3, rng=random.Random(2), now=NOW
        )
        grown = await quiz_order(
            session=session, user_id=ALICE, lesson=AURA, option_count=4, rng=random.Random(3), now=NOW
        )

    assert sorted(first) == [0, 1, 2] and same == first
    assert sorted(grown) == [0, 1, 2, 3]


def test_a_malformed_stored_order_reads_as_none() -> None:
    assert parse_quiz_order(None) is None
    assert parse_quiz_order("") is None
    assert parse_quiz_order("2,x,1") is None
    assert parse_quiz_order("2,0,1") == [2, 0, 1]
