"""The reminder scheduler at 100,000 users: our table-driven tick against one APScheduler job per reminder.

Each variant runs in a subprocess of its own, so peak RSS (VmHWM) is per variant:

* sqlite / postgresql: 100,000 users with a daily reminder spread over 24 h, plus a peak of 20,000 due in
  the same minute (mixed zones and kinds, some users with quiet hours). Seeding uses Core executemany and
  runs in a separate subprocess, so it counts toward neither "ready" nor RSS. Then a fresh process opens
  the database and runs a first (empty) tick: "ready" — nothing is rebuilt in memory. Then the clock is
  put on the peak minute and runs in real time while ticks drain it through a no-op Sender: throughput
  is rows claimed and dispatched per second, lateness is dispatch time − due time.
* apscheduler: the alternative design, one CronTrigger job per reminder in an AsyncIOScheduler's
  MemoryJobStore; time to add them all (what every restart pays) and RSS. With --baseline-jobs below
  --users the figures are measured on that many jobs and extrapolated linearly, and labelled so.

Run: .venv/bin/python bench/scheduler.py [--users N] [--peak N] [--baseline-jobs N] [--batch N]
PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL (default postgresql+asyncpg://postgres@127.0.0.1:5432/test).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

# Run from anywhere: the packages live next to bench/.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PEAK = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)  # 07:00 in London (GMT), the peak minute
ZONES = ("Europe/London", "America/New_York", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney")
DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
TARGETS = {"ready_s": 1.0, "rss_mb": 120.0, "per_s": 5000.0}


def rss_mb() -> float:
    """Peak resident set size of this process in MB (VmHWM)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- seeding (its own subprocess) -------------------------------------------------------------


async def seed(url: str, schema: str | None, users: int, peak: int) -> dict[str, Any]:
    """Create the schema and bulk-insert users, reminder prefs and schedule rows."""
    from sqlalchemy import insert, text

    from scheduler.planning import first_run
    from scheduler.rules import LocalRule
    from storage.db import create_engine
    from storage.migrate import upgrade_schema
    from storage.models import User
    from storage.schedule_models import ReminderPrefs, Schedule

    if schema is not None:
        admin = create_engine(url)
        async with admin.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        await admin.dispose()
    engine = create_engine(url, search_path=schema)
    started = time.perf_counter()
    await upgrade_schema(engine)
    created = PEAK - timedelta(days=1)
    after = PEAK - timedelta(seconds=30)
    firsts: dict[tuple[str, str], datetime] = {}
    user_rows, schedule_rows, prefs_rows = [], [], []
    spread = users - peak
    for i in range(users):
        in_peak = i >= spread
        zone = "Europe/London" if in_peak else ZONES[i % len(ZONES)]
        minute = 7 * 60 if in_peak else (i * 1440) // max(spread, 1)
        at = f"{minute // 60:02d}:{minute % 60:02d}"
        key = (zone, at)
        if key not in firsts:
            from zoneinfo import ZoneInfo

            firsts[key] = first_run(LocalRule.from_json({"times": [at], "weekdays": []}), ZoneInfo(zone), after)
        due = firsts[key]
        user_id = 1_000_000 + i
        user_rows.append(
            {
                "id": user_id,
                "language": "en",
                "timezone": zone,
                "subscribed_updates": False,
                "is_active": True,
                "created_at": created,
                "updated_at": created,
                "last_seen_at": created,
            }
        )
        kind = "medication" if i % 3 == 0 else "checkin"
        schedule_rows.append(
            {
                "user_id": user_id,
                "kind": kind,
                "rule": {"times": [at], "weekdays": []},
                "timezone": zone,
                "due_at": due,
                "next_run_at": due,
                "enabled": True,
                "payload": {"name": "x"} if kind == "medication" else {},
                "attempts": 0,
                "created_at": created,
                "updated_at": created,
            }
        )
        if i % 10 == 0:  # some users have quiet hours that do not cover their reminder
            prefs_rows.append(
                {
                    "user_id": user_id,
                    "quiet_start": datetime.min.time().replace(hour=23),
                    "quiet_end": datetime.min.time().replace(hour=5),
                    "paused": False,
                    "updated_at": created,
                }
            )
    chunk = 10_000
    async with engine.begin() as conn:
        for table, rows in ((User, user_rows), (Schedule, schedule_rows), (ReminderPrefs, prefs_rows)):
            for start in range(0, len(rows), chunk):
                await conn.execute(insert(table.__table__), rows[start : start + chunk])  # type: ignore[attr-defined]
    await engine.dispose()
    return {"seed_s": time.perf_counter() - started, "rows": len(schedule_rows)}


# --- measuring our design (a fresh subprocess) ------------------------------------------------


class RunningClock:
    """A clock that stands at `start` when created and then runs in real time."""

    def __init__(self, start: datetime) -> None:
        self.start = start
        self.origin = time.perf_counter()

    def now(self) -> datetime:
        """Return the start plus the real time elapsed since."""
        return self.start + timedelta(seconds=time.perf_counter() - self.origin)


class NoOpSender:
    """A Sender that sends nothing and notes how late each reminder was dispatched."""

    def __init__(self, clock: RunningClock) -> None:
        self.clock = clock
        self.lateness: list[float] = []

    async def send_reminder(self, message: Any) -> Any:
        """Record the lateness and report success."""
        from scheduler.sending import Outcome, SendResult

        due = datetime.fromisoformat(message.payload["due_at"])
        self.lateness.append((self.clock.now() - due).total_seconds())
        return SendResult(Outcome.SENT)


async def measure(url: str, schema: str | None, batch: int, lanes: int, started: float) -> dict[str, Any]:
    """Open the database, run the first tick (ready), then drain the peak minute."""
    from scheduler.clock import ManualClock
    from scheduler.engine import run_tick
    from storage.db import create_engine, create_session_factory

    imported = time.perf_counter()
    engine = create_engine(url, search_path=schema)
    sessions = create_session_factory(engine)
    idle = ManualClock(PEAK - timedelta(minutes=1))
    await run_tick(sessions=sessions, sender=NoOpSender(RunningClock(PEAK)), clock=idle, batch_size=batch, lanes=lanes)
    ready = time.perf_counter()

    clock = RunningClock(PEAK)
    sender = NoOpSender(clock)
    report = None
    drained = 0
    while True:
        report = await run_tick(
            sessions=sessions, sender=sender, clock=clock, batch_size=batch, max_batches=1000, lanes=lanes
        )
        drained += report.sent
        if report.batches == 0 or clock.now() > PEAK + timedelta(minutes=5):
            break
    elapsed = time.perf_counter() - clock.origin
    await engine.dispose()
    lateness = sorted(sender.lateness)
    return {
        "import_s": imported - started,
        "ready_s": ready - imported,
        "sent": drained,
        "per_s": drained / elapsed if elapsed else 0.0,
        "p50_s": statistics.median(lateness) if lateness else 0.0,
        "p99_s": lateness[int(len(lateness) * 0.99) - 1] if lateness else 0.0,
        "rss_mb": rss_mb(),
    }


# --- the APScheduler baseline (its own subprocess) --------------------------------------------


async def baseline(jobs: int, users: int) -> dict[str, Any]:
    """Add one CronTrigger job per reminder to a running AsyncIOScheduler with a MemoryJobStore."""
    from apscheduler.jobstores.memory import MemoryJobStore
    from apscheduler.schedulers.asyncio import AsyncIOScheduler
    from apscheduler.triggers.cron import CronTrigger

    async def remind(user_id: int) -> None:
        """Would send a reminder."""

    base_rss = rss_mb()
    scheduler = AsyncIOScheduler(jobstores={"default": MemoryJobStore()}, timezone=UTC)
    scheduler.start()
    started = time.perf_counter()
    for i in range(jobs):
        minute = (i * 1440) // jobs
        trigger = CronTrigger(hour=minute // 60, minute=minute % 60, timezone=ZONES[i % len(ZONES)])
        scheduler.add_job(remind, trigger, args=(i,), id=str(i))
    add_s = time.perf_counter() - started
    rss = rss_mb()
    scheduler.shutdown(wait=False)
    scale = users / jobs
    return {
        "jobs": jobs,
        "ready_s": add_s * scale,
        "rss_mb": base_rss + (rss - base_rss) * scale,
        "extrapolated": jobs < users,
        "measured_add_s": add_s,
        "measured_rss_mb": rss,
    }


# --- orchestration ----------------------------------------------------------------------------


def run_child(*args: str) -> dict[str, Any]:
    """Run this script as a subprocess for one phase and return the JSON it prints."""
    result = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False, timeout=3600
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "child failed")
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def pg_reachable(url: str) -> bool:
    """Tell whether PostgreSQL answers."""

    async def ping() -> None:
        from storage.db import create_engine

        engine = create_engine(url)
        try:
            async with engine.connect() as conn:
                await conn.exec_driver_sql("SELECT 1")
        finally:
            await engine.dispose()

    try:
        asyncio.run(ping())
    except Exception:
        return False
    return True


def drop_schema(url: str, schema: str) -> None:
    """Drop the benchmark's PostgreSQL schema."""

    async def drop() -> None:
        from sqlalchemy import text

        from storage.db import create_engine

        engine = create_engine(url)
        async with engine.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        await engine.dispose()

    asyncio.run(drop())


def main() -> None:
    """Run every variant in its own subprocess and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--peak", type=int, default=20_000)
    parser.add_argument("--baseline-jobs", type=int, default=None, help="APScheduler jobs to add (default: --users)")
    parser.add_argument("--batch", type=int, default=500, help="rows claimed per transaction (the bot's default)")
    parser.add_argument("--lanes", type=int, default=2, help="claim-send-record loops side by side (the bot's default)")
    parser.add_argument("--phase", choices=["seed", "measure", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--schema", help=argparse.SUPPRESS)
    args = parser.parse_args()
    started = time.perf_counter()
    if args.phase == "seed":
        print(json.dumps(asyncio.run(seed(args.url, args.schema, args.users, args.peak))))
        return
    if args.phase == "measure":
        print(json.dumps(asyncio.run(measure(args.url, args.schema, args.batch, args.lanes, started))))
        return
    jobs = args.baseline_jobs or args.users
    if args.phase == "baseline":
        print(json.dumps(asyncio.run(baseline(jobs, args.users))))
        return

    common = [
        "--users",
        str(args.users),
        "--peak",
        str(args.peak),
        "--batch",
        str(args.batch),
        "--lanes",
        str(args.lanes),
    ]
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as folder:
        sqlite_url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        seeded = run_child("--phase", "seed", "--url", sqlite_url, *common)
        print(f"sqlite: seeded {seeded['rows']:,} schedules in {seeded['seed_s']:.1f} s (not counted)")
        results["sqlite"] = run_child("--phase", "measure", "--url", sqlite_url, *common)
    pg_url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL") or DEFAULT_PG
    if pg_reachable(pg_url):
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        try:
            seeded = run_child("--phase", "seed", "--url", pg_url, "--schema", schema, *common)
            print(f"postgresql: seeded {seeded['rows']:,} schedules in {seeded['seed_s']:.1f} s (not counted)")
            results["postgresql"] = run_child("--phase", "measure", "--url", pg_url, "--schema", schema, *common)
        finally:
            drop_schema(pg_url, schema)
    else:
        print("postgresql: not reachable, skipped")
    print(f"apscheduler: adding {jobs:,} CronTrigger jobs ...")
    results["apscheduler"] = run_child("--phase", "baseline", "--baseline-jobs", str(jobs), *common)
    print_table(results, args.users, args.peak)


def print_table(results: dict[str, dict[str, Any]], users: int, peak: int) -> None:
    """Print the measurements with ratios to the targets and to the APScheduler baseline."""
    base = results["apscheduler"]
    label = "APScheduler, 1 job/reminder" + (" (extrapolated)" if base["extrapolated"] else "")
    print(f"\n{users:,} daily reminders; peak of {peak:,} in one minute; no-op sender\n")
    header = f"{'variant':<40} {'ready':>9} {'peak RSS':>10} {'reminders/s':>12} {'late p50':>9} {'late p99':>9}"
    print(header)
    print("-" * len(header))
    for name in ("sqlite", "postgresql"):
        if name in results:
            r = results[name]
            print(
                f"{name + ' (our tick)':<40} {r['ready_s']:>8.3f}s {r['rss_mb']:>8.0f}MB {r['per_s']:>12,.0f}"
                f" {r['p50_s']:>8.2f}s {r['p99_s']:>8.2f}s"
            )
    print(f"{label:<40} {base['ready_s']:>8.1f}s {base['rss_mb']:>8.0f}MB {'–':>12} {'–':>9} {'–':>9}")
    if base["extrapolated"]:
        print(
            f"  (measured {base['jobs']:,} jobs: {base['measured_add_s']:.2f} s, {base['measured_rss_mb']:.0f} MB;"
            " scaled linearly)"
        )
    print(f"{'target':<40} {'<1':>8}s {'<120':>8}MB {'≥5,000':>12}")
    print("\nratios: APScheduler ÷ ours (higher is better for us); ours ÷ target (ready, RSS: below 1 meets it;")
    print("throughput: 1 or more meets it)")
    print(f"{'variant':<12} {'ready ×':>9} {'RSS ×':>7} {'ready/t':>8} {'RSS/t':>7} {'thru/t':>7}   notes")
    for name in ("sqlite", "postgresql"):
        if name not in results:
            continue
        r = results[name]
        note = f"{r['sent']:,} dispatched in the peak drain; imports {r['import_s']:.2f} s before 'ready'"
        print(
            f"{name:<12} {base['ready_s'] / r['ready_s']:>8,.0f}× {base['rss_mb'] / r['rss_mb']:>6.1f}×"
            f" {r['ready_s'] / TARGETS['ready_s']:>8.2f} {r['rss_mb'] / TARGETS['rss_mb']:>7.2f}"
            f" {r['per_s'] / TARGETS['per_s']:>7.2f}   {note}"
        )


if __name__ == "__main__":
    main()
