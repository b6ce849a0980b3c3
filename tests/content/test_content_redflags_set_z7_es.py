"""Found with set Z7 (dev39, es) and its tuning, in the matcher every language shares.

- A log of 24-hour times whose entries open with a word that the sign is still there ("11:10 zigzag\\n12:00 sigue\\n
  13:05 todavia") lasts from the entry before the first such one to the last; entries that say nothing of it
  ("09:30 sigue igual\\n11:00 ibuprofeno") end the run, and a log with no such entry gives no span.
- "11:10" is a time: ":10" is a pain score's only after a score (10 at most); and a time's minutes stand in its own
  line, so a pain score closing a line ("dolor 4/10\n09:30") makes no "10:09".
- A log of weekdays ("lun 08:00 migraña empieza\\nmar 08:00 sigue ... jue 10:00 sigue") is a span of days: its first
  entry says it began, a later one that it is still there.
- "ya son las 16:45" is the now of a 24-hour pair in Spanish ("son" is a now word).
"""

from __future__ import annotations

import pytest

from content.redflags import Outcome, screen
from content.redflags.matcher import Hits, matcher_for
from content.redflags.text import split_words


def hits_of(text: str, language: str = "es") -> Hits:
    matcher = matcher_for(language)
    return matcher.find(matcher.rewrite(split_words(text)))


def durations(text: str, language: str = "es") -> list[float]:
    return [hit[2] for hit in hits_of(text, language).get("DURATION", [])]


def test_a_log_whose_entries_say_still_lasts_from_the_first_entry() -> None:
    text = "11:10 zigzag\n12:00 sigue\n12:40 sigue y ahora se me entume media cara\n13:05 todavía"
    assert durations(text) == [pytest.approx(1 + 55 / 60)]
    assert screen(text, "es", second_opinion=False).codes == ("aura_atypical",)


def test_a_run_of_still_entries_ends_at_an_entry_that_says_something_else() -> None:
    assert durations("08:00 dolor 4/10\n09:30 sigue igual\n11:00 ibuprofeno\n13:00 sin dolor") == [1.5]


def test_a_log_with_no_still_entry_has_no_span() -> None:
    assert durations("08:00 dolor 4/10\n09:30 ibuprofeno\n11:00 mejor\n13:00 sin dolor") == []


def test_a_log_of_weekdays_that_goes_on_is_a_span_of_days() -> None:
    text = "lun 08:00 migraña empieza\nmar 08:00 sigue\nmié 08:00 sigue\njue 10:00 sigue, ya van 3 triptanes, nada"
    assert 84.0 in durations(text)
    assert screen(text, "es", second_opinion=False).outcome is Outcome.URGENT


def test_a_week_of_diary_days_is_no_span() -> None:
    text = "semana: lun bien, mar migraña leve, mie bien, jue migraña fuerte con aura 15 min, vie resaca, sab dom bien"
    assert all(hours < 24 for hours in durations(text))


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("tengo el aura desde las 14:30 y ya son las 16:45", 2.25),
        ("el aura empezó a las 11:10 y ahora son las 12:40", 1.5),
    ],
)
def test_a_24_hour_time_said_to_be_now_ends_a_span(text: str, hours: float) -> None:
    assert durations(text) == [pytest.approx(hours)]
