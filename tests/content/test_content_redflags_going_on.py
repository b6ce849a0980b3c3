"""Wondering whether to go on living at all is asked about (the crisis question), in each language.

Going on with a treatment, a trip or a job is not; a plan, tablets or a farewell with it is the crisis path
(the crisis rules), never only a question.
"""

from __future__ import annotations

import pytest

from content.redflags import ASKED_CODES, Outcome, screen


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "some days i wonder what the point of carrying on is"),
        ("en", "is life even worth living anymore"),
        ("en", "honestly not sure if i should keep going"),
        ("es", "hay días en que no sé para qué sigo"),
        ("es", "qué sentido tiene seguir así"),
        ("es", "de qué sirve seguir luchando"),
        ("ru", "не знаю зачем продолжать"),
        ("ru", "стоит ли жить дальше"),
        ("ru", "ради чего бороться, не понимаю"),
    ],
)
def test_doubt_about_going_on_asks_the_crisis_question(language: str, text: str) -> None:
    result = screen(text, language, second_opinion=False)
    assert result.outcome is Outcome.POSSIBLE and result.possible == "going_on_doubt"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "whats the point of going on holiday if i get a migraine every time"),
        ("en", "why should i keep going to the gp, they never listen"),
        ("es", "para qué sigo tomando esto si no funciona"),
        ("ru", "зачем продолжать пить эти таблетки если не помогают"),
        ("ru", "зачем я живу на пятом этаже без лифта, ноги болят"),
        ("ru", "стоит ли продолжать курс ботокса"),
    ],
)
def test_going_on_with_a_treatment_a_trip_or_a_place_is_not_asked_about(language: str, text: str) -> None:
    assert screen(text, language, second_opinion=False).outcome is Outcome.NONE


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "is life even worth living with chronic migraine"),
        ("es", "qué sentido tiene vivir con esta migraña"),
        ("ru", "зачем продолжать эти мучения"),
    ],
)
def test_living_with_the_migraine_is_still_doubt_about_going_on(language: str, text: str) -> None:
    # Found by the clinical review: prepositions and "this" after "living" once excluded talk about life itself.
    assert screen(text, language, second_opinion=False).possible == "going_on_doubt"


def test_no_point_in_living_with_it_is_the_crisis_path() -> None:
    assert screen("there is no point in living with these migraines", second_opinion=False).outcome is Outcome.CRISIS


def test_with_a_plan_it_is_the_crisis_path_not_a_question() -> None:
    result = screen("whats the point of carrying on. ive got the pills saved up for sunday", second_opinion=False)
    assert result.outcome is Outcome.CRISIS


def test_a_question_added_later_keeps_the_button_index_of_every_earlier_one() -> None:
    # Buttons carry the index: the model's codes keep theirs, each new code comes after them in the order added.
    assert ASKED_CODES.index("going_on_doubt") == 14
    assert ASKED_CODES.index("model_crisis") == 13
