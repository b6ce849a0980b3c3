"""A translation against its English source: the same lessons, in the same places, with the same answers.

English is the source: every other language folder holds every English lesson under the same id, in the
same module and order, with as many steps and quiz options, the right answer in the same position, the
same evidence label, the same sources (by name and year) and the same review date. A translation also
records the English it was translated from (`source_hash`, the English lesson's content_hash); when the
English lesson changes, the translation is stale until someone updates it and stamps it again
(`python -m content stamp es/aura`).

A stale translation is an error for `python -m content check` (CI) and a warning at /reload, which keeps
serving it so that an English fix is never held back by a translation that has not caught up; the
caller chooses (`stale=`). Every other mismatch is an error everywhere.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from content.findings import Finding, Param, finding
from content.models import Catalog, Lesson
from content.problems import Problem, Severity, display_path

SOURCE_LANGUAGE = "en"


@dataclass(frozen=True, slots=True)
class LessonSet:
    """One language's lesson files: every file name (loadable or not) and the lessons that loaded, by id."""

    lang: str
    folder: Path
    stems: frozenset[str]
    lessons: Mapping[str, Lesson]

    @classmethod
    def of(cls, catalog: Catalog, folder: Path) -> LessonSet:
        """Return the set of a loaded catalog, whose lessons live in folder (a valid lesson's id is its file name)."""
        lessons = {lesson.id: lesson for lesson in catalog.lessons}
        return cls(catalog.lang, folder, frozenset(lessons), lessons)


def check_parity(source: LessonSet, translation: LessonSet, *, stale: Severity = "error") -> list[Problem]:
    """Return how a translation differs from its source: missing or extra lessons, and each lesson's mismatches.

    A lesson whose file did not load in either language is only checked for being there: its own
    problems are reported by the loader.
    """
    lang = translation.lang
    problems = []
    for lesson_id in sorted(source.stems - translation.stems):
        found = finding("parity_missing", lesson_id=lesson_id, lang=lang)
        problems.append(Problem.of(_file(translation, lesson_id), "file", found))
    for lesson_id in sorted(translation.stems - source.stems):
        found = finding("parity_extra", lesson_id=lesson_id, lang=lang)
        problems.append(Problem.of(_file(translation, lesson_id), "id", found))
    for lesson_id, translated in sorted(translation.lessons.items()):
        english = source.lessons.get(lesson_id)
        if english is None:
            continue
        file = _file(translation, lesson_id)
        for field, found in _lesson_mismatches(english, translated, lang):
            problems.append(Problem.of(file, field, found))
        if translated.source_hash is not None and translated.source_hash != english.content_hash:
            recorded, current = translated.source_hash, english.content_hash
            found = finding("parity_stale", lesson_id=lesson_id, lang=lang, recorded=recorded, current=current)
            problems.append(Problem.of(file, "source_hash", found, stale))
    return problems


def check_catalogs(catalogs: Mapping[str, Catalog], root: Path, *, stale: Severity = "error") -> list[Problem]:
    """Return every loaded translation's differences from the English catalog (none without English)."""
    source = catalogs.get(SOURCE_LANGUAGE)
    if source is None:
        return []
    english = LessonSet.of(source, root / SOURCE_LANGUAGE)
    return [
        problem
        for lang, catalog in sorted(catalogs.items())
        if lang != SOURCE_LANGUAGE
        for problem in check_parity(english, LessonSet.of(catalog, root / lang), stale=stale)
    ]


def _lesson_mismatches(english: Lesson, translated: Lesson, lang: str) -> Iterator[tuple[str, Finding]]:
    def differs(code: str, **params: Param) -> Finding:
        return finding(code, lesson_id=translated.id, lang=lang, **params)

    if translated.source_hash is None:
        yield "source_hash", differs("parity_no_source_hash")
    if translated.module != english.module:
        yield "module", differs("parity_module", module=repr(translated.module), source_module=repr(english.module))
    if translated.order != english.order:
        yield "order", differs("parity_order", order=translated.order, source_order=english.order)
    if len(translated.steps) != len(english.steps):
        yield "steps", differs("parity_step_count", count=len(translated.steps), source_count=len(english.steps))
    yield from _quiz_mismatches(english, translated, differs)
    yield from _evidence_mismatches(english, translated, differs)
    yield from _source_mismatches(english, translated, differs)
    if translated.review.date != english.review.date:
        reviewed, source_reviewed = str(translated.review.date), str(english.review.date)
        yield "review.date", differs("parity_review_date", reviewed=reviewed, source_reviewed=source_reviewed)


class _Differs(Protocol):
    def __call__(self, code: str, **params: Param) -> Finding: ...


def _quiz_mismatches(english: Lesson, translated: Lesson, differs: _Differs) -> Iterator[tuple[str, Finding]]:
    if english.quiz is None or translated.quiz is None:
        if english.quiz is not None:
            yield "quiz", differs("parity_quiz_missing")
        elif translated.quiz is not None:
            yield "quiz", differs("parity_quiz_extra")
        return
    count, source_count = len(translated.quiz.options), len(english.quiz.options)
    if count != source_count:
        yield "quiz.options", differs("parity_option_count", count=count, source_count=source_count)
        return
    position, source_position = _answer_position(translated), _answer_position(english)
    # A quiz without exactly one right answer is the loader's finding; there is no position to compare.
    if position is not None and source_position is not None and position != source_position:
        yield "quiz.options", differs("parity_answer_position", position=position, source_position=source_position)


def _answer_position(lesson: Lesson) -> int | None:
    options = lesson.quiz.options if lesson.quiz is not None else ()
    right = [index + 1 for index, option in enumerate(options) if option.correct]
    return right[0] if len(right) == 1 else None


def _evidence_mismatches(english: Lesson, translated: Lesson, differs: _Differs) -> Iterator[tuple[str, Finding]]:
    level = translated.evidence.level if translated.evidence is not None else None
    source_level = english.evidence.level if english.evidence is not None else None
    if level == source_level:
        return
    if level is None:
        yield "evidence", differs("parity_evidence_missing", source_level=repr(source_level))
    elif source_level is None:
        yield "evidence", differs("parity_evidence_extra", level=repr(level))
    else:
        yield "evidence.level", differs("parity_evidence_level", level=repr(level), source_level=repr(source_level))


def _source_mismatches(english: Lesson, translated: Lesson, differs: _Differs) -> Iterator[tuple[str, Finding]]:
    # A source is its name and year: the reader looks it up by them, in whatever language the lesson is.
    count, source_count = len(translated.sources), len(english.sources)
    if count != source_count:
        yield "sources", differs("parity_source_count", count=count, source_count=source_count)
        return
    for index, (mine, theirs) in enumerate(zip(translated.sources, english.sources, strict=True)):
        if (mine.name, mine.year) != (theirs.name, theirs.year):
            cited, source_cited = _cited(mine.name, mine.year), _cited(theirs.name, theirs.year)
            yield f"sources[{index}]", differs("parity_source", source=cited, source_source=source_cited)


def _cited(name: str, year: int | None) -> str:
    return repr(name if year is None else f"{name}, {year}")


def _file(lessons: LessonSet, lesson_id: str) -> str:
    return display_path(lessons.folder / f"{lesson_id}.md")
