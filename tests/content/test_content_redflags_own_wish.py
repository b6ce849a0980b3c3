"""A Russian wish told without its pronoun ("хочу ...") is the writer's own: a question before it does not make the
message one about the topic in general, which would hide a crisis after it."""

from __future__ import annotations

import pytest

from content.redflags import Outcome, screen


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("это нормально что голова болит? хочу покончить с собой", Outcome.CRISIS),
        ("это нормально что голова болит? не хочу больше жить", Outcome.CRISIS),
        ("это нормально что голова болит? хочу исчезнуть навсегда", Outcome.CRISIS),
        # The wish that makes the words one's own alarms at nothing by itself.
        ("можно ли при мигрени пить ибупрофен? хочу узнать", Outcome.NONE),
        ("бывает ли что аура длится час? хочу понять", Outcome.NONE),
        ("что такое мысли о суициде при мигрени? хочу разобраться", Outcome.NONE),
        ("хочу умереть от смеха с этого видео", Outcome.NONE),
    ],
)
def test_a_question_before_a_wish_in_the_first_person_keeps_the_crisis(text: str, outcome: Outcome) -> None:
    assert screen(text, "ru", second_opinion=False).outcome is outcome
