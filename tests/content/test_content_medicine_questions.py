"""Reading a question about a medicine the writer takes: its medicines, side effect or dose, and their lessons."""

from __future__ import annotations

import pytest

from content import load_catalog
from content.intent_lexicon import intent_languages
from content.medicine_questions import (
    lessons_on,
    load_medicine_words,
    medicine_question_languages,
    read_medicine_question,
)


def test_every_language_with_intents_has_medicine_words() -> None:
    assert medicine_question_languages() == intent_languages()
    for language in medicine_question_languages():
        words = load_medicine_words(language)
        assert words.medicine_words and words.side_effect_cues and words.mood_words and words.dose_cues


@pytest.mark.parametrize(
    ("language", "text", "generic", "side_effect", "dose", "lesson"),
    [
        ("es", "Tomo topiramato y me siento muy triste e irritable, ¿puede ser por el medicamento?",
         "topiramate", True, False, "anti-seizure-preventives"),
        ("ru", "Принимаю топамакс, стала раздражительной, это из-за него?",
         "topiramate", True, False, "anti-seizure-preventives"),
        ("ru", "Какая дозировка суматриптана? Сколько мг можно принять?", "sumatriptan", False, True, "triptans"),
        ("es", "¿Cuál es la dosis de sumatriptán?", "sumatriptan", False, True, "triptans"),
        ("en", "is 100mg of amitriptyline too much", "amitriptyline", False, True, "antidepressants"),
    ],
)  # fmt: skip
def test_a_medicine_question_is_read_with_its_medicine_and_lesson(
    language: str, text: str, generic: str, side_effect: bool, dose: bool, lesson: str
) -> None:
    question = read_medicine_question(text, language)

    assert question is not None
    assert [m.generic for m in question.medicines] == [generic]
    assert (question.side_effect, question.dose) == (side_effect, dose)
    assert lessons_on(load_catalog(lang=language), question.medicines) == [lesson]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "can triptans help with my attacks?"),
        ("en", "how many days can I log?"),
        ("en", "what is amitriptyline"),
        ("es", "¿qué es la migraña y por qué me da?"),
        ("ru", "в миг всё прошло, сколько раз ещё так будет?"),
    ],
)
def test_other_questions_are_not_medicine_questions(language: str, text: str) -> None:
    assert read_medicine_question(text, language) is None
