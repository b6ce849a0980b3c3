"""Insights on hand-computed fixtures: the menstrual pattern, the factor table, what works (items 11-13)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from scipy.stats.contingency import odds_ratio

from storage.diary_types import AttackRecord, CheckinRecord, Effect, IntakeRecord, MedClass
from storage.factors import Factor
from storage.insights_factors import factor_table
from storage.insights_medicines import what_works
from storage.insights_menstrual import cycle_starts, menstrual_pattern

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 4, 30)


def attack(day: date, *, aura: bool = False, hours: int = 6, number: int = 0) -> AttackRecord:
    start = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
    return AttackRecord(
        id=number, started_at=start, ended_at=start + timedelta(hours=hours), peak_intensity=6, aura=aura
    )


def period(*firsts: date, length: int = 5, mark_start: bool = True) -> dict[date, int]:
    """Period days of `length` from each first day; the first marked "began" (2) unless told not to."""
    days: dict[date, int] = {}
    for first in firsts:
        for i in range(length):
            days[first + timedelta(days=i)] = 2 if i == 0 and mark_start else 1
    return days


# Three cycles: day 1 on 10 Jan, 8 Feb and 9 Mar. Windows (ICHD-3 day -2..+3) are the five dates
# day1-2 .. day1+2: 8-12 Jan, 6-10 Feb, 7-11 Mar.
CYCLES = period(date(2026, 1, 10), date(2026, 2, 8), date(2026, 3, 9))


def test_pattern_met_in_two_of_three_cycles_with_attacks_at_other_times_too() -> None:
    attacks = [attack(date(2026, 1, 9)), attack(date(2026, 2, 10)), attack(date(2026, 1, 25))]

    pattern = menstrual_pattern(CYCLES, attacks, tz=LONDON, today=TODAY)

    assert [w.day_one for w in pattern.checked] == [date(2026, 1, 10), date(2026, 2, 8), date(2026, 3, 9)]
    assert [w.attacks for w in pattern.checked] == [1, 1, 0]
    assert (pattern.enough, pattern.with_attacks, pattern.meets) == (True, 2, True)
    assert (pattern.other_times, pattern.pure) == (1, False)  # 25 Jan: menstrually related, not pure


def test_pattern_only_in_the_windows_is_the_pure_form() -> None:
    attacks = [attack(date(2026, 1, 8)), attack(date(2026, 2, 10)), attack(date(2026, 3, 11))]

    pattern = menstrual_pattern(CYCLES, attacks, tz=LONDON, today=TODAY)

    assert (pattern.with_attacks, pattern.meets, pattern.other_times, pattern.pure) == (3, True, 0, True)


def test_pattern_missed_when_attacks_fall_just_outside_the_window() -> None:
    # 5 Feb is day -3 and 11 Feb day +4 (there is no day 0): neither is in the window.
    attacks = [
        attack(date(2026, 1, 12)),
        attack(date(2026, 2, 5)),
        attack(date(2026, 2, 11)),
        attack(date(2026, 3, 20)),
    ]

    pattern = menstrual_pattern(CYCLES, attacks, tz=LONDON, today=TODAY)

    assert [w.attacks for w in pattern.checked] == [1, 0, 0]
    assert (pattern.enough, pattern.with_attacks, pattern.meets) == (True, 1, False)


def test_pattern_needs_three_complete_cycles_and_ignores_aura_attacks() -> None:
    two = period(date(2026, 3, 9), date(2026, 4, 6))
    attacks = [attack(date(2026, 3, 9)), attack(date(2026, 4, 6))]
    assert menstrual_pattern(two, attacks, tz=LONDON, today=TODAY).enough is False
    # A window reaching past today is not judged yet: 29 Apr's window ends 1 May.
    late = period(date(2026, 2, 1), date(2026, 3, 2), date(2026, 4, 29))
    assert len(menstrual_pattern(late, [], tz=LONDON, today=TODAY).cycles) == 2

    with_aura = [attack(date(2026, 1, 10), aura=True), attack(date(2026, 2, 8), aura=True)]
    assert menstrual_pattern(CYCLES, with_aura, tz=LONDON, today=TODAY).with_attacks == 0


def test_cycle_starts_from_runs_of_period_days_when_no_start_was_tapped() -> None:
    days = period(date(2026, 1, 10), date(2026, 2, 8), mark_start=False)
    del days[date(2026, 1, 12)]  # a missed tap in the middle of a period is not a new cycle
    days[date(2026, 1, 12)] = 0

    assert cycle_starts(days) == (date(2026, 1, 10), date(2026, 2, 8))


def _factor_diary(
    a: int, b: int, c: int, d: int
) -> tuple[dict[date, dict[Factor, int]], list[AttackRecord], list[CheckinRecord]]:
    """a attack days with poor sleep, b free days with poor sleep, c attack days and d free days with good sleep."""
    factors: dict[date, dict[Factor, int]] = {}
    attacks, checkins = [], []
    day = date(2026, 1, 1)
    for count, exposed, hit in ((a, True, True), (b, True, False), (c, False, True), (d, False, False)):
        for _ in range(count):
            factors[day] = {Factor.SLEEP: 0 if exposed else 2}
            if hit:
                attacks.append(attack(day, hours=3))
            else:
                checkins.append(CheckinRecord(day, 0))
            day += timedelta(days=1)
    return factors, attacks, checkins


def test_factor_table_odds_ratio_and_interval_match_the_hand_computation() -> None:
    factors, attacks, checkins = _factor_diary(12, 18, 8, 42)

    table = factor_table(
        factors, attacks, checkins, tz=LONDON, first=date(2026, 1, 1), last=TODAY, tracked=[Factor.SLEEP]
    )

    # By hand: OR = (12*42)/(18*8) = 3.5; Woolf: se = sqrt(1/12+1/18+1/8+1/42) = 0.536376,
    # 95% CI = exp(ln 3.5 -/+ 1.959964*se) = 1.2232 .. 10.0146.
    row = table.rows[0]
    assert (table.ready, table.logged_days, table.attacks) == (True, 80, 20)
    assert (row.exposed_attack, row.exposed_free, row.unexposed_attack, row.unexposed_free) == (12, 18, 8, 42)
    assert row.odds_ratio == pytest.approx(3.5)
    assert (row.low, row.high) == (pytest.approx(1.2232, abs=1e-4), pytest.approx(10.0146, abs=1e-4))
    assert row.linked and not row.inverse
    se = math.sqrt(1 / 12 + 1 / 18 + 1 / 8 + 1 / 42)
    library = odds_ratio([[12, 18], [8, 42]], kind="sample").confidence_interval(0.95)
    assert (library.low, library.high) == (
        pytest.approx(3.5 * math.exp(-1.959964 * se)),
        pytest.approx(3.5 * math.exp(1.959964 * se)),
    )


def test_factor_table_waits_for_60_days_and_8_attacks_and_skips_empty_cells() -> None:
    few_attacks = factor_table(*_factor_diary(3, 20, 4, 40), tz=LONDON, first=date(2026, 1, 1), last=TODAY)
    short = factor_table(*_factor_diary(5, 10, 5, 39), tz=LONDON, first=date(2026, 1, 1), last=TODAY)
    empty_cell = factor_table(
        *_factor_diary(0, 30, 10, 30), tz=LONDON, first=date(2026, 1, 1), last=TODAY, tracked=[Factor.SLEEP]
    )

    assert (few_attacks.attacks, few_attacks.ready) == (7, False)
    assert (short.logged_days, short.ready) == (59, False)
    assert empty_cell.ready and empty_cell.rows[0].odds_ratio is None and not empty_cell.rows[0].linked


def test_days_inside_a_long_attack_and_headache_checkins_are_left_out() -> None:
    factors = {date(2026, 1, d): {Factor.ALCOHOL: 1} for d in range(1, 5)}
    attacks = [attack(date(2026, 1, 1), hours=40)]  # 1 Jan 09:00 to 3 Jan 01:00
    checkins = [CheckinRecord(date(2026, 1, 3), 0), CheckinRecord(date(2026, 1, 4), 3)]

    table = factor_table(
        factors, attacks, checkins, tz=LONDON, first=date(2026, 1, 1), last=TODAY, tracked=[Factor.ALCOHOL]
    )

    row = table.rows[0]  # only 1 Jan (attack began) counts; 2-3 Jan are inside it, 4 Jan had a headache
    assert (row.exposed_attack, row.exposed_free, row.unexposed_attack, row.unexposed_free) == (1, 0, 0, 0)


def _dose(day: int, name: str, med_class: MedClass, effect: Effect | None, month: int = 3) -> IntakeRecord:
    return IntakeRecord(datetime(2026, month, day, 10, tzinfo=UTC), med_class, name, effect)


def test_what_works_counts_follow_up_answers_and_days_against_the_limit() -> None:
    triptan = [
        _dose(1, "Sumatriptan", MedClass.TRIPTAN, Effect.COMPLETE),
        _dose(2, "sumatriptan ", MedClass.TRIPTAN, Effect.COMPLETE),
        _dose(3, "SUMATRIPTAN", MedClass.TRIPTAN, Effect.COMPLETE),
        _dose(4, "Sumatriptan", MedClass.TRIPTAN, Effect.GOOD),
        _dose(5, "Sumatriptan", MedClass.TRIPTAN, Effect.NONE),
        _dose(5, "Sumatriptan", MedClass.TRIPTAN, None),  # second dose the same day: one day of use
    ]
    ibuprofen = [_dose(d, "Ibuprofen", MedClass.SIMPLE_ANALGESIC, Effect.SOME) for d in range(1, 17)]
    ibuprofen.append(_dose(2, "Ibuprofen", MedClass.SIMPLE_ANALGESIC, Effect.SOME, month=4))

    ibu, suma = what_works(triptan + ibuprofen, tz=LONDON, first=date(2026, 3, 1), last=TODAY)

    assert (suma.name, suma.doses, suma.gone, suma.better, suma.no_help, suma.unrated, suma.rated) == (
        "Sumatriptan",
        6,
        3,
        1,
        1,
        1,
        5,
    )
    assert suma.days_by_month == ((date(2026, 3, 1), 5), (date(2026, 4, 1), 0))
    assert (suma.limit, suma.max_days, suma.months_at_limit) == (10, 5, 0)
    assert (ibu.doses, ibu.better, ibu.gone, ibu.limit, ibu.max_days, ibu.months_at_limit) == (17, 17, 0, 15, 16, 1)
