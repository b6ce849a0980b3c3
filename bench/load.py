"""Webhook load: real HTTP updates on loopback to one and to two `python -m bot --webhook` processes.

Run: .venv/bin/python bench/load.py [--updates 5000] [--seconds 30] [--concurrency 32] [--pg-url URL]
(PostgreSQL from --pg-url or TEST_DATABASE_URL; each scenario gets a temporary database, dropped after.)

Everything is real except Telegram: the fake Bot API runs in its own process over HTTP
(bot/fake_telegram/http.py) and streams a monotonic timestamp for every message the bot sends. Each of
`--concurrency` virtual users owns some chats and loops: POST one update to an instance's webhook (two
instances: alternately, like a load balancer), wait for the bot's reply to that chat to reach the fake,
repeat. Latency = reply arrival at the fake - start of the POST. Users are onboarded already; updates
are a mix of /help, /settings, /start and free text (lesson search). Bounded: at most --updates
updates and --seconds seconds per scenario, each reply waited for at most REPLY_TIMEOUT.

Targets (Production issue): one instance >= 500 updates/s with p99 < 100 ms and 0 errors; two
instances >= 1.6 x one instance.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

REPO_ROOT = Path(__file__).resolve().parents[1]
# Run as a script, bench/ comes first on sys.path, and bench/scheduler.py would shadow the package.
sys.path[:] = [str(REPO_ROOT), *(p for p in sys.path if Path(p or ".").resolve() != REPO_ROOT / "bench")]

from sqlalchemy import Table, insert, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402

from bot.fake_telegram import FakeTelegram  # noqa: E402
from bot.webhook import SECRET_HEADER  # noqa: E402
from storage.db import create_engine, create_session_factory, transaction  # noqa: E402
from storage.migrate import upgrade_schema  # noqa: E402
from storage.models import User  # noqa: E402

BOT_COMMAND = [sys.executable, "-m", "bot", "--webhook"]
TOKEN = "123456789:AAHfakeTokenForTheWebhookLoadBench000"
SECRET = "load-bench-secret"
LOOPBACK = "127.0.0.1"
FIRST_USER = 70_000
MIX = [("/help", 3), ("/settings", 2), ("/start", 2), ("free text", 3)]
FREE_TEXT = ["what helps a migraine", "is coffee a trigger", "aura", "sleep and headaches", "hello"]
REPLY_TIMEOUT = 10.0
START_TIMEOUT = 60.0
WARM_UP = 200
TARGET_RATE = 500.0
TARGET_P99_MS = 100.0
TARGET_SCALING = 1.6


@dataclass
class Result:
    """One scenario's measurements."""

    name: str
    instances: int
    done: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    bot_cpu: float = float("nan")  # CPU seconds of the bot processes while measuring
    fake_cpu: float = float("nan")
    api_failures: int = 0

    @property
    def rate(self) -> float:
        """Updates answered per second."""
        return self.done / self.seconds if self.seconds else 0.0

    def percentile_ms(self, q: float) -> float:
        """A latency percentile in milliseconds."""
        if len(self.latencies) < 2:
            return float("nan")
        return statistics.quantiles(self.latencies, n=1000)[int(q * 1000) - 1] * 1000


# --- processes ------------------------------------------------------------------------------------


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def fake_api_process(folder: Path) -> AsyncIterator[tuple[str, int]]:
    """The fake Bot API in a process of its own; yields its root URL and pid."""
    port = free_port()
    command = [sys.executable, "-m", "bot.fake_telegram.http", "--port", str(port)]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    with (folder / "fake.log").open("wb") as log:
        process = subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    root = f"http://{LOOPBACK}:{port}"
    try:
        await wait_until_up(f"{root}/fake/sent", process, folder / "fake.log")
        yield root, process.pid
    finally:
        await stop(process)


@asynccontextmanager
async def bot_instances(
    count: int, database_url: str, fake_root: str, folder: Path
) -> AsyncIterator[tuple[list[str], list[int]]]:
    """Start `count` webhook instances on one token and one database; yield their webhook URLs and pids."""
    processes: list[subprocess.Popen[bytes]] = []
    urls: list[str] = []
    try:
        for index in range(count):
            port = free_port()
            env = {
                "PATH": os.environ.get("PATH", ""),
                "PYTHONPATH": str(REPO_ROOT),
                "BOT_TOKEN": TOKEN,
                "DATABASE_URL": database_url,
                "TELEGRAM_API_BASE_URL": f"{fake_root}/via/i{index}/bot",
                "WEBHOOK_URL": f"http://{LOOPBACK}:{port}/telegram",
                "WEBHOOK_LISTEN": LOOPBACK,
                "WEBHOOK_PORT": str(port),
                "WEBHOOK_SECRET": SECRET,
                "TELEGRAM_OVERALL_MAX_RATE": "0",  # the fake has no flood limit; measure the bot
                "LOG_LEVEL": "WARNING",
            }
            log_path = folder / f"bot-{index}.log"
            with log_path.open("wb") as log:
                process = subprocess.Popen(BOT_COMMAND, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
            processes.append(process)
            urls.append(f"http://{LOOPBACK}:{port}/telegram")
            await wait_until_up(f"http://{LOOPBACK}:{port}/healthz", process, log_path)
        yield urls, [process.pid for process in processes]
    finally:
        for process in processes:
            await stop(process)


async def wait_until_up(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    """Poll `url` until it answers 200; give up with the process's log after START_TIMEOUT."""
    deadline = time.monotonic() + START_TIMEOUT
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"process exited ({process.returncode}):\n{log_path.read_text()[-3000:]}")
            with contextlib.suppress(httpx.TransportError):
                if (await client.get(url, timeout=2.0)).status_code == 200:
                    return
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {START_TIMEOUT:.0f} s:\n{log_path.read_text()[-3000:]}")


async def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL after 10 s."""
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGTERM)
    try:
        await asyncio.to_thread(process.wait, 10)
    except subprocess.TimeoutExpired:
        process.kill()
        await asyncio.to_thread(process.wait, 10)


# --- the database ---------------------------------------------------------------------------------


@asynccontextmanager
async def temporary_database(pg_url: str) -> AsyncIterator[str]:
    """A fresh PostgreSQL database, migrated and with the bench users in it; dropped afterwards."""
    name = f"mc_load_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(make_url(pg_url), isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def prepare(url: str, users: int) -> None:
    """Migrate (as docker-compose's one-shot service does) and insert onboarded users with consent."""
    engine = create_engine(url)
    try:
        await upgrade_schema(engine)
        now = datetime.now(UTC)
        table: Table = User.__table__  # type: ignore[attr-defined]
        rows = [
            {
                "id": FIRST_USER + n, "language": "en", "timezone": "Europe/London", "subscribed_updates": False,
                "is_active": True, "created_at": now, "updated_at": now, "last_seen_at": now, "onboarded_at": now,
                "consent_version": 1, "consent_at": now,
            }
            for n in range(users)
        ]  # fmt: skip
        async with transaction(create_session_factory(engine)) as session:
            await session.execute(insert(table), rows)
    finally:
        await engine.dispose()


# --- the load -------------------------------------------------------------------------------------


class Replies:
    """Bot messages as the fake streams them, queued per chat."""

    def __init__(self) -> None:
        self.by_chat: dict[int, deque[float]] = {}
        self.arrived: dict[int, asyncio.Event] = {}

    def expect(self, chat_id: int) -> None:
        """Forget what the chat got so far: the next message answers the next update."""
        self.by_chat[chat_id] = deque()
        self.arrived.setdefault(chat_id, asyncio.Event()).clear()

    async def next(self, chat_id: int) -> float:
        """The arrival time of the chat's next bot message (TimeoutError after REPLY_TIMEOUT)."""
        async with asyncio.timeout(REPLY_TIMEOUT):
            while not self.by_chat[chat_id]:
                await self.arrived[chat_id].wait()
                self.arrived[chat_id].clear()
        return self.by_chat[chat_id].popleft()

    async def follow(self, client: httpx.AsyncClient, fake_root: str) -> None:
        """Read the fake's event stream until cancelled."""
        async with client.stream("GET", f"{fake_root}/fake/events", timeout=None) as stream:
            async for line in stream.aiter_lines():
                stamp = json.loads(line)
                chat_id = stamp["chat_id"]
                if stamp["event"] == "sent" and chat_id in self.by_chat:
                    self.by_chat[chat_id].append(stamp["at"])
                    self.arrived[chat_id].set()


def make_update(fake: FakeTelegram, rng: random.Random, chat_id: int) -> dict[str, Any]:
    """A Bot-API-shaped message update from the mix."""
    kinds = [kind for kind, weight in MIX for _ in range(weight)]
    kind = rng.choice(kinds)
    return fake.user_sends(chat_id, rng.choice(FREE_TEXT) if kind == "free text" else kind)


@dataclass
class Phase:
    """A budget of updates and a deadline shared by the virtual users; measured or not."""

    remaining: int
    deadline: float
    measured: bool


async def drive(
    result: Result,
    urls: list[str],
    fake_root: str,
    *,
    updates: int,
    seconds: float,
    concurrency: int,
    users: int,
    cpu_of: dict[str, list[int]],
) -> None:
    """Send up to `updates` updates within `seconds`, `concurrency` at a time, and time each reply."""
    fake = FakeTelegram()  # only builds update JSON; the served fake is another process
    rng = random.Random(7)
    replies = Replies()
    count = 0
    limits = httpx.Limits(max_connections=concurrency + 1, max_keepalive_connections=concurrency + 1)
    async with httpx.AsyncClient(limits=limits, timeout=REPLY_TIMEOUT) as client:

        async def user_loop(chats: list[int], phase: Phase) -> None:
            nonlocal count
            turn = 0
            while phase.remaining > 0 and time.monotonic() < phase.deadline:
                phase.remaining -= 1
                chat_id = chats[turn % len(chats)]
                turn += 1
                count += 1
                url = urls[count % len(urls)]  # two instances: alternately, like a round-robin balancer
                update = make_update(fake, rng, chat_id)
                replies.expect(chat_id)
                started = time.monotonic()
                try:
                    response = await client.post(url, json=update, headers={SECRET_HEADER: SECRET})
                    if response.status_code != 200:
                        raise RuntimeError(response.status_code)
                    arrived = await replies.next(chat_id)
                except (httpx.HTTPError, RuntimeError, TimeoutError):
                    result.errors += phase.measured
                    continue
                if phase.measured:
                    result.done += 1
                    result.latencies.append(arrived - started)

        follower = asyncio.create_task(replies.follow(client, fake_root))
        try:
            await asyncio.sleep(0.2)  # the event stream is open before the first update
            chats = [FIRST_USER + n for n in range(users)]
            groups = [chats[i::concurrency] for i in range(concurrency)]
            # Warm-up (not measured): connections, pools, the first query of each kind.
            warm_up = Phase(WARM_UP, time.monotonic() + seconds, measured=False)
            await asyncio.gather(*(user_loop(group, warm_up) for group in groups))
            cpu_before = {name: cpu_seconds(pids) for name, pids in cpu_of.items()}
            started = time.monotonic()
            measured = Phase(updates, started + seconds, measured=True)
            await asyncio.gather(*(user_loop(group, measured) for group in groups))
            result.seconds = time.monotonic() - started
            result.bot_cpu = cpu_seconds(cpu_of["bot"]) - cpu_before["bot"]
            result.fake_cpu = cpu_seconds(cpu_of["fake"]) - cpu_before["fake"]
        finally:
            follower.cancel()
            with contextlib.suppress(asyncio.CancelledError, httpx.HTTPError):
                await follower


async def scenario(name: str, instances: int, database_url: str, folder: Path, args: argparse.Namespace) -> Result:
    """Run one scenario: fresh fake, N instances on `database_url`, the load, then everything stopped."""
    result = Result(name, instances)
    async with (
        fake_api_process(folder) as (fake_root, fake_pid),
        bot_instances(instances, database_url, fake_root, folder) as (urls, bot_pids),
    ):
        options = {"updates": args.updates, "seconds": args.seconds, "concurrency": args.concurrency}
        await drive(result, urls, fake_root, users=args.users, cpu_of={"bot": bot_pids, "fake": [fake_pid]}, **options)
    return result


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds the processes used so far (Linux /proc; NaN elsewhere)."""
    total = 0.0
    try:
        for pid in pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")
    return total


async def run(args: argparse.Namespace) -> list[Result]:
    """Every scenario in turn."""
    results = []
    with tempfile.TemporaryDirectory() as folder:
        if args.pg_url:
            for instances in (1, 2):
                async with temporary_database(args.pg_url) as url:
                    await prepare(url, args.users)
                    name = f"{instances} instance{'s' * (instances > 1)}, PostgreSQL"
                    print(f"running: {name} ...", file=sys.stderr)
                    results.append(await scenario(name, instances, url, Path(folder), args))
        sqlite = f"sqlite+aiosqlite:///{folder}/load.db"
        await prepare(sqlite, args.users)
        print("running: 1 instance, SQLite ...", file=sys.stderr)
        results.append(await scenario("1 instance, SQLite", 1, sqlite, Path(folder), args))
    return results


def print_table(results: list[Result]) -> None:
    """The measurements and their ratio to the targets (>= 1.00 meets a target)."""
    one = next((r for r in results if r.instances == 1 and "PostgreSQL" in r.name), None)
    header = (
        f"{'scenario':26} {'updates':>8} {'upd/s':>7} {'x 500/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'x p99':>6} {'errors':>6} {'x 1.6 one':>9} {'bot CPU ms/upd':>14} {'fake CPU ms/upd':>15}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        p99 = r.percentile_ms(0.99)
        scaling = f"{'':>9}"
        if r.instances == 2 and one is not None and one.rate:
            scaling = f"{r.rate / (TARGET_SCALING * one.rate):>9.2f}"
        per_update = 1000 / r.done if r.done else float("nan")
        print(
            f"{r.name:26} {r.done:>8,} {r.rate:>7.0f} {r.rate / TARGET_RATE:>8.2f} {r.percentile_ms(0.5):>7.1f} "
            f"{p99:>7.1f} {TARGET_P99_MS / p99:>6.2f} {r.errors:>6} {scaling} "
            f"{r.bot_cpu * per_update:>14.2f} {r.fake_cpu * per_update:>15.2f}"
        )
    print(
        f"\nx 500/s: updates per second / {TARGET_RATE:.0f}; x p99: {TARGET_P99_MS:.0f} ms / p99; "
        f"x 1.6 one: two instances / (1.6 x one instance on PostgreSQL). >= 1.00 meets the target; errors "
        f"must be 0.\nCPU ms/upd: CPU time of all bot processes (of the fake) per answered update. Machine: "
        f"{os.cpu_count()} CPUs shared by the load generator, the fake, PostgreSQL and the bots; load average "
        f"{os.getloadavg()[0]:.1f} at the end."
    )


def main() -> None:
    """Parse the arguments, run the scenarios, print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--updates", type=int, default=5000, help="per scenario, after the warm-up")
    parser.add_argument("--seconds", type=float, default=30.0, help="per scenario, at most")
    parser.add_argument("--concurrency", type=int, default=32, help="virtual users with one update in flight each")
    parser.add_argument("--users", type=int, default=640, help="chats, shared out among the virtual users")
    parser.add_argument("--pg-url", default=os.environ.get("TEST_DATABASE_URL"))
    args = parser.parse_args()
    args.updates = max(1, min(args.updates, 100_000))
    args.seconds = max(1.0, min(args.seconds, 120.0))
    args.concurrency = max(1, min(args.concurrency, 256, args.users))
    print_table(asyncio.run(run(args)))


if __name__ == "__main__":
    main()
