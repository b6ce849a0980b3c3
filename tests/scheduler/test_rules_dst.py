"""next_occurrence across DST changes, plus the stored form of LocalRule."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.rules import LocalRule, next_occurrence

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
KOLKATA = ZoneInfo("Asia/Kolkata")
SAO_PAULO = ZoneInfo("America/Sao_Paulo")  # until 2019 it changed clocks at midnight
PROPERTY_ZONES = [
    *(LONDON, NEW_YORK, LORD_HOWE, KOLKATA, SAO_PAULO),
    *(ZoneInfo(name) for name in ("Pacific/Chatham", "Europe/Dublin")),
]
MONDAY, SUNDAY = 0, 6


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def daily(*times: str) -> LocalRule:
    return LocalRule.of(time.fromisoformat(at) for at in times)


def wall(instant: datetime, tz: ZoneInfo) -> datetime:
    """The local wall clock at `instant`, naive, as a user in `tz` would read it."""
    return instant.astimezone(tz).replace(tzinfo=None)


# --- missing hour (spring forward): fire at the first valid minute after the gap ------------------


@pytest.mark.parametrize(
    ("tz", "rule_time", "after", "expected_utc", "expected_wall"),
    [
        (LONDON, "01:30", utc(2025, 3, 29, 12), utc(2025, 3, 30, 1), datetime(2025, 3, 30, 2, 0)),
        (NEW_YORK, "02:30", utc(2025, 3, 8, 12), utc(2025, 3, 9, 7), datetime(2025, 3, 9, 3, 0)),
        (LORD_HOWE, "02:15", utc(2025, 10, 4), utc(2025, 10, 4, 15, 30), datetime(2025, 10, 5, 2, 30)),
        (SAO_PAULO, "00:30", utc(2018, 11, 3, 12), utc(2018, 11, 4, 3), datetime(2018, 11, 4, 1, 0)),
    ],
    ids=["london", "new_york", "lord_howe_30min", "sao_paulo_2018_midnight"],
)
def test_time_in_spring_gap_fires_when_the_gap_ends(
    tz: ZoneInfo, rule_time: str, after: datetime, expected_utc: datetime, expected_wall: datetime
) -> None:
    fired = next_occurrence(daily(rule_time), tz, after)
    assert fired == expected_utc
    assert wall(fired, tz) == expected_wall


def test_london_spring_forward_0130_fires_at_0200_bst() -> None:
    fired = next_occurrence(daily("01:30"), LONDON, utc(2025, 3, 29, 12))
    assert fired.tzinfo is UTC
    assert fired.astimezone(LONDON).isoformat() == "2025-03-30T02:00:00+01:00"


def test_two_times_in_one_gap_fire_once_then_resume_next_day() -> None:
    rule = daily("01:15", "01:45")
    first = next_occurrence(rule, LONDON, utc(2025, 3, 29, 12))
    second = next_occurrence(rule, LONDON, first)
    assert first == utc(2025, 3, 30, 1)
    assert wall(second, LONDON) == datetime(2025, 3, 31, 1, 15)


def test_time_after_the_gap_on_spring_day_is_unaffected() -> None:
    fired = next_occurrence(daily("07:30"), LONDON, utc(2025, 3, 29, 12))
    assert fired == utc(2025, 3, 30, 6, 30)


# --- repeated hour (fall back): fire once, at the first happening ----------------------------------


@pytest.mark.parametrize(
    ("tz", "rule_time", "after", "first_utc", "next_day_utc"),
    [
        (LONDON, "01:30", utc(2025, 10, 25, 12), utc(2025, 10, 26, 0, 30), utc(2025, 10, 27, 1, 30)),
        (NEW_YORK, "01:30", utc(2025, 11, 1, 12), utc(2025, 11, 2, 5, 30), utc(2025, 11, 3, 6, 30)),
        (LORD_HOWE, "01:45", utc(2025, 4, 5), utc(2025, 4, 5, 14, 45), utc(2025, 4, 6, 15, 15)),
        (SAO_PAULO, "23:30", utc(2018, 2, 17, 12), utc(2018, 2, 18, 1, 30), utc(2018, 2, 19, 2, 30)),
    ],
    ids=["london", "new_york", "lord_howe_30min", "sao_paulo_2018_midnight"],
)
def test_time_in_repeated_hour_fires_once(
    tz: ZoneInfo, rule_time: str, after: datetime, first_utc: datetime, next_day_utc: datetime
) -> None:
    first = next_occurrence(daily(rule_time), tz, after)
    assert first == first_utc
    assert first.astimezone(tz).fold == 0
    assert next_occurrence(daily(rule_time), tz, first) == next_day_utc


def test_asking_from_inside_the_repeat_does_not_return_the_second_0130() -> None:
    between_the_two = utc(2025, 10, 26, 1, 10)  # 01:10 GMT, the repeated hour
    fired = next_occurrence(daily("01:30"), LONDON, between_the_two)
    assert fired == utc(2025, 10, 27, 1, 30)


# --- weekly rules keep weekday and wall time across the change -----------------------------------


@pytest.mark.parametrize(
    ("tz", "weekday", "after", "expected"),
    [
        (LONDON, MONDAY, utc(2025, 3, 20), [utc(2025, 3, 24, 7, 30), utc(2025, 3, 31, 6, 30)]),
        (LONDON, MONDAY, utc(2025, 10, 16), [utc(2025, 10, 20, 6, 30), utc(2025, 10, 27, 7, 30)]),
        (NEW_YORK, SUNDAY, utc(2025, 3, 1), [utc(2025, 3, 2, 12, 30), utc(2025, 3, 9, 11, 30)]),
        (LORD_HOWE, SUNDAY, utc(2025, 3, 29), [utc(2025, 3, 29, 20, 30), utc(2025, 4, 5, 21)]),
        (KOLKATA, MONDAY, utc(2025, 3, 20), [utc(2025, 3, 24, 2), utc(2025, 3, 31, 2)]),
    ],
    ids=["london_spring", "london_autumn", "new_york_spring", "lord_howe_autumn", "kolkata"],
)
def test_weekly_rule_keeps_weekday_and_wall_time_across_transition(
    tz: ZoneInfo, weekday: int, after: datetime, expected: list[datetime]
) -> None:
    rule = LocalRule.of([time(7, 30)], [weekday])
    fired = [next_occurrence(rule, tz, after)]
    fired.append(next_occurrence(rule, tz, fired[0]))
    assert fired == expected
    assert {(wall(at, tz).weekday(), wall(at, tz).time()) for at in fired} == {(weekday, time(7, 30))}


def test_kolkata_has_no_gap_or_repeat_on_days_other_zones_change() -> None:
    rule = daily("01:30", "02:30")
    after = utc(2025, 3, 29, 12)
    fired = [next_occurrence(rule, KOLKATA, after)]
    fired.append(next_occurrence(rule, KOLKATA, fired[0]))
    assert [wall(at, KOLKATA) for at in fired] == [datetime(2025, 3, 30, 1, 30), datetime(2025, 3, 30, 2, 30)]
    assert fired[1] - fired[0] == timedelta(hours=1)


@pytest.mark.parametrize("tz", [LONDON, NEW_YORK, LORD_HOWE, KOLKATA], ids=str)
def test_daily_0730_stays_0730_local_for_400_days(tz: ZoneInfo) -> None:
    rule = daily("07:30")
    at = utc(2025, 1, 1)
    seen_days: list[date] = []
    for _ in range(400):
        at = next_occurrence(rule, tz, at)
        assert wall(at, tz).time() == time(7, 30)
        seen_days.append(wall(at, tz).date())
    assert seen_days == [seen_days[0] + timedelta(days=n) for n in range(400)]


# --- properties ------------------------------------------------------------------------------------

# Hours around midnight and 01:00-03:00 are where zones change their clocks; bias towards them.
rule_times = st.builds(time, st.one_of(st.sampled_from([0, 1, 2, 3, 23]), st.integers(0, 23)), st.integers(0, 59))
rules = st.builds(LocalRule.of, st.lists(rule_times, min_size=1, max_size=3), st.frozensets(st.integers(0, 6)))
instants = st.datetimes(datetime(2015, 1, 1), datetime(2035, 12, 31), timezones=st.just(UTC))
zones = st.sampled_from(PROPERTY_ZONES)


@cache
def transition_days(tz: ZoneInfo) -> list[datetime]:
    """Midnights (UTC) of the days on which `tz` changes its offset, 2015-2035."""
    days = [utc(2015, 1, 1) + timedelta(days=n) for n in range(21 * 366)]
    return [
        day for day in days if day.astimezone(tz).utcoffset() != (day + timedelta(days=1)).astimezone(tz).utcoffset()
    ]


@st.composite
def zone_and_instant(draw: st.DrawFn) -> tuple[ZoneInfo, datetime]:
    """A zone and an instant, half the time within two days of one of the zone's clock changes."""
    tz = draw(zones)
    changes = transition_days(tz)
    if not changes or draw(st.booleans()):
        return tz, draw(instants)
    near = draw(st.sampled_from(changes)) + timedelta(minutes=draw(st.integers(-48 * 60, 48 * 60)))
    return tz, near


def expected_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """Independent oracle: the earliest instant whose wall clock reads `day` `at` or later."""
    naive = datetime.combine(day, at)
    first = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if wall(first, tz) == naive:
        return first
    # Gap: walk minute by minute from the post-transition reading until the wall clock jumps past it.
    probe = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    while wall(probe, tz) < naive:
        probe += timedelta(minutes=1)
    while wall(probe - timedelta(seconds=1), tz) >= naive:
        probe -= timedelta(seconds=1)
    return probe


@settings(max_examples=300, deadline=None)
@given(rule=rules, case=zone_and_instant())
def test_next_occurrence_is_after_and_reads_a_rule_time(rule: LocalRule, case: tuple[ZoneInfo, datetime]) -> None:
    tz, after = case
    fired = next_occurrence(rule, tz, after)
    assert fired > after
    assert fired.tzinfo is UTC
    assert fired.astimezone(tz).fold == 0
    local = wall(fired, tz)
    candidates = {
        expected_instant(day, at, tz)
        for day in (local.date() - timedelta(days=1), local.date())
        if rule.runs_on(day)
        for at in rule.times
    }
    assert fired in candidates


@settings(max_examples=40, deadline=None)
@given(rule=rules, case=zone_and_instant())
def test_a_year_of_occurrences_skips_and_doubles_nothing(rule: LocalRule, case: tuple[ZoneInfo, datetime]) -> None:
    tz, after = case
    fired: list[datetime] = []
    at = after
    while at < after + timedelta(days=366):
        at = next_occurrence(rule, tz, at)
        fired.append(at)
    # Compare on whole local dates strictly inside the iterated span.
    days = [wall(after, tz).date() + timedelta(days=n) for n in range(2, 364)]
    expected_by_day = {day: {expected_instant(day, at, tz) for at in rule.times} for day in days if rule.runs_on(day)}
    expected = set().union(*expected_by_day.values())
    window = [at for at in fired if min(expected, default=at) <= at <= max(expected, default=at)]
    assert window == sorted(expected)
    fired_set = set(fired)
    for day, instants_of_day in expected_by_day.items():
        # One firing per rule time on a fall-back day too; only times sharing a spring gap merge.
        merged_in_gap = len(rule.times) - len(instants_of_day)
        assert len(instants_of_day & fired_set) == len(rule.times) - merged_in_gap, day


# --- stored form -----------------------------------------------------------------------------------


def test_rule_round_trips_through_its_stored_form() -> None:
    rule = LocalRule.of([time(19), time(7, 30)], [4, 0, 1, 2, 3])
    stored = rule.to_json()
    assert stored == {"times": ["07:30", "19:00"], "weekdays": [0, 1, 2, 3, 4]}
    assert LocalRule.from_json(stored) == rule


def test_all_seven_weekdays_mean_every_day() -> None:
    assert LocalRule.of([time(8)], range(7)) == LocalRule.of([time(8)])
    assert LocalRule.of([time(8)], range(7)).to_json()["weekdays"] == []


@pytest.mark.parametrize(
    ("stored", "complaint"),
    [
        ({"times": [], "weekdays": []}, "at least one time"),
        ({"times": ["7:30"]}, "HH:MM"),
        ({"times": ["24:00"]}, "out of range"),
        ({"times": ["07:30", "07:30"]}, "duplicate"),
        ({"times": ["07:30"], "weekdays": [7]}, "from 0"),
        ({"times": ["07:30"], "weekdays": [True]}, "list of integers"),
        ({"times": "07:30"}, "list of"),
        ({"times": ["07:30"], "zone": "UTC"}, "unknown keys"),
        (["07:30"], "must be an object"),
    ],
)
def test_invalid_stored_rule_is_refused_with_a_clear_message(stored: object, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        LocalRule.from_json(stored)


@pytest.mark.parametrize(
    ("times", "complaint"),
    [
        ((time(19), time(7)), "sorted and unique"),
        ((time(7, 30, 15),), "whole minutes"),
        ((time(7, tzinfo=UTC),), "naive"),
    ],
)
def test_rule_constructor_refuses_malformed_times(times: tuple[time, ...], complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        LocalRule(times)


def test_naive_after_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        next_occurrence(daily("07:30"), LONDON, datetime(2025, 1, 1))
