"""Time /stats, the chart PNG and the doctor PDF for a user with 5 years of daily diary entries.

Run: .venv/bin/python bench/diary.py [--runs N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.reports.charts import render_stats_png
from bot.reports.doctor_pdf import render_doctor_report
from storage.diary_stats import compute_period_stats, month_calendar, monthly_series
from storage.diary_types import AttackRecord, CheckinRecord, Impact, IntakeRecord, MedClass

TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 6, 20, 15, 0, tzinfo=UTC)
SYMPTOMS = ("nausea", "vomiting", "photophobia", "phonophobia", "vertigo", "neck_pain")
FEATURES = ("one_sided", "throbbing", "worse_with_activity")
TRIGGERS = ("stress", "sleep", "alcohol", "weather", "period", "skipped_meal", "screen")


def five_years(seed: int = 5) -> tuple[list[AttackRecord], list[IntakeRecord], list[CheckinRecord]]:
    """About 1,800 check-ins, 600 attacks and 900 intakes over the 5 years before NOW."""
    rng = random.Random(seed)
    attacks: list[AttackRecord] = []
    intakes: list[IntakeRecord] = []
    checkins: list[CheckinRecord] = []
    today = NOW.astimezone(TZ).date()
    for back in range(5 * 365, -1, -1):
        day = today - timedelta(days=back)
        if rng.random() < 0.985:
            checkins.append(CheckinRecord(day, rng.choice((0, 0, 0, 0, 2, 3, 5, 7))))
        if rng.random() < 600 / 1826:
            start = datetime(day.year, day.month, day.day, rng.randrange(24), tzinfo=TZ).astimezone(UTC)
            end = start + timedelta(hours=rng.choice((0.5, 2, 5, 12, 30)))
            attacks.append(
                AttackRecord(
                    id=len(attacks) + 1,
                    started_at=start,
                    ended_at=None if end > NOW else end,
                    peak_intensity=rng.randrange(2, 11),
                    aura=(aura := rng.random() < 0.2),
                    aura_minutes=rng.choice((20, 45, 70)) if aura else None,
                    symptoms=frozenset(rng.sample(SYMPTOMS, 2)),
                    features=frozenset(rng.sample(FEATURES, rng.randrange(3))),
                    triggers=frozenset(rng.sample(TRIGGERS, 2)),
                    impact=rng.choice(list(Impact)),
                )
            )
            for _ in range(rng.choice((1, 1, 2, 2))):
                med_class = rng.choice((MedClass.TRIPTAN, MedClass.SIMPLE_ANALGESIC, MedClass.SIMPLE_ANALGESIC))
                intakes.append(IntakeRecord(start + timedelta(minutes=30), med_class, "Sumatriptan"))
    return attacks, intakes, checkins


def median_seconds(action: Callable[[], object], runs: int) -> float:
    """Return the median wall time of ``runs`` calls after one warm-up call."""
    action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    """Build the user, time each step and print value, target and ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30, help="runs for /stats (renders use a third)")
    runs = parser.parse_args().runs
    attacks, intakes, checkins = five_years()
    today = NOW.astimezone(TZ).date()

    def stats_for(days: int) -> Callable[[], object]:
        def run() -> object:
            start = today - timedelta(days=days - 1)
            return (
                compute_period_stats(attacks, intakes, checkins, tz=TZ, start=start, end=today, now=NOW),
                monthly_series(attacks, intakes, checkins, tz=TZ, now=NOW, months=6),
                month_calendar(attacks, intakes, checkins, tz=TZ, now=NOW),
            )

        return run

    def chart() -> object:
        return render_stats_png(
            month_calendar(attacks, intakes, checkins, tz=TZ, now=NOW),
            monthly_series(attacks, intakes, checkins, tz=TZ, now=NOW, months=6),
        )

    def pdf() -> object:
        return render_doctor_report(attacks, intakes, checkins, tz=TZ, now=NOW)

    renders = max(3, runs // 3)
    rows = [
        ("/stats 30 days (stats+series+calendar)", median_seconds(stats_for(30), runs), 0.050),
        ("/stats 90 days (stats+series+calendar)", median_seconds(stats_for(90), runs), 0.050),
        ("chart PNG", chart_time := median_seconds(chart, renders), 1.5),
        ("doctor PDF", pdf_time := median_seconds(pdf, renders), 1.5),
        ("chart PNG + doctor PDF", chart_time + pdf_time, 1.5),
    ]
    print(
        f"user: {len(checkins)} check-ins, {len(attacks)} attacks, {len(intakes)} intakes since "
        f"{min(c.local_date for c in checkins):%Y-%m-%d}; median of {runs} (/stats) and {renders} (renders) runs"
    )
    print(f"{'measure':<40} {'value':>10} {'target':>10} {'ratio':>7}")
    for name, seconds, target in rows:
        print(f"{name:<40} {seconds * 1000:>8.1f}ms {target * 1000:>8.0f}ms {seconds / target:>7.2f}")


if __name__ == "__main__":
    main()
