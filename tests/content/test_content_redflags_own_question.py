"""A wish to die asked about in the writer's own words is the crisis path; suicidal thoughts asked about as a topic get
nothing (the crisis question's "no" would leave them unanswered); a wish to die asked about with no one's words gets
the crisis question (safe-messaging practice asks directly)."""

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
        ("es", "q ganas de morirme de la verguenza, vomite en el taxi por la migraña jaja"),
        ("ru", "может ли топирамат вызывать суицидальные мысли?"),
        ("ru", "Я так устала от этой мигрени. Не в том смысле, что жить не хочу, а просто устала."),
    ],
)
def test_suicidal_thoughts_asked_about_as_a_topic_or_for_their_meaning_ask_nothing(language: str, text: str) -> None:
    # The crisis question's "no" gives the crisis lines and no lesson: a question about side effects would go unanswered.
    assert screen(text, language, second_opinion=False).outcome is Outcome.NONE


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "is it normal to want to die when the migraine lasts for days?"),
        ("en", "how common is it to want to die during a migraine? i do"),
    ],
)
def test_a_wish_to_die_asked_about_with_no_ones_words_gets_the_crisis_question(language: str, text: str) -> None:
    assert screen(text, language, second_opinion=False).possible == "going_on_doubt"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "two years ago i wanted to die, i got help and now im doing much better, just here for migraine tips"),
        ("ru", "раньше думала о суициде, сейчас всё хорошо, лечусь у психотерапевта"),
    ],
)
def test_a_crisis_the_writer_says_is_over_asks_nothing(language: str, text: str) -> None:
    assert screen(text, language, second_opinion=False).outcome is Outcome.NONE
