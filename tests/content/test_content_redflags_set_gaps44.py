"""Set gaps44: an aura timed by two clock times, a span since the aura ended, amounts told as a range or not counted,
a face that drooped, pre-eclampsia signs without a headache.

A confusion after a flight that passed (en) is tested with the jet-lag cases of set gaps43
(test_content_redflags_set_gaps43.py).
"""

from __future__ import annotations

import pytest

from content.redflags import Outcome, screen
from content.redflags.matcher import CLOCK_SPAN, matcher_for
from content.redflags.text import split_words


def lexicon(text: str, language: str) -> tuple[Outcome, tuple[str, ...]]:
    result = screen(text, language, second_opinion=False)
    return result.outcome, result.codes


def test_a_span_of_clock_times_is_read_at_its_opening_word_with_its_hours() -> None:
    matcher = matcher_for("es")
    words = matcher.rewrite(split_words("el aura de las 9 a las 13:30"))
    assert matcher.find(words)[CLOCK_SPAN] == [(2, 4, 4.5)]
    matcher = matcher_for("en")
    words = matcher.rewrite(split_words("aura at 14:00, headache at 16:30"))
    assert CLOCK_SPAN not in matcher.find(words)  # two entries of a diary, not a span


@pytest.mark.parametrize(
    ("language", "text", "urgent"),
    [
        ("en", "aura from 9:00 to 13:30", True),
        ("es", "el aura de las 9 a las 13:30", True),
        ("ru", "аура с 9:00 до 13:30", True),
        ("en", "aura started at 14:00 and ended at 16:30", True),
        ("en", "aura from 9:00 to 9:40", False),
        ("ru", "аура с 9:00 до 9:40", False),
        ("en", "headache from 9:00 to 13:30", False),
        ("en", "work from 9:00 to 17:00, aura at lunch for 20 minutes", False),
        ("es", "aura a las 8, dolor de 9 a 15", False),
    ],
)
def test_an_aura_timed_by_its_clock_times_over_an_hour_is_atypical(language: str, text: str, urgent: bool) -> None:
    outcome, codes = lexicon(text, language)
    assert (outcome is Outcome.URGENT and "aura_atypical" in codes) is urgent
    assert outcome in ((Outcome.URGENT,) if urgent else (Outcome.NONE, Outcome.POSSIBLE))


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("уже часа 2 как прошла аура", Outcome.NONE),
        ("уже часа три как закончилась аура", Outcome.NONE),
        ("уже часа 2 как аура и не проходит", Outcome.URGENT),
        ("уже часа 2 как прошла аура, а теперь лицо перекосило", Outcome.URGENT),
    ],
)
def test_hours_since_the_aura_ended_are_not_its_length(text: str, outcome: Outcome) -> None:
    assert lexicon(text, "ru")[0] is outcome


@pytest.mark.parametrize(
    ("language", "text", "outcome"),
    [
        ("es", "me tomé 20 o más pastillas", Outcome.CRISIS),
        ("es", "se tomó de 15 a 20 pastillas de golpe", Outcome.CRISIS),
        ("es", "me tomé 1 o 2 pastillas y se me pasó el dolor", Outcome.NONE),
        ("es", "tomo de 10 a 15 pastillas al mes para la migraña, ¿es mucho?", Outcome.NONE),
        ("ru", "выпил не считая, сколько было таблеток", Outcome.CRISIS),
        ("ru", "выпила целую горсть таблеток не считая", Outcome.CRISIS),
        ("ru", "наглоталась воды в бассейне", Outcome.NONE),
        ("ru", "наглоталась воды в бассейне и теперь не могу говорить", Outcome.URGENT),
        ("ru", "выпил сколько было водки", Outcome.NONE),
    ],
)
def test_an_amount_told_as_a_range_or_not_counted_is_an_overdose(language: str, text: str, outcome: Outcome) -> None:
    assert lexicon(text, language)[0] is outcome


@pytest.mark.parametrize(
    ("language", "text", "urgent"),
    [
        ("es", "se le cayó la cara de un lado", True),
        ("es", "se me está cayendo la cara del lado izquierdo", True),
        ("es", "se me cae la cara de vergüenza", False),
        ("en", "36 weeks pregnant, blurry vision and my feet and face are swollen", True),
        ("es", "embarazada de 36 semanas, veo borroso y tengo los pies y la cara hinchados", True),
        ("ru", "36 недель беременности, все расплывается перед глазами, отекли ноги и лицо", True),
        ("en", "could blurry vision and swelling in pregnancy be pre-eclampsia?", False),
        ("es", "embarazada de 36 semanas, los pies un poco hinchados por la tarde", False),
    ],
)
def test_a_face_that_drooped_and_signs_of_pre_eclampsia_are_urgent(language: str, text: str, urgent: bool) -> None:
    assert (lexicon(text, language)[0] is Outcome.URGENT) is urgent
