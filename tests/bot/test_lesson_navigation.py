"""Lessons in the chat: modules, lessons, steps edited in place, the Safety button, stale and forged buttons."""

from __future__ import annotations

import pytest

from bot.catalog_holder import catalog_holder, shipped_catalog
from bot.fake_telegram import parse_html, utf16_len
from bot.lessons.views import (
    answer_screen,
    end_screen,
    footer,
    quiz_screen,
    step_data,
    step_screen,
)
from bot.texts import en, texts_for
from content import Source
from support.harness import BotHarness
from support.lesson_helpers import (
    STALE,
    URGENT,
    catalog_of,
    lesson_of,
    open_from_menu,
    progress_rows,
    with_changed_lesson,
)

ALICE = 3001


async def test_lessons_lists_modules_then_a_modules_lessons(bot: BotHarness) -> None:
    replies = await bot.send(ALICE, "/lessons")

    assert len(replies) == 1
    assert "Lessons" in (replies[0].text or "")
    labels = replies[0].button_labels
    assert "Understanding migraine · 0/9" in labels
    assert "Safety: when to get urgent help · 0/1" in labels
    assert URGENT in labels and "📊 My progress" in labels
    assert en.BTN_CONTINUE not in labels  # nothing to continue yet

    await bot.press(ALICE, "Understanding migraine · 0/9")
    menu = bot.fake.last_message(ALICE)
    assert menu.message_id == replies[0].message_id  # edited in place
    assert "Understanding migraine" in (menu.text or "")
    assert menu.button_labels[:3] == ["What is migraine?", "Prodrome: the warning phase", "Aura"]
    assert menu.button_labels[-2:] == ["⬅️ Back", URGENT]


async def test_lesson_steps_forward_and_back_in_one_edited_message(bot: BotHarness) -> None:
    await open_from_menu(bot, ALICE, "aura")
    message_count = len(bot.fake.visible_messages(ALICE))

    text = bot.last_text(ALICE)
    assert text.startswith("📖 Aura · 1/4\n\nWhat aura is\n")
    # References are shown once, with the key points at the end, not on every step.
    assert "Sources:" not in text and "Reviewed:" not in text
    assert "Evidence:" not in text  # not a treatment lesson
    assert bot.buttons(ALICE)[-4:] == ["⬅️ Back", "Next ➡️", "📚 All lessons", URGENT]

    assert await bot.press(ALICE, "Next ➡️") == []
    assert bot.last_text(ALICE).startswith("📖 Aura · 2/4\n\nWhat it can feel like")
    await bot.press(ALICE, "Next ➡️")
    await bot.press(ALICE, "⬅️ Back")
    assert bot.last_text(ALICE).startswith("📖 Aura · 2/4")
    assert len(bot.fake.visible_messages(ALICE)) == message_count

    rows = await progress_rows(bot, ALICE)
    assert rows["aura"].last_step == 1 and rows["aura"].completed_at is None
    assert rows["aura"].content_hash == lesson_of(bot, "aura").content_hash


async def test_a_lesson_step_on_postgresql_is_written_without_a_transaction(bot: BotHarness) -> None:
    await open_from_menu(bot, ALICE, "aura")
    commits = bot.services.commits

    await bot.press(ALICE, "Next ➡️")

    if bot.services.reads is not None:  # PostgreSQL: the upsert commits on its own, no BEGIN or COMMIT round trips
        assert bot.services.commits == commits
    assert (await progress_rows(bot, ALICE))["aura"].last_step == 1


async def test_back_on_the_first_step_returns_to_the_module(bot: BotHarness) -> None:
    await open_from_menu(bot, ALICE, "aura")
    await bot.press(ALICE, "⬅️ Back")

    assert "Pick a lesson" in bot.last_text(ALICE)
    assert "▶️ Aura" in bot.buttons(ALICE)


async def test_last_step_leads_to_key_points_and_completes_the_lesson(bot: BotHarness) -> None:
    await open_from_menu(bot, ALICE, "aura")
    for _ in range(3):
        await bot.press(ALICE, "Next ➡️")
    assert bot.last_text(ALICE).startswith("📖 Aura · 4/4")
    assert "Next ➡️" not in bot.buttons(ALICE)

    await bot.press(ALICE, "Key points ➡️")

    text = bot.last_text(ALICE)
    assert text.startswith("📖 Aura · key points")
    assert "• About 25 to 30 in every 100 people with migraine have aura." in text
    assert "You finished this lesson" in text
    assert "Sources: ICHD-3, International Classification of Headache Disorders, 3rd edition (2018);" in text
    assert "Reviewed: 3 Dec 2026, independent content reviewer (fact-sheet check, not a clinician)" in text
    assert text.count("Sources:") == 1
    assert bot.buttons(ALICE)[-4:] == ["⬅️ Back", "📝 Take the quiz", "📚 All lessons", URGENT]
    rows = await progress_rows(bot, ALICE)
    assert rows["aura"].completed_at is not None and rows["aura"].last_step == 4


async def test_treatment_lesson_names_its_evidence_grade_first_and_explains_it_at_the_end(bot: BotHarness) -> None:
    await open_from_menu(bot, ALICE, "triptans")

    first = bot.last_text(ALICE)
    assert first.startswith("📖 Triptans · 1/4\n\nEvidence: established (Level A)\n\nWhat triptans are")
    await bot.press(ALICE, "Next ➡️")
    assert "Evidence:" not in bot.last_text(ALICE)
    await bot.press(ALICE, "Next ➡️")
    await bot.press(ALICE, "Next ➡️")
    await bot.press(ALICE, "Key points ➡️")
    assert "Evidence: established (Level A) — Every triptan has Level A evidence" in bot.last_text(ALICE)


@pytest.mark.parametrize(
    ("lesson_id", "words"),
    [
        ("medication-overuse", "expert opinion"),
        ("antidepressants", "probably effective (Level B)"),
        ("candesartan", "possibly effective (Level C)"),
        ("supplements", "probably effective (Level B)"),
        ("ketamine", "experimental"),
        ("devices", "limited"),
    ],
)
async def test_evidence_grades_read_in_words(bot: BotHarness, lesson_id: str, words: str) -> None:
    await open_from_menu(bot, ALICE, lesson_id)
    assert f"\n\nEvidence: {words}\n\n" in bot.last_text(ALICE)


async def test_a_lesson_named_in_a_step_is_a_button_that_opens_it(bot: BotHarness) -> None:
    await open_from_menu(bot, ALICE, "anti-sickness")
    for _ in range(2):
        await bot.press(ALICE, "Next ➡️")
    assert "See Red flags." in bot.last_text(ALICE)  # the words stay in the text, in bold
    assert bot.buttons(ALICE)[:3] == [
        "⬅️ Back",
        "Next ➡️",
        "👉 See: Red flags: when to get urgent help",
    ]

    await bot.press(ALICE, "👉 See: Red flags: when to get urgent help")

    assert bot.last_text(ALICE).startswith("📖 Red flags: when to get urgent help · 1/4")


async def test_back_and_next_keep_their_places_on_every_step_with_or_without_a_see_link(bot: BotHarness) -> None:
    # The sandbox numbers buttons in order (#1, #2, ...): "Next" must be #2 on every step, also on one that
    # names another lesson.
    await open_from_menu(bot, ALICE, "anti-sickness")
    steps, linked = len(lesson_of(bot, "anti-sickness").steps), 0
    for step in range(steps):
        labels = bot.buttons(ALICE)
        forward = "Next ➡️" if step + 1 < steps else "Key points ➡️"
        assert labels[:2] == ["⬅️ Back", forward], step
        linked += any(label.startswith("👉 See: ") for label in labels)
        await bot.press(ALICE, forward)
    assert linked  # the lesson has a step with a "See:" button, or this test proves nothing


async def test_urgent_button_is_on_every_lesson_menu_and_opens_the_safety_lesson(bot: BotHarness) -> None:
    screens = []
    for text in ["/lessons", "/progress", "/ask what is aura", "/ask xqzv wplk", "/ask"]:
        replies = await bot.send(ALICE, text)
        screens.append(replies[-1])
    await open_from_menu(bot, ALICE, "aura")
    screens.append(bot.fake.last_message(ALICE))
    await bot.press(ALICE, "⬅️ Back")
    screens.append(bot.fake.last_message(ALICE))
    assert all(URGENT in screen.button_labels for screen in screens)

    await bot.press(ALICE, URGENT)

    assert bot.last_text(ALICE).startswith("📖 Red flags: when to get urgent help · 1/4")


async def test_old_button_after_content_change_opens_the_current_version(bot: BotHarness) -> None:
    await open_from_menu(bot, ALICE, "aura")
    await bot.press(ALICE, "Next ➡️")
    old = bot.fake.last_message(ALICE)
    old_next = old.button_data("Next ➡️")
    await open_from_menu(bot, ALICE, "prodrome")
    other = bot.fake.last_message(ALICE)

    holder = catalog_holder(bot.services)
    holder.replace(with_changed_lesson(holder.current.catalog, "aura", "<b>Aura</b> was rewritten."))
    await bot.press_data(ALICE, old.message_id, old_next)

    assert bot.callback_answers()[-1] == "This lesson was updated, here is the current one."
    edited = next(m for m in bot.fake.visible_messages(ALICE) if m.message_id == old.message_id)
    text = edited.text or ""
    assert text.startswith("🔄 This lesson was updated, here is the current one.\n\n📖 Aura · 1/4")
    assert "Aura was rewritten." in text
    rows = await progress_rows(bot, ALICE)
    assert rows["aura"].content_hash == "f" * 12 and rows["aura"].content_version == lesson_of(bot, "aura").version

    # Buttons of lessons that did not change keep working as before.
    await bot.press_data(ALICE, other.message_id, other.button_data("Next ➡️"))
    assert bot.last_text(ALICE).startswith("📖 Prodrome: the warning phase · 2/3")


@pytest.mark.parametrize(
    "data",
    [
        "lesson:go:no-such-lesson:0:abcdef",
        "lesson:go:aura:9:{hash}",
        "lesson:go:aura:-1:{hash}",
        "lesson:go:aura:x:{hash}",
        "lesson:go:aura:1:NOTHEX",
        "lesson:go:aura:1",
        "lesson:ans:aura:7:{hash}",
        "lesson:ans:prodrome:0:{hash}extra",
        "lesson:quiz:no-such-lesson:abcdef",
        "lesson:open:no-such-lesson",
        "lesson:mod:no-such-module",
        "lesson:menu:extra",
        "lesson:explode",
        "lesson:",
    ],
)
async def test_forged_lesson_buttons_answer_stale_without_error(bot: BotHarness, data: str) -> None:
    await open_from_menu(bot, ALICE, "aura")
    before = bot.last_text(ALICE)
    forged = data.format(hash=lesson_of(bot, "aura").content_hash[:6])

    replies = await bot.press_data(ALICE, bot.fake.last_message(ALICE).message_id, forged, check_button=False)

    assert replies == []
    assert bot.callback_answers()[-1] == STALE
    assert bot.last_text(ALICE) == before


async def test_safety_button_still_helps_when_a_reload_dropped_the_safety_lesson(bot: BotHarness) -> None:
    await bot.send(ALICE, "/lessons")
    catalog = catalog_of(bot)
    lessons = [lesson for lesson in catalog.lessons if lesson.id != "red-flags"]
    catalog_holder(bot.services).replace(catalog.build(lang="en", modules=list(catalog.modules), lessons=lessons))

    replies = await bot.press(ALICE, URGENT)

    assert "Please get urgent medical help now" in (replies[0].text or "") and "112" in (replies[0].text or "")


def test_every_shipped_lesson_screen_fits_telegram_limits() -> None:
    catalog = shipped_catalog().catalog
    for lesson in catalog.lessons:
        screens = [
            step_screen(texts_for("en"), catalog, lesson, i, updated=bool(updated))
            for i in range(len(lesson.steps))
            for updated in (0, 1)
        ]
        screens.append(end_screen(texts_for("en"), catalog, lesson))
        if lesson.quiz is not None:
            screens.append(quiz_screen(texts_for("en"), lesson))
            screens.extend(answer_screen(texts_for("en"), catalog, lesson, i) for i in range(len(lesson.quiz.options)))
        for text, markup in screens:
            visible, _entities = parse_html(text)  # raises on markup Telegram would reject
            assert utf16_len(visible) <= 4096, (lesson.id, visible[:60])
            for row in markup.inline_keyboard:
                for button in row:
                    assert len((button.callback_data or "").encode()) <= 64


def test_key_points_with_many_long_sources_are_shortened_to_fit() -> None:
    catalog = shipped_catalog().catalog
    lesson = catalog.get_lesson("triptans")
    assert lesson is not None
    sources = tuple(Source(name="A very long guideline name " * 12, year=2020) for _ in range(12))
    takeaways = tuple("A long key point " * 10 for _ in range(6))
    bulky = lesson.model_copy(update={"sources": sources, "takeaways": takeaways})

    text, _markup = end_screen(texts_for("en"), catalog, bulky)

    visible, _entities = parse_html(text)
    assert utf16_len(visible) <= 4096
    assert "and 11 more" in visible and "Evidence: established (Level A)" in visible


def test_a_source_without_a_year_is_shown_by_name() -> None:
    catalog = shipped_catalog().catalog
    lesson = catalog.get_lesson("is-it-migraine")
    assert lesson is not None

    text, _markup = end_screen(texts_for("en"), catalog, lesson)

    assert "; NICE Clinical Knowledge Summary, cluster headache\n" in text


def test_step_buttons_carry_lesson_step_and_hash_prefix() -> None:
    lesson = shipped_catalog().catalog.get_lesson("red-flags")
    assert lesson is not None
    assert step_data(lesson, 2) == f"lesson:go:red-flags:2:{lesson.content_hash[:6]}"


async def test_the_disclaimer_and_the_lessons_menu_say_the_course_is_for_adults(bot: BotHarness) -> None:
    first = await bot.send(ALICE, "/start")
    menu = await bot.send(ALICE, "/lessons")

    assert any("I give general education for adults." in (reply.text or "") for reply in first)
    assert "Short lessons about migraine in adults" in (menu[-1].text or "")


@pytest.mark.parametrize(
    ("lang", "reviewed"),
    [
        ("es", "Revisado: 3 de diciembre de 2026, revisor de contenido independiente (comprobación con fichas"),
        ("ru", "Проверено: 3 декабря 2026\u202fг., независимый редактор содержания (сверка с информационными листками"),
    ],
)
def test_review_record_reads_in_the_lessons_language(lang: str, reviewed: str) -> None:
    lesson = shipped_catalog(lang).catalog.get_lesson("aura")
    assert lesson is not None

    text = footer(texts_for(lang), lesson)

    assert reviewed in text
    assert "2026-12-03" not in text and "reviewer" not in text
