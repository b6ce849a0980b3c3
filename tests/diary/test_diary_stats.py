"""Diary statistics: hand-computed fixtures in the user's local dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage.diary_stats import (
    chronic_pattern,
    compute_period_stats,
    diary_window,
    monthly_series,
    overuse_warnings,
    period_chart,
    period_stats_and_chart,
)
from storage.diary_types import (
    AttackRecord,
    CheckinRecord,
    Impact,
    IntakeRecord,
    MedClass,
    MonthCount,
    OveruseWarning,
    PeriodStats,
)

TOKYO = ZoneInfo("Asia/Tokyo")
BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 4, 30, 12, 0, tzinfo=UTC)
MIGRAINE_SYMPTOMS = frozenset({"nausea"})
MIGRAINE_FEATURES = frozenset({"one_sided", "throbbing"})


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def local(tz: ZoneInfo, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=tz).astimezone(UTC)


def attack(
    start: datetime,
    minutes: float | None = 120,
    *,
    peak: int = 3,
    aura_minutes: int | None = None,
    symptoms: frozenset[str] = frozenset(),
    features: frozenset[str] = frozenset(),
    triggers: frozenset[str] = frozenset(),
    impact: Impact = Impact.NORMAL,
) -> AttackRecord:
    return AttackRecord(
        id=1,
        started_at=start,
        ended_at=None if minutes is None else start + timedelta(minutes=minutes),
        peak_intensity=peak,
        aura=aura_minutes is not None,
        aura_minutes=aura_minutes,
        symptoms=symptoms,
        features=features,
        triggers=triggers,
        impact=impact,
    )


def intake(when: datetime, med_class: MedClass = MedClass.TRIPTAN) -> IntakeRecord:
    return IntakeRecord(taken_at=when, med_class=med_class, name="x")


def stats(
    attacks: list[AttackRecord] = [],  # noqa: B006 - never mutated
    intakes: list[IntakeRecord] = [],  # noqa: B006
    checkins: list[CheckinRecord] = [],  # noqa: B006
    *,
    tz: ZoneInfo = BERLIN,
    start: date = date(2026, 4, 1),
    end: date = date(2026, 4, 30),
    now: datetime = NOW,
) -> PeriodStats:
    return compute_period_stats(attacks, intakes, checkins, tz=tz, start=start, end=end, now=now)


def month(first: date, headache: int, migraine: int = 10, **meds: int) -> MonthCount:
    medication = {MedClass(name): days for name, days in meds.items()}
    return MonthCount(first, 30, headache, migraine, 30, medication, sum(medication.values()))


# --- local dates and month boundaries -------------------------------------------------------------


def test_attack_at_2330_utc_on_march_31_is_an_april_day_in_tokyo() -> None:
    late = [attack(utc(2026, 3, 31, 23, 30), 60)]
    assert stats(late, tz=TOKYO).counts.headache_days == 1
    march = stats(late, tz=TOKYO, start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert march.counts.headache_days == 0
    series = monthly_series(late, [], [], tz=TOKYO, now=NOW, months=2)
    assert [(m.month, m.headache_days) for m in series] == [(date(2026, 3, 1), 0), (date(2026, 4, 1), 1)]


def test_same_attack_stays_on_march_31_in_berlin() -> None:
    late = [attack(utc(2026, 3, 31, 20, 30), 60)]
    assert stats(late, tz=BERLIN).counts.headache_days == 0
    assert stats(late, start=date(2026, 3, 31), end=date(2026, 3, 31)).counts.headache_days == 1


def test_attack_spanning_local_midnight_counts_two_headache_days() -> None:
    overnight = attack(local(BERLIN, 2026, 4, 10, 22, 0), 4 * 60)
    assert stats([overnight]).counts.headache_days == 2


def test_attack_ending_exactly_at_local_midnight_counts_one_day() -> None:
    evening = attack(local(BERLIN, 2026, 4, 10, 22, 0), 120)
    assert stats([evening]).counts.headache_days == 1


def test_ongoing_attack_counts_until_now_and_not_beyond() -> None:
    ongoing = attack(local(BERLIN, 2026, 4, 28, 9, 0), None)
    assert stats([ongoing]).counts.headache_days == 3  # 28, 29, 30 April; NOW is 30 April
    long_period = stats([ongoing], end=date(2026, 5, 10))
    assert long_period.counts.headache_days == 3


def test_checkin_above_zero_is_a_headache_day_and_zero_is_only_logged() -> None:
    checkins = [CheckinRecord(date(2026, 4, 2), 3), CheckinRecord(date(2026, 4, 3), 0)]
    result = stats(checkins=checkins)
    assert result.counts.headache_days == 1
    assert result.counts.logged_days == 2


def test_medication_days_count_distinct_local_dates_per_class() -> None:
    intakes = [
        intake(local(TOKYO, 2026, 4, 5, 8, 0)),
        intake(local(TOKYO, 2026, 4, 5, 20, 0)),  # same local day: still one day
        intake(utc(2026, 4, 5, 23, 30)),  # 08:30 on 6 April in Tokyo
        intake(local(TOKYO, 2026, 4, 6, 9, 0), MedClass.SIMPLE_ANALGESIC),
    ]
    result = stats(intakes=intakes, tz=TOKYO)
    assert result.medication_days_by_class == {MedClass.SIMPLE_ANALGESIC: 1, MedClass.TRIPTAN: 2}
    assert result.counts.medication_days == 2


# --- migraine-like days ---------------------------------------------------------------------------

START = local(BERLIN, 2026, 4, 10, 9, 0)


@pytest.mark.parametrize(
    ("record", "migraine"),
    [
        (attack(START, 30, symptoms=MIGRAINE_SYMPTOMS, features=MIGRAINE_FEATURES), True),
        (attack(START, 29, symptoms=MIGRAINE_SYMPTOMS, features=MIGRAINE_FEATURES), False),
        (attack(START, symptoms=MIGRAINE_SYMPTOMS, features=frozenset({"throbbing"})), False),
        (attack(START, peak=4, symptoms=MIGRAINE_SYMPTOMS, features=frozenset({"throbbing"})), True),
        (attack(START, peak=3, symptoms=MIGRAINE_SYMPTOMS, features=frozenset({"throbbing"})), False),
        (attack(START, peak=7, symptoms=frozenset({"vomiting"}), features=frozenset({"worse_with_activity"})), True),
        (attack(START, features=MIGRAINE_FEATURES), False),
        (attack(START, symptoms=frozenset({"photophobia"}), features=MIGRAINE_FEATURES), False),
        (attack(START, symptoms=frozenset({"photophobia", "phonophobia"}), features=MIGRAINE_FEATURES), True),
        (attack(START, symptoms=frozenset({"vertigo", "neck_pain"}), features=MIGRAINE_FEATURES), False),
        (attack(START, 10, aura_minutes=5), True),
        (attack(START, 10, aura_minutes=60), True),
        (attack(START, 10, aura_minutes=4), False),
        (attack(START, 10, aura_minutes=61), False),
    ],
)
def test_migraine_day_rule_variants(record: AttackRecord, migraine: bool) -> None:
    result = stats([record])
    assert result.counts.headache_days == 1
    assert result.counts.migraine_days == int(migraine)


def test_aura_without_a_recorded_duration_does_not_make_a_migraine_day() -> None:
    record = AttackRecord(1, START, START + timedelta(minutes=10), 2, aura=True, aura_minutes=None)
    assert stats([record]).counts.migraine_days == 0


def test_ongoing_attack_reaches_thirty_minutes_by_now() -> None:
    record = attack(NOW - timedelta(minutes=45), None, symptoms=MIGRAINE_SYMPTOMS, features=MIGRAINE_FEATURES)
    assert stats([record]).counts.migraine_days == 1
    assert stats([record], now=NOW - timedelta(minutes=20)).counts.migraine_days == 0


def test_migraine_like_attack_over_midnight_makes_two_migraine_days() -> None:
    record = attack(local(BERLIN, 2026, 4, 10, 23, 0), 180, symptoms=MIGRAINE_SYMPTOMS, features=MIGRAINE_FEATURES)
    assert stats([record]).counts.migraine_days == 2


@pytest.mark.parametrize(
    ("med_class", "migraine"),
    [
        (MedClass.TRIPTAN, True),
        (MedClass.ERGOT, True),
        (MedClass.GEPANT, True),
        (MedClass.DITAN, True),
        (MedClass.SIMPLE_ANALGESIC, False),
        (MedClass.OPIOID, False),
    ],
)
def test_migraine_specific_medication_on_a_headache_day_makes_a_migraine_day(
    med_class: MedClass, migraine: bool
) -> None:
    mild = attack(START, 20)  # too short and featureless on its own
    result = stats([mild], [intake(START + timedelta(minutes=5), med_class)])
    assert result.counts.migraine_days == int(migraine)


def test_gepant_on_a_headache_free_day_is_not_a_migraine_day() -> None:
    # Rimegepant and atogepant are also taken as prevention.
    result = stats(intakes=[intake(START, MedClass.GEPANT)], checkins=[CheckinRecord(date(2026, 4, 10), 0)])
    assert result.counts.migraine_days == 0
    assert result.counts.medication_days == 1


def test_triptan_on_a_checkin_headache_day_makes_a_migraine_day() -> None:
    result = stats(intakes=[intake(START)], checkins=[CheckinRecord(date(2026, 4, 10), 5)])
    assert result.counts.migraine_days == 1


# --- medication overuse ---------------------------------------------------------------------------


def daily(med_class: MedClass, days: int, first: date = date(2026, 4, 1)) -> list[IntakeRecord]:
    """One intake on each of ``days`` consecutive local days, two doses on the first."""
    doses = [intake(local(BERLIN, first.year, first.month, first.day + i, 10, 0), med_class) for i in range(days)]
    return doses + doses[:1]


@pytest.mark.parametrize(
    ("med_class", "days", "warned"),
    [
        (MedClass.TRIPTAN, 9, False),
        (MedClass.TRIPTAN, 10, True),
        (MedClass.ERGOT, 9, False),
        (MedClass.ERGOT, 10, True),
        (MedClass.OPIOID, 10, True),
        (MedClass.COMBINATION, 9, False),
        (MedClass.COMBINATION, 10, True),
        (MedClass.SIMPLE_ANALGESIC, 14, False),
        (MedClass.SIMPLE_ANALGESIC, 15, True),
        (MedClass.GEPANT, 25, False),
        (MedClass.DITAN, 25, False),
        (MedClass.OTHER, 25, False),
    ],
)
def test_overuse_warning_exactly_at_the_ichd3_limits(med_class: MedClass, days: int, warned: bool) -> None:
    threshold = 15 if med_class is MedClass.SIMPLE_ANALGESIC else 10
    expected = (OveruseWarning(date(2026, 4, 1), med_class, days, threshold),) if warned else ()
    assert stats(intakes=daily(med_class, days)).overuse == expected


def test_overuse_is_counted_per_calendar_month() -> None:
    split = daily(MedClass.TRIPTAN, 6, date(2026, 3, 26)) + daily(MedClass.TRIPTAN, 6, date(2026, 4, 1))
    result = stats(intakes=split, start=date(2026, 3, 15), end=date(2026, 4, 13))
    assert [m.medication_days[MedClass.TRIPTAN] for m in result.months] == [6, 6]
    assert result.overuse == ()


def test_overuse_counts_the_whole_first_month_of_a_period() -> None:
    # The /stats period starts on 20 April, but April as a calendar month has 10 triptan days.
    result = stats(intakes=daily(MedClass.TRIPTAN, 10), start=date(2026, 4, 20))
    assert result.overuse == (OveruseWarning(date(2026, 4, 1), MedClass.TRIPTAN, 10, 10),)
    assert diary_window(date(2026, 4, 20), date(2026, 4, 30)) == (date(2026, 4, 1), date(2026, 4, 30))


def test_several_classes_together_on_ten_days_warn_once() -> None:
    mixed = daily(MedClass.SIMPLE_ANALGESIC, 7) + daily(MedClass.TRIPTAN, 3, date(2026, 4, 20))
    assert stats(intakes=mixed).overuse == (OveruseWarning(date(2026, 4, 1), None, 10, 10),)
    fewer = daily(MedClass.SIMPLE_ANALGESIC, 6) + daily(MedClass.TRIPTAN, 3, date(2026, 4, 20))
    assert stats(intakes=fewer).overuse == ()


def test_one_class_under_its_own_limit_is_not_a_several_classes_warning() -> None:
    assert stats(intakes=daily(MedClass.SIMPLE_ANALGESIC, 12)).overuse == ()


def test_class_over_its_limit_is_not_repeated_as_several_classes() -> None:
    both = daily(MedClass.TRIPTAN, 10) + daily(MedClass.SIMPLE_ANALGESIC, 3, date(2026, 4, 20))
    assert [w.med_class for w in stats(intakes=both).overuse] == [MedClass.TRIPTAN]


def test_overuse_warnings_from_monthly_counts() -> None:
    months = [month(date(2026, 1, 1), 5, triptan=10), month(date(2026, 2, 1), 5, simple_analgesic=15)]
    assert overuse_warnings(months) == (
        OveruseWarning(date(2026, 1, 1), MedClass.TRIPTAN, 10, 10),
        OveruseWarning(date(2026, 2, 1), MedClass.SIMPLE_ANALGESIC, 15, 15),
    )


# --- logging gaps ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("logged", "warned"), [(79, True), (80, False)])
def test_gap_warning_below_eighty_percent_of_days_logged(logged: int, warned: bool) -> None:
    start = date(2026, 1, 1)
    end = start + timedelta(days=99)
    checkins = [CheckinRecord(start + timedelta(days=i), 0) for i in range(logged - 1)]
    attacks = [attack(local(BERLIN, 2026, 4, 10, 9, 0))]  # the last logged day
    result = stats(attacks, [], checkins, start=start, end=end, now=local(BERLIN, 2026, 4, 10, 20, 0))
    assert result.days == 100
    assert result.counts.logged_days == logged
    assert result.gap_warning is warned


def test_gap_fraction_only_counts_days_up_to_today() -> None:
    checkins = [CheckinRecord(date(2026, 4, d), 0) for d in range(1, 31)]
    result = stats(checkins=checkins, end=date(2026, 5, 29))
    assert result.days == 30
    assert result.logged_fraction == 1.0
    assert result.gap_warning is False


# --- comparison, disability, intensity, triggers --------------------------------------------------


def test_comparison_with_the_previous_period_of_equal_length() -> None:
    previous = [attack(local(BERLIN, 2026, 3, d, 9, 0), peak=8, impact=Impact.UNABLE) for d in (5, 6)]
    current = [attack(local(BERLIN, 2026, 4, d, 9, 0), peak=5) for d in (1, 2, 3, 4, 5)]
    result = stats(previous + current, [intake(local(BERLIN, 2026, 4, 1, 10, 0))])
    assert (result.previous.headache_days, result.counts.headache_days) == (2, 5)
    assert result.deltas.headache_days == 3
    assert result.deltas.attacks == 3
    assert result.deltas.unable_days == -2
    assert result.deltas.medication_days == 1
    assert result.deltas.average_peak_intensity == pytest.approx(-3.0)


def test_intensity_delta_is_none_without_attacks_in_one_period() -> None:
    result = stats([attack(local(BERLIN, 2026, 4, 1, 9, 0), peak=5)])
    assert result.counts.average_peak_intensity == 5
    assert result.previous.average_peak_intensity is None
    assert result.deltas.average_peak_intensity is None


def test_unable_and_limited_days_count_each_day_once_at_its_worst() -> None:
    attacks = [
        attack(local(BERLIN, 2026, 4, 1, 9, 0), impact=Impact.LIMITED),
        attack(local(BERLIN, 2026, 4, 1, 18, 0), impact=Impact.UNABLE),
        attack(local(BERLIN, 2026, 4, 2, 23, 0), 120, impact=Impact.LIMITED),  # 2 and 3 April
        attack(local(BERLIN, 2026, 4, 4, 9, 0), impact=Impact.NORMAL),
    ]
    result = stats(attacks)
    assert (result.counts.unable_days, result.counts.limited_days) == (1, 2)


def test_average_peak_and_top_triggers_and_symptoms_over_attacks_started_in_period() -> None:
    attacks = [
        attack(local(BERLIN, 2026, 3, 31, 23, 0), 120, peak=10, triggers=frozenset({"alcohol"})),  # March
        attack(START, peak=4, triggers=frozenset({"stress", "sleep"}), symptoms=frozenset({"nausea"})),
        attack(START + timedelta(days=1), peak=6, triggers=frozenset({"stress"}), symptoms=frozenset({"nausea"})),
        attack(START + timedelta(days=2), peak=8, triggers=frozenset({"weather"})),
    ]
    result = stats(attacks)
    assert result.counts.attacks == 3
    assert result.counts.average_peak_intensity == pytest.approx(6.0)
    assert result.top_triggers == (("stress", 2), ("sleep", 1), ("weather", 1))
    assert result.top_symptoms == (("nausea", 2),)


# --- chronic pattern ------------------------------------------------------------------------------


def test_chronic_pattern_needs_three_consecutive_months_of_fifteen_headache_days() -> None:
    jan, feb, mar, apr = (date(2026, m, 1) for m in (1, 2, 3, 4))
    assert chronic_pattern([month(jan, 15), month(feb, 16), month(mar, 15)])
    assert not chronic_pattern([month(jan, 15), month(feb, 14), month(mar, 15), month(apr, 20)])
    assert not chronic_pattern([month(jan, 15), month(feb, 15), month(apr, 15)])  # March missing
    assert chronic_pattern([month(jan, 3), month(feb, 15), month(mar, 15), month(apr, 15)])
    assert chronic_pattern([month(date(2025, 11, 1), 20), month(date(2025, 12, 1), 20), month(jan, 20)])


def test_chronic_pattern_needs_eight_migraine_like_days_unless_asked_not_to() -> None:
    months = [month(date(2026, m, 1), 20, migraine=7) for m in (1, 2, 3)]
    assert not chronic_pattern(months)
    assert chronic_pattern(months, min_migraine_days=0)
    assert chronic_pattern([month(date(2026, m, 1), 20, migraine=8) for m in (1, 2, 3)])


# --- calendar and series --------------------------------------------------------------------------


def test_chart_days_have_levels_medication_and_gaps() -> None:
    attacks = [attack(local(BERLIN, 2026, 4, 2, 9, 0), peak=6, symptoms=MIGRAINE_SYMPTOMS, features=MIGRAINE_FEATURES)]
    checkins = [CheckinRecord(date(2026, 4, 1), 0), CheckinRecord(date(2026, 4, 2), 4)]
    intakes = [intake(local(BERLIN, 2026, 4, 3, 9, 0), MedClass.SIMPLE_ANALGESIC)]
    now = local(BERLIN, 2026, 4, 3, 12, 0)
    chart = period_chart(attacks, intakes, checkins, tz=BERLIN, now=now, start=date(2026, 4, 1), end=date(2026, 4, 30))
    cells = {cell.day.day: cell for cell in chart.days}
    assert len(cells) == 30
    assert (cells[1].level, cells[2].level, cells[3].level) == (0, 6, None)
    assert cells[2].migraine and not cells[1].migraine
    assert cells[3].medication and not cells[3].future
    assert cells[4].future and cells[30].future


def test_monthly_series_is_oldest_first_ending_with_the_current_month() -> None:
    checkins = [CheckinRecord(date(2026, 2, 27), 5), CheckinRecord(date(2026, 4, 30), 2)]
    series = monthly_series([], [], checkins, tz=BERLIN, now=NOW, months=3)
    assert [(m.month, m.headache_days, m.days_counted) for m in series] == [
        (date(2026, 2, 1), 1, 28),
        (date(2026, 3, 1), 0, 31),
        (date(2026, 4, 1), 1, 30),
    ]


def test_naive_datetimes_are_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        IntakeRecord(taken_at=datetime(2026, 4, 1), med_class=MedClass.TRIPTAN)


# --- invariants -----------------------------------------------------------------------------------

offsets = st.integers(min_value=-80 * 24 * 60, max_value=0)


def records(
    attack_specs: list[tuple[int, int, int, bool]], intake_specs: list[tuple[int, MedClass]], levels: list[int]
) -> tuple[list[AttackRecord], list[IntakeRecord], list[CheckinRecord]]:
    """The diary the property tests draw: attacks, intakes and daily check-ins ending on NOW's date."""
    attacks = [
        attack(NOW + timedelta(minutes=o), min(d, -o) if d else None, peak=p, aura_minutes=20 if a else None)
        for o, d, p, a in attack_specs
    ]
    intakes = [intake(NOW + timedelta(minutes=o), c) for o, c in intake_specs]
    checkins = [CheckinRecord(date(2026, 4, 30) - timedelta(days=i), lvl) for i, lvl in enumerate(levels)]
    return attacks, intakes, checkins


@settings(max_examples=60, deadline=None)
@given(
    attack_specs=st.lists(st.tuples(offsets, st.integers(0, 4000), st.integers(0, 10), st.booleans()), max_size=15),
    intake_specs=st.lists(st.tuples(offsets, st.sampled_from(list(MedClass))), max_size=15),
    levels=st.lists(st.integers(0, 10), max_size=60),
)
def test_counts_stay_consistent(
    attack_specs: list[tuple[int, int, int, bool]],
    intake_specs: list[tuple[int, MedClass]],
    levels: list[int],
) -> None:
    attacks, intakes, checkins = records(attack_specs, intake_specs, levels)
    result = stats(attacks, intakes, checkins, tz=TOKYO)
    counts = result.counts
    assert counts.headache_days <= counts.logged_days <= result.days
    assert counts.migraine_days <= counts.logged_days
    if not any(a.aura_only for a in attacks):  # only an aura without headache is migraine-like yet painless
        assert counts.migraine_days <= counts.headache_days
    assert counts.unable_days + counts.limited_days <= counts.logged_days
    assert counts.medication_days <= sum(result.medication_days_by_class.values())
    assert 0.0 <= result.logged_fraction <= 1.0


periods = st.sampled_from(
    [
        (date(2026, 4, 1), date(2026, 4, 30)),  # 30 days ending today
        (date(2026, 1, 31), date(2026, 4, 30)),  # 90 days
        (date(2025, 5, 1), date(2026, 4, 30)),  # 12 months
        (date(2026, 3, 1), date(2026, 3, 31)),  # last calendar month
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 3, 10), date(2026, 3, 20)),  # ends before today, not at a month's end
        (date(2026, 4, 20), date(2026, 4, 30)),
    ]
)


@settings(max_examples=60, deadline=None)
@given(
    attack_specs=st.lists(st.tuples(offsets, st.integers(0, 4000), st.integers(0, 10), st.booleans()), max_size=15),
    intake_specs=st.lists(st.tuples(offsets, st.sampled_from(list(MedClass))), max_size=15),
    levels=st.lists(st.integers(0, 10), max_size=90),
    period=periods,
    tz=st.sampled_from([TOKYO, BERLIN, ZoneInfo("America/St_Johns")]),
)
def test_stats_and_chart_together_count_as_each_alone(
    attack_specs: list[tuple[int, int, int, bool]],
    intake_specs: list[tuple[int, MedClass]],
    levels: list[int],
    period: tuple[date, date],
    tz: ZoneInfo,
) -> None:
    attacks, intakes, checkins = records(attack_specs, intake_specs, levels)
    start, end = period
    together = period_stats_and_chart(attacks, intakes, checkins, tz=tz, now=NOW, start=start, end=end, months=6)
    assert together == (
        compute_period_stats(attacks, intakes, checkins, tz=tz, start=start, end=end, now=NOW),
        monthly_series(attacks, intakes, checkins, tz=tz, now=NOW, months=6),
        period_chart(attacks, intakes, checkins, tz=tz, now=NOW, start=start, end=end),
    )
