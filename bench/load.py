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

The generator shares the machine with what it measures, so it is kept cheap: each virtual user keeps one
HTTP/1.1 keep-alive connection per instance (asyncio streams, request bytes built by hand, no HTTP
library on the hot path), and the event stream is read the same way. A second table shows where the CPU
goes over the measured window: per answered update, the bot processes, the fake, PostgreSQL (every
process named postgres*), the generator itself and the whole machine, and how busy the machine was
(100 % = every core busy). A busy machine means the numbers measure the machine, not just the bot.

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
from urllib.parse import urlsplit

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
    cpu: CpuUse | None = None  # while measuring

    @property
    def rate(self) -> float:
        """Updates answered per second."""
        return self.done / self.seconds if self.seconds else 0.0

    def percentile_ms(self, q: float) -> float:
        """A latency percentile in milliseconds."""
        if len(self.latencies) < 2:
            return float("nan")
        return statistics.quantiles(self.latencies, n=1000)[int(q * 1000) - 1] * 1000


@dataclass(frozen=True)
class CpuUse:
    """CPU seconds used over a window, by consumer, and how busy the whole machine was."""

    bot: float
    fake: float
    postgres: float
    generator: float
    machine: float  # every core's busy time, whoever used it
    busy_percent: float  # of every core's time: 100 = all cores busy


@dataclass(frozen=True)
class CpuSnapshot:
    """Cumulative CPU counters at one moment (Linux /proc; NaN where unreadable)."""

    bot: float
    fake: float
    postgres: dict[int, float] | None  # CPU seconds by pid of every postgres* process
    generator: float
    machine_busy: float
    machine_total: float

    @classmethod
    def take(cls, cpu_of: dict[str, list[int]]) -> CpuSnapshot:
        """Read the counters now; `cpu_of` names the bot and the fake pids."""
        busy, total = machine_cpu()
        return cls(
            bot=cpu_seconds(cpu_of["bot"]),
            fake=cpu_seconds(cpu_of["fake"]),
            postgres=postgres_cpu(),
            generator=time.process_time(),
            machine_busy=busy,
            machine_total=total,
        )

    def since(self, before: CpuSnapshot) -> CpuUse:
        """What was used between `before` and this snapshot.

        PostgreSQL: per process, so a backend that started in the window counts whole; one that ended in it
        is missed.
        """
        postgres = float("nan")
        if self.postgres is not None and before.postgres is not None:
            postgres = sum(used - before.postgres.get(pid, 0.0) for pid, used in self.postgres.items())
        elapsed = self.machine_total - before.machine_total
        busy = self.machine_busy - before.machine_busy
        return CpuUse(
            bot=self.bot - before.bot,
            fake=self.fake - before.fake,
            postgres=postgres,
            generator=self.generator - before.generator,
            machine=busy,
            busy_percent=100 * busy / elapsed if elapsed > 0 else float("nan"),
        )


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


# --- HTTP/1.1 on asyncio streams ------------------------------------------------------------------


class HttpError(Exception):
    """A response the client cannot use: malformed, or not the status it needed."""


# What a failed exchange raises: OSError covers refused and reset connections and TimeoutError, EOFError
# covers asyncio.IncompleteReadError (the server closed mid-response), LimitOverrunError a huge header.
HTTP_FAILURES = (OSError, EOFError, asyncio.LimitOverrunError, HttpError)


async def read_head(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bool]:
    """Read a response's status line and headers.

    Returns the status, the headers (names lower-cased) and whether the connection can carry another
    request once the body is read.
    """
    status_line, *lines = (await reader.readuntil(b"\r\n\r\n"))[:-4].decode("latin-1").split("\r\n")
    version, _, rest = status_line.partition(" ")
    try:
        status = int(rest[:3])
    except ValueError:
        raise HttpError(f"not a status line: {status_line!r}") from None
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    framed = "content-length" in headers or is_chunked(headers) or status < 200 or status in (204, 304)
    keep_alive = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close" and framed
    return status, headers, keep_alive


def is_chunked(headers: dict[str, str]) -> bool:
    """Whether the body comes in chunked transfer encoding."""
    return "chunked" in headers.get("transfer-encoding", "").lower()


async def read_body(reader: asyncio.StreamReader, status: int, headers: dict[str, str]) -> AsyncIterator[bytes]:
    """The body's bytes as they arrive: chunked, Content-Length bytes, or up to the end of the connection."""
    if status < 200 or status in (204, 304):
        return
    try:
        if is_chunked(headers):
            while size := int((await reader.readuntil(b"\r\n")).split(b";", 1)[0], 16):
                yield (await reader.readexactly(size + 2))[:-2]
            while await reader.readuntil(b"\r\n") != b"\r\n":  # trailer fields, up to the empty line
                pass
        elif "content-length" in headers:
            if length := int(headers["content-length"]):
                yield await reader.readexactly(length)
        else:
            while chunk := await reader.read(65536):
                yield chunk
    except ValueError:
        raise HttpError("bad chunk size or Content-Length") from None


class KeepAliveClient:
    """One HTTP/1.1 keep-alive connection that POSTs JSON to one URL, one request at a time.

    The request head is built once; each POST writes head, length and body in one piece. A connection
    the server closed, or one an exchange failed on, is replaced by a new one on the next POST.
    """

    def __init__(self, url: str, headers: dict[str, str]) -> None:
        parts = urlsplit(url)
        self.host = parts.hostname or LOOPBACK
        self.port = parts.port or 80
        lines = [
            f"POST {parts.path or '/'} HTTP/1.1",
            f"Host: {parts.netloc}",
            "Content-Type: application/json",
            *(f"{name}: {value}" for name, value in headers.items()),
            "Content-Length: ",
        ]
        self.head = "\r\n".join(lines).encode("latin-1")
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def post(self, body: bytes) -> int:
        """POST `body` and return the response's status (its body is read and dropped).

        Raises one of HTTP_FAILURES if the exchange fails, and then closes the connection.
        """
        if self.streams is None or self.streams[0].at_eof():
            self.close()
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        try:
            writer.write(b"%s%d\r\n\r\n%s" % (self.head, len(body), body))
            await writer.drain()
            status, headers, keep_alive = await read_head(reader)
            async for _ in read_body(reader, status, headers):
                pass
        except BaseException:  # failed, timed out or cancelled mid-exchange: the connection is unusable
            self.close()
            raise
        if not keep_alive:
            self.close()
        return status

    def close(self) -> None:
        """Close the connection, if open."""
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


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

    async def follow(self, fake_root: str) -> None:
        """Read the fake's event stream (one JSON object a line) until cancelled or the fake ends it."""
        parts = urlsplit(fake_root)
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        try:
            writer.write(f"GET /fake/events HTTP/1.1\r\nHost: {parts.netloc}\r\n\r\n".encode("latin-1"))
            status, headers, _ = await read_head(reader)
            if status != 200:
                raise HttpError(f"/fake/events answered {status}")
            partial = b""
            async for chunk in read_body(reader, status, headers):
                *lines, partial = (partial + chunk).split(b"\n")
                for line in lines:
                    stamp = json.loads(line)
                    chat_id = stamp["chat_id"]
                    if stamp["event"] == "sent" and chat_id in self.by_chat:
                        self.by_chat[chat_id].append(stamp["at"])
                        self.arrived[chat_id].set()
        finally:
            writer.close()


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

    async def user_loop(chats: list[int], clients: list[KeepAliveClient], phase: Phase) -> None:
        nonlocal count
        turn = 0
        while phase.remaining > 0 and time.monotonic() < phase.deadline:
            phase.remaining -= 1
            chat_id = chats[turn % len(chats)]
            turn += 1
            count += 1
            client = clients[count % len(clients)]  # two instances: alternately, like a round-robin balancer
            body = json.dumps(make_update(fake, rng, chat_id)).encode()
            replies.expect(chat_id)
            started = time.monotonic()
            try:
                async with asyncio.timeout(REPLY_TIMEOUT):
                    status = await client.post(body)
                if status != 200:
                    raise HttpError(f"the webhook answered {status}")
                arrived = await replies.next(chat_id)
            except HTTP_FAILURES:  # TimeoutError, from either wait, is an OSError
                result.errors += phase.measured
                continue
            if phase.measured:
                result.done += 1
                result.latencies.append(arrived - started)

    chats = [FIRST_USER + n for n in range(users)]
    groups = [chats[i::concurrency] for i in range(concurrency)]
    # Each virtual user keeps one connection per instance, across the warm-up and the measured phase.
    clients = [[KeepAliveClient(url, {SECRET_HEADER: SECRET}) for url in urls] for _ in groups]
    follower = asyncio.create_task(replies.follow(fake_root))
    try:
        await asyncio.sleep(0.2)  # the event stream is open before the first update
        # Warm-up (not measured): connections, pools, the first query of each kind.
        warm_up = Phase(WARM_UP, time.monotonic() + seconds, measured=False)
        await asyncio.gather(*(user_loop(group, own, warm_up) for group, own in zip(groups, clients, strict=True)))
        cpu_before = CpuSnapshot.take(cpu_of)
        started = time.monotonic()
        measured = Phase(updates, started + seconds, measured=True)
        await asyncio.gather(*(user_loop(group, own, measured) for group, own in zip(groups, clients, strict=True)))
        result.seconds = time.monotonic() - started
        result.cpu = CpuSnapshot.take(cpu_of).since(cpu_before)
    finally:
        for own in clients:
            for client in own:
                client.close()
        follower.cancel()
        with contextlib.suppress(asyncio.CancelledError, *HTTP_FAILURES):
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


def process_cpu(pid: int) -> float:
    """User + system CPU seconds one process used so far (OSError, ValueError or IndexError if unreadable)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds the processes used so far (Linux /proc; NaN elsewhere)."""
    try:
        return sum(process_cpu(pid) for pid in pids)
    except (OSError, ValueError, IndexError):
        return float("nan")


def postgres_cpu() -> dict[int, float] | None:
    """CPU seconds so far of every process whose name starts with "postgres", by pid (None without /proc)."""
    try:
        entries = os.listdir("/proc")
    except OSError:
        return None
    used = {}
    for entry in entries:
        if entry.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):  # it ended meanwhile
                if Path(f"/proc/{entry}/comm").read_text().startswith("postgres"):
                    used[int(entry)] = process_cpu(int(entry))
    return used


def machine_cpu() -> tuple[float, float]:
    """Busy and total CPU seconds of the machine so far, summed over its cores (first line of /proc/stat).

    Busy is everything but idle and iowait. NaN without /proc.
    """
    try:
        # user nice system idle iowait irq softirq steal; guest time is already inside user and nice.
        ticks = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
        hertz = os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        return float("nan"), float("nan")
    total = sum(ticks)
    return (total - ticks[3] - ticks[4]) / hertz, total / hertz


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
    """The measurements and their ratio to the targets (>= 1.00 meets a target), then where the CPU went."""
    one = next((r for r in results if r.instances == 1 and "PostgreSQL" in r.name), None)
    header = (
        f"{'scenario':26} {'updates':>8} {'upd/s':>7} {'x 500/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'x p99':>6} {'errors':>6} {'x 1.6 one':>9}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        p99 = r.percentile_ms(0.99)
        scaling = f"{'':>9}"
        if r.instances == 2 and one is not None and one.rate:
            scaling = f"{r.rate / (TARGET_SCALING * one.rate):>9.2f}"
        print(
            f"{r.name:26} {r.done:>8,} {r.rate:>7.0f} {r.rate / TARGET_RATE:>8.2f} {r.percentile_ms(0.5):>7.1f} "
            f"{p99:>7.1f} {TARGET_P99_MS / p99:>6.2f} {r.errors:>6} {scaling}"
        )
    header = (
        f"\n{'CPU ms per update':26} {'bot':>7} {'fake':>7} {'PostgreSQL':>10} {'generator':>9} "
        f"{'machine':>8} {'other':>7} {'machine busy':>12}"
    )
    print(header)
    print("-" * (len(header) - 1))
    for r in results:
        nan = float("nan")
        cpu = r.cpu or CpuUse(bot=nan, fake=nan, postgres=nan, generator=nan, machine=nan, busy_percent=nan)
        per_update = 1000 / r.done if r.done else nan
        other = cpu.machine - cpu.bot - cpu.fake - cpu.postgres - cpu.generator
        print(
            f"{r.name:26} {cpu.bot * per_update:>7.2f} {cpu.fake * per_update:>7.2f} "
            f"{cpu.postgres * per_update:>10.2f} {cpu.generator * per_update:>9.2f} {cpu.machine * per_update:>8.2f} "
            f"{other * per_update:>7.2f} {cpu.busy_percent:>10.0f} %"
        )
    print(
        f"\nx 500/s: updates per second / {TARGET_RATE:.0f}; x p99: {TARGET_P99_MS:.0f} ms / p99; x 1.6 one: two "
        f"instances / (1.6 x one instance on PostgreSQL).\n>= 1.00 meets a target; errors must be 0.\n"
        f"CPU ms per update: user + system CPU time over the measured window per answered update, of all bot\n"
        f"processes, the fake, every process named postgres* (other clients' queries included), this load\n"
        f"generator, and the whole machine (all cores' time not idle or iowait, whoever used it); other =\n"
        f"machine - the four before it (the kernel's network work, other programs). Machine busy: that time as a\n"
        f"share of all {os.cpu_count()} CPUs' time in the window; near 100 % the machine is saturated and the rate "
        f"measures\nthe machine as much as the bot. Load average {os.getloadavg()[0]:.1f} at the end."
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
