"""Content rules beyond shape: Telegram length limits, review dates and links between lessons."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from content.html import utf16_length, visible_text
from content.models import Lesson, Module, Quiz
from content.problems import Problem

MESSAGE_LIMIT = 4096
# Room the bot keeps under each step for "step 2 of 4", navigation hints and a disclaimer line.
FOOTER_ALLOWANCE = 400
# A quiz question is sent as message text; options become buttons; an explanation fits a callback alert.
QUIZ_QUESTION_LIMIT = 300
QUIZ_OPTION_LIMIT = 100
QUIZ_EXPLANATION_LIMIT = 200
MIN_STEPS, MAX_STEPS = 2, 5
REVIEW_MAX_AGE_YEARS = 2


@dataclass(frozen=True, slots=True)
class LessonRef:
    """What the cross-lesson rules need from one lesson file; None where that field is itself broken."""

    file: str
    stem: str
    id: str | None
    module: str | None
    order: int | None
    related: tuple[str, ...]
    has_evidence: bool


def step_screen_length(title: str, html: str) -> int:
    """Return the UTF-16 length of a step screen: title, blank line, text and the footer allowance."""
    return utf16_length(title) + 2 + utf16_length(visible_text(html)) + FOOTER_ALLOWANCE


def check_lesson(lesson: Lesson, *, file: str, today: date) -> list[Problem]:
    """Return problems with one lesson's steps, quiz, review date and sources."""
    return [Problem(file, field, reason) for field, reason in _lesson_findings(lesson, today)]


def _lesson_findings(lesson: Lesson, today: date) -> Iterator[tuple[str, str]]:
    if not MIN_STEPS <= len(lesson.steps) <= MAX_STEPS:
        yield "steps", f"{len(lesson.steps)} steps ('## ' headings), need {MIN_STEPS} to {MAX_STEPS}"
    for index, step in enumerate(lesson.steps):
        length = step_screen_length(step.title, step.html)
        if length > MESSAGE_LIMIT:
            yield (
                f"steps[{index}]",
                f"{length} UTF-16 units, limit {MESSAGE_LIMIT} (title + text + {FOOTER_ALLOWANCE} for the footer)",
            )
    if lesson.quiz is not None:
        yield from _quiz_findings(lesson.quiz)
    if lesson.reviewed_on > today:
        yield "reviewed_on", f"{lesson.reviewed_on} is in the future (today is {today})"
    elif lesson.reviewed_on < _years_before(today, REVIEW_MAX_AGE_YEARS):
        yield "reviewed_on", f"{lesson.reviewed_on} is more than {REVIEW_MAX_AGE_YEARS} years ago; review it"
    for index, source in enumerate(lesson.sources):
        if source.year > today.year:
            yield f"sources[{index}].year", f"{source.year} is in the future"
    if lesson.id in lesson.related:
        yield "related", "a lesson cannot be related to itself"


def _quiz_findings(quiz: Quiz) -> Iterator[tuple[str, str]]:
    correct = sum(option.correct for option in quiz.options)
    if correct != 1:
        yield "quiz.options", f"{correct} options marked correct: true, need exactly 1"
    limits = [("quiz.question", quiz.question, QUIZ_QUESTION_LIMIT)]
    for index, option in enumerate(quiz.options):
        limits.append((f"quiz.options[{index}].text", option.text, QUIZ_OPTION_LIMIT))
        limits.append((f"quiz.options[{index}].explanation", option.explanation, QUIZ_EXPLANATION_LIMIT))
    for field, text, limit in limits:
        length = utf16_length(text)
        if length > limit:
            yield field, f"{length} UTF-16 units, limit {limit}"


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def check_catalog(
    lessons: Sequence[LessonRef], modules: Sequence[Module] | None, *, known_ids: set[str]
) -> list[Problem]:
    """Return problems between lessons: file names, duplicate ids, modules, evidence, links and order.

    `known_ids` holds every lesson file name, so a lesson whose own front matter is broken is still
    a valid `related` target. Pass modules=None when modules.yaml is broken, to skip module checks.
    """
    modules_by_id = {module.id: module for module in modules} if modules is not None else None
    id_counts = Counter(ref.id for ref in lessons if ref.id is not None)
    order_owner: dict[tuple[str, int], str] = {}
    problems: list[Problem] = []
    for ref in lessons:
        if ref.module is not None and ref.order is not None:
            order_owner.setdefault((ref.module, ref.order), ref.file)
        findings = _ref_findings(ref, modules_by_id, id_counts, order_owner, known_ids)
        problems.extend(Problem(ref.file, field, reason) for field, reason in findings)
    return problems


def _ref_findings(
    ref: LessonRef,
    modules_by_id: dict[str, Module] | None,
    id_counts: Counter[str],
    order_owner: dict[tuple[str, int], str],
    known_ids: set[str],
) -> Iterator[tuple[str, str]]:
    if ref.id is not None and ref.id != ref.stem:
        yield "id", f"{ref.id!r} does not match the file name {ref.stem}.md"
    if ref.id is not None and id_counts[ref.id] > 1:
        yield "id", f"{ref.id!r} is used by {id_counts[ref.id]} lessons"
    if modules_by_id is not None and ref.module is not None:
        module = modules_by_id.get(ref.module)
        if module is None:
            yield "module", f"unknown module {ref.module!r} (known: {', '.join(modules_by_id) or 'none'})"
        elif module.treatment and not ref.has_evidence:
            yield "evidence", f"required because module {module.id!r} is about treatment"
    for index, related_id in enumerate(ref.related):
        if related_id not in known_ids:
            yield f"related[{index}]", f"no lesson with id {related_id!r}"
    if ref.module is not None and ref.order is not None:
        owner = order_owner[(ref.module, ref.order)]
        if owner != ref.file:
            yield "order", f"order {ref.order} in module {ref.module!r} is also used by {owner}"


def check_modules(modules: Sequence[Module], *, file: str) -> list[Problem]:
    """Return duplicate module ids and orders in modules.yaml."""
    problems: list[Problem] = []
    for key in ("id", "order"):
        counts = Counter(getattr(module, key) for module in modules)
        for index, module in enumerate(modules):
            if counts[getattr(module, key)] > 1:
                problems.append(Problem(file, f"modules[{index}].{key}", f"{getattr(module, key)!r} is not unique"))
    return problems
