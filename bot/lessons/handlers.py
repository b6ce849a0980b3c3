"""/lessons, /progress, /ask, the lesson deep link and free-text search; buttons are in buttons.py.

Lessons are readable without consent: progress is not diary data, so it is stored for everyone.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callbacks
from bot.access import read_user_state
from bot.catalog_holder import LoadedCatalog
from bot.context import BotContext
from bot.keyboards import inline
from bot.lessons.buttons import (
    press_lesson_button,
    read_progress,
    show_step,
    user_catalog,
    user_texts,
    version_of,
)
from bot.lessons.medicine_answers import medicine_answer
from bot.lessons.menus import modules_screen, progress_screen, search_screen
from bot.lessons.views import PREFIX, Screen, menu_rows, step_screen
from bot.replies import reply
from bot.safety.emergency import format_numbers, numbers_for
from bot.safety.screen import crisis_lines, screen_red_flags
from bot.services import Services
from bot.texts import texts_for
from storage.lessons import next_unread_lesson_id, record_lesson_step

if TYPE_CHECKING:
    from bot.context import BotApplication

DEEP_LINK_KIND = "lesson"


def register(application: BotApplication, services: Services) -> None:
    """Add the lesson commands and buttons, the `lesson_<id>` deep link and free-text search."""
    services.extras["deep_links"][DEEP_LINK_KIND] = open_lesson_link
    services.extras["free_text"] = search_free_text
    commands = {"lessons": lessons_command, "progress": progress_command, "ask": ask_command}
    for name, callback in commands.items():
        application.add_handler(CommandHandler(name, callback))
    application.add_handler(CallbackQueryHandler(press_lesson_button, pattern=callbacks.pattern(PREFIX)))


async def lessons_command(update: Update, context: BotContext) -> None:
    """Show the modules, with Continue when the user has somewhere to continue."""
    t, rows = await read_progress(update, context)
    await reply(update, *modules_screen(t, (await user_catalog(update, context)).catalog, rows))


async def progress_command(update: Update, context: BotContext) -> None:
    """Show how many lessons of each module the user has read, and their quiz results."""
    t, rows = await read_progress(update, context)
    await reply(update, *progress_screen(t, (await user_catalog(update, context)).catalog, rows))


async def ask_command(update: Update, context: BotContext) -> None:
    """Answer /ask <question>: red flags first, then the best-matching lessons."""
    message = update.effective_message
    parts = (message.text or "").split(maxsplit=1) if message is not None else []
    question = parts[1].strip() if len(parts) > 1 else ""
    # Safety before anything else, exactly as for plain text.
    if question and await screen_red_flags(update, context, question, source="ask"):
        return
    if not question:
        t = await user_texts(update, context)
        await reply(update, t.ASK_USAGE, inline(menu_rows(t)))
        return
    await search_free_text(update, context, question)


async def search_free_text(update: Update, context: BotContext, text: str) -> None:
    """Reply with the 1-3 lessons that best match a question, after a plain word on a medicine question (red flags
    were screened by the caller)."""
    loaded = await user_catalog(update, context)
    user = (await read_user_state(update, context)).user
    t = texts_for(user.language)

    def urgent_note() -> str:
        # No lesson matches: the emergency number and crisis line come with the answer, as the text may be in a
        # language the red-flag screen does not read, or say something urgent in words it does not know.
        numbers = numbers_for(user, context.services.settings)
        lines = crisis_lines(t, numbers)
        crisis = (lines["line"] or lines["young_line"]).strip()
        return str(t.ASK_NOTHING_URGENT.format(**format_numbers(numbers, t), crisis=f" {crisis}" if crisis else ""))

    numbers = numbers_for(user, context.services.settings)
    note, hits = medicine_answer(t, loaded.catalog, text, loaded.search.ask(text), numbers=numbers)
    answer, markup = search_screen(t, loaded.catalog, hits, nothing_note=urgent_note)
    await reply(update, f"{note}\n\n{answer}" if note else answer, markup)


async def open_lesson_link(update: Update, context: BotContext, value: str) -> bool:
    """Open the lesson named by t.me/<bot>?start=lesson_<id>; an unknown id gets the module menu."""
    loaded = await user_catalog(update, context)
    lesson = loaded.catalog.get_lesson(value)
    if lesson is not None:
        # A new message: after onboarding the update is a time zone button whose message must stay.
        await show_step(update, context, loaded, lesson, 0, new_message=True)
        return True
    t, rows = await read_progress(update, context)
    text, markup = modules_screen(t, loaded.catalog, rows)
    await reply(update, t.LESSON_NOT_FOUND + "\n\n" + text, markup)
    return True


async def prepare_next_unread_lesson(
    *, session: AsyncSession, user_id: int, language: str, loaded: LoadedCatalog, now: datetime
) -> Screen | None:
    """Pick the user's first unopened lesson, mark it started and return its first step to send; None when all
    were opened. For the lesson drip: call inside the transaction, send the (text, keyboard) after commit."""
    catalog = loaded.catalog
    lesson_ids = [lesson.id for lesson in catalog.lessons]
    lesson_id = await next_unread_lesson_id(session=session, user_id=user_id, lesson_ids=lesson_ids)
    lesson = catalog.get_lesson(lesson_id) if lesson_id is not None else None
    if lesson is None:
        return None
    connection = await session.connection()
    await record_lesson_step(connection=connection, user_id=user_id, lesson=version_of(lesson), step=0, now=now)
    return step_screen(texts_for(language), catalog, lesson, 0)
