"""Webhook load: real HTTP updates on loopback to one and to two `python -m bot --webhook` processes.

Run: .venv/bin/python bench/load.py [--updates 5000] [--seconds 30] [--concurrency 32] [--rate 500]
     [--open-seconds 15] [--pg-url URL] [--closed-only] [--profile FILE] [--only pg1|pg2|sqlite ...]
     [--skip KIND ...] [--no-chart-cache]
(PostgreSQL from --pg-url or TEST_DATABASE_URL; each scenario gets a temporary database, dropped after.
--profile: the first instance of each full-bot scenario runs under cProfile, timing CPU (not wall) time;
FILE-<scenario>.prof holds each scenario's, e.g. load-1-instance-postgresql.prof for --profile load.prof.)

The baseline (issue 16): a bare PTB webhook echo bot (bench/echo_webhook.py) runs first on the same harness
and the same mix; every row of the full bot prints its rate as a ratio to the echo's (/ echo), and the CPU
table its CPU per update as the echo's share of it (echo / bot). Target: at least 0.5.

Everything is real except Telegram: the fake Bot API runs in its own process over HTTP
(bot/fake_telegram/http.py) and streams a monotonic timestamp for every message the bot sends or edits.
Users are onboarded already, with consent. The mix is what people do (ROUND, like bench/scale.py's): each
chat goes round and round /log and its buttons through to a saved attack that then ends, a check-in
answer (the day's check-in message is put in the chat as the scheduler would have sent it, then pressed),
/lessons and three presses of lesson navigation, /stats, and a free-text message, then "no" to the safety
question the bot asks after some (the echo never asks, so it never gets that press); each chat starts at
a random step, moved back to the command its flow begins with. --skip leaves kinds out (--skip stats: no
/stats, whose chart costs about 10 ms of CPU to draw). The bot keeps the charts it drew
(bot/reports/chart_cache.py), and sends one again when nothing it shows has changed since; in this round a
chat logs an attack between two /stats, which changes its chart unless that day was already at its worst;
--no-chart-cache draws every chart (STATS_CHART_CACHE=0). A press is a real button on the keyboard the bot
left in that chat, built by the fake (POST /fake/press); should the screen have no such button, that step
is skipped for this chat and counted (the tables' footnote). The echo bot's messages carry no buttons, so
its presses are of the same kinds on its newest message (forged data): the same stream of updates, step by
step, that the full bot gets. The reply to an update is the first message or edit in its chat after it was
posted. A method the bot puts in its reply to an update (the answer to a press: bot/webhook_reply.py) is
carried out by the fake (POST /fake/webhook-reply), as Telegram does. Two instances get the updates
alternately, like a round-robin load balancer. Each scenario (one instance on PostgreSQL, two on
PostgreSQL, one on SQLite) measures twice on the same servers:

Closed loop, the most updates per second it answers: each of `--concurrency` virtual users owns some chats
(--closed-users in all, 4 each by default, so that every chat goes round its steps several times even in a
short run of a slow bot) and one keep-alive connection per instance, and loops: POST one update, wait for
the bot's reply to that chat to reach the fake, repeat, each time with its next chat. Latency = reply
arrival at the fake - start of the POST. Bounded: at most --updates updates and --seconds seconds, after
WARM_UP unmeasured updates. With that many updates always in flight the mean latency is concurrency /
rate by construction (Little's law), so this loop's latencies
describe saturation, not the latency at a given rate.

Open loop, the latency at a given rate: updates are offered at a fixed `--rate`, whatever the replies:
update k is due at start + k / rate. One scheduler sleeps until the next due time and launches that update
as a task of its own; if it falls behind, it sends at once (never skips) and the lag is recorded. Each
update goes to the next chat that has none in flight (round robin over `--users` chats), over an idle
keep-alive connection to its instance (a new one if none is idle). OPEN_WARM_UP seconds at the rate are not
measured, then `--open-seconds` are. Latency = reply arrival at the fake - the update's scheduled send
time, not the actual one: a generator running late counts against the result (the conservative choice).
Achieved rate = replies that reached the fake within the measured window, per second. Should every chat
have an update in flight (replies slower than users / rate), the next update waits for a free chat, and
that lag is reported apart from a generator too slow to keep up.

Errors, in both loops: a status other than 200, a failed connection, or no reply within REPLY_TIMEOUT.

The generator shares the machine with what it measures, so it is kept cheap: HTTP/1.1 keep-alive
connections on asyncio streams, request bytes built by hand, no HTTP library on the hot path, and the event
stream is read the same way. For the open loop the generator's heap is frozen (gc.freeze), so that its
own full garbage collections do not stall the schedule. A CPU table shows where the CPU goes over the
closed loop's measured window: per answered update, the bot processes, the fake, PostgreSQL (every process
named postgres*), the generator itself and the whole machine, and how busy the machine was (100 % = every
core busy). A busy machine means the numbers measure the machine, not just the bot.

Targets (Production issue): one instance >= 500 updates/s with p99 < 100 ms and 0 errors; two
instances >= 1.6 x one instance. Which loop checks which: one instance >= 500/s, the closed loop's
maximum rate and the open loop achieving the offered 500/s; p99 < 100 ms, the open loop at 500/s offered;
two instances >= 1.6 x one, the closed loop's maximum rates; 0 errors, both loops.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
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
from collections import Counter, deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
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

from bot.diary.checkin import checkin_prompt  # noqa: E402
from bot.fake_telegram import FakeTelegram  # noqa: E402
from bot.webhook import SECRET_HEADER  # noqa: E402
from storage.db import create_engine, create_session_factory, transaction  # noqa: E402
from storage.migrate import upgrade_schema  # noqa: E402
from storage.models import User  # noqa: E402

BOT_COMMAND = [sys.executable, "-m", "bot", "--webhook"]
ECHO_COMMAND = [sys.executable, "-m", "bench.echo_webhook"]  # the baseline: a bare PTB webhook echo bot
ECHO = "bare PTB echo (baseline)"
# `python -m bot` under cProfile timing CPU time: on a busy machine, wall time blames whatever function was
# running when the process was preempted (socket.send showed 10 ms a call).
# Profiling starts once start-up is over (the safety screen and the catalogs take ~15 s of CPU, several times the
# CPU of the measured window), so the file holds the serving process only.
PROFILE_RUNNER = """import cProfile, runpy, sys, time
import bot.app
out = sys.argv.pop(1)
profiler = cProfile.Profile(time.process_time)
started_up = bot.app.freeze_startup_objects
def freeze_then_profile():
    started_up()
    profiler.enable()
bot.app.freeze_startup_objects = freeze_then_profile
try:
    runpy.run_module("bot", run_name="__main__", alter_sys=True)
finally:
    profiler.disable()
    profiler.dump_stats(out)
"""
TOKEN = "123456789:AAHfakeTokenForTheWebhookLoadBench000"
SECRET = "load-bench-secret"
LOOPBACK = "127.0.0.1"
FIRST_USER = 70_000
# One person's round, step by step: (kind, the text sent) or, for a button, (kind, the pattern its
# callback data matches); a press picks one of the matching buttons on the newest bot message with one.
ROUND: list[tuple[str, str]] = [
    ("diary", "/log"),
    ("diary button", r"log:now:"),
    ("diary button", r"log:i:\w+:([7-9]|10)$"),  # severe: the red-flag questions come next
    ("diary button", r"log:none:"),  # none applies: the attack is saved
    ("diary button", r"atk:end:"),
    ("diary button", r"atk:en:\d+:0$"),  # ended just now, so the next /log starts afresh
    ("check-in", ""),
    ("lessons", "/lessons"),
    ("lesson button", r"lesson:mod:"),
    ("lesson button", r"lesson:open:"),
    ("lesson button", r"lesson:go:"),
    ("stats", "/stats"),
    ("free text", ""),
    # Only when the bot's newest message asks a safety question (the second opinion asks about fever and a
    # stiff neck after "sleep and headaches"): answered "no", as a person would. Left unanswered, the question
    # kept the chat's safety dialog open, every later /log of that chat met "You're in the middle of another
    # step", and its five diary presses were skipped: 335-555 skipped presses a run.
    ("safety answer", r"sf:n:"),
]
OPTIONAL = frozenset({"safety answer"})  # steps that are no step when the bot did not ask: never counted skipped
FREE_TEXT = ["what helps a migraine", "is coffee a trigger", "aura", "sleep and headaches", "hello"]
CHECKIN_DAYS = 5  # a check-in answered is for one of the last few days
REPLY_TIMEOUT = 10.0
START_TIMEOUT = 240.0  # start-up builds the safety screen (about 12 s of CPU): minutes on a shared, busy machine
WARM_UP = 200  # closed loop: unmeasured updates first
OPEN_WARM_UP = 2.0  # open loop: unmeasured seconds at the offered rate first
MAX_LAG = 0.050  # open loop: a generator further behind schedule cannot keep up; the result is not trustworthy
TARGET_RATE = 500.0
TARGET_P99_MS = 100.0
TARGET_SCALING = 1.6
NOTES = """
Closed loop: {concurrency} virtual users with one update in flight each: the most updates per second answered.
Its latency is high by construction (mean = updates in flight / rate), so its p99 checks no target.
Open loop: updates offered at a fixed rate, whatever the replies. Latency = reply at the fake - scheduled send
time, so a generator running late counts against the bot. Achieved = replies reaching the fake per second of
the measured window. Max lag = how late an update was sent, at most (waiting for a free chat included).
Which loop checks which target:
  one instance >= {r}/s        x {r}/s in the closed loop; x offered in the open loop at {r}/s offered
  p99 < {p} ms                 x p99 in the open loop at {r}/s offered
  two instances >= {s} x one   x {s} one in the closed loop
  0 errors                     errors in both loops
x {r}/s = upd/s / {r}; x {s} one = two instances' upd/s / ({s} x one instance's on PostgreSQL);
x offered = achieved / offered; x p99 = {p} ms / p99. >= 1.00 meets a target.
CPU ms per update (closed loop only): user + system CPU time over the closed loop's measured window per
answered update, of all bot processes, the fake, every process named postgres* (other clients' queries
included), this load generator, and the whole machine (all cores' time not idle or iowait, whoever used it);
other = machine - the four before it (the kernel's network work, other programs). Echo / bot = the bare
PTB echo bot's CPU per update / this bot's (bot processes only): the share of the echo's efficiency the
full bot keeps (issue 16 asks >= 0.5); steadier on a shared machine than / echo, the ratio of the rates
(both bots' scenarios run the same mix on the same harness, the echo first). Machine busy: that time
as a share of all {cpus} CPUs' time in the window; near 100 % the machine is saturated and the rate measures
the machine as much as the bot. Load average {load:.1f} at the end."""


def percentile_ms(latencies: list[float], q: float) -> float:
    """A latency percentile in milliseconds, q in thousandths (0.99 for p99); NaN with under two latencies."""
    if len(latencies) < 2:
        return float("nan")
    return statistics.quantiles(latencies, n=1000)[round(q * 1000) - 1] * 1000


@dataclass
class Result:
    """One scenario's measurements: the closed loop's here, the open loop's in `open_loop`."""

    name: str
    instances: int
    done: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    cpu: CpuUse | None = None  # while measuring
    open_loop: OpenResult | None = None
    kinds: Counter[str] = field(default_factory=Counter)  # updates sent by kind, both loops and warm-ups
    skipped: int = 0  # presses with no such button on the screen (see ROUND)
    skipped_steps: Counter[str] = field(default_factory=Counter)  # the same, by the press's pattern

    @property
    def rate(self) -> float:
        """Updates answered per second."""
        return self.done / self.seconds if self.seconds else 0.0


@dataclass
class OpenResult:
    """One scenario's open-loop measurements: updates offered at a fixed rate, whatever the replies."""

    offered: float  # updates per second
    seconds: float  # the measured window
    chats: int  # the updates go round robin over this many chats, one update in flight per chat at most
    answered: int = 0  # replies that reached the fake within the window (to updates of the warm-up too)
    errors: int = 0  # of the updates due in the window
    latencies: list[float] = field(default_factory=list)  # of the updates due in the window: reply - due time
    max_lag: float = 0.0  # how late the generator sent an update due in the window, at most
    no_free_chat: int = 0  # updates due in the window that waited for a chat because all had one in flight

    @property
    def achieved(self) -> float:
        """Replies per second that reached the fake within the measured window."""
        return self.answered / self.seconds


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
    # Limits lifted: this measures how many updates the bot can answer, not Telegram's 30 messages a second.
    command = [sys.executable, "-m", "bot.fake_telegram.http", "--port", str(port), "--no-limits"]
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
    count: int,
    database_url: str,
    fake_root: str,
    folder: Path,
    *,
    echo: bool = False,
    profile: Path | None = None,
    chart_cache: bool = True,
) -> AsyncIterator[tuple[list[str], list[int]]]:
    """Start `count` webhook instances on one token and one database; yield their webhook URLs and pids.

    With `echo`, the instances are the baseline echo bot (bench/echo_webhook.py; no database, no /healthz).
    With `profile`, the first instance runs under cProfile and writes its statistics there when it stops.
    Without `chart_cache`, every /stats draws its chart (STATS_CHART_CACHE=0).
    """
    processes: list[subprocess.Popen[bytes]] = []
    urls: list[str] = []
    try:
        for index in range(count):
            port, internal_port = free_port(), free_port()
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
                "INTERNAL_PORT": str(internal_port),
                "TELEGRAM_OVERALL_MAX_RATE": "0",  # the fake has no flood limit; measure the bot
                "LOG_LEVEL": "WARNING",
                **({} if chart_cache else {"STATS_CHART_CACHE": "0"}),
            }
            log_path = folder / f"bot-{index}.log"
            with log_path.open("wb") as log:
                command = ECHO_COMMAND if echo else BOT_COMMAND
                if profile is not None and not echo and index == 0:  # written when the process exits
                    command = [sys.executable, "-c", PROFILE_RUNNER, str(profile), *command[3:]]
                process = subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
            processes.append(process)
            urls.append(f"http://{LOOPBACK}:{port}/telegram")
            if echo:  # PTB's webhook server answers a GET with 405: any answer means it listens
                await wait_until_up(urls[-1], process, log_path, any_answer=True)
            else:
                await wait_until_up(f"http://{LOOPBACK}:{internal_port}/healthz", process, log_path)
        yield urls, [process.pid for process in processes]
    finally:
        for process in processes:
            await stop(process)


async def wait_until_up(
    url: str, process: subprocess.Popen[bytes], log_path: Path, *, any_answer: bool = False
) -> None:
    """Poll `url` until it answers 200 (any status with `any_answer`); give up with the log after START_TIMEOUT."""
    deadline = time.monotonic() + START_TIMEOUT
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"process exited ({process.returncode}):\n{log_path.read_text()[-3000:]}")
            with contextlib.suppress(httpx.TransportError):
                if (await client.get(url, timeout=2.0)).status_code == 200 or any_answer:
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

    def __init__(self, url: str, headers: dict[str, str], *, max_idle: float | None = None) -> None:
        # A connection idle for longer than max_idle is replaced before use: the server may be closing it
        # (its idle timeout) just as the request goes out, which would read as a reset, not an answer.
        self.max_idle = max_idle
        self.used_at = 0.0
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
        return (await self.exchange(body))[0]

    async def exchange(self, body: bytes) -> tuple[int, bytes]:
        """POST `body` and return the response's status and body; fails as `post` does."""
        idle = self.max_idle is not None and time.monotonic() - self.used_at > self.max_idle
        if self.streams is None or self.streams[0].at_eof() or idle:
            self.close()
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        try:
            writer.write(b"%s%d\r\n\r\n%s" % (self.head, len(body), body))
            await writer.drain()
            status, headers, keep_alive = await read_head(reader)
            answer = b"".join([chunk async for chunk in read_body(reader, status, headers)])
        except BaseException:  # failed, timed out or cancelled mid-exchange: the connection is unusable
            self.close()
            raise
        if not keep_alive:
            self.close()
        self.used_at = time.monotonic()
        return status, answer

    def close(self) -> None:
        """Close the connection, if open."""
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


# --- the load -------------------------------------------------------------------------------------


class Replies:
    """Bot messages and edits as the fake streams them, queued per chat."""

    def __init__(self) -> None:
        self.by_chat: dict[int, deque[float]] = {}
        self.arrived: dict[int, asyncio.Event] = {}

    def expect(self, chat_id: int) -> None:
        """Forget what the chat got so far: the next message answers the next update."""
        self.by_chat[chat_id] = deque()
        self.arrived.setdefault(chat_id, asyncio.Event()).clear()

    async def next(self, chat_id: int) -> float:
        """The arrival time of the chat's next bot message or edit (TimeoutError after REPLY_TIMEOUT)."""
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
                    if stamp["event"] != "deleted" and chat_id in self.by_chat:
                        self.by_chat[chat_id].append(stamp["at"])
                        self.arrived[chat_id].set()
        finally:
            writer.close()


class Traffic:
    """What a scenario's two loops share: one stream of updates (each chat's ROUND) and the replies to them."""

    def __init__(self, fake_root: str, *, echo: bool, skip: frozenset[str] = frozenset()) -> None:
        self.press_url = f"{fake_root}/fake/press"
        self.reply_url = f"{fake_root}/fake/webhook-reply"
        self.round = [(kind, what) for kind, what in ROUND if kind not in skip]
        self.echo = echo  # the echo's messages have no buttons: its presses are forged on its newest message
        # Only builds the message updates' JSON; the fake that serves the Bot API is another process.
        self.fake = FakeTelegram()
        self.rng = random.Random(7)
        self.replies = Replies()
        self.step: dict[int, int] = {}  # each chat's next step in ROUND
        self.kinds: Counter[str] = Counter()
        self.skipped = 0
        self.skipped_steps: Counter[str] = Counter()  # by the press's pattern: which step found no button
        self.idle: list[KeepAliveClient] = []  # connections to the fake's /fake/press
        self.idle_replies: list[KeepAliveClient] = []  # and to its /fake/webhook-reply
        self.checkins: dict[date, tuple[str, dict[str, Any]]] = {}

    async def body(self, chat_id: int) -> bytes:
        """The chat's next update, as the webhook's request body; a press with no button skips to the next step."""
        steps = self.round
        if chat_id not in self.step:  # a random step, moved back to the command that begins its flow
            start = self.rng.randrange(len(steps))
            while start and steps[start][0].endswith("button"):
                start -= 1
            self.step[chat_id] = start
        while True:  # ends: a step that sends text always has an update
            step = self.step[chat_id]
            self.step[chat_id] = (step + 1) % len(steps)
            kind, what = steps[step]
            if kind in OPTIONAL:  # the newest message only: an answered question leaves its buttons behind
                body = await self.press({"user_id": chat_id, "pattern": what, "newest": True})
            elif kind.endswith("button"):
                spec = {"user_id": chat_id, "pattern": what, "pick": self.rng.randrange(1 << 16)}
                body = await self.press(spec | {"forge": self.echo, "forge_data": "echo"})
            elif kind == "check-in":
                body = await self.press(self.checkin_answer(chat_id))
            else:
                text = self.rng.choice(FREE_TEXT) if kind == "free text" else what
                body = json.dumps(self.fake.user_sends(chat_id, text)).encode()
            if body is not None:
                self.kinds[kind] += 1
                return body
            if kind not in OPTIONAL:
                self.skipped += 1
                self.skipped_steps[what] += 1

    def checkin_answer(self, chat_id: int) -> dict[str, Any]:
        """A press of "no headache" on one of the last days' check-in messages, put in the chat first."""
        day = datetime.now(UTC).date() - timedelta(days=self.rng.randrange(CHECKIN_DAYS))
        if day not in self.checkins:
            text, markup = checkin_prompt(day, "en")
            self.checkins[day] = text, markup.to_dict()
        text, keyboard = self.checkins[day]
        message = {"text": text, "reply_markup": keyboard}
        return {"user_id": chat_id, "message": message, "data": f"ci:none:{day.isoformat()}"}

    async def press(self, spec: dict[str, Any]) -> bytes | None:
        """The update the fake builds for a press (POST /fake/press); None if there is no such button."""
        client = self.idle.pop() if self.idle else KeepAliveClient(self.press_url, {})
        try:
            status, answer = await client.exchange(json.dumps(spec).encode())
        finally:
            self.idle.append(client)
        if status == 404:
            return None
        if status != 200:
            raise HttpError(f"/fake/press answered {status}")
        return answer

    async def carry_out(self, reply: bytes) -> None:
        """Have the fake carry out the method the bot put in its reply to an update, if any, as Telegram does."""
        if not reply:
            return
        client = self.idle_replies.pop() if self.idle_replies else KeepAliveClient(self.reply_url, {})
        try:
            status = await client.post(reply)
        finally:
            self.idle_replies.append(client)
        if status != 204:
            raise HttpError(f"/fake/webhook-reply answered {status}")

    def close(self) -> None:
        """Close the connections to the fake."""
        for client in self.idle + self.idle_replies:
            client.close()


@asynccontextmanager
async def traffic(fake_root: str, *, echo: bool, skip: frozenset[str]) -> AsyncIterator[Traffic]:
    """A fresh Traffic whose replies follow the fake's event stream until the block ends."""
    load = Traffic(fake_root, echo=echo, skip=skip)
    follower = asyncio.create_task(load.replies.follow(fake_root))
    try:
        await asyncio.sleep(0.2)  # the event stream is open before the first update
        yield load
    finally:
        follower.cancel()
        with contextlib.suppress(asyncio.CancelledError, *HTTP_FAILURES):
            await follower
        load.close()


@dataclass
class Phase:
    """A budget of updates and a deadline shared by the virtual users; measured or not."""

    remaining: int
    deadline: float
    measured: bool


async def closed_loop(
    result: Result,
    urls: list[str],
    load: Traffic,
    *,
    updates: int,
    seconds: float,
    concurrency: int,
    users: int,
    cpu_of: dict[str, list[int]],
) -> None:
    """Send up to `updates` updates within `seconds`, `concurrency` at a time, and time each reply."""
    replies = load.replies
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
            try:
                async with asyncio.timeout(REPLY_TIMEOUT):
                    body = await load.body(chat_id)
                replies.expect(chat_id)
                started = time.monotonic()
                async with asyncio.timeout(REPLY_TIMEOUT):
                    status, reply = await client.exchange(body)
                if status != 200:
                    raise HttpError(f"the webhook answered {status}")
                await load.carry_out(reply)
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
    try:
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


async def open_loop(urls: list[str], load: Traffic, *, rate: float, seconds: float, users: int) -> OpenResult:
    """Offer updates at `rate` per second, OPEN_WARM_UP seconds unmeasured then `seconds` measured.

    Update k is due at start + k / rate and goes to instance k mod len(urls); it is sent at its due time or,
    if the generator is behind, at once, and never waits for earlier updates' replies. Latency runs from the
    due time, so a late send counts against the bot.
    """
    result = OpenResult(offered=rate, seconds=round(rate * seconds) / rate, chats=users)
    warm_up = round(rate * OPEN_WARM_UP)
    headers = {SECRET_HEADER: SECRET}
    idle: list[list[KeepAliveClient]] = [[] for _ in urls]  # per instance, connections with no request on
    free = deque(FIRST_USER + n for n in range(users))  # chats with no update in flight, longest free first
    freed = asyncio.Event()
    arrivals: list[float] = []  # every reply's arrival at the fake, warm-up included

    async def send(k: int, due: float, chat_id: int) -> None:
        if k >= warm_up:
            result.max_lag = max(result.max_lag, time.monotonic() - due)
        pool = idle[k % len(urls)]
        client = pool.pop() if pool else KeepAliveClient(urls[k % len(urls)], headers)
        try:
            try:
                async with asyncio.timeout(REPLY_TIMEOUT):
                    body = await load.body(chat_id)  # a press: one call to the fake, counted in the latency
                    load.replies.expect(chat_id)
                    status, reply = await client.exchange(body)
            finally:
                pool.append(client)  # reusable even after a failure: it reconnects on the next POST
            if status != 200:
                raise HttpError(f"the webhook answered {status}")
            await load.carry_out(reply)
            arrived = await load.replies.next(chat_id)
        except HTTP_FAILURES:  # TimeoutError, from either wait, is an OSError
            result.errors += k >= warm_up
            return
        finally:
            free.append(chat_id)
            freed.set()
        arrivals.append(arrived)
        if k >= warm_up:
            result.latencies.append(arrived - due)

    # Full collections of the generator's heap took 60-80 ms and stalled the schedule; frozen, they skip it.
    gc.collect()
    gc.freeze()
    start = time.monotonic()
    try:
        async with asyncio.TaskGroup() as tasks:
            for k in range(warm_up + round(rate * seconds)):
                due = start + k / rate
                if (ahead := due - time.monotonic()) > 0:
                    await asyncio.sleep(ahead)
                if not free:  # every chat has an update in flight: the bot is far behind
                    result.no_free_chat += k >= warm_up
                while not free:
                    freed.clear()
                    await freed.wait()
                tasks.create_task(send(k, due, free.popleft()))
    finally:
        gc.unfreeze()
        for pool in idle:
            for client in pool:
                client.close()
    window = start + warm_up / rate
    result.answered = sum(window <= arrived < window + result.seconds for arrived in arrivals)
    return result


async def scenario(
    name: str, instances: int, database_url: str, folder: Path, args: argparse.Namespace, *, echo: bool = False
) -> Result:
    """Run one scenario: fresh fake, N instances on `database_url`, the closed then the open loop, all stopped."""
    result = Result(name, instances)
    profile = args.profile
    if profile is not None:
        slug = "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())
        profile = profile.with_name(f"{profile.stem}-{slug}{profile.suffix}")
    async with (
        fake_api_process(folder) as (fake_root, fake_pid),
        bot_instances(
            instances, database_url, fake_root, folder, echo=echo, profile=profile, chart_cache=args.chart_cache
        ) as (urls, bot_pids),
        traffic(fake_root, echo=echo, skip=frozenset(args.skip)) as load,
    ):
        print(f"running: {name}: closed loop, {args.concurrency} in flight ...", file=sys.stderr)
        options = {"updates": args.updates, "seconds": args.seconds, "concurrency": args.concurrency}
        cpu_of = {"bot": bot_pids, "fake": [fake_pid]}
        await closed_loop(result, urls, load, users=args.closed_users, cpu_of=cpu_of, **options)
        if not args.closed_only:
            print(f"running: {name}: open loop, {args.rate:g} updates/s offered ...", file=sys.stderr)
            result.open_loop = await open_loop(urls, load, rate=args.rate, seconds=args.open_seconds, users=args.users)
        result.kinds, result.skipped, result.skipped_steps = load.kinds, load.skipped, load.skipped_steps
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
        # The baseline first, on the same harness: the full bot's rows print their ratio to it.
        results.append(
            await scenario(ECHO, 1, f"sqlite+aiosqlite:///{folder}/unused.db", Path(folder), args, echo=True)
        )
        if args.pg_url:
            for instances in (1, 2):
                if args.only and f"pg{instances}" not in args.only:
                    continue
                async with temporary_database(args.pg_url) as url:
                    await prepare(url, args.users)
                    name = f"{instances} instance{'s' * (instances > 1)}, PostgreSQL"
                    results.append(await scenario(name, instances, url, Path(folder), args))
        if not args.only or "sqlite" in args.only:
            sqlite = f"sqlite+aiosqlite:///{folder}/load.db"
            await prepare(sqlite, args.users)
            results.append(await scenario("1 instance, SQLite", 1, sqlite, Path(folder), args))
    return results


def print_tables(results: list[Result], concurrency: int) -> None:
    """Both loops' measurements and their ratio to the targets (>= 1.00 meets a target), then the CPU."""
    print_closed_loop(results, concurrency)
    print_open_loop(results)
    print_cpu(results)
    print_mix(results)
    print(
        NOTES.format(
            concurrency=concurrency, r=f"{TARGET_RATE:.0f}", p=f"{TARGET_P99_MS:.0f}", s=f"{TARGET_SCALING:g}",
            cpus=os.cpu_count(), load=os.getloadavg()[0],
        )
    )  # fmt: skip


def print_closed_loop(results: list[Result], concurrency: int) -> None:
    """The closed loop's table: the most updates per second."""
    one = next((r for r in results if r.instances == 1 and "PostgreSQL" in r.name), None)
    echo = next((r for r in results if r.name == ECHO), None)
    header = (
        f"{'scenario':26} {'updates':>8} {'upd/s':>7} {'x 500/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'errors':>6} {'x 1.6 one':>9} {'/ echo':>7}"
    )
    print(f"Closed loop, {concurrency} updates in flight: maximum throughput")
    print(header)
    print("-" * len(header))
    for r in results:
        scaling = f"{'':>9}"
        if r.instances == 2 and one is not None and one.rate:
            scaling = f"{r.rate / (TARGET_SCALING * one.rate):>9.2f}"
        to_echo = f"{r.rate / echo.rate:>7.2f}" if echo is not None and echo.rate and r is not echo else f"{'':>7}"
        print(
            f"{r.name:26} {r.done:>8,} {r.rate:>7.0f} {r.rate / TARGET_RATE:>8.2f} "
            f"{percentile_ms(r.latencies, 0.5):>7.1f} {percentile_ms(r.latencies, 0.99):>7.1f} {r.errors:>6} {scaling} "
            f"{to_echo}"
        )


def print_open_loop(results: list[Result]) -> None:
    """The open loop's table: latency at a fixed offered rate; then a warning per generator that fell behind."""
    header = (
        f"{'scenario':26} {'offered/s':>9} {'achieved/s':>10} {'x offered':>9} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'p99.9 ms':>8} {'x p99':>6} {'errors':>6} {'max lag ms':>10}"
    )
    print("\nOpen loop, fixed offered rate: latency at that rate")
    print(header)
    print("-" * len(header))
    for r in results:
        if (o := r.open_loop) is None:
            continue
        p99 = percentile_ms(o.latencies, 0.99)
        p999 = f"{percentile_ms(o.latencies, 0.999):>8.1f}" if len(o.latencies) >= 1000 else f"{'-':>8}"
        print(
            f"{r.name:26} {o.offered:>9.0f} {o.achieved:>10.0f} {o.achieved / o.offered:>9.2f} "
            f"{percentile_ms(o.latencies, 0.5):>7.1f} {p99:>7.1f} {p999} {TARGET_P99_MS / p99:>6.2f} {o.errors:>6} "
            f"{o.max_lag * 1000:>10.1f}"
        )
    for r in results:
        if (o := r.open_loop) is None:
            continue
        if o.no_free_chat:
            print(
                f"WARNING: {r.name}: {o.no_free_chat} updates were sent late because all {o.chats} chats had an "
                f"update in flight\n(replies took over {o.chats / o.offered:.2f} s); their lag is the bot's backlog."
            )
        elif o.max_lag > MAX_LAG:
            print(
                f"WARNING: {r.name}: the generator sent an update up to {o.max_lag * 1000:.0f} ms late (over "
                f"{MAX_LAG * 1000:.0f} ms):\nit could not keep up with the rate, so this row is not trustworthy."
            )


def print_cpu(results: list[Result]) -> None:
    """Where the CPU went over the closed loop's measured window, per answered update."""
    header = (
        f"{'scenario':26} {'bot':>7} {'fake':>7} {'PostgreSQL':>10} {'generator':>9} "
        f"{'machine':>8} {'other':>7} {'machine busy':>12} {'echo / bot':>10}"
    )
    print("\nCPU ms per update, over the closed loop's measured window")
    print(header)
    print("-" * (len(header) - 1))
    nan = float("nan")

    def bot_ms(r: Result) -> float:
        return r.cpu.bot * 1000 / r.done if r.cpu is not None and r.done else nan

    echo_ms = next((bot_ms(r) for r in results if r.name == ECHO), nan)
    for r in results:
        cpu = r.cpu or CpuUse(bot=nan, fake=nan, postgres=nan, generator=nan, machine=nan, busy_percent=nan)
        per_update = 1000 / r.done if r.done else nan
        other = cpu.machine - cpu.bot - cpu.fake - cpu.postgres - cpu.generator
        # Bot processes only (one instance's CPU per update, or two instances' together): the efficiency ratio.
        efficiency = f"{echo_ms / bot_ms(r):>10.2f}" if r.name != ECHO and bot_ms(r) else f"{'':>10}"
        print(
            f"{r.name:26} {cpu.bot * per_update:>7.2f} {cpu.fake * per_update:>7.2f} "
            f"{cpu.postgres * per_update:>10.2f} {cpu.generator * per_update:>9.2f} {cpu.machine * per_update:>8.2f} "
            f"{other * per_update:>7.2f} {cpu.busy_percent:>10.0f} % {efficiency}"
        )


def print_mix(results: list[Result]) -> None:
    """The updates each scenario sent, by kind (warm-ups and both loops), and the presses skipped."""
    print("\nUpdates sent, by kind (both loops, warm-ups included)")
    for r in results:
        total = sum(r.kinds.values()) or 1
        kinds = ", ".join(f"{kind} {100 * r.kinds[kind] / total:.0f} %" for kind in dict.fromkeys(k for k, _ in ROUND))
        steps = f" ({', '.join(f'{p} {n}' for p, n in r.skipped_steps.most_common())})" if r.skipped_steps else ""
        print(f"{r.name:26} {total:>7,}: {kinds}; skipped presses (no such button) {r.skipped}{steps}")


def main() -> None:
    """Parse the arguments, run the scenarios, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--updates", type=int, default=5000, help="per scenario, after the warm-up")
    parser.add_argument("--seconds", type=float, default=30.0, help="per scenario, at most")
    parser.add_argument("--concurrency", type=int, default=32, help="virtual users with one update in flight each")
    parser.add_argument("--users", type=int, default=640, help="chats, round robin in the open loop")
    parser.add_argument(
        "--closed-users", type=int, default=None, help="closed loop: chats shared out among the virtual users "
        "(default 4 each: every chat goes round its steps several times however slow the bot)",
    )  # fmt: skip
    parser.add_argument("--rate", type=float, default=TARGET_RATE, help="open loop: updates offered per second")
    parser.add_argument("--open-seconds", type=float, default=15.0, help="open loop: measured, after the warm-up")
    parser.add_argument("--pg-url", default=os.environ.get("TEST_DATABASE_URL"))
    parser.add_argument("--closed-only", action="store_true", help="skip the open loops (a brief run)")
    parser.add_argument(
        "--profile", type=Path, default=None, help="cProfile the full bot (first instance) into this file"
    )
    parser.add_argument(
        "--only", action="append", default=[], choices=["pg1", "pg2", "sqlite"],
        help="run only this full-bot scenario (repeatable; the echo baseline always runs first)",
    )  # fmt: skip
    parser.add_argument(
        "--no-chart-cache", dest="chart_cache", action="store_false",
        help="every /stats draws its chart: no picture from the bot's cache (STATS_CHART_CACHE=0)",
    )  # fmt: skip
    kinds = sorted({kind for kind, _ in ROUND})
    parser.add_argument(
        "--skip", action="append", default=[], choices=kinds, help="leave this kind of step out of the round"
    )
    args = parser.parse_args()
    args.users = max(1, min(args.users, 100_000))
    args.updates = max(1, min(args.updates, 100_000))
    args.seconds = max(1.0, min(args.seconds, 120.0))
    args.concurrency = max(1, min(args.concurrency, 256, args.users))
    args.closed_users = max(args.concurrency, min(args.closed_users or 4 * args.concurrency, args.users))
    args.rate = max(1.0, min(args.rate, 5000.0))
    args.open_seconds = max(1.0, min(args.open_seconds, 120.0))
    print_tables(asyncio.run(run(args)), args.concurrency)


if __name__ == "__main__":
    main()
