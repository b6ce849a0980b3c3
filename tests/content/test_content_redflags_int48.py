"""An aura given a span of hours right after its word, with no lead word (int48): the aura's own length.

tune48en made the headache's or a sleep's span beside an aura no aura's length ("aura 20 min then headache for 6
hours"); the aura's own span said bare ("had aura 2 hrs, then the pain for 5 hrs") had been found only through the
headache's span, so it is read on its own now (AURA_HOURS).
"""

from __future__ import annotations

import pytest
from screen_probes import lexicon

from content.redflags import Outcome


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "aura 3 hours then headache for 6 hours"),
        ("en", "had aura 2 hrs, then the pain for 5 hrs"),
        ("en", "i had aura 3 hours today"),
        ("en", "visual aura nearly 4 hours now and still zigzags"),
        ("es", "aura 2 horas y luego el dolor"),
        ("es", "el aura lleva 3 horas"),
        ("ru", "аура 2 часа, потом боль"),
        ("ru", "аура уже часа 3, не проходит"),
    ],
)
def test_an_aura_of_hours_said_bare_is_urgent(language: str, text: str) -> None:
    assert lexicon(text, language) is Outcome.URGENT


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "my auras usually last 2 hrs"),
        ("en", "aura 2 hrs ago, now just the headache"),
        ("en", "aura 20 min then headache for 6 hours"),
        ("en", "i had aura 2 hours last year, neuro checked me"),
        ("es", "mis auras suelen durar 2 horas"),
        ("es", "aura de 20 min y luego dolor 6 horas"),
        ("ru", "аура была 2 часа назад, сейчас только голова"),
        ("ru", "у меня аура обычно длится 2 часа"),
    ],
)
def test_an_aura_span_that_is_a_habit_a_time_since_or_the_headaches_is_no_alarm(language: str, text: str) -> None:
    assert lexicon(text, language) is Outcome.NONE


# review48: the Russian ordinal day of another stretch ("пятый день отпуска") is the attack's day too when the attack is
# said to have begun with it; a toddler named by "малой"/"мелкой" with an age is a person, so the writer's own migraine
# beside it is not the child's headache; chills are a fever's (as the English "chills").
@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "пятый день отпуска и тот же приступ с самого приезда не проходит ни на час"),
        ("ru", "шестой день отпуска голова болит не переставая с первого дня"),
        ("ru", "пятый день в отпуске, мигрень началась в первый день и так и не отпустила"),
        ("ru", "малой 3 г трет голову ручками и плачет, вялый, срыгнул обед"),
        ("ru", "мелкой 2 года, жалуется что болит голова и рвет"),
        ("ru", "знобит, голова раскалывается и шею не согнуть"),
        ("es", "tengo escalofrios y dolor de cabeza muy fuerte y el cuello duro"),
        ("es", "escalofrio, cuello rigido, dolor de cabeza"),
    ],
)
def test_review48_emergencies_are_urgent(language: str, text: str) -> None:
    assert lexicon(text, language) is Outcome.URGENT


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "пятый день отпуска, голова немного болела утром, уже прошла"),
        ("ru", "пошел четвертый день отпуска, отдыхаю отлично"),
        ("ru", "малой 3 г сопливит, а у меня мигрень"),
        ("ru", "малой 3 г спит наконец, а я с мигренью лежу"),
        ("ru", "старшей 5 лет, младшему 3 г, у меня мигрень от недосыпа"),
    ],
)
def test_review48_look_alikes_are_no_alarm(language: str, text: str) -> None:
    assert lexicon(text, language) is Outcome.NONE


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "escalofrios por el aire acondicionado y un dolor de cabeza leve"),
        ("ru", "знобит от кондиционера на работе и немного болит голова"),
    ],
)
def test_review48_chills_with_a_mild_headache_are_asked_about_not_alarmed(language: str, text: str) -> None:
    assert lexicon(text, language) is Outcome.POSSIBLE


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("no quiero despertarme mañana, ya no puedo mas con este dolor", Outcome.CRISIS),
        ("ya no quiero despertar nunca mas", Outcome.CRISIS),
        ("no quiero despertarme temprano mañana", Outcome.NONE),
        ("no quiero despertar al bebe", Outcome.NONE),
        ("no quiero despertarme con migraña otra vez", Outcome.NONE),
        ("no quiero despertar a mi marido con mis vomitos", Outcome.NONE),
    ],
)
def test_not_wanting_to_wake_said_of_oneself_is_the_crisis_path(text: str, outcome: Outcome) -> None:
    assert lexicon(text, "es") is outcome
