"""Lesson screens: one step at a time, the key points, the quiz and its answer; pure text and keyboards.

Every screen fits one Telegram message, so a lesson is read in a single message edited in place.
Button data carries the lesson id, the step and a content-hash prefix, so a button from an old
message can tell that the lesson changed since (see bot/handlers/lessons.py).
"""

from __future__ import annotations

import html
from types import ModuleType

from telegram import InlineKeyboardMarkup

from bot import callbacks
from bot.keyboards import Row, inline
from content import Catalog, Lesson, utf16_length
from content.html import visible_text

Screen = tuple[str, InlineKeyboardMarkup]

PREFIX = "lesson"
SAFETY_LESSON_ID = "red-flags"
# Six hex digits tell versions apart well enough and keep the longest data under 64 bytes
# ("lesson:ans:" + a 40-char id + ":3:" + 6 = 60).
HASH_PREFIX_LENGTH = 6
MESSAGE_LIMIT = 4096
MAX_RELATED = 3
MENU_DATA = callbacks.make(PREFIX, "menu")
CONTINUE_DATA = callbacks.make(PREFIX, "cont")
PROGRESS_DATA = callbacks.make(PREFIX, "prog")


def short_hash(lesson: Lesson) -> str:
    """Return the content-hash prefix that buttons carry."""
    return lesson.content_hash[:HASH_PREFIX_LENGTH]


def open_data(lesson_id: str) -> str:
    """Return the data of a button that opens a lesson at its first step."""
    return callbacks.make(PREFIX, "open", lesson_id)


def module_data(module_id: str) -> str:
    """Return the data of a button that lists a module's lessons."""
    return callbacks.make(PREFIX, "mod", module_id)


def step_data(lesson: Lesson, step: int) -> str:
    """Return the data of a button that shows a step (the step count means the key points)."""
    return callbacks.make(PREFIX, "go", lesson.id, step, short_hash(lesson))


def quiz_data(lesson: Lesson) -> str:
    """Return the data of the button that starts the quiz."""
    return callbacks.make(PREFIX, "quiz", lesson.id, short_hash(lesson))


def answer_data(lesson: Lesson, option: int) -> str:
    """Return the data of a quiz answer button."""
    return callbacks.make(PREFIX, "ans", lesson.id, option, short_hash(lesson))


def safety_row(t: ModuleType) -> Row:
    """Return the row with the one-tap Safety lesson, which every lesson keyboard carries."""
    return [(t.BTN_URGENT, open_data(SAFETY_LESSON_ID))]


def menu_rows(t: ModuleType) -> list[Row]:
    """Return the closing rows of a lesson screen: all lessons, and the Safety lesson."""
    return [[(t.BTN_ALL_LESSONS, MENU_DATA)], safety_row(t)]


def step_screen(t: ModuleType, lesson: Lesson, step: int, *, updated: bool = False) -> Screen:
    """Return one step: lesson title, n/N, step title and text, and the sources footer."""
    current = lesson.steps[step]
    total = len(lesson.steps)
    header = t.STEP_HEADER.format(title=html.escape(lesson.title), position=step + 1, total=total)
    body = t.STEP_TITLE.format(title=html.escape(current.title)) + "\n" + current.html
    note = [t.LESSON_UPDATED_NOTE] if updated else []
    text = "\n\n".join([*note, header, body, footer(t, lesson)])
    if visible_length(text) > MESSAGE_LIMIT:
        # The validator reserves room for a footer, not for a long list of sources: shorten it.
        text = "\n\n".join([*note, header, body, footer(t, lesson, compact=True)])
    back = step_data(lesson, step - 1) if step > 0 else module_data(lesson.module)
    forward = (
        (t.BTN_NEXT, step_data(lesson, step + 1)) if step + 1 < total else (t.BTN_KEY_POINTS, step_data(lesson, total))
    )
    return text, inline([[(t.BTN_BACK, back), forward], *menu_rows(t)])


def footer(t: ModuleType, lesson: Lesson, *, compact: bool = False) -> str:
    """Return the sources, evidence level (treatment lessons) and review date, in italics."""
    sources = [t.SOURCE.format(name=html.escape(source.name), year=source.year) for source in lesson.sources]
    listed = "; ".join(sources)
    if compact and len(sources) > 1:
        listed = t.SOURCES_AND_MORE.format(first=sources[0], count=len(sources) - 1)
    lines = [t.FOOTER_SOURCES.format(sources=listed)]
    if lesson.evidence is not None:
        level = html.escape(lesson.evidence.level)
        lines.append(
            t.FOOTER_EVIDENCE_SHORT.format(level=level)
            if compact
            else t.FOOTER_EVIDENCE.format(level=level, why=html.escape(lesson.evidence.why))
        )
    lines.append(t.FOOTER_REVIEWED.format(date=lesson.reviewed_on.isoformat()))
    return "<i>" + "\n".join(lines) + "</i>"


def end_screen(t: ModuleType, catalog: Catalog, lesson: Lesson) -> Screen:
    """Return the key points; then the quiz button, or the related and next lessons when there is no quiz."""
    lines = [t.TAKEAWAYS_HEADER.format(title=html.escape(lesson.title))]
    if lesson.takeaways:
        lines.append("\n".join(t.TAKEAWAY.format(text=html.escape(item)) for item in lesson.takeaways))
    lines.append(t.LESSON_FINISHED)
    top: Row = [(t.BTN_BACK, step_data(lesson, len(lesson.steps) - 1))]
    if lesson.quiz is not None:
        return "\n\n".join(lines), inline([[*top, (t.BTN_QUIZ, quiz_data(lesson))], *menu_rows(t)])
    return "\n\n".join([*lines, t.WHAT_NEXT]), inline([top, *onward_rows(t, catalog, lesson), *menu_rows(t)])


def quiz_screen(t: ModuleType, lesson: Lesson) -> Screen:
    """Return the quiz question with one button per answer."""
    if lesson.quiz is None:
        raise ValueError(f"lesson {lesson.id!r} has no quiz")
    text = t.QUIZ_HEADER.format(title=html.escape(lesson.title)) + "\n\n" + html.escape(lesson.quiz.question)
    rows: list[Row] = [[(option.text, answer_data(lesson, index))] for index, option in enumerate(lesson.quiz.options)]
    rows.append([(t.BTN_BACK, step_data(lesson, len(lesson.steps)))])
    return text, inline([*rows, safety_row(t)])


def answer_screen(t: ModuleType, catalog: Catalog, lesson: Lesson, option: int) -> Screen:
    """Return the feedback on an answer with its explanation, then the related and next lessons."""
    if lesson.quiz is None:
        raise ValueError(f"lesson {lesson.id!r} has no quiz")
    quiz = lesson.quiz
    chosen = quiz.options[option]
    verdict = (
        t.QUIZ_RIGHT
        if chosen.correct
        else t.QUIZ_WRONG.format(answer=html.escape(quiz.options[quiz.correct_index].text))
    )
    text = "\n\n".join(
        [
            t.QUIZ_HEADER.format(title=html.escape(lesson.title)),
            html.escape(quiz.question),
            t.QUIZ_YOUR_ANSWER.format(answer=html.escape(chosen.text)),
            verdict + "\n" + html.escape(chosen.explanation),
            t.WHAT_NEXT,
        ]
    )
    return text, inline([*onward_rows(t, catalog, lesson), *menu_rows(t)])


def onward_rows(t: ModuleType, catalog: Catalog, lesson: Lesson) -> list[Row]:
    """Return buttons for the next lesson in reading order and up to three related ones."""
    rows: list[Row] = []
    following = catalog.next_lesson(lesson.id)
    if following is not None:
        rows.append([(t.BTN_NEXT_LESSON.format(title=following.title), open_data(following.id))])
    shown = {following.id if following else "", SAFETY_LESSON_ID}  # the Safety lesson has its own button
    related = [catalog.get_lesson(lesson_id) for lesson_id in lesson.related if lesson_id not in shown]
    for other in [item for item in related if item is not None][:MAX_RELATED]:
        rows.append([(t.BTN_RELATED.format(title=other.title), open_data(other.id))])
    return rows


def visible_length(text: str) -> int:
    """Return the length Telegram counts for an HTML message: UTF-16 units of the visible text."""
    return utf16_length(visible_text(text))
