"""Two ways to share one Telegram rate budget through PostgreSQL, measured side by side.

Run: .venv/bin/python bench/budget.py [--instances 4] [--seconds 6] [--rate 25] [--pg-url URL]

Each "instance" is a task with its own connection pool, as a bot process would have. Background traffic
in every instance asks for slots as fast as it may (8 senders each, like the broadcast worker's lanes),
while one reply is asked for every 200 ms by each instance. Compared:

* reservation (GCRA, what the bot uses: storage/send_budget.py): one UPDATE returns the reserved slot and
  how long to wait; background only takes slots at most 50 ms ahead, replies any slot;
* token bucket: one UPDATE takes a token if the bucket (capacity 1) has one; an empty bucket answers
  "not yet" and the caller polls again after the time the next token needs; replies and background
  compete alike (a bucket has no notion of a slot to keep for a reply).

Reported per option: messages a second achieved (target: the configured rate), the most in any 1-second
window of grant times (target <= rate + 1), round trips per message, and the replies' wait for a slot
(p50 and max). Baseline for the ratio: the configured rate.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import os
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(REPO_ROOT), *(p for p in sys.path if Path(p or ".").resolve() != REPO_ROOT / "bench")]

from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine  # noqa: E402

from scheduler.send_budget import Priority, SharedBudget  # noqa: E402
from storage.db import create_engine, create_read_engine  # noqa: E402
from storage.migrate import upgrade_schema  # noqa: E402
from storage.send_budget import BudgetRates, Reservation, reserve_send_slot  # noqa: E402

BUCKET = text("""
UPDATE bench_buckets SET
    tokens = least(1.0, tokens + (extract(epoch FROM clock_timestamp()) - at) * :rate) - 1,
    at = extract(epoch FROM clock_timestamp())
WHERE name = 'b' AND least(1.0, tokens + (extract(epoch FROM clock_timestamp()) - at) * :rate) >= 1
RETURNING 0.0 AS wait
""")
BUCKET_WAIT = text(
    "SELECT (1 - least(1.0, tokens + (extract(epoch FROM clock_timestamp()) - at) * :rate)) / :rate AS wait "
    "FROM bench_buckets WHERE name = 'b'"
)

Take = Callable[[AsyncEngine, bool], Awaitable[int]]  # (engine, background) -> round trips; returns when granted


def busiest_second(stamps: list[float]) -> int:
    """The most stamps in any window of one second."""
    ordered = sorted(stamps)
    return max((bisect.bisect_right(ordered, t + 1.0) - i for i, t in enumerate(ordered)), default=0)


def reservation(rate: float) -> Take:
    """The bot's own path: scheduler.send_budget.SharedBudget (one per instance) on the GCRA reservation;
    replies at the overall rate, background at rate - 5."""
    rates = BudgetRates.per_second(rate, rate - 5)
    budgets: dict[int, SharedBudget] = {}

    async def take(engine: AsyncEngine, background: bool) -> int:
        async def reserve(*, background: bool) -> Reservation:
            return await reserve_send_slot(engine=engine, name="bench", rates=rates, background=background)

        budget = budgets.setdefault(id(engine), SharedBudget(reserve))
        before = budget.reservations
        await budget.acquire(Priority.BACKGROUND if background else Priority.INTERACTIVE)
        return budget.reservations - before

    return take


def token_bucket(rate: float) -> Take:
    """A shared token bucket of capacity 1 at `rate`, polled when empty."""

    async def take(engine: AsyncEngine, background: bool) -> int:
        trips = 0
        async with engine.connect() as connection:
            while True:
                trips += 1
                if (await connection.execute(BUCKET, {"rate": rate})).first() is not None:
                    return trips
                trips += 1
                wait = (await connection.execute(BUCKET_WAIT, {"rate": rate})).scalar_one()
                await asyncio.sleep(max(float(wait), 0.001))

    return take


async def measure(name: str, take: Take, engines: list[AsyncEngine], seconds: float, rate: float) -> str:
    """Run background and reply traffic through `take` for `seconds`; return one table row."""
    grants: list[float] = []
    waits: list[float] = []
    trips = 0
    start = time.monotonic()
    end = start + seconds

    async def background(engine: AsyncEngine) -> None:
        nonlocal trips
        while time.monotonic() < end:
            trips += await take(engine, True)
            grants.append(time.monotonic())

    async def replies(engine: AsyncEngine) -> None:
        nonlocal trips
        while time.monotonic() < end:
            asked = time.monotonic()
            trips += await take(engine, False)
            grants.append(time.monotonic())
            waits.append(time.monotonic() - asked)
            await asyncio.sleep(0.2)

    tasks = [background(e) for e in engines for _ in range(8)] + [replies(e) for e in engines]
    await asyncio.gather(*tasks)
    # Senders still waiting at the end get their slots after it: only the window's grants count.
    achieved = sum(start <= at < end for at in grants) / seconds
    waits.sort()
    p50 = statistics.median(waits) * 1000 if waits else 0.0
    worst = waits[-1] * 1000 if waits else 0.0
    return (
        f"| {name} | {achieved:.1f} ({achieved / rate:.2f}x) | {busiest_second(grants)} | "
        f"{trips / max(len(grants), 1):.2f} | {p50:.0f} / {worst:.0f} |"
    )


async def run(args: argparse.Namespace) -> None:
    """Set up a scratch database, measure both options, print the table."""
    pg_url = args.pg_url or os.environ.get("TEST_DATABASE_URL")
    if not pg_url:
        sys.exit("bench/budget.py needs PostgreSQL: --pg-url or TEST_DATABASE_URL")
    name = f"mc_budget_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(make_url(pg_url), isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    try:
        setup = create_engine(url)
        await upgrade_schema(setup)
        async with setup.begin() as conn:
            await conn.execute(text("CREATE TABLE bench_buckets (name text PRIMARY KEY, tokens float8, at float8)"))
            await conn.execute(text("INSERT INTO bench_buckets VALUES ('b', 1, extract(epoch FROM clock_timestamp()))"))
        await setup.dispose()
        engines = [create_read_engine(url, pool_size=2, max_overflow=8) for _ in range(args.instances)]
        try:
            print(f"{args.instances} instances, {args.rate:g}/s configured, {args.seconds:g} s each; "
                  f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")  # fmt: skip
            print("\n| option | msgs/s (x configured) | most in 1 s | round trips/message | reply wait p50/max ms |")
            print("|---|---|---|---|---|")
            print(await measure("reservation (GCRA)", reservation(args.rate), engines, args.seconds, args.rate))
            print(await measure("token bucket", token_bucket(args.rate), engines, args.seconds, args.rate))
        finally:
            for engine in engines:
                await engine.dispose()
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


def main() -> None:
    """Parse the command line and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--instances", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--rate", type=float, default=25.0)
    parser.add_argument("--pg-url", default=None)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
