"""Found with set U (dev29, en) and fixed in the rules every language shares (the lexicon alone, no second opinion).

- A headache after a crash or a fall told as an event is a head injury's same-day headache; a simile is not.
- A low usual monthly rate next to a high count this month is a changed pattern.
- A wish for something to stop forever, with a hint that more is meant, is the crisis path.
- The thought of not waking up, found appealing, is the crisis path.
"""

from __future__ import annotations

import pytest

from content.redflags import Outcome, Tier, screen


@pytest.mark.parametrize(
    "text",
    [
        "was in a car crash 2 days ago, thought i was fine, now bad headache",
        "my husband was in a car accident yesterday and now has a headache",
        "she fell down the stairs this morning and has a headache now",
    ],
)
def test_a_headache_after_a_crash_or_a_fall_is_seen_the_same_day(text: str) -> None:
    result = screen(text, "en", second_opinion=False)
    assert result.outcome is Outcome.URGENT
    assert "head_injury" in result.codes


@pytest.mark.parametrize(
    "text",
    [
        "woke up feeling like ive been in a car crash, headache and aching all over, classic postdrome",
        "my migraine feels like being hit with a baseball bat, the usual one",
        "my brother had a car accident last year and gets headaches now and then",
    ],
)
def test_a_crash_in_a_simile_or_in_the_past_is_no_head_injury(text: str) -> None:
    assert "head_injury" not in screen(text, "en", second_opinion=False).codes


@pytest.mark.parametrize(
    "text",
    [
        "usually 2 a month, this month ive had 12 and theyre stronger every time",
        "normally 1 or 2 migraines a month, this month ive had 10",
        "used to get 2 a month, ive had 11 this month",
    ],
)
def test_a_low_usual_rate_and_a_high_count_this_month_is_a_changed_pattern(text: str) -> None:
    result = screen(text, "en", second_opinion=False)
    assert result.outcome is Outcome.URGENT
    assert result.codes == ("pattern_change",)


@pytest.mark.parametrize(
    "text",
    ["usually 2 a month, this month ive had 1, so happy", "usually 4 a month, this month ive had 3, about the same"],
)
def test_a_count_this_month_no_higher_than_usual_is_no_alarm(text: str) -> None:
    assert screen(text, "en", second_opinion=False).outcome is Outcome.NONE


@pytest.mark.parametrize(
    "text",
    [
        "i want the pain to stop forever, not just for today, you know what i mean",
        "i just want it all to go away forever, if you know what i mean",
        "want this pain gone for good, not just for today, read between the lines",
        "sometimes i think about just not waking up and honestly it sounds peaceful",
        "the idea of going to sleep and not waking up feels like a relief honestly",
    ],
)
def test_a_veiled_wish_to_be_gone_is_the_crisis_path(text: str) -> None:
    result = screen(text, "en", second_opinion=False)
    assert result.outcome is Outcome.CRISIS
    assert result.tier is Tier.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "i want this migraine to stop forever, is there any cure",
        "the thought of a week off work sounds so peaceful right now, migraine every day this week",
    ],
)
def test_a_wish_for_a_cure_or_a_rest_is_not_the_crisis_path(text: str) -> None:
    assert screen(text, "en", second_opinion=False).outcome is not Outcome.CRISIS
