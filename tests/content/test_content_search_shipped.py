"""The shared question sets against the real lessons in content/lessons/<lang>, for every language."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from search_cases import LANGUAGES, Question, load_questions

from content import LessonSearch, default_root, load_catalog
from content.search import Vocabulary, shipped_vocabulary

# English has grown with every curriculum; a new language starts with at least 30 realistic questions.
MINIMUM_QUESTIONS = {"en": 70}
CASES = [(lang, case) for lang in LANGUAGES for case in load_questions(lang)[0]]
IRRELEVANT = [(lang, question) for lang in LANGUAGES for question in load_questions(lang)[1]]


@cache
def search(lang: str) -> LessonSearch:
    return LessonSearch(load_catalog(lang=lang))


def test_every_lesson_language_has_questions_and_a_vocabulary() -> None:
    shipped = sorted(folder.name for folder in default_root().iterdir() if any(folder.glob("*.md")))
    assert sorted(LANGUAGES) == shipped
    for lang in shipped:
        assert shipped_vocabulary(lang).stemmer is not None, lang
        assert shipped_vocabulary(lang).stopwords, lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_question_set_is_big_enough(lang: str) -> None:
    questions, irrelevant = load_questions(lang)
    assert len(questions) >= MINIMUM_QUESTIONS.get(lang, 30)
    assert irrelevant


@pytest.mark.parametrize("lang", LANGUAGES)
def test_most_questions_want_their_lesson_first(lang: str) -> None:
    questions, _ = load_questions(lang)
    assert sum(case.top == 1 for case in questions) >= 0.9 * len(questions)
    assert all(case.top <= 3 for case in questions)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_questions_cover_most_lessons(lang: str) -> None:
    questions, _ = load_questions(lang)
    lessons = {lesson.id for lesson in load_catalog(lang=lang).lessons}
    assert {case.expected for case in questions} <= lessons
    assert len({case.expected for case in questions}) >= 0.8 * len(lessons)


@pytest.mark.parametrize(("lang", "case"), CASES, ids=[f"{lang}:{case.question}" for lang, case in CASES])
def test_shipped_lessons_answer_the_question(lang: str, case: Question) -> None:
    hits = search(lang).ask(case.question)
    assert case.expected in [hit.lesson_id for hit in hits][: case.top], hits


@pytest.mark.parametrize(("lang", "question"), IRRELEVANT)
def test_shipped_lessons_ignore_unrelated_questions(lang: str, question: str) -> None:
    assert search(lang).ask(question) == []


def test_accents_and_yo_do_not_matter() -> None:
    assert search("es").ask("¿qué es la migraña?") == search("es").ask("que es la migrana")
    assert search("ru").ask("всё кружится, мигрень") == search("ru").ask("все кружится, мигрень")


def test_the_stemmer_joins_inflected_forms() -> None:
    # Russian nouns change their endings by case: "мигрень", "мигрени", "мигренью" are one word to search.
    stem = search("ru").stem
    assert stem("мигрени") == stem("мигренью") == stem("мигрень")
    assert search("es").stem("migranas") == search("es").stem("migrana")


def test_drug_names_the_stemmer_over_cuts_are_joined_again() -> None:
    # Snowball reads the "-ан" of "триптан" as a verb ending ("трипта") but keeps it in "триптанов".
    stem = search("ru").stem
    assert stem("триптан") == stem("триптаны") == stem("триптанов") == stem("триптанами")
    assert stem("кандесартан") == stem("кандесартаном")


def test_a_language_without_a_vocabulary_file_still_searches() -> None:
    catalog = load_catalog(lang="en")
    plain = LessonSearch(catalog, Vocabulary())
    assert plain.ask("vestibular migraine")[0].lesson_id == "vestibular-migraine"


def test_an_unknown_stemmer_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "search.yaml"
    path.write_text("stemmer: klingon\n", encoding="utf-8")
    with pytest.raises(ValueError, match="klingon"):
        Vocabulary.from_file(path)
