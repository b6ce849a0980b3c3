"""Spanish false alarms of set T (ord28) and a clinical-review miss, fixed by concept: what each case gets.

- A headache said to worsen on coughing, sneezing or straining is the writer's own, with or without "mi"; asked as a
  yes/no question about the thing ("¿la migraña empeora al toser?") it is a question (TOPIC, context.py).
- A limb gone to sleep with its ordinary cause named and said to have passed is no deficit; either alone still is.
- Migraine had since youth, in an older person, is no new headache to ask about.
"""

from __future__ import annotations

import pytest

from content.redflags import Outcome, screen


@pytest.mark.parametrize(
    "text",
    [
        "la migraña empeora al toser",
        "me duele más al toser",
        "la migraña empeora al toser desde ayer",
        "la migraña empeora cuando toso?",
        "la jaqueca va a más cada vez que toso, empezó hace dos días, ¿es normal?",
    ],
)
def test_a_headache_worse_on_coughing_is_the_writers_own(text: str) -> None:
    result = screen(text, "es", second_opinion=False)
    assert result.outcome is Outcome.URGENT and "exertion_posture" in result.codes


@pytest.mark.parametrize(
    "text",
    [
        "¿la migraña empeora al toser?",
        "¿El dolor de cabeza al toser siempre es grave? Yo no lo tengo",
        "¿La visión borrosa en un ojo es grave? Lo pregunto por mi abuela",
        "cuando una migraña dura mas de 3 dias hay que ir al hospital?",
    ],
)
def test_a_question_about_a_thing_named_in_general_is_asked_not_reported(text: str) -> None:
    assert screen(text, "es", second_opinion=False).outcome is not Outcome.URGENT


def test_a_limb_slept_on_that_came_back_is_no_deficit() -> None:
    text = "Hoy me desperté con el brazo dormido porque dormí encima, se me pasó en dos minutos moviéndolo"
    assert screen(text, "es", second_opinion=False).outcome is Outcome.NONE


@pytest.mark.parametrize(
    "text",
    [
        "me desperté con medio cuerpo dormido, supongo que por dormir encima",
        "se me durmió el brazo y al rato se me pasó",
    ],
)
def test_a_cause_or_a_passing_alone_leaves_numbness_urgent(text: str) -> None:
    assert screen(text, "es", second_opinion=False).outcome is Outcome.URGENT


def test_migraine_since_youth_at_57_is_not_asked_about() -> None:
    text = "Tengo 57 años, migrañas desde los 14, las mismas de toda la vida"
    assert screen(text, "es", second_opinion=False).outcome is Outcome.NONE


def test_a_headache_at_60_is_still_asked_about() -> None:
    assert screen("tengo 60 años y me duele la cabeza", "es", second_opinion=False).outcome is Outcome.POSSIBLE
