"""Lesson screens: one step at a time, the key points, the quiz and its answer; pure text and keyboards.

Every screen fits one Telegram message, so a lesson is read in a single message edited in place.
Button data carries the lesson id, the step and a content-hash prefix, so a button from an old
message can tell that the lesson changed since (see bot/lessons/handlers.py).
Sources and the review record are shown once, with the key points at the end; a treatment lesson names
its evidence grade on its first step too, so nobody reads about a treatment without it. A lesson named
in a step's text ([[id|words]] in the file) is a button under that step.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from telegram import InlineKeyboardMarkup

from bot import callbacks
from bot.keyboards import Row, inline
from bot.texts.catalog import Texts
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


def safety_row(t: Texts) -> Row:
    """Return the row with the one-tap Safety lesson, which every lesson keyboard carries."""
    return [(t.BTN_URGENT, open_data(SAFETY_LESSON_ID))]


def menu_rows(t: Texts) -> list[Row]:
    """Return the closing rows of a lesson screen: all lessons, and the Safety lesson."""
    return [[(t.BTN_ALL_LESSONS, MENU_DATA)], safety_row(t)]


def step_screen(t: Texts, catalog: Catalog, lesson: Lesson, step: int, *, updated: bool = False) -> Screen:
    """Return one step: lesson title, n/N, the evidence grade on the first step, the step, and its lesson links."""
    current = lesson.steps[step]
    total = len(lesson.steps)
    header = t.STEP_HEADER.format(title=html.escape(lesson.title), position=step + 1, total=total)
    body = t.STEP_TITLE.format(title=html.escape(current.title)) + "\n" + current.html
    note = [t.LESSON_UPDATED_NOTE] if updated else []
    grade = [evidence_line(t, lesson)] if step == 0 and lesson.evidence is not None else []
    text = "\n\n".join([*note, header, *grade, body])
    back = step_data(lesson, step - 1) if step > 0 else module_data(lesson.module)
    forward = (
        (t.BTN_NEXT, step_data(lesson, step + 1)) if step + 1 < total else (t.BTN_KEY_POINTS, step_data(lesson, total))
    )
    # Back and Next come first on every step, so they keep their places (and their numbers in the sandbox) on a
    # step that names other lessons; the "See:" buttons follow them.
    return text, inline([[(t.BTN_BACK, back), forward], *link_rows(t, catalog, current.links), *menu_rows(t)])


def link_rows(t: Texts, catalog: Catalog, lesson_ids: Sequence[str]) -> list[Row]:
    """Return a button for each lesson a step names (a lesson a reload removed is left out)."""
    linked = [lesson for lesson_id in lesson_ids if (lesson := catalog.get_lesson(lesson_id)) is not None]
    return [[(t.BTN_SEE_LESSON.format(title=lesson.title), open_data(lesson.id))] for lesson in linked]


def evidence_words(t: Texts, lesson: Lesson) -> str:
    """Return the evidence grade in the reader's words, such as "probably effective (Level B)"."""
    if lesson.evidence is None:
        return ""
    return str(t.EVIDENCE_LEVELS.get(lesson.evidence.level, lesson.evidence.level))


def evidence_line(t: Texts, lesson: Lesson) -> str:
    """Return the one-line evidence grade shown on a treatment lesson's first step."""
    return str(t.EVIDENCE_FIRST_STEP.format(level=html.escape(evidence_words(t, lesson))))


def footer(t: Texts, lesson: Lesson, *, compact: bool = False) -> str:
    """Return the sources, evidence grade (treatment lessons) and review record, in italics."""
    sources = [
        t.SOURCE.format(name=html.escape(source.name), year=source.year)
        if source.year is not None
        else t.SOURCE_UNDATED.format(name=html.escape(source.name))
        for source in lesson.sources
    ]
    listed = "; ".join(sources)
    if compact and len(sources) > 1:
        listed = t.SOURCES_AND_MORE.format(first=sources[0], count=len(sources) - 1)
    lines = [t.FOOTER_SOURCES.format(sources=listed)]
    if lesson.evidence is not None:
        level = html.escape(evidence_words(t, lesson))
        lines.append(
            t.FOOTER_EVIDENCE_SHORT.format(level=level)
            if compact
            else t.FOOTER_EVIDENCE.format(level=level, why=html.escape(lesson.evidence.why))
        )
    review = lesson.review
    lines.append(t.FOOTER_REVIEWED.format(date=t.day(review.date), by=html.escape(review.by)))
    return "<i>" + "\n".join(lines) + "</i>"


def end_screen(t: Texts, catalog: Catalog, lesson: Lesson) -> Screen:
    """Return the key points and the references; then the quiz button, or the related and next lessons."""
    lines = [t.TAKEAWAYS_HEADER.format(title=html.escape(lesson.title))]
    if lesson.takeaways:
        lines.append("\n".join(t.TAKEAWAY.format(text=html.escape(item)) for item in lesson.takeaways))
    lines.append(t.LESSON_FINISHED)
    ending = [t.WHAT_NEXT] if lesson.quiz is None else []
    text = "\n\n".join([*lines, footer(t, lesson), *ending])
    if visible_length(text) > MESSAGE_LIMIT:
        # The validator limits steps, not the list of sources: a very long list is shortened here.
        text = "\n\n".join([*lines, footer(t, lesson, compact=True), *ending])
    top: Row = [(t.BTN_BACK, step_data(lesson, len(lesson.steps) - 1))]
    if lesson.quiz is not None:
        return text, inline([[*top, (t.BTN_QUIZ, quiz_data(lesson))], *menu_rows(t)])
    return text, inline([top, *onward_rows(t, catalog, lesson), *menu_rows(t)])


def quiz_screen(t: Texts, lesson: Lesson, order: Sequence[int] | None = None) -> Screen:
    """Return the quiz question with one button per answer, in the user's order (button data keeps the file's)."""
    if lesson.quiz is None:
        raise ValueError(f"lesson {lesson.id!r} has no quiz")
    options = lesson.quiz.options
    shown = order if order is not None and sorted(order) == list(range(len(options))) else range(len(options))
    text = t.QUIZ_HEADER.format(title=html.escape(lesson.title)) + "\n\n" + html.escape(lesson.quiz.question)
    rows: list[Row] = [[(options[index].text, answer_data(lesson, index))] for index in shown]
    rows.append([(t.BTN_BACK, step_data(lesson, len(lesson.steps)))])
    return text, inline([*rows, safety_row(t)])


def answer_screen(t: Texts, catalog: Catalog, lesson: Lesson, option: int) -> Screen:
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


def onward_rows(t: Texts, catalog: Catalog, lesson: Lesson) -> list[Row]:
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
