"""Found with set S (dev28, en) and a clinical review, and fixed in the rules every language shares.

- A headache placed at a workout with no word tying its onset to the effort ("i got a migraine at the gym") is
  asked about (exertion_headache), where a link word ("while at the gym") keeps it the exertion red flag.
- A changed pattern told outright may describe its new state as a habit ("now they're always ...").
- Headaches that wake one at night, "which has never happened before", are a changed pattern.
"""

from __future__ import annotations

import pytest

from content.redflags import ASKED_CODES, QUESTIONS, Outcome, screen


@pytest.mark.parametrize(
    "text",
    ["i got a migraine at the gym", "got a headache at football training tonight", "had a migraine at spin class"],
)
def test_a_headache_at_a_workout_is_asked_about(text: str) -> None:
    result = screen(text, "en", second_opinion=False)
    assert result.outcome is Outcome.POSSIBLE
    assert result.possible == "exertion_headache"


def test_the_workout_questions_ask_for_a_sudden_peak_and_a_new_kind() -> None:
    assert [(q.key, q.code) for q in QUESTIONS["exertion_headache"]] == [
        ("peak_minute", "thunderclap"),
        ("different", "exertion_posture"),
    ]
    assert ASKED_CODES[-2:] == ("exertion_headache", "drink_speech")  # each added at the end, as it came


def test_a_link_word_keeps_a_workout_headache_the_red_flag() -> None:
    result = screen("i got a migraine while at the gym", "en", second_opinion=False)
    assert result.outcome is Outcome.URGENT
    assert result.codes == ("exertion_posture",)


@pytest.mark.parametrize(
    "text",
    [
        "during an attack i tried a spin class and the headache got way worse",
        "going for a run sometimes helps my headache",
        "no headache at the gym today, first time in weeks",
    ],
)
def test_a_workout_that_did_not_start_the_headache_asks_nothing(text: str) -> None:
    assert screen(text, "en", second_opinion=False).outcome is Outcome.NONE


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "my headaches have changed completely, now theyre always on the same side and worse every week"),
        ("ru", "мигрень изменилась, теперь она всегда в одном месте за правым глазом и с каждой неделей хуже"),
    ],
)
def test_a_change_told_outright_may_tell_its_new_state_as_a_habit(language: str, text: str) -> None:
    result = screen(text, language, second_opinion=False)
    assert result.outcome is Outcome.URGENT
    assert "pattern_change" in result.codes


def test_waking_at_night_never_had_before_is_a_changed_pattern() -> None:
    text = "my migraines now wake me up in the night, which has never happened to me before, most nights this month"
    result = screen(text, "en", second_opinion=False)
    assert "pattern_change" in result.codes
