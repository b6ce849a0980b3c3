"""Lessons and search in the user's language: every language folder under content/lessons is served."""

from __future__ import annotations

from bot.catalog_holder import catalog_holder
from storage.db import transaction
from storage.users import set_language
from support.harness import BotHarness

ANA, OLGA, ALICE, PIERRE = 3101, 3102, 3103, 3104


async def _speak(bot: BotHarness, user_id: int, language: str) -> None:
    """Store a language as /settings does (the choice of language itself is tested with the settings)."""
    async with transaction(bot.services.sessions) as session:
        await set_language(session=session, user_id=user_id, language=language)
    if bot.services.snapshots is not None:
        bot.services.snapshots.invalidate(user_id)


async def test_every_shipped_language_is_served(bot: BotHarness) -> None:
    holder = catalog_holder(bot.services)
    assert holder.languages == ("en", "es", "ru")
    assert holder.for_lang("es").catalog.lang == "es"
    # A language without lessons reads the default language's, never nothing.
    assert holder.for_lang("fr").catalog.lang == "en"
    assert holder.for_lang(None).catalog.lang == "en"


async def test_lesson_menus_and_steps_come_in_the_users_language(bot: BotHarness) -> None:
    for user_id, language in [(ANA, "es"), (OLGA, "ru"), (ALICE, "en")]:
        await bot.onboard(user_id)
        await _speak(bot, user_id, language)
    titles = {lang: catalog_holder(bot.services).for_lang(lang).catalog.get_lesson("aura") for lang in ("es", "ru")}

    await bot.send(ANA, "/ask veo luces en zigzag antes del dolor")
    assert titles["es"] is not None and f"📖 {titles['es'].title}" in bot.buttons(ANA)
    await bot.press(ANA, f"📖 {titles['es'].title}")
    assert titles["es"].steps[0].title in bot.last_text(ANA)

    await bot.send(OLGA, "/ask зигзаги перед глазами перед головной болью")
    assert titles["ru"] is not None and f"📖 {titles['ru'].title}" in bot.buttons(OLGA)

    await bot.send(ALICE, "/ask I see zigzag lines before the pain starts")
    assert "📖 Aura" in bot.buttons(ALICE)


async def test_a_user_whose_language_has_no_lessons_reads_the_default(bot: BotHarness) -> None:
    await bot.onboard(PIERRE)
    await _speak(bot, PIERRE, "fr")
    await bot.send(PIERRE, "/ask I see zigzag lines before the pain starts")
    assert "📖 Aura" in bot.buttons(PIERRE)


async def test_what_migraine_is_and_why_one_gets_it_is_a_question_for_the_basics_lesson(bot: BotHarness) -> None:
    await bot.onboard(ANA)
    await _speak(bot, ANA, "es")
    await bot.onboard(OLGA)
    await _speak(bot, OLGA, "ru")
    basics = {
        lang: catalog_holder(bot.services).for_lang(lang).catalog.get_lesson("what-is-migraine")
        for lang in ("es", "ru")
    }
    assert basics["es"] is not None and basics["ru"] is not None

    for user_id, text, lesson in [
        (ANA, "¿qué es la migraña y por qué me da?", basics["es"]),
        (ANA, "¿Qué é la migraña y por qué me pasa a mí?", basics["es"]),  # "é": a typo of "es"
        (OLGA, "что такое мигрень и почему она у меня бывает?", basics["ru"]),
    ]:
        replies = await bot.send(user_id, text)

        labels = replies[-1].button_labels
        assert labels[0] == f"📖 {lesson.title}", text
        assert not any(label.startswith("🤕") for label in labels), text  # not taken for a headache to log


async def test_russian_calls_the_warning_signs_by_one_name_on_the_button_and_in_the_lesson(bot: BotHarness) -> None:
    await bot.onboard(OLGA)
    await _speak(bot, OLGA, "ru")
    lesson = catalog_holder(bot.services).for_lang("ru").catalog.get_lesson("red-flags")
    assert lesson is not None
    term = lesson.title.split(":")[0]  # "Тревожные признаки: когда нужна срочная помощь"

    replies = await bot.send(OLGA, "/lessons")
    urgent = replies[-1].button_labels[-1]

    assert urgent == f"🚨 {term}"
    await bot.press(OLGA, urgent)
    assert bot.last_text(OLGA).startswith(f"📖 {lesson.title}")
