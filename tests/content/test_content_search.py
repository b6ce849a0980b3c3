"""Search ranking, proven on a small fixture catalog so it does not depend on the shipped wording."""

from __future__ import annotations

import pytest
from lesson_factory import FIXTURES, TODAY

from content import LessonSearch, load_catalog


@pytest.fixture(scope="module")
def search() -> LessonSearch:
    return LessonSearch(load_catalog(FIXTURES / "search", today=TODAY))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("what is the tingling before my headache", "aura"),
        ("I see zig-zag lines", "aura"),
        ("can keppra prevent migraine", "levetiracetam"),
        ("is botox for me", "botox"),
        ("I take painkillers most days and my headaches got worse", "medication-overuse"),
        ("dizzy spells with my migraines", "vestibular-migraine"),
        ("can I drive after lasmiditan", "gepants-ditans"),
        ("what is the hangover after an attack", "postdrome"),
        ("sumatriptan side effects", "triptans"),
    ],
)
def test_question_finds_the_lesson_that_answers_it(search: LessonSearch, question: str, expected: str) -> None:
    assert search.ask(question)[0].lesson_id == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("tripatns side efects", "triptans"),
        ("levetiracetan evidence", "levetiracetam"),
        ("botx injections", "botox"),
    ],
)
def test_typos_still_find_the_lesson(search: LessonSearch, question: str, expected: str) -> None:
    assert search.ask(question)[0].lesson_id == expected


def test_capitals_accents_and_punctuation_do_not_matter(search: LessonSearch) -> None:
    assert search.ask("VÉSTIBULAR MIGRAINE???") == search.ask("vestibular migraine")


@pytest.mark.parametrize("question", ["how do I bake sourdough bread", "", "   ", "?!", "the and of"])
def test_nothing_relevant_returns_no_hits(search: LessonSearch, question: str) -> None:
    assert search.ask(question) == []


def test_hits_are_unique_best_first_and_at_most_the_limit(search: LessonSearch) -> None:
    hits = search.ask("triptans gepants lasmiditan painkillers overuse")
    assert 1 <= len(hits) <= 3
    assert len({hit.lesson_id for hit in hits}) == len(hits)
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    assert len(search.ask("triptans gepants lasmiditan painkillers overuse", limit=1)) == 1


def test_weak_matches_are_dropped_rather_than_padding_to_three(search: LessonSearch) -> None:
    assert [hit.lesson_id for hit in search.ask("can keppra prevent migraine")] == ["levetiracetam"]


def test_same_question_gives_the_same_answer(search: LessonSearch) -> None:
    assert search.ask("tingling before the pain") == search.ask("tingling before the pain")

