"""A wish to die asked about in the writer's own words is the crisis path. Suicidal thoughts asked about as a topic
get nothing: the crisis question's "no" gives the crisis lines and no lesson, so a question about side effects would
go unanswered. A wish asked about with no one's words, or one whose meaning is asked, gets the crisis question
(safe-messaging practice asks directly)."""

from __future__ import annotations

import pytest

from content.redflags import Outcome, screen


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "is it normal that i want to die?"),
        ("en", "why do i want to kill myself when i get a migraine"),
        ("en", "does it make me a bad mum that i want to die during these migraines?"),
        ("en", "how common is it to want to die during a migraine? i do"),
        ("es", "es normal que quiera morirme?"),
        ("es", "es normal que tenga ganas de morirme cada vez que me da migraña?"),
        ("es", "a alguien mas le pasa que quiere morirse con la migraña? a mi si"),
        ("es", "mi hijo quiere matarse al salir del hospital"),
        ("es", "es normal querer morirme con cada crisis?"),
        ("en", "am i crazy for wanting to die with every migraine?"),
        ("en", "is it normal to feel suicidal with migraine? because thats me"),
        ("en", "i could kill myself for being such a burden to everyone"),
        ("ru", "нормально хотеть сдохнуть от этой боли?"),
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
        ("en", "can topiramate cause suicidal thoughts? the leaflet lists suicidal thoughts as a rare side effect."),
        ("en", "is it normal that i want to die laughing every time my cat does that?"),
        ("en", "is it normal that i could kill myself for forgetting my meds again? so annoying"),
        ("es", "el topiramato puede dar ideas suicidas?"),
        ("es", "q ganas de morirme de la verguenza, vomite en el taxi por la migraña jaja"),
        ("es", "es normal que quiera matar a mi vecino cuando hace ruido"),
        ("ru", "может ли топирамат вызывать суицидальные мысли?"),
        ("ru", "нормально ли что мне хочется умереть со смеху от этого мема?"),
    ],
)
def test_suicidal_words_asked_about_as_a_topic_or_an_idiom_ask_nothing(language: str, text: str) -> None:
    assert screen(text, language, second_opinion=False).outcome is Outcome.NONE


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "is it normal to want to die when the migraine lasts for days?"),
        ("en", "should i worry that my daughter asked me what suicide means after a school talk?"),
        ("es", "por favor, ¿qué significa quiero morir en un paciente con migraña?"),
        ("es", "mi medico me pregunto si tengo ideas suicidas, es normal que pregunten eso?"),
        ("ru", "психолог спросила думаю ли я о самоубийстве, это обязательный вопрос?"),
        ("ru", "Я так устала от этой мигрени. Не в том смысле, что жить не хочу, а просто устала."),
    ],
)
def test_a_wish_asked_about_with_no_ones_words_or_for_its_meaning_gets_the_crisis_question(
    language: str, text: str
) -> None:
    assert screen(text, language, second_opinion=False).possible == "going_on_doubt"


@pytest.mark.parametrize(
    ("language", "recent", "long_ago"),
    [
        ("en", "i tried to kill myself last week, im fine now",
         "two years ago i tried to end my life, got help, doing great now"),
        ("es", "intenté suicidarme hace una semana, ahora estoy bien",
         "hace años intenté suicidarme pero ya estoy bien, con tratamiento. puedo tomar triptanes con sertralina?"),
        ("ru", "неделю назад пыталась покончить с собой, сейчас все хорошо",
         "пару лет назад были мысли о суициде, сейчас все хорошо"),
    ],
)
def test_a_recent_attempt_told_as_over_is_still_the_crisis_path(language: str, recent: str, long_ago: str) -> None:
    # Risk is highest in the weeks after an attempt; a crisis long over, said to be over, asks nothing.
    assert screen(recent, language, second_opinion=False).outcome is Outcome.CRISIS
    assert screen(long_ago, language, second_opinion=False).outcome is Outcome.NONE


def test_a_thoughts_past_said_over_in_spanish_asks_nothing() -> None:
    text = "hace años tuve ideas suicidas, ahora estoy bien. puedo tomar amitriptilina?"
    assert screen(text, "es", second_opinion=False).outcome is Outcome.NONE


def test_died_laughing_is_no_death_in_the_past_and_hides_no_stroke() -> None:
    text = "my wife died laughing at my joke then her face drooped and she couldnt talk"
    assert set(screen(text, "en", second_opinion=False).codes) == {"weakness", "speech"}


def test_dying_of_laughter_hides_no_emergency_beside_it() -> None:
    text = "i was dying laughing at a video and suddenly got the worst headache of my life"
    assert screen(text, "en", second_opinion=False).codes == ("thunderclap",)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "two years ago i wanted to die, i got help and now im doing much better, just here for migraine tips"),
        ("ru", "раньше думала о суициде, сейчас всё хорошо, лечусь у психотерапевта"),
    ],
)
def test_a_crisis_the_writer_says_is_over_asks_nothing(language: str, text: str) -> None:
    assert screen(text, language, second_opinion=False).outcome is Outcome.NONE
