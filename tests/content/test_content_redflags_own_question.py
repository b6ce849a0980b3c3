"""A wish to die asked about in the writer's own words is the crisis path; suicidal thoughts asked about as a topic get
the crisis question (safe-messaging practice asks directly), never silence and never the crisis message unasked."""

from __future__ import annotations

import pytest

from content.redflags import Outcome, screen


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "is it normal that i want to die?"),
        ("en", "why do i want to kill myself when i get a migraine"),
        ("en", "does it make me a bad mum that i want to die during these migraines?"),
        ("es", "es normal que quiera morirme?"),
        ("es", "es normal que tenga ganas de morirme cada vez que me da migraña?"),
        ("ru", "почему мне хочется умереть когда болит голова?"),
        ("ru", "нормально ли что голова болит весь день? жить не хочется"),
    ],
)
def test_a_question_about_the_writers_own_wish_to_die_is_the_crisis_path(language: str, text: str) -> None:
    assert screen(text, language, second_opinion=False).outcome is Outcome.CRISIS


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "is suicide risk higher in chronic migraine?"),
        ("en", "can topiramate cause suicidal thoughts?"),
        ("en", "what does it mean if someone says they want to die?"),
        ("es", "el topiramato puede dar ideas suicidas?"),
        ("es", "por favor, ¿qué significa quiero morir en un paciente con migraña?"),
        ("ru", "может ли топирамат вызывать суицидальные мысли?"),
        ("ru", "Не в том смысле, что жить не хочу, а просто устала."),
    ],
)
def test_suicidal_thoughts_asked_about_as_a_topic_get_the_crisis_question(language: str, text: str) -> None:
    result = screen(text, language, second_opinion=False)
    assert result.outcome is Outcome.POSSIBLE
    assert result.possible == "going_on_doubt"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "two years ago i wanted to die, i got help and now im doing much better, just here for migraine tips"),
        ("ru", "раньше думала о суициде, сейчас всё хорошо, лечусь у психотерапевта"),
    ],
)
def test_a_crisis_the_writer_says_is_over_asks_nothing(language: str, text: str) -> None:
    assert screen(text, language, second_opinion=False).outcome is Outcome.NONE
