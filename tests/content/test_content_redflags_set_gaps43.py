"""Set gaps43: what passed stays quiet, jet lag and confusion, a score read as a time, a plea, a habit of the attack.

Meningitis signs and confusion told as over are tested with the other signs that need a doctor even once passed
(test_content_redflags_set_gaps.py).
"""

from __future__ import annotations

import pytest
from screen_probes import lexicon_codes

from content.redflags import Outcome
from content.redflags.text import split_words


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "tuve fiebre por un resfriado, ya se me pasó todo"),
        ("es", "las manchas se quitaban al apretar el vaso y ya se me pasó todo"),
        ("es", "ayer estaba desorientada por el jet lag de 9 horas, hoy ya dormí y estoy normal"),
        ("ru", "вчера была дезориентирована из-за джетлага, сейчас все прошло"),
    ],
)
def test_ordinary_things_that_passed_stay_quiet(language: str, text: str) -> None:
    assert lexicon_codes(text, language)[0] not in (Outcome.URGENT, Outcome.CRISIS)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "he doesnt know what year it is after the long flight and has a terrible headache"),
        ("es", "no sabe en que año estamos despues del vuelo largo y tiene un dolor de cabeza terrible"),
        ("ru", "после перелета папа не понимает какой день и не может проснуться"),
    ],
)
def test_a_confusion_going_on_now_is_urgent_whatever_flight_came_before(language: str, text: str) -> None:
    outcome, codes = lexicon_codes(text, language)
    assert outcome is Outcome.URGENT and "confusion" in codes


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "estaba desorientada por el jet lag, y hoy tengo fiebre y no sé dónde estoy"),
        ("en", "disoriented from jet lag yesterday, today i suddenly dont know where i am"),
        ("ru", "после перелета была дезориентирована, а сейчас не понимаю где я и какой сегодня день"),
    ],
)
def test_jet_lag_explains_only_its_own_confusion(language: str, text: str) -> None:
    outcome, codes = lexicon_codes(text, language)
    assert outcome is Outcome.URGENT and "confusion" in codes


def test_a_score_written_with_its_slash_is_marked_and_no_clock_time() -> None:
    assert split_words("pain 12/10 at 12:10").slashed == frozenset({2})
    assert lexicon_codes("aura a las 10 de la mañana, se fue a las 10:30, ahora dolor 12/10", "es")[0] is Outcome.NONE
    assert lexicon_codes("aura started at 10am and lasted 20 mins, pain now 12/10", "en")[0] is Outcome.NONE
    outcome, codes = lexicon_codes("el aura empezó a las 11:00 y ahora son las 12:10 y sigue", "es")
    assert outcome is Outcome.URGENT and "aura_atypical" in codes


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "alguien me puede ayudar me quiero matar"),
        ("en", "can someone help me i want to die"),
        ("ru", "может кто-нибудь помочь я хочу умереть"),
    ],
)
def test_a_plea_worded_as_a_question_does_not_make_the_wish_to_die_a_question(language: str, text: str) -> None:
    assert lexicon_codes(text, language)[0] is Outcome.CRISIS


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "alguien me puede ayudar a entender si la migraña da rigidez de cuello"),
        ("en", "can someone help me understand if migraine can cause a stiff neck"),
        ("ru", "может кто-нибудь помочь понять бывает ли от мигрени ригидность шеи"),
    ],
)
def test_a_request_for_help_with_a_question_is_still_a_question(language: str, text: str) -> None:
    assert lexicon_codes(text, language)[0] is Outcome.NONE


@pytest.mark.parametrize(
    ("language", "text", "quiet"),
    [
        ("en", "like my usual migraine and my face is drooping on one side", False),
        ("es", "como siempre la migraña y se me cae la cara de un lado", False),
        ("ru", "как обычно мигрень и лицо перекосило на одну сторону", False),
        ("en", "like my usual migraine, with the usual nausea and light sensitivity", True),
        ("ru", "перед мигренью у меня всегда плечи и шея каменные, это продром? температура 36.6", True),
    ],
)
def test_a_habit_of_the_attack_does_not_reach_a_sign_of_another_kind(language: str, text: str, quiet: bool) -> None:
    assert (lexicon_codes(text, language)[0] is Outcome.NONE) is quiet
