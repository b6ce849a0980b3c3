"""Small helpers for the lesson chat tests: open a lesson through the menus, read progress rows, edit content."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import select

from bot.catalog_holder import CONTENT_ROOT_KEY, catalog_holder
from bot.lessons.views import module_data
from content import Catalog, Lesson, Step, default_root
from scheduler.clock import ManualClock
from storage.db import transaction
from storage.lesson_models import LessonProgress
from support.broadcast_helpers import NOW
from support.databases import Database
from support.harness import BotHarness, make_settings, running_bot

URGENT = "🚨 Urgent warning signs"
STALE = "This button is no longer active."


def catalog_of(bot: BotHarness) -> Catalog:
    """Return the catalog the bot serves right now."""
    return catalog_holder(bot.services).current.catalog


def lesson_of(bot: BotHarness, lesson_id: str) -> Lesson:
    """Return a lesson of the served catalog."""
    lesson = catalog_of(bot).get_lesson(lesson_id)
    assert lesson is not None, lesson_id
    return lesson


async def open_from_menu(bot: BotHarness, user_id: int, lesson_id: str) -> None:
    """Open a lesson the way a reader does: /lessons, its module, its title."""
    lesson = lesson_of(bot, lesson_id)
    await bot.send(user_id, "/lessons")
    menu = bot.fake.last_message(user_id)
    label = next(label for row in menu.buttons for label, data in row if data == module_data(lesson.module))
    await bot.press(user_id, label)
    await bot.press(user_id, next(label for label in bot.buttons(user_id) if label.endswith(lesson.title)))


async def progress_rows(bot: BotHarness, user_id: int) -> dict[str, LessonProgress]:
    """Return the user's lesson progress rows by lesson id."""
    async with transaction(bot.services.sessions) as session:
        rows = (await session.scalars(select(LessonProgress).where(LessonProgress.user_id == user_id))).all()
    return {row.lesson_id: row for row in rows}


def with_changed_lesson(catalog: Catalog, lesson_id: str, first_step_html: str) -> Catalog:
    """Return a copy of the catalog where one lesson's first step reads differently (and so hashes differently)."""
    lessons = []
    for lesson in catalog.lessons:
        if lesson.id == lesson_id:
            steps = (Step(title=lesson.steps[0].title, html=first_step_html), *lesson.steps[1:])
            lesson = lesson.model_copy(update={"steps": steps, "version": lesson.version + 1, "content_hash": "f" * 12})
        lessons.append(lesson)
    return Catalog.build(lang=catalog.lang, modules=list(catalog.modules), lessons=lessons)


def lessons_copy(tmp_path: Path) -> Path:
    """Return a private copy of the shipped lessons (every language) that a test may edit."""
    root = tmp_path / "lessons"
    shutil.copytree(default_root(), root)
    return root


@asynccontextmanager
async def bot_reading_lessons(database: Database, root: Path) -> AsyncIterator[BotHarness]:
    """The real bot at NOW, whose /reload reads the lessons under root instead of the shipped ones."""
    settings = make_settings(database.url)
    async with running_bot(settings, search_path=database.search_path, clock=ManualClock(NOW)) as harness:
        harness.services.extras[CONTENT_ROOT_KEY] = root
        yield harness
