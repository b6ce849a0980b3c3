"""The quiz at the end of a lesson, stored progress, /progress, Continue, restarts and the lesson drip."""

from __future__ import annotations

from bot.catalog_holder import catalog_holder
from bot.lessons.handlers import prepare_next_unread_lesson
from bot.texts import en
from storage.db import transaction
from storage.users import touch_user
from support.databases import Database
from support.harness import BotHarness, make_settings, running_bot
from support.lesson_helpers import (
    URGENT,
    catalog_of,
    lesson_of,
    open_from_menu,
    progress_rows,
    with_changed_lesson,
)

ALICE = 4001
AURA_RIGHT = "Between 5 and 60 minutes"
AURA_WRONG = "A few seconds"


async def finish_lesson(bot: BotHarness, user_id: int, lesson_id: str) -> None:
    """Open a lesson from the menu and page through to its key points."""
    await open_from_menu(bot, user_id, lesson_id)
    for _ in range(len(lesson_of(bot, lesson_id).steps) - 1):
        await bot.press(user_id, "Next ➡️")
    await bot.press(user_id, "Key points ➡️")


async def test_right_answer_shows_check_explanation_and_next_lessons(bot: BotHarness) -> None:
    await finish_lesson(bot, ALICE, "aura")
    await bot.press(ALICE, "📝 Take the quiz")
    assert bot.last_text(ALICE) == "📝 Quiz · Aura\n\nHow long does each aura symptom usually last?"
    assert sorted(bot.buttons(ALICE)[-5:-2]) == sorted([AURA_RIGHT, AURA_WRONG, "Several days"])  # shuffled
    assert bot.buttons(ALICE)[-2:] == ["⬅️ Back", URGENT]

    await bot.press(ALICE, AURA_RIGHT)

    text = bot.last_text(ALICE)
    assert "Your answer: Between 5 and 60 minutes" in text
    # The verdict is said once: the explanation does not start with "Right." again.
    assert "✅ Right.\nEach aura symptom usually lasts from 5 minutes to an hour." in text
    buttons = bot.buttons(ALICE)
    assert "➡️ Next: The headache phase" in buttons
    assert "📖 Hormones, contraception and migraine" in buttons and "📖 Making attack treatment work" in buttons
    assert "📖 Red flags: when to get urgent help" not in buttons  # it has its own button
    assert buttons[-2:] == ["📚 All lessons", URGENT]
    row = (await progress_rows(bot, ALICE))["aura"]
    assert (row.quiz_answer, row.quiz_correct) == (1, True)  # the option's place in the lesson file
    aura = lesson_of(bot, "aura")
    assert (row.content_version, row.content_hash) == (aura.version, aura.content_hash)


async def test_wrong_answer_shows_cross_the_right_answer_and_its_explanation(bot: BotHarness) -> None:
    await finish_lesson(bot, ALICE, "aura")
    await bot.press(ALICE, "📝 Take the quiz")

    await bot.press(ALICE, AURA_WRONG)

    text = bot.last_text(ALICE)
    assert "❌ Not quite. The answer is: Between 5 and 60 minutes\nSymptoms that come and go in seconds" in text
    row = (await progress_rows(bot, ALICE))["aura"]
    assert (row.quiz_answer, row.quiz_correct) == (0, False)


async def test_next_and_related_buttons_open_those_lessons(bot: BotHarness) -> None:
    await finish_lesson(bot, ALICE, "aura")
    await bot.press(ALICE, "📝 Take the quiz")
    await bot.press(ALICE, AURA_RIGHT)

    feedback = bot.fake.last_message(ALICE)

    await bot.press(ALICE, "➡️ Next: The headache phase")
    assert bot.last_text(ALICE).startswith("📖 The headache phase · 1/4")

    # The related button of the same (now edited) message still works.
    await bot.press_data(
        ALICE, feedback.message_id, feedback.button_data("📖 Making attack treatment work"), check_button=False
    )
    assert bot.last_text(ALICE).startswith("📖 Making attack treatment work · 1/5")


async def test_old_quiz_button_after_content_change_opens_current_version(bot: BotHarness) -> None:
    await finish_lesson(bot, ALICE, "aura")
    await bot.press(ALICE, "📝 Take the quiz")
    quiz = bot.fake.last_message(ALICE)
    holder = catalog_holder(bot.services)
    holder.replace(with_changed_lesson(holder.current.catalog, "aura", "New text."))

    await bot.press_data(ALICE, quiz.message_id, quiz.button_data(AURA_RIGHT))

    assert bot.callback_answers()[-1] == en.LESSON_UPDATED
    assert "📖 Aura · 1/4" in bot.last_text(ALICE) and "New text." in bot.last_text(ALICE)
    assert (await progress_rows(bot, ALICE))["aura"].quiz_answer is None


async def test_progress_shows_completion_by_module_and_quiz_results(bot: BotHarness) -> None:
    replies = await bot.send(ALICE, "/progress")
    assert "You haven't opened a lesson yet" in (replies[0].text or "")

    await finish_lesson(bot, ALICE, "aura")
    await bot.press(ALICE, "📝 Take the quiz")
    await bot.press(ALICE, AURA_WRONG)
    await finish_lesson(bot, ALICE, "red-flags")
    replies = await bot.send(ALICE, "/progress")

    text = replies[0].text or ""
    assert "▫️ Understanding migraine: 1 of 9 read" in text
    assert "▫️ Treating an attack: 0 of 6 read" in text
    assert "✅ Safety: when to get urgent help: 1 of 1 read" in text
    assert "Quizzes: 0 of 1 answered right." in text
    assert replies[0].button_labels == [en.BTN_CONTINUE, "📚 All lessons", URGENT]


async def test_continue_resumes_the_latest_unfinished_lesson_at_its_step(bot: BotHarness) -> None:
    await open_from_menu(bot, ALICE, "aura")
    await bot.press(ALICE, "Next ➡️")
    await bot.press(ALICE, "Next ➡️")
    await finish_lesson(bot, ALICE, "prodrome")

    replies = await bot.send(ALICE, "/lessons")
    assert replies[0].button_labels[0] == en.BTN_CONTINUE
    await bot.press(ALICE, en.BTN_CONTINUE)

    assert bot.last_text(ALICE).startswith("📖 Aura · 3/4")


async def test_continue_after_everything_opened_offers_the_next_unread_lesson(bot: BotHarness) -> None:
    await finish_lesson(bot, ALICE, "what-is-migraine")
    await bot.send(ALICE, "/lessons")

    await bot.press(ALICE, en.BTN_CONTINUE)

    assert bot.last_text(ALICE).startswith("📖 Prodrome: the warning phase · 1/3")


async def test_continue_into_a_changed_lesson_starts_the_current_version(bot: BotHarness) -> None:
    await open_from_menu(bot, ALICE, "aura")
    await bot.press(ALICE, "Next ➡️")
    holder = catalog_holder(bot.services)
    holder.replace(with_changed_lesson(holder.current.catalog, "aura", "Rewritten."))
    await bot.send(ALICE, "/lessons")

    await bot.press(ALICE, en.BTN_CONTINUE)

    assert bot.last_text(ALICE).startswith("🔄 This lesson was updated, here is the current one.\n\n📖 Aura · 1/4")


async def test_lessons_need_no_consent_and_progress_is_stored_anyway(bot: BotHarness) -> None:
    await bot.onboard(ALICE, consent=False)

    await open_from_menu(bot, ALICE, "aura")

    assert bot.last_text(ALICE).startswith("📖 Aura · 1/4")
    assert "aura" in await progress_rows(bot, ALICE)
    privacy = (await bot.send(ALICE, "/privacy"))[0].text or ""
    assert "which lessons you have read with your quiz answers. This is not health data." in privacy


async def test_progress_survives_a_restart(database: Database) -> None:
    settings = make_settings(database.url)
    async with running_bot(settings, search_path=database.search_path) as first:
        await open_from_menu(first, ALICE, "aura")
        await first.press(ALICE, "Next ➡️")
        await finish_lesson(first, ALICE, "red-flags")
        await first.press(ALICE, "📝 Take the quiz")
        quiz = lesson_of(first, "red-flags").quiz
        assert quiz is not None
        await first.press(ALICE, quiz.options[quiz.correct_index].text)

    async with running_bot(settings, search_path=database.search_path) as second:
        progress = (await second.send(ALICE, "/progress"))[0].text or ""
        await second.send(ALICE, "/lessons")
        await second.press(ALICE, en.BTN_CONTINUE)

        assert "✅ Safety: when to get urgent help: 1 of 1 read" in progress
        assert "Quizzes: 1 of 1 answered right." in progress
        assert second.last_text(ALICE).startswith("📖 Aura · 2/4")


async def test_drip_sends_the_next_unopened_lesson_and_marks_it_started(bot: BotHarness) -> None:
    loaded = catalog_holder(bot.services).current
    await finish_lesson(bot, ALICE, "what-is-migraine")
    now = bot.services.clock.now()

    async with transaction(bot.services.sessions) as session:
        first = await prepare_next_unread_lesson(session=session, user_id=ALICE, language="en", loaded=loaded, now=now)
    async with transaction(bot.services.sessions) as session:
        second = await prepare_next_unread_lesson(session=session, user_id=ALICE, language="en", loaded=loaded, now=now)

    assert first is not None and first[0].startswith("📖 <b>Prodrome: the warning phase</b> · 1/3")
    assert second is not None and second[0].startswith("📖 <b>Aura</b> · 1/4")
    assert {"prodrome", "aura"} <= set(await progress_rows(bot, ALICE))


async def test_drip_returns_nothing_once_every_lesson_was_opened(bot: BotHarness) -> None:
    loaded = catalog_holder(bot.services).current
    now = bot.services.clock.now()
    async with transaction(bot.services.sessions) as session:
        await touch_user(session=session, user_id=ALICE)
        for _ in catalog_of(bot).lessons:
            await prepare_next_unread_lesson(session=session, user_id=ALICE, language="en", loaded=loaded, now=now)
        last = await prepare_next_unread_lesson(session=session, user_id=ALICE, language="en", loaded=loaded, now=now)

    assert last is None
