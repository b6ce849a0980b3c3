"""Lesson menus: modules, a module's lessons, progress by module, search results and where to continue."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.keyboards import Row, inline
from bot.lessons.views import (
    CONTINUE_DATA,
    MENU_DATA,
    PROGRESS_DATA,
    Screen,
    menu_rows,
    module_data,
    open_data,
    safety_row,
)
from bot.texts.catalog import Texts
from content import Catalog, Lesson, Module, SearchHit
from storage.lessons import ProgressView

Progress = dict[str, ProgressView]


@dataclass(frozen=True, slots=True)
class ContinuePoint:
    """Where "Continue where I left off" leads: a lesson, a step, and whether the lesson changed since."""

    lesson: Lesson
    step: int
    updated: bool


def by_lesson(rows: Sequence[ProgressView]) -> Progress:
    """Index progress rows by lesson id."""
    return {row.lesson_id: row for row in rows}


def continue_point(catalog: Catalog, rows: Sequence[ProgressView]) -> ContinuePoint | None:
    """Return the latest unfinished lesson, else the first unread one; None for someone who read nothing."""
    for row in rows:  # most recently touched first
        lesson = catalog.get_lesson(row.lesson_id)
        if lesson is None or row.completed_at is not None:
            continue
        if row.content_hash != lesson.content_hash:
            return ContinuePoint(lesson, 0, updated=True)
        return ContinuePoint(lesson, min(row.last_step, len(lesson.steps) - 1), updated=False)
    opened = {row.lesson_id for row in rows}
    unread = next((lesson for lesson in catalog.lessons if lesson.id not in opened), None)
    return ContinuePoint(unread, 0, updated=False) if rows and unread is not None else None


def done_in(catalog: Catalog, module: Module, progress: Progress) -> int:
    """Return how many lessons of the module the user completed."""
    return sum(
        1
        for lesson in catalog.lessons_in(module.id)
        if lesson.id in progress and progress[lesson.id].completed_at is not None
    )


def resume_row(t: Texts, catalog: Catalog, rows: Sequence[ProgressView]) -> list[Row]:
    """The first row of the lesson menus: Continue, or else Start with the first lesson.

    There is always one, so every other button keeps its place (and its number in the sandbox) when
    Continue appears after the first lesson.
    """
    if continue_point(catalog, rows) is not None:
        return [[(t.BTN_CONTINUE, CONTINUE_DATA)]]
    first = catalog.lessons[0] if catalog.lessons else None
    return [[(t.BTN_START_FIRST, open_data(first.id))]] if first is not None else []


def modules_screen(t: Texts, catalog: Catalog, rows: Sequence[ProgressView]) -> Screen:
    """Return the module menu with counts read, under Continue (or Start when there is nothing to continue)."""
    progress = by_lesson(rows)
    buttons: list[Row] = resume_row(t, catalog, rows)
    for module in catalog.modules:
        label = t.MODULE_LABEL.format(
            title=module.title, done=done_in(catalog, module, progress), total=len(catalog.lessons_in(module.id))
        )
        buttons.append([(label, module_data(module.id))])
    buttons.extend([[(t.BTN_PROGRESS, PROGRESS_DATA)], safety_row(t)])
    all_read = bool(catalog.lessons) and all(
        lesson.id in progress and progress[lesson.id].completed_at for lesson in catalog.lessons
    )
    text = t.LESSONS_MENU + ("\n\n" + t.LESSONS_ALL_READ if all_read else "")
    return text, inline(buttons)


def module_screen(t: Texts, catalog: Catalog, module: Module, rows: Sequence[ProgressView]) -> Screen:
    """Return a module's lessons, marked read or started."""
    progress = by_lesson(rows)
    buttons: list[Row] = []
    for lesson in catalog.lessons_in(module.id):
        row = progress.get(lesson.id)
        label = t.LESSON_LABEL if row is None else t.LESSON_LABEL_DONE if row.completed_at else t.LESSON_LABEL_STARTED
        buttons.append([(label.format(title=lesson.title), open_data(lesson.id))])
    buttons.extend([[(t.BTN_BACK, MENU_DATA)], safety_row(t)])
    return t.MODULE_MENU.format(title=html.escape(module.title)), inline(buttons)


def progress_screen(t: Texts, catalog: Catalog, rows: Sequence[ProgressView]) -> Screen:
    """Return completion by module and quiz results."""
    progress = by_lesson(rows)
    lines = [t.PROGRESS_HEADER]
    for module in catalog.modules:
        done, total = done_in(catalog, module, progress), len(catalog.lessons_in(module.id))
        mark = "✅" if total and done == total else "▫️"
        lines.append(t.PROGRESS_MODULE.format(mark=mark, title=html.escape(module.title), done=done, total=total))
    current = [row for row in rows if catalog.get_lesson(row.lesson_id) is not None]
    answered = [row for row in current if row.quiz_correct is not None]
    if answered:
        right = sum(1 for row in answered if row.quiz_correct)
        lines.append("\n" + t.PROGRESS_QUIZZES.format(right=right, answered=len(answered)))
    if not current:
        lines.append("\n" + t.PROGRESS_NONE)
    return "\n".join(lines), inline([*resume_row(t, catalog, rows), *menu_rows(t)])


def search_screen(
    t: Texts, catalog: Catalog, hits: Sequence[SearchHit], *, nothing_note: Callable[[], str] | None = None
) -> Screen:
    """Return the 1-3 best lessons for a question as buttons, or a pointer to /lessons (and, then, the note made by
    `nothing_note`)."""
    found = [lesson for hit in hits if (lesson := catalog.get_lesson(hit.lesson_id)) is not None]
    buttons: list[Row] = [[(t.BTN_RELATED.format(title=lesson.title), open_data(lesson.id))] for lesson in found]
    if found:
        return t.ASK_RESULTS, inline([*buttons, *menu_rows(t)])
    return t.ASK_NOTHING + (nothing_note() if nothing_note else ""), inline(menu_rows(t))
