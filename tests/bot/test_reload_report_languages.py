"""/reload's validator report speaks the operator's language; `python -m content check` stays English (issue 15)."""

from __future__ import annotations

import string
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.texts import texts_for
from content import check_content
from content.findings import REASONS
from support.broadcast_helpers import add_users
from support.databases import Database
from support.harness import BotHarness
from support.lesson_helpers import bot_reading_lessons, lessons_copy

OPERATOR = 999
# Three kinds of finding in three languages' files: a field renamed, Markdown bold, a version in words.
BROKEN = [
    ("en", "botox.md", "\ntitle:", "\ntitel:"),
    ("es", "aura.md", "\n\n", "\n\n**Ojo**: "),
    ("ru", "aura.md", "\nversion: ", "\nversion: x"),
]


@pytest.fixture
def lessons_root(tmp_path: Path) -> Path:
    """A private copy of the shipped lessons with a problem in each language's files."""
    root = lessons_copy(tmp_path)
    for language, name, old, new in BROKEN:
        path = root / language / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (language, name)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


@pytest.fixture
async def bot(database: Database, lessons_root: Path) -> AsyncIterator[BotHarness]:
    """The real bot reading /reload's lessons from the broken copy."""
    async with bot_reading_lessons(database, lessons_root) as harness:
        yield harness


async def test_a_russian_operator_reads_the_validator_findings_in_russian(bot: BotHarness) -> None:
    await add_users(bot.services.sessions, [OPERATOR], language="ru")

    replies = await bot.send(OPERATOR, "/reload")

    report = replies[0].text or ""
    assert report.startswith("⚠️ Ничего не изменилось.")
    assert "botox.md:title: нет обязательного поля" in report
    assert "botox.md:titel: неизвестное поле (проверьте написание)" in report
    assert "aura.md:steps[0]: Markdown '**жирный**' показывается как есть; используйте <b>...</b>" in report
    assert "aura.md:version: " in report and "должно быть целое число" in report
    for english in ("required field is missing", "unknown field", "shown literally", "Input should"):
        assert english not in report


async def test_a_spanish_operator_reads_them_in_spanish_with_the_plural_the_count_needs(
    bot: BotHarness, lessons_root: Path
) -> None:
    await add_users(bot.services.sessions, [OPERATOR], language="es")
    path = lessons_root / "es" / "botox.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.split("\n## ", 1)[0] + "\n## Un solo paso\n\nTexto.\n", encoding="utf-8")

    replies = await bot.send(OPERATOR, "/reload")

    report = replies[0].text or ""
    assert "botox.md:steps: 1 paso (encabezados '## '); una lección necesita de 2 a 5" in report
    assert "falta un campo obligatorio" in report and "required field is missing" not in report


async def test_a_long_report_is_a_russian_document(bot: BotHarness, lessons_root: Path) -> None:
    await add_users(bot.services.sessions, [OPERATOR], language="ru")
    for number in range(80):
        (lessons_root / "ru" / f"draft-lesson-number-{number:03}.md").write_text("no front matter here\n")

    replies = await bot.send(OPERATOR, "/reload")

    assert [m.kind for m in replies] == ["document"]
    assert (replies[0].caption or "").startswith("⚠️ Ничего не изменилось.")
    document = (replies[0].document_bytes or b"").decode("utf-8")
    assert "draft-lesson-number-079.md:front matter: файл должен начинаться со строки '---'" in document
    assert "must start" not in document


def test_the_command_line_report_stays_english(lessons_root: Path) -> None:
    lines = [str(problem) for problem in check_content(lessons_root)]
    assert any(line.endswith("botox.md:title: required field is missing") for line in lines)
    assert any(
        line.endswith("aura.md:steps[0]: Markdown '**bold**' is shown literally; use <b>...</b>") for line in lines
    )


@pytest.mark.parametrize("language", ["en", "es", "ru"])
def test_every_finding_has_words_in_every_language_that_use_only_its_parameters(language: str) -> None:
    t = texts_for(language)
    assert set(t.CONTENT_PROBLEMS) == set(REASONS)
    assert "CONTENT_PROBLEMS" not in t.missing
    for code, template in REASONS.items():
        given = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        wording = t.CONTENT_PROBLEMS[code]
        forms = [wording(n) for n in (1, 2, 5)] if callable(wording) else [wording]
        for form in forms:
            used = {name for _, name, _, _ in string.Formatter().parse(form) if name}
            assert used <= given, (code, used - given)
        if callable(wording):  # a plural is chosen by the finding's count
            assert "count" in given, code
