"""Found with set Z6 (dev38, ru) and its tuning, in the matcher every language shares.

- A clock time "в 18:40" is no age "в 18" (AGE_AT): the colon is gone, two-digit minutes follow the hour.
- A clock time between "since" and the weekday ("с 18:00 вторника ... щас пятница") keeps the weekday span.
- A 24-hour time is the "now" of a pair ("в 11 утра ... уже 15:20"); two entries of a diary ("в 14:00 аура, в 16:30
  голова") and a pain score "7/10 ... 9/10" are no span.
- A limb slept on or numb from the cold, said to have passed, is no deficit in Russian either (NUMB_CAUSE, NUMB_PASSED).
"""

from __future__ import annotations

import pytest

from content.redflags import Outcome, screen
from content.redflags.matcher import Hits, matcher_for
from content.redflags.text import split_words


def hits_of(text: str, language: str = "ru") -> Hits:
    matcher = matcher_for(language)
    return matcher.find(matcher.rewrite(split_words(text)))


def durations(text: str, language: str = "ru") -> list[float]:
    return [hit[2] for hit in hits_of(text, language).get("DURATION", [])]


@pytest.mark.parametrize("text", ["маме в 18:40 стало плохо, голова болит", "мигрень с 18:00 вторника"])
def test_a_clock_time_is_no_age(text: str) -> None:
    assert "AGE_AT" not in hits_of(text)


def test_an_age_with_its_unit_stays_one() -> None:
    assert [hit[2] for hit in hits_of("маме 55, мигрень у нее в 18 лет началась")["AGE_AT"]] == [18.0]


def test_a_clock_time_between_since_and_the_weekday_keeps_the_span() -> None:
    text = "мигрень с 18:00 вторника, щас пятница 9 утра, не отпускает ни на час"
    assert 84.0 in durations(text)
    assert screen(text, "ru", second_opinion=False).outcome is Outcome.URGENT


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("аура началась в 11 утра и до сих пор мерцает, уже 15:20", 4 + 20 / 60),
        ("зигзаги начались в 14:20, уже 16:00 а все не проходят", 1 + 40 / 60),
    ],
)
def test_a_24_hour_time_said_to_be_now_ends_a_span(text: str, hours: float) -> None:
    assert durations(text) == [pytest.approx(hours)]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("вчера в 14:00 аура минут 20, в 16:30 уже голова, выпила суматриптан", "ru"),
        ("pain 7/10 at noon, now 9/10", "en"),
    ],
)
def test_diary_entries_and_pain_scores_are_no_span(text: str, language: str) -> None:
    assert all(hours < 1.0 for hours in durations(text, language))


@pytest.mark.parametrize(
    "text",
    [
        "отлежала руку ночью, проснулась не чувствую, через пару минут иголочки и прошло",
        "после дня на морозе пальцы как чужие, отогрела под теплой водой и все прошло",
    ],
)
def test_a_limb_slept_on_or_cold_that_passed_is_no_deficit(text: str) -> None:
    assert screen(text, "ru", second_opinion=False).outcome is not Outcome.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "кружка из правой руки вывалилась уже второй раз за утро, пальцы как чужие. и голова болит с 6 утра",
        "отлежала левую руку ночью, не чувствую ее уже два часа",
    ],
)
def test_numb_fingers_not_put_down_to_a_cause_that_passed_stay_a_deficit(text: str) -> None:
    assert screen(text, "ru", second_opinion=False).outcome is Outcome.URGENT
