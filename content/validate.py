"""Content rules beyond shape: Telegram length limits, length of a read, quizzes, reviews and links between lessons."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from content.findings import Finding, finding
from content.html import utf16_length, visible_text
from content.models import Lesson, Module, Quiz
from content.problems import Problem, Severity

MESSAGE_LIMIT = 4096
# Room the bot keeps under each step for "step 2 of 4", navigation hints and a disclaimer line.
FOOTER_ALLOWANCE = 400
# A quiz question is sent as message text; options become buttons; an explanation fits a callback alert.
QUIZ_QUESTION_LIMIT = 300
QUIZ_OPTION_LIMIT = 100
QUIZ_EXPLANATION_LIMIT = 200
MIN_STEPS, MAX_STEPS = 2, 5
# About a two-minute read on a phone; counted over step titles and step text (see `word_count`).
MAX_WORDS = 400
REVIEW_MAX_AGE_YEARS = 2
# A review that expires within this many days is a warning, so it can be booked before it blocks CI.
REVIEW_WARNING_DAYS = 60
# The bot shuffles answers per user, but the files are the fallback order and what writers see: if the
# right answer sits mostly in one place, a reader learns the place rather than the fact.
MAX_ANSWER_POSITION_SHARE = 0.40
# Below this many quizzes a share says nothing (two quizzes are 50% in one place whatever you do).
MIN_QUIZZES_FOR_POSITION_RULE = 10
# The bot prints its own verdict ("Right." / "Not quite.") above an explanation; one that starts with a
# verdict again reads "Right. Right.".
_VERDICT_START = re.compile(
    r"^(right|correct|exactly|yes|true|no|not quite|wrong|incorrect|false)\s*[.,!:;—-]", re.IGNORECASE
)
# The bot never recommends a dose: an amount with a unit in a lesson reads as one, whatever the sentence says.
_DOSE = re.compile(
    r"\b\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|micrograms?|milligrams?|grams?|g|ml|units?|iu)(?:/(?:kg|day|d))?\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+(?:['’.,-][^\W_]+)*")


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
    # (step index, lesson id) for every [[lesson-id|words]] link in the text.
    links: tuple[tuple[int, str], ...] = ()
    answer_position: int | None = None
    review_date: date | None = None


def word_count(lesson: Lesson) -> int:
    """Return the words a reader reads in the steps (titles and text); "4.5", "don't" and "X-ray" are one word."""
    return sum(len(_WORD.findall(f"{step.title}\n{visible_text(step.html)}")) for step in lesson.steps)


def review_expires(reviewed: date) -> date:
    """Return the day a review made on `reviewed` stops being valid."""
    return _years_after(reviewed, REVIEW_MAX_AGE_YEARS)


def step_screen_length(title: str, html: str) -> int:
    """Return the UTF-16 length of a step screen: title, blank line, text and the footer allowance."""
    return utf16_length(title) + 2 + utf16_length(visible_text(html)) + FOOTER_ALLOWANCE


def check_lesson(lesson: Lesson, *, file: str, today: date) -> list[Problem]:
    """Return problems with one lesson's steps, length, quiz, review and sources."""
    problems = [Problem.of(file, field, found) for field, found in _lesson_findings(lesson, today)]
    reviews = _review_findings(lesson, today)
    problems.extend(Problem.of(file, field, found, severity) for field, found, severity in reviews)
    return problems


def _lesson_findings(lesson: Lesson, today: date) -> Iterator[tuple[str, Finding]]:
    if not MIN_STEPS <= len(lesson.steps) <= MAX_STEPS:
        yield "steps", finding("step_count", count=len(lesson.steps), minimum=MIN_STEPS, maximum=MAX_STEPS)
    words = word_count(lesson)
    if words > MAX_WORDS:
        yield "steps", finding("too_many_words", count=words, maximum=MAX_WORDS)
    for field, text in _reader_texts(lesson):
        dose = _DOSE.search(text)
        if dose:
            yield field, finding("names_a_dose", amount=repr(dose.group(0)))
    for index, step in enumerate(lesson.steps):
        length = step_screen_length(step.title, step.html)
        if length > MESSAGE_LIMIT:
            yield (
                f"steps[{index}]",
                finding("step_too_long", length=length, limit=MESSAGE_LIMIT, footer=FOOTER_ALLOWANCE),
            )
    if lesson.quiz is not None:
        yield from _quiz_findings(lesson.quiz)
    for index, source in enumerate(lesson.sources):
        if source.year is not None and source.year > today.year:
            yield f"sources[{index}].year", finding("source_year_future", year=source.year)
    if lesson.id in lesson.related:
        yield "related", finding("related_to_itself")
    for index, step in enumerate(lesson.steps):
        if lesson.id in step.links:
            yield f"steps[{index}]", finding("links_to_itself")


def _reader_texts(lesson: Lesson) -> Iterator[tuple[str, str]]:
    """Yield (field, plain text) for everything a reader sees that a writer might put an amount in."""
    for index, step in enumerate(lesson.steps):
        yield f"steps[{index}]", visible_text(step.html)
    for index, takeaway in enumerate(lesson.takeaways):
        yield f"takeaways[{index}]", takeaway
    yield "summary", lesson.summary
    if lesson.quiz is not None:
        yield "quiz.question", lesson.quiz.question
        for index, option in enumerate(lesson.quiz.options):
            yield f"quiz.options[{index}]", f"{option.text}\n{option.explanation}"


def _review_findings(lesson: Lesson, today: date) -> Iterator[tuple[str, Finding, Severity]]:
    reviewed = lesson.review.date
    expires = review_expires(reviewed)
    if reviewed > today:
        yield "review.date", finding("review_in_future", reviewed=str(reviewed), today=str(today)), "error"
    elif expires < today:
        yield "review.date", finding("review_expired", reviewed=str(reviewed), years=REVIEW_MAX_AGE_YEARS), "error"
    elif expires - today <= timedelta(days=REVIEW_WARNING_DAYS):
        days = (expires - today).days
        yield "review.date", finding("review_expires_soon", expires=str(expires), count=days), "warning"


def _quiz_findings(quiz: Quiz) -> Iterator[tuple[str, Finding]]:
    correct = sum(option.correct for option in quiz.options)
    if correct != 1:
        yield "quiz.options", finding("correct_count", count=correct)
    limits = [("quiz.question", quiz.question, QUIZ_QUESTION_LIMIT)]
    for index, option in enumerate(quiz.options):
        limits.append((f"quiz.options[{index}].text", option.text, QUIZ_OPTION_LIMIT))
        limits.append((f"quiz.options[{index}].explanation", option.explanation, QUIZ_EXPLANATION_LIMIT))
    for field, text, limit in limits:
        length = utf16_length(text)
        if length > limit:
            yield field, finding("too_long", length=length, limit=limit)
    for index, option in enumerate(quiz.options):
        verdict = _VERDICT_START.match(option.explanation)
        if verdict:
            yield f"quiz.options[{index}].explanation", finding("explanation_verdict", verdict=repr(verdict.group(0)))


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def check_answer_positions(lessons: Sequence[LessonRef], *, file: str) -> list[Problem]:
    """Return a problem when one position holds the right answer in more than 40% of the quizzes of a language."""
    positions = Counter(ref.answer_position for ref in lessons if ref.answer_position is not None)
    total = sum(positions.values())
    if total < MIN_QUIZZES_FOR_POSITION_RULE:
        return []
    problems = []
    for position, count in sorted(positions.items()):
        if count / total > MAX_ANSWER_POSITION_SHARE:
            share = round(100 * count / total)
            maximum = f"{MAX_ANSWER_POSITION_SHARE:.0%}"
            found = finding(
                "answer_position", position=position + 1, count=count, total=total, share=share, maximum=maximum
            )
            problems.append(Problem.of(file, "quiz", found))
    return problems


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
        problems.extend(Problem.of(ref.file, field, found) for field, found in findings)
    return problems


def _ref_findings(
    ref: LessonRef,
    modules_by_id: dict[str, Module] | None,
    id_counts: Counter[str],
    order_owner: dict[tuple[str, int], str],
    known_ids: set[str],
) -> Iterator[tuple[str, Finding]]:
    if ref.id is not None and ref.id != ref.stem:
        yield "id", finding("id_not_file_name", lesson_id=repr(ref.id), file_name=f"{ref.stem}.md")
    if ref.id is not None and id_counts[ref.id] > 1:
        yield "id", finding("id_used_twice", lesson_id=repr(ref.id), count=id_counts[ref.id])
    if modules_by_id is not None and ref.module is not None:
        module = modules_by_id.get(ref.module)
        if module is None and modules_by_id:
            yield "module", finding("unknown_module", module=repr(ref.module), known=", ".join(modules_by_id))
        elif module is None:
            yield "module", finding("unknown_module_none", module=repr(ref.module))
        elif module.treatment and not ref.has_evidence:
            yield "evidence", finding("evidence_required", module=repr(module.id))
    for index, related_id in enumerate(ref.related):
        if related_id not in known_ids:
            yield f"related[{index}]", finding("related_unknown", lesson_id=repr(related_id))
    for step, linked_id in ref.links:
        if linked_id not in known_ids:
            yield f"steps[{step}]", finding("link_unknown", target=linked_id, lesson_id=repr(linked_id))
    if ref.module is not None and ref.order is not None:
        owner = order_owner[(ref.module, ref.order)]
        if owner != ref.file:
            yield "order", finding("order_taken", order=ref.order, module=repr(ref.module), owner=owner)


def check_modules(modules: Sequence[Module], *, file: str) -> list[Problem]:
    """Return duplicate module ids and orders in modules.yaml."""
    problems: list[Problem] = []
    for key in ("id", "order"):
        counts = Counter(getattr(module, key) for module in modules)
        for index, module in enumerate(modules):
            if counts[getattr(module, key)] > 1:
                found = finding("not_unique", value=repr(getattr(module, key)))
                problems.append(Problem.of(file, f"modules[{index}].{key}", found))
    return problems
