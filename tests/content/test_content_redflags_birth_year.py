"""A year of birth is read as the age it gives this year, so no lexicon keeps a list of years that goes stale."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from content.redflags import Outcome, screen
from content.redflags.matcher import BIRTH_YEAR, BIRTH_YEAR_SHORT, Hit, _ages_from_birth_years, matcher_for
from content.redflags.text import split_words


def ages(text: str) -> list[float]:
    matcher = matcher_for("ru")
    hits = matcher.find(matcher.rewrite(split_words(text)))
    return sorted({h.value for h in hits.get("AGE", []) if h.value is not None})


@pytest.mark.parametrize(
    ("year", "short", "this_year", "age"),
    [
        (1959, False, 2026, 67.0),
        (1959, False, 2040, 81.0),  # the same words, fourteen years on: no list to widen
        (58, True, 2026, 68.0),  # two digits: not in the future, so 1958
        (5, True, 2026, 21.0),  # "05": this century
        (62, False, 2026, None),  # a full year counts from 1900: "мне 62" is an age, not a year
        (2031, False, 2026, None),  # a year still to come
    ],
)
def test_a_year_of_birth_becomes_the_age_it_gives_in_the_year_of_screening(
    year: int, short: bool, this_year: int, age: float | None
) -> None:
    hits = {BIRTH_YEAR_SHORT if short else BIRTH_YEAR: [Hit(0, 2, float(year))]}
    _ages_from_birth_years(hits, this_year)
    assert BIRTH_YEAR not in hits and BIRTH_YEAR_SHORT not in hits
    assert [h.value for h in hits.get("AGE", [])] == ([] if age is None else [age])


def test_russian_years_of_birth_give_ages() -> None:
    assert ages("я 1959 г.р.") == [float(datetime.now(UTC).year - 1959)]
    this_year = datetime.now(UTC).year
    assert float(this_year - 1958) in ages("мама 58 года рождения")  # two digits: 1958
    assert ages("родилась в 62 году") == [float(this_year - 1962)]
    assert ages("выпила 2 г парацетамола") == []


def test_a_new_headache_with_a_year_of_birth_of_fifty_years_ago_needs_a_doctor_today() -> None:
    result = screen("я 1959 г.р. и впервые в жизни так болит голова последнюю неделю", "ru")
    assert result.outcome is Outcome.URGENT and "older_new" in result.codes


def test_ones_own_year_of_birth_tells_of_no_baby_born() -> None:
    # "родилась" is also a baby born ("родилась дочка"), which with a headache is an emergency.
    result = screen("родилась в 1990 году, голова болит впервые", "ru")
    assert "pregnancy" not in result.codes
    assert "pregnancy" in screen("две недели назад родилась дочка, голова раскалывается как никогда", "ru").codes
