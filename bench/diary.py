"""Time /stats, the chart PNG and the doctor PDF for a user with 5 years of daily diary entries.

First on the records alone, then through the storage layer: the same user written to a SQLite file
(migrated like production), read back by the queries /stats and /report run, then computed and worded
or rendered. Run: .venv/bin/python bench/diary.py [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.handlers.diary_stats_text import stats_text
from bot.reports.charts import render_stats_png
from bot.reports.doctor_pdf import render_doctor_report
from bot.texts import texts_for
from storage.db import SessionFactory, create_engine, create_session_factory, transaction
from storage.diary_models import Attack, Checkin, MedicationIntake
from storage.diary_queries import load_diary, load_stats_records
from storage.diary_stats import (
    add_months,
    chronic_pattern,
    compute_period_stats,
    diary_window,
    month_calendar,
    month_start,
    monthly_series,
)
from storage.diary_types import AttackRecord, CheckinRecord, Impact, IntakeRecord, MedClass
from storage.migrate import upgrade_schema
from storage.models import User

USER_ID = 1

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


async def write_user(sessions: SessionFactory) -> None:
    """Store the five-year user as diary rows, the way the bot writes them."""
    attacks, intakes, checkins = five_years()
    async with transaction(sessions) as session:
        session.add(User(id=USER_ID, timezone=TZ.key, consent_version=1))
        await session.flush()
        for a in attacks:
            session.add(
                Attack(
                    id=a.id,
                    user_id=USER_ID,
                    started_at=a.started_at,
                    ended_at=a.ended_at,
                    peak_intensity=a.peak_intensity,
                    aura=a.aura,
                    aura_minutes=a.aura_minutes,
                    symptoms=sorted(a.symptoms),
                    features=sorted(a.features),
                    triggers=sorted(a.triggers),
                    impact=a.impact.value if a.impact else None,
                )
            )
        await session.flush()
        session.add_all(
            MedicationIntake(user_id=USER_ID, name=i.name, med_class=i.med_class.value, taken_at=i.taken_at)
            for i in intakes
        )
        session.add_all(
            Checkin(user_id=USER_ID, local_date=c.local_date, headache_level=c.headache_level) for c in checkins
        )


async def median_async(action: Callable[[], Awaitable[object]], runs: int) -> float:
    """Return the median wall time of ``runs`` awaited calls after one warm-up call."""
    await action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        await action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


async def through_storage(runs: int) -> list[tuple[str, float, float]]:
    """Time /stats text, and the chart and PDF, from a migrated SQLite file."""
    t = texts_for(None)
    today = NOW.astimezone(TZ).date()
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}")
        try:
            await upgrade_schema(engine)
            sessions = create_session_factory(engine)
            await write_user(sessions)

            def stats_text_for(days: int) -> Callable[[], Awaitable[object]]:
                async def run() -> object:
                    start = today - timedelta(days=days - 1)
                    async with transaction(sessions) as session:
                        r = await load_stats_records(
                            session=session, user_id=USER_ID, tz=TZ, start=start, end=today, now=NOW
                        )
                    stats = compute_period_stats(
                        r.attacks, r.intakes, r.checkins, tz=TZ, start=start, end=today, now=NOW
                    )
                    monthly = monthly_series(r.attacks, r.intakes, r.checkins, tz=TZ, now=NOW, months=6)
                    month_calendar(r.attacks, r.intakes, r.checkins, tz=TZ, now=NOW)
                    return stats_text(stats, t, month=False, chronic=chronic_pattern(monthly), midas_due=True)

                return run

            async def chart_and_pdf() -> object:
                async with transaction(sessions) as session:
                    r = await load_stats_records(
                        session=session, user_id=USER_ID, tz=TZ, start=today - timedelta(days=29), end=today, now=NOW
                    )
                    first = diary_window(add_months(month_start(today), -2), today)[0]
                    p = await load_diary(session=session, user_id=USER_ID, tz=TZ, first=first, last=today, now=NOW)
                calendar = month_calendar(r.attacks, r.intakes, r.checkins, tz=TZ, now=NOW)
                monthly = monthly_series(r.attacks, r.intakes, r.checkins, tz=TZ, now=NOW, months=6)
                await asyncio.to_thread(render_stats_png, calendar, monthly)
                return await asyncio.to_thread(render_doctor_report, p.attacks, p.intakes, p.checkins, tz=TZ, now=NOW)

            return [
                ("/stats 30 days text via SQLite", await median_async(stats_text_for(30), runs), 0.050),
                ("/stats 90 days text via SQLite", await median_async(stats_text_for(90), runs), 0.050),
                ("chart + PDF via SQLite", await median_async(chart_and_pdf, max(3, runs // 3)), 1.5),
            ]
        finally:
            await engine.dispose()


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
    rows += asyncio.run(through_storage(runs))
    print(f"{'measure':<40} {'value':>10} {'target':>10} {'ratio':>7}")
    for name, seconds, target in rows:
        print(f"{name:<40} {seconds * 1000:>8.1f}ms {target * 1000:>8.0f}ms {seconds / target:>7.2f}")


if __name__ == "__main__":
    main()
