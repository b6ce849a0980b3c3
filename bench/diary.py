"""Time /stats, the insights and the doctor's report for a user with 5 years of daily diary.

The user (bench/synthetic_diary.py: daily check-ins and factors, about 900 attacks with their doses,
MIDAS every 3 months) is written to a SQLite file migrated like production, then read back by the
queries the bot runs and computed, worded or rendered. Targets (issue 13): /stats under 50 ms, the
insights (factors, menstrual pattern, what works) under 200 ms, the 12-month report with its chart
under 2 s. The chart's CPU time per render is printed too (issue 16): the render holds the GIL,
so it is what every other user waits behind. Each line prints its ratio to the target and to a
baseline measured in the same run: one plain SELECT of the user's whole diary (every attack, dose
and check-in of the 5 years), so a slower machine shows in both. Peak RSS is the process's high-water mark at the end.

Run: .venv/bin/python -m bench.diary [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from sqlalchemy import select

from bench.synthetic_diary import NOW, TZ, SyntheticDiary, synthetic_diary
from bot.diary.insights import insights_text
from bot.diary.stats import CHRONIC_MONTHS, period_for, stats_screen
from bot.reports.doctor_report import render_report
from bot.reports.stats_chart import render_period_png
from bot.reports.wording import chart_labels
from bot.texts import texts_for
from storage.db import SessionFactory, create_engine, create_session_factory, transaction
from storage.diary_checkins import record_midas
from storage.diary_models import Attack, Checkin, MedicationIntake
from storage.diary_queries import load_stats_records
from storage.diary_types import PeriodChart
from storage.factor_models import DailyFactor
from storage.insights import load_insights
from storage.migrate import upgrade_schema
from storage.models import User
from storage.report_data import build_report_data, load_report_data

USER_ID = 1
YEARS = 5


async def write_user(sessions: SessionFactory, diary: SyntheticDiary) -> None:
    """Store the synthetic user as the bot's rows."""
    records = diary.records
    async with transaction(sessions) as session:
        session.add(User(id=USER_ID, timezone=TZ.key, consent_version=1))
        await session.flush()
        session.add_all(
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
            for a in records.attacks
        )
        await session.flush()
        session.add_all(
            MedicationIntake(
                user_id=USER_ID,
                attack_id=i.attack_id,
                name=i.name,
                med_class=i.med_class.value,
                taken_at=i.taken_at,
                effect=i.effect.value if i.effect else None,
            )
            for i in records.intakes
        )
        session.add_all(
            Checkin(user_id=USER_ID, local_date=c.local_date, headache_level=c.headache_level) for c in records.checkins
        )
        session.add_all(
            DailyFactor(user_id=USER_ID, local_date=day, factor=f.value, value=v)
            for day, values in diary.factors.items()
            for f, v in values.items()
        )
        for result in diary.midas:
            assert result.completed_on is not None
            await record_midas(
                session=session, user_id=USER_ID, result=result, completed_at=NOW, local_date=result.completed_on
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


async def measure(runs: int, diary: SyntheticDiary) -> list[tuple[str, float, float | None]]:
    """Time the baseline, /stats, the insights and the reports against a migrated SQLite file."""
    t = texts_for(None)
    today = NOW.astimezone(TZ).date()
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}")
        try:
            await upgrade_schema(engine)
            sessions = create_session_factory(engine)
            await write_user(sessions, diary)

            async def baseline() -> object:
                async with transaction(sessions) as session:
                    rows = []
                    for model in (Attack, MedicationIntake, Checkin):
                        rows += (await session.execute(select(model.__table__).where(model.user_id == USER_ID))).all()  # type: ignore[attr-defined]
                return rows

            async def screen_for(choice: str) -> tuple[str, PeriodChart]:
                """What /stats computes for a period: its records, then its text and chart data."""
                period = period_for(choice, today=today)
                assert period is not None
                async with transaction(sessions) as session:
                    r = await load_stats_records(
                        session=session,
                        user_id=USER_ID,
                        tz=TZ,
                        start=period.start,
                        end=period.end,
                        now=NOW,
                        months=CHRONIC_MONTHS,
                    )
                return stats_screen(r, t, tz=TZ, period=period, now=NOW, midas_due=True)

            async def chart_cpu(choice: str, renders: int) -> float:
                """CPU seconds of one /stats chart render: it holds the GIL, so every other update waits it out."""
                _, data = await screen_for(choice)
                render_period_png(data, title="/stats", labels=chart_labels(t))  # warm-up: fonts, caches
                started = time.thread_time()
                for _ in range(renders):
                    render_period_png(data, title="/stats", labels=chart_labels(t))
                return (time.thread_time() - started) / renders

            def stats_for(choice: str, *, chart: bool = False) -> Callable[[], Awaitable[object]]:
                """What /stats does for a period: its records, its text and chart data, and the PNG if asked."""

                async def run() -> object:
                    text, data = await screen_for(choice)
                    if not chart:
                        return text
                    return await asyncio.to_thread(render_period_png, data, title="/stats", labels=chart_labels(t))

                return run

            async def insights() -> object:
                async with transaction(sessions) as session:
                    found = await load_insights(session=session, user_id=USER_ID, tz=TZ, now=NOW)
                return insights_text(found, t)

            def report(months: int) -> Callable[[], Awaitable[object]]:
                async def run() -> object:
                    async with transaction(sessions) as session:
                        data = await load_report_data(session=session, user_id=USER_ID, tz=TZ, now=NOW, months=months)
                    return await asyncio.to_thread(render_report, data)

                return run

            renders = max(3, runs // 5)
            base = await median_async(baseline, runs)
            return [
                ("baseline: SELECT the whole 5-year diary", base, None),
                ("/stats 30 days text", await median_async(stats_for("30"), runs), 0.050),
                ("/stats 90 days text", await median_async(stats_for("90"), runs), 0.050),
                ("/stats 12 months text", await median_async(stats_for("year"), runs), 0.050),
                ("/stats 90 days chart PNG", await median_async(stats_for("90", chart=True), renders), 1.5),
                ("/stats 12 months chart PNG", await median_async(stats_for("year", chart=True), renders), 1.5),
                ("/stats 30 days chart CPU (thread time)", await chart_cpu("30", renders), None),
                ("/stats 90 days chart CPU (thread time)", await chart_cpu("90", renders), None),
                ("/stats 12 months chart CPU (thread time)", await chart_cpu("year", renders), None),
                ("insights (factors, periods, what works)", await median_async(insights, runs), 0.200),
                ("doctor's report 3 months with chart", await median_async(report(3), renders), 2.0),
                ("doctor's report 12 months with chart", await median_async(report(12), renders), 2.0),
            ]
        finally:
            await engine.dispose()


def main() -> None:
    """Build the user, time each step and print value, target and ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20, help="runs per measure (renders use a fifth, at least 3)")
    runs = parser.parse_args().runs
    diary = synthetic_diary(YEARS * 365 + 1)
    records = diary.records
    print(
        f"user: {len(records.checkins)} check-ins, {len(records.attacks)} attacks, {len(records.intakes)} doses, "
        f"{sum(len(v) for v in diary.factors.values())} factor answers, {len(diary.midas)} MIDAS; "
        f"median of {runs} runs (renders: {max(3, runs // 5)})"
    )
    # Pure computation on records, without the database, for the 12-month report's share.
    started = time.perf_counter()
    build_report_data(records, diary.factors, tz=TZ, now=NOW, months=12, regular=diary.regular, midas=diary.midas)
    compute = time.perf_counter() - started
    rows = asyncio.run(measure(runs, diary))
    base = rows[0][1]
    print(f"{'measure':<42} {'value':>10} {'target':>9} {'/target':>8} {'/baseline':>10}")
    for name, seconds, target in rows:
        target_text = f"{target * 1000:>7.0f}ms" if target else f"{'–':>9}"
        ratio = f"{seconds / target:>8.2f}" if target else f"{'–':>8}"
        print(f"{name:<42} {seconds * 1000:>8.1f}ms {target_text} {ratio} {seconds / base:>10.2f}")
    print(f"12-month report data from records alone (first call, scipy import included): {compute * 1000:.0f} ms")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    print(f"peak RSS: {peak / (1024 * 1024 if sys.platform == 'darwin' else 1024):.0f} MiB")


if __name__ == "__main__":
    main()
