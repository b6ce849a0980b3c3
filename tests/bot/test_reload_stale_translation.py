"""/reload serves an English fix at once; a translation it leaves stale is a warning, and is still served (issue 15)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.catalog_holder import catalog_holder
from support.broadcast_helpers import add_users
from support.databases import Database
from support.harness import BotHarness
from support.lesson_helpers import bot_reading_lessons, lessons_copy

OPERATOR = 999
RUSSIAN_READER = 3201


@pytest.fixture
def lessons_root(tmp_path: Path) -> Path:
    """A private copy of the shipped lessons with an English fix to the aura lesson, not yet translated."""
    root = lessons_copy(tmp_path)
    path = root / "en" / "aura.md"
    text = path.read_text(encoding="utf-8")
    assert "\ntitle: Aura\n" in text
    path.write_text(text.replace("\ntitle: Aura\n", "\ntitle: Aura, fixed\n", 1), encoding="utf-8")
    return root


@pytest.fixture
async def bot(database: Database, lessons_root: Path) -> AsyncIterator[BotHarness]:
    """The real bot, reading /reload's lessons from the copy, with a Russian operator and a Russian reader."""
    async with bot_reading_lessons(database, lessons_root) as harness:
        await add_users(harness.services.sessions, [OPERATOR, RUSSIAN_READER], language="ru")
        yield harness


async def test_a_russian_operator_is_warned_in_russian_and_the_russian_lesson_is_still_served(
    bot: BotHarness,
) -> None:
    russian_before = catalog_holder(bot.services).for_lang("ru").catalog.get_lesson("aura")

    replies = await bot.send(OPERATOR, "/reload")

    assert (replies[0].text or "").startswith("✅ Содержимое обновлено")
    warning = replies[1].text or ""
    assert warning.startswith("⚠️ 2 предупреждения; уроки показываются как есть:")
    for language in ("es", "ru"):
        assert f"{language}/aura.md:source_hash: предупреждение: перевод устарел" in warning
        assert f"python -m content stamp {language}/aura" in warning
    assert "stale translation" not in warning
    holder = catalog_holder(bot.services)
    assert holder.current.catalog.get_lesson("aura").title == "Aura, fixed"  # type: ignore[union-attr]
    assert holder.for_lang("ru").catalog.get_lesson("aura") == russian_before

    lesson = await bot.send(RUSSIAN_READER, "/start lesson_aura")

    assert (lesson[0].text or "").startswith("📖 Аура · 1/4")


async def test_a_russian_lesson_out_of_place_stops_the_reload_as_an_error(bot: BotHarness, lessons_root: Path) -> None:
    path = lessons_root / "ru" / "aura.md"
    path.write_text(path.read_text(encoding="utf-8").replace("\norder: 3\n", "\norder: 99\n", 1), encoding="utf-8")
    before = catalog_holder(bot.services).current

    replies = await bot.send(OPERATOR, "/reload")

    report = replies[0].text or ""
    assert report.startswith("⚠️ Ничего не изменилось. В содержимом 1 проблема:")
    assert "ru/aura.md:order: порядок 99, а у английского урока — 3" in report
    assert "перевод устарел" not in report  # the stale ones are warnings, not the reason it stopped
    assert catalog_holder(bot.services).current is before
