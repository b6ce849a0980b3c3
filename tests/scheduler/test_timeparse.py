"""Reading the times users type, and refusing what is not a time with a helpful message."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.timeparse import TimeParseError, TimeParseReason, format_local_time, parse_user_time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7:30", time(7, 30)),
        ("07:30", time(7, 30)),
        ("19:05", time(19, 5)),
        ("0:00", time(0, 0)),
        ("23:59", time(23, 59)),
        ("7.30", time(7, 30)),
        ("7pm", time(19, 0)),
        ("7 pm", time(19, 0)),
        ("7PM", time(19, 0)),
        ("7.30pm", time(19, 30)),
        ("7:30 PM", time(19, 30)),
        ("7:30 p.m.", time(19, 30)),
        ("7:30p.m.", time(19, 30)),
        ("7 a.m.", time(7, 0)),
        ("12am", time(0, 0)),
        ("12:15am", time(0, 15)),
        ("12pm", time(12, 0)),
        ("12:45 pm", time(12, 45)),
        ("11:59pm", time(23, 59)),
        ("0730", time(7, 30)),
        ("730", time(7, 30)),
        ("1905", time(19, 5)),
        ("730pm", time(19, 30)),
        ("０７：３０", time(7, 30)),  # full-width digits and colon
        ("٧:٣٠", time(7, 30)),  # Arabic-Indic digits
        ("  7 : 30  ", time(7, 30)),
        ("\u00a07:30\u200b", time(7, 30)),  # no-break space, zero-width space
        ("7:30\n", time(7, 30)),
    ],
)
def test_accepts_what_users_type(text: str, expected: time) -> None:
    assert parse_user_time(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", TimeParseReason.EMPTY),
        ("   ", TimeParseReason.EMPTY),
        ("25:00", TimeParseReason.OUT_OF_RANGE),
        ("24:00", TimeParseReason.OUT_OF_RANGE),
        ("7:60", TimeParseReason.OUT_OF_RANGE),
        ("13pm", TimeParseReason.OUT_OF_RANGE),
        ("0am", TimeParseReason.OUT_OF_RANGE),
        ("13:30pm", TimeParseReason.OUT_OF_RANGE),
        ("2400", TimeParseReason.OUT_OF_RANGE),
        ("noonish", TimeParseReason.UNRECOGNISED),
        ("7", TimeParseReason.UNRECOGNISED),  # 07:00 or 19:00? we do not guess
        ("19", TimeParseReason.UNRECOGNISED),
        ("7:3", TimeParseReason.UNRECOGNISED),
        ("7:30:00", TimeParseReason.UNRECOGNISED),
        ("12345", TimeParseReason.UNRECOGNISED),
        ("-7:30", TimeParseReason.UNRECOGNISED),
        ("7:30 tomorrow", TimeParseReason.UNRECOGNISED),
        ("7h30", TimeParseReason.UNRECOGNISED),
        ("x" * 5000, TimeParseReason.TOO_LONG),
        ("7:30" + " " * 40 + "pm", TimeParseReason.TOO_LONG),
    ],
)
def test_refuses_what_is_not_a_time(text: str, reason: TimeParseReason) -> None:
    with pytest.raises(TimeParseError) as refused:
        parse_user_time(text)
    assert refused.value.reason is reason
    assert isinstance(refused.value, ValueError)


@pytest.mark.parametrize(("at", "shown"), [(time(7, 30), "07:30"), (time(0, 0), "00:00"), (time(19, 5), "19:05")])
def test_formats_as_two_digit_24_hour_time(at: time, shown: str) -> None:
    assert format_local_time(at) == shown


@settings(max_examples=200, deadline=None)
@given(st.builds(time, st.integers(0, 23), st.integers(0, 59)))
def test_formatted_time_parses_back(at: time) -> None:
    assert parse_user_time(format_local_time(at)) == at


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_parses_or_raises_time_parse_error(text: str) -> None:
    try:
        parsed = parse_user_time(text)
    except TimeParseError as refused:
        assert str(refused)
    else:
        assert parsed.second == 0
        assert parsed.tzinfo is None
