"""Lesson buttons: step through a lesson in one message, take its quiz, open menus.

Button data is never trusted: an unknown lesson, step or option answers "no longer active". A button
whose content-hash prefix no longer matches (the catalog was reloaded since) opens the current
version from its first step and says so, so readers in the middle of a lesson never hit an error.
Quiz answers are shown in an order shuffled once per user and stored; answer buttons carry the index of
the option in the lesson file, so the stored answer means the same thing whatever order was shown.
"""

from __future__ import annotations

import random
import re
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncConnection
from telegram import Update

from bot import callbacks
from bot.access import read_user_state, seen_user_write, user_transaction
from bot.catalog_holder import LoadedCatalog, catalog_holder
from bot.context import BotContext
from bot.lessons.menus import continue_point, module_screen, modules_screen, progress_screen
from bot.lessons.views import (
    SAFETY_LESSON_ID,
    Screen,
    answer_screen,
    end_screen,
    quiz_screen,
    step_screen,
)
from bot.replies import answer, answer_stale, edit_or_send, reply
from bot.safety.screen import send_urgent_care
from bot.texts import texts_for
from bot.texts.catalog import Texts
from content import Lesson
from storage.db import read_once
from storage.lessons import (
    LessonVersion,
    ProgressView,
    lesson_progress,
    quiz_order,
    record_lesson_completed,
    record_lesson_step,
    record_quiz_answer,
)
from storage.snapshots import UserView

_HASH_PREFIX = re.compile(r"^[0-9a-f]{6}$")
# Which answer comes first must not be guessable; it needs no more than that.
_SHUFFLE = random.SystemRandom()
Action = Callable[[Update, BotContext, callbacks.Callback, LoadedCatalog], Awaitable[None]]


def version_of(lesson: Lesson) -> LessonVersion:
    """Return what storage records about the text a user reads."""
    return LessonVersion(lesson.id, lesson.version, lesson.content_hash)


async def press_lesson_button(update: Update, context: BotContext) -> None:
    """Route a lesson button to its action; malformed or forged data gets the stale answer."""
    parsed = callbacks.parse(update.callback_query.data if update.callback_query else None)
    entry = _ACTIONS.get(parsed.action) if parsed is not None else None
    if parsed is None or entry is None or len(parsed.args) != entry[0]:
        await answer_stale(update, context)
        return
    # One snapshot per update: a /reload meanwhile cannot mix two versions of the content.
    await entry[1](update, context, parsed, await user_catalog(update, context))


async def show_step(
    update: Update,
    context: BotContext,
    loaded: LoadedCatalog,
    lesson: Lesson,
    step: int,
    *,
    updated: bool = False,
    new_message: bool = False,
) -> None:
    """Record the step and show it (the step count shows the key points and completes the lesson)."""
    total = len(lesson.steps)
    record = record_lesson_completed if step >= total else record_lesson_step
    now = context.services.clock.now()

    async def record_step(connection: AsyncConnection, user: UserView) -> Texts:
        await record(connection=connection, user_id=user.id, lesson=version_of(lesson), step=step, now=now)
        return texts_for(user.language)

    t = await seen_user_write(update, context, record_step)
    screen = (
        end_screen(t, loaded.catalog, lesson)
        if step >= total
        else step_screen(t, loaded.catalog, lesson, step, updated=updated)
    )
    if new_message:
        await reply(update, *screen)
        return
    await answer(update, t.LESSON_UPDATED if updated else None)
    await edit_or_send(update, *screen)


async def _show(update: Update, screen: Screen) -> None:
    await answer(update)
    await edit_or_send(update, *screen)


async def user_catalog(update: Update, context: BotContext) -> LoadedCatalog:
    """Return the lessons and search index in the user's language: one snapshot, used for the whole update."""
    language = (await read_user_state(update, context)).user.language
    return catalog_holder(context.services).for_lang(language)


async def user_texts(update: Update, context: BotContext) -> Texts:
    """Return the text catalog in the user's language (read from the snapshot cache when it can be)."""
    return texts_for((await read_user_state(update, context)).user.language)


async def read_progress(update: Update, context: BotContext) -> tuple[Texts, list[ProgressView]]:
    """Return the user's texts and lesson progress, most recently touched first.

    One read after the user's (which marks them seen when due, as a transaction here would): menus only
    read. An autocommit statement on PostgreSQL; on SQLite the snapshot cache usually answers for the user,
    and the progress is one statement. A user transaction cost BEGIN, the user's row again and COMMIT.
    """
    services = context.services
    state = await read_user_state(update, context)
    user_id = state.user.id
    rows = await read_once(
        services.reads or services.engine, lambda connection: lesson_progress(connection=connection, user_id=user_id)
    )
    return texts_for(state.user.language), rows


def _current(loaded: LoadedCatalog, lesson_id: str, hash_prefix: str) -> tuple[Lesson | None, bool]:
    """Return the lesson the data names and whether its content changed; None for unknown or forged data."""
    lesson = loaded.catalog.get_lesson(lesson_id)
    if lesson is None or not _HASH_PREFIX.match(hash_prefix):
        return None, False
    return lesson, not lesson.content_hash.startswith(hash_prefix)


async def _go(update: Update, context: BotContext, parsed: callbacks.Callback, loaded: LoadedCatalog) -> None:
    lesson, changed = _current(loaded, parsed.arg(0), parsed.arg(2))
    step = parsed.int_arg(1)
    if lesson is None or step is None or (not changed and step > len(lesson.steps)):
        await answer_stale(update, context)
    elif changed:
        await show_step(update, context, loaded, lesson, 0, updated=True)
    else:
        await show_step(update, context, loaded, lesson, step)


async def _open(update: Update, context: BotContext, parsed: callbacks.Callback, loaded: LoadedCatalog) -> None:
    lesson = loaded.catalog.get_lesson(parsed.arg(0))
    if lesson is not None:
        await show_step(update, context, loaded, lesson, 0)
    elif parsed.arg(0) == SAFETY_LESSON_ID:
        # The urgent button must never go dead, even if a reload dropped the Safety lesson.
        await answer(update)
        await send_urgent_care(update, context)
    else:
        await answer_stale(update, context)


async def _quiz(update: Update, context: BotContext, parsed: callbacks.Callback, loaded: LoadedCatalog) -> None:
    lesson, changed = _current(loaded, parsed.arg(0), parsed.arg(1))
    if lesson is None or lesson.quiz is None:
        await answer_stale(update, context)
    elif changed:
        await show_step(update, context, loaded, lesson, 0, updated=True)
    else:
        await _show(update, await _quiz_for_user(update, context, lesson))


async def _quiz_for_user(update: Update, context: BotContext, lesson: Lesson) -> Screen:
    """Return the quiz with its options in this user's stored order (shuffled the first time)."""
    assert lesson.quiz is not None
    async with user_transaction(update, context) as (session, user):
        order = await quiz_order(
            session=session,
            user_id=user.id,
            lesson=version_of(lesson),
            option_count=len(lesson.quiz.options),
            rng=_SHUFFLE,
            now=context.services.clock.now(),
        )
        t = texts_for(user.language)
    return quiz_screen(t, lesson, order)


async def _answer(update: Update, context: BotContext, parsed: callbacks.Callback, loaded: LoadedCatalog) -> None:
    lesson, changed = _current(loaded, parsed.arg(0), parsed.arg(2))
    option = parsed.int_arg(1)
    if lesson is None or lesson.quiz is None or option is None:
        await answer_stale(update, context)
        return
    if changed:
        await show_step(update, context, loaded, lesson, 0, updated=True)
        return
    if option >= len(lesson.quiz.options):
        await answer_stale(update, context)
        return
    correct = lesson.quiz.options[option].correct
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        await record_quiz_answer(
            session=session,
            user_id=user.id,
            lesson=version_of(lesson),
            answer=option,
            correct=correct,
            now=context.services.clock.now(),
        )
    await _show(update, answer_screen(t, loaded.catalog, lesson, option))


async def _module(update: Update, context: BotContext, parsed: callbacks.Callback, loaded: LoadedCatalog) -> None:
    module = loaded.catalog.get_module(parsed.arg(0))
    if module is None:
        await answer_stale(update, context)
        return
    t, rows = await read_progress(update, context)
    await _show(update, module_screen(t, loaded.catalog, module, rows))


async def _menu(update: Update, context: BotContext, parsed: callbacks.Callback, loaded: LoadedCatalog) -> None:
    t, rows = await read_progress(update, context)
    await _show(update, modules_screen(t, loaded.catalog, rows))


async def _progress_view(
    update: Update, context: BotContext, parsed: callbacks.Callback, loaded: LoadedCatalog
) -> None:
    t, rows = await read_progress(update, context)
    await _show(update, progress_screen(t, loaded.catalog, rows))


async def _continue(update: Update, context: BotContext, parsed: callbacks.Callback, loaded: LoadedCatalog) -> None:
    t, rows = await read_progress(update, context)
    point = continue_point(loaded.catalog, rows)
    if point is None:
        await _show(update, modules_screen(t, loaded.catalog, rows))
    else:
        await show_step(update, context, loaded, point.lesson, point.step, updated=point.updated)


# action -> (number of arguments, handler); the data formats are built in views.py.
_ACTIONS: dict[str, tuple[int, Action]] = {
    "go": (3, _go),
    "open": (1, _open),
    "quiz": (2, _quiz),
    "ans": (3, _answer),
    "mod": (1, _module),
    "menu": (0, _menu),
    "prog": (0, _progress_view),
    "cont": (0, _continue),
}
