"""Scale without more cores: 1, 2 and 4 webhook instances on PostgreSQL, each held to 0.25 of a core.

Run (as root, for the CPU quota): .venv/bin/python -m bench.scale [--seconds 40] [--users 16]
     [--quota 0.25] [--instances 1,2,4] [--rate 20] [--no-budget] [--profile] [--pg-url URL]

Each bot instance (`python -m bot --webhook`) runs in a cgroup of its own with a CPU quota of `--quota`
cores (cgroup v2 ``cpu.max``, else v1 ``cpu.cfs_quota_us``), as a container's CPU limit would; the
generator, the fake Bot API (in this process, over real HTTP) and PostgreSQL stay outside it. A quota
is only a cap: on a machine shared with other work the groups also get a large CPU weight, so that the
quota is what each instance gets (see SHARES_V1). Without a writable cgroup the benchmark stops with a
clear message (exit 2).

Throughput phase, per instance count: `--users` virtual people per instance in a closed loop (the same
load per instance at every count), each doing a realistic round over and over from a random first
activity: /log and button presses through the diary's attack logging to its end, a check-in answer (a
button on the day's check-in message), /lessons and two presses of lesson navigation, and /stats (its
text, then its chart). Each step waits for the bot's answer in that chat. The fake's flood limits are
lifted here (this measures CPU per update), but every message still reserves its slot in the shared
budget row at a budget too high to wait (1000/s). Result: steps per second; errors = non-200 answers or
no answer within REPLY_TIMEOUT, listed by step and cause. bench/scale_meter.py shows where the CPU went
(each instance against its quota, the generator and fake, PostgreSQL, the rest of the machine) and the
steps per instance CPU-second: when the instances did not get their quota, the ratio is the machine's.

Budget phase, with 4 instances: the fake enforces Telegram's limits, the bot is configured for `--rate`
messages a second overall (broadcasts `--rate` - 5), a broadcast to everyone (BROADCAST_RECIPIENTS
people plus the BUDGET_PEOPLE chatting) runs on all instances while people chat at a person's pace (a
step every 1.5 s each). Result: calls the fake refused (target 0), the most messages in any 1-second
window (target <= `--rate` + 1), and recipients who got the broadcast twice (target 0).

Targets (issue 16): 2 instances >= 1.8x one, 4 >= 3.4x one, 0 errors, 0 refusals, window <= rate + 1.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import contextlib
import itertools
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(REPO_ROOT), *(p for p in sys.path if Path(p or ".").resolve() != REPO_ROOT / "bench")]

import bench.load  # noqa: E402
from bench.load import (  # noqa: E402
    BOT_COMMAND,
    FIRST_USER,
    HTTP_FAILURES,
    LOOPBACK,
    SECRET,
    TOKEN,
    HttpError,
    KeepAliveClient,
    free_port,
    prepare,
    stop,
    temporary_database,
    wait_until_up,
)
from bench.scale_meter import CpuMeter, CpuShare  # noqa: E402
from bot.diary.checkin import checkin_prompt  # noqa: E402
from bot.fake_telegram import FakeTelegram, RateLimits  # noqa: E402
from bot.fake_telegram.http import FakeTelegramServer, SentStamp  # noqa: E402
from bot.fake_telegram.limits import Refusal  # noqa: E402
from bot.fake_telegram.methods import carry_out_webhook_reply  # noqa: E402
from bot.fake_telegram.records import SentMessage  # noqa: E402
from bot.webhook import SECRET_HEADER  # noqa: E402
from storage.broadcasts import Audience, BroadcastContent, create_broadcast  # noqa: E402
from storage.db import create_engine, create_session_factory, transaction  # noqa: E402

REPLY_TIMEOUT = 15.0
CHART_TIMEOUT = 60.0  # /stats: its chart after its text
# The instances close a keep-alive connection idle for WEBHOOK_TIMEOUT_SECONDS (10 s): reuse one only well before.
KEEP_ALIVE = 5.0
# An instance at 0.25 core on a busy machine takes minutes to import and start: wait_until_up's limit.
bench.load.START_TIMEOUT = 300.0
CGROUP_V2 = Path("/sys/fs/cgroup")
CGROUP_V1_CPU = Path("/sys/fs/cgroup/cpu")
PERIOD_US = 100_000
# A quota is a cap, not a reservation: on a machine shared with other work (other test runs), an
# instance in a group of default weight gets its share among every busy process, not its 0.25 core.
# A container's limit on a host with capacity to spare is a reservation too; these weights (8x the
# default) make the quota one here. The bench process (the generator and the fake) gets a group of the
# same weight and no quota, so that what it measures is not its own waiting for a CPU.
SHARES_V1 = 8192
WEIGHT_V2 = 800
BROADCAST_RECIPIENTS = 150  # people who only receive the broadcast; the BUDGET_PEOPLE chatting get it too
BUDGET_PEOPLE = 20
PERSON_PACE = 1.5  # seconds between one person's steps in the budget phase
# Buttons a person would not press in a round (they end it or go back, or are a heading the bot answers
# with no message: noop); the walk presses the others.
AVOID = (":cancel", ":back", ":d:", ":dy:", ":del", "consent", ":stop", ":undo", ":noop")
TARGETS = {2: 1.8, 4: 3.4}


# --- CPU quota --------------------------------------------------------------------------------------


class CpuQuota:
    """One cgroup per instance with `cores` of CPU; v2 cpu.max or v1 cpu.cfs_quota_us."""

    def __init__(self, cores: float) -> None:
        self.cores = cores
        self.made: list[Path] = []
        self._numbers = itertools.count()
        if (CGROUP_V2 / "cgroup.controllers").exists() and "cpu" in (CGROUP_V2 / "cgroup.controllers").read_text():
            self.root, self.version = CGROUP_V2, 2
        elif (CGROUP_V1_CPU / "cpu.cfs_quota_us").exists():
            self.root, self.version = CGROUP_V1_CPU, 1
        else:
            raise RuntimeError("no cgroup CPU controller (neither v2 cpu.max nor v1 cpu.cfs_quota_us)")

    def group(self, name: str, *, limited: bool = True) -> Path:
        """Create the cgroup `name` with the quota (none unless `limited`) and a large CPU weight, so that
        other work on the machine cannot take what the quota allows; PermissionError/OSError when not allowed."""
        path = self.root / f"mc_scale_{os.getpid()}_{next(self._numbers)}_{name}"
        path.mkdir()
        self.made.append(path)
        quota = int(self.cores * PERIOD_US)
        if self.version == 2:
            (path / "cpu.weight").write_text(str(WEIGHT_V2))
            if limited:
                (path / "cpu.max").write_text(f"{quota} {PERIOD_US}")
        else:
            (path / "cpu.shares").write_text(str(SHARES_V1))
            if limited:
                (path / "cpu.cfs_period_us").write_text(str(PERIOD_US))
                (path / "cpu.cfs_quota_us").write_text(str(quota))
        return path

    def enter(self, path: Path) -> None:
        """Move this process (all its threads) into `path`."""
        (path / "cgroup.procs").write_text(str(os.getpid()))

    def leave(self) -> None:
        """Move this process back to the root group, so that its own group can be removed."""
        (self.root / "cgroup.procs").write_text(str(os.getpid()))

    def describe(self) -> str:
        """How the quota is set, for the report."""
        if self.version == 2:
            return f"cgroup v2 {self.root}/mc_scale_*/cpu.max = '{int(self.cores * PERIOD_US)} {PERIOD_US}'"
        return (
            f"cgroup v1 {self.root}/mc_scale_*/cpu.cfs_quota_us = {int(self.cores * PERIOD_US)} (period {PERIOD_US}), "
            f"cpu.shares = {SHARES_V1}"
        )

    def throttled_seconds(self, path: Path) -> float:
        """How long the group was held back by its quota so far."""
        stat = dict(line.split() for line in (path / "cpu.stat").read_text().splitlines())
        if self.version == 2:
            return int(stat.get("throttled_usec", 0)) / 1e6
        return int(stat.get("throttled_time", 0)) / 1e9

    def remove(self) -> None:
        """Remove the groups (their processes have ended)."""
        for path in self.made:
            with contextlib.suppress(OSError):
                path.rmdir()


@asynccontextmanager
async def instances(
    count: int,
    phase: str,
    database_url: str,
    fake: FakeTelegramServer,
    folder: Path,
    quota: CpuQuota,
    profile: bool = False,
    **settings: str,
) -> AsyncIterator[tuple[list[str], list[Path], list[int]]]:
    """Start `count` webhook instances, each in its own CPU-quota cgroup from its first instruction; their
    logs are bot-`phase`-N.log in `folder`."""
    processes: list[subprocess.Popen[bytes]] = []
    urls: list[str] = []
    health: list[str] = []
    groups: list[Path] = []
    try:
        for index in range(count):
            port, internal_port = free_port(), free_port()
            group = quota.group(f"{phase}_{index}")
            groups.append(group)
            env = {
                "PATH": os.environ.get("PATH", ""),
                "PYTHONPATH": str(REPO_ROOT),
                "BOT_TOKEN": TOKEN,
                "DATABASE_URL": database_url,
                "TELEGRAM_API_BASE_URL": fake.base_url_for(f"i{index}"),
                "WEBHOOK_URL": f"http://{LOOPBACK}:{port}/telegram",
                "WEBHOOK_LISTEN": LOOPBACK,
                "WEBHOOK_PORT": str(port),
                "WEBHOOK_SECRET": SECRET,
                "INTERNAL_PORT": str(internal_port),  # /healthz and /metrics
                "OPERATOR_IDS": "999",
                "LOG_LEVEL": "WARNING",
                # 2 pools of 4 + 2: four instances open at most 48 connections of PostgreSQL's default 100
                # (the defaults, 2 x (8 + 4) each, would take 96); 16 updates in flight at 0.25 core are CPU-bound.
                "DATABASE_POOL_SIZE": "4",
                "DATABASE_MAX_OVERFLOW": "2",
                **settings,
            }
            procs = group / "cgroup.procs"

            def enter(procs: Path = procs) -> None:
                procs.write_text(str(os.getpid()))  # in the child, before exec: the whole bot is limited

            log_path = folder / f"bot-{phase}-{index}.log"
            command = BOT_COMMAND
            if profile and index == 0:  # cProfile writes bot-PHASE-0.prof when the instance exits
                command = [sys.executable, "-m", "cProfile", "-o", str(folder / f"bot-{phase}-0.prof"), *command[1:]]
            with log_path.open("wb") as log:
                process = subprocess.Popen(
                    command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT, preexec_fn=enter
                )
            processes.append(process)
            urls.append(f"http://{LOOPBACK}:{port}/telegram")
            health.append(f"http://{LOOPBACK}:{internal_port}/healthz")
        for index, process in enumerate(processes):
            url = health[index]
            await wait_until_up(url, process, folder / f"bot-{phase}-{index}.log")
        yield urls, groups, [process.pid for process in processes]
    finally:
        for process in processes:
            await stop(process)


# --- people -----------------------------------------------------------------------------------------


class Chats:
    """Bot messages and edits per chat, from the in-process fake's listener, with their arrival times."""

    def __init__(self, fake: FakeTelegram) -> None:
        self.events: dict[int, asyncio.Event] = {}
        self.counts: dict[int, int] = {}
        self.stamps: list[float] = []  # every message and edit, for the 1-second windows
        self.last: dict[int, SentMessage] = {}  # the newest message or edit per chat
        fake.listeners.append(self._seen)
        # A press whose screen is already shown is answered by an edit that Telegram (and the fake) refuses
        # as "not modified": the person sees no change, and that is the bot's whole answer. The fake has
        # no listener for refused calls, so its call log is tapped.
        record_call = fake.record_call

        def record(method: str, params: Any, uploads: Any, status: int, description: str | None = None) -> None:
            record_call(method, params, uploads, status, description)
            if method.lower().startswith("edit") and "not modified" in (description or ""):
                self._answered(int(params.get("chat_id", 0)))

        fake.record_call = record  # type: ignore[method-assign]

    def _seen(self, event: str, message: SentMessage) -> None:
        if event not in ("sent", "edited"):
            return
        self.stamps.append(time.monotonic())
        self.last[message.chat_id] = message
        self._answered(message.chat_id)

    def _answered(self, chat_id: int) -> None:
        self.counts[chat_id] = self.counts.get(chat_id, 0) + 1
        if (waiting := self.events.get(chat_id)) is not None:
            waiting.set()

    async def after(
        self, chat_id: int, seen: int, done: Callable[[SentMessage | None], bool] | None = None, *, timeout: float
    ) -> None:
        """Wait until the chat has more than `seen` bot messages and edits (and `done` is true of the newest)."""
        event = self.events.setdefault(chat_id, asyncio.Event())
        async with asyncio.timeout(timeout):
            while self.counts.get(chat_id, 0) <= seen or (done is not None and not done(self.last.get(chat_id))):
                event.clear()
                await event.wait()


@dataclass
class Tally:
    """Steps answered and errors, with the measured window."""

    steps: int = 0
    errors: int = 0
    seconds: float = 0.0
    by_kind: dict[str, int] = field(default_factory=dict)
    causes: dict[str, int] = field(default_factory=dict)  # "stats: no reply in 15 s" -> count
    latencies: dict[str, list[float]] = field(default_factory=dict)  # per kind, of the steps answered

    def error(self, kind: str, cause: str) -> None:
        """Count one failed step of `kind` and why it failed."""
        self.errors += 1
        key = f"{kind}: {cause}"
        self.causes[key] = self.causes.get(key, 0) + 1


class Person:
    """One virtual person: a chat, keep-alive connections to every instance, and a round of steps."""

    def __init__(
        self,
        chat_id: int,
        fake: FakeTelegram,
        chats: Chats,
        urls: list[str],
        rng: random.Random,
        balancer: Iterator[int],
    ) -> None:
        self.chat_id = chat_id
        self.balancer = balancer
        self.fake = fake
        self.chats = chats
        self.clients = [KeepAliveClient(url, {SECRET_HEADER: SECRET}, max_idle=KEEP_ALIVE) for url in urls]
        self.rng = rng
        self.steps = self.rounds()  # one walk across the warm-up and the measured window

    async def step(self, kind: str, update: dict[str, Any], tally: Tally | None) -> None:
        """POST one update (to the instance the shared round-robin balancer names) and wait for the bot's answer."""
        seen = self.chats.counts.get(self.chat_id, 0)
        client = self.clients[next(self.balancer) % len(self.clients)]
        cause = "webhook did not answer"
        started = time.monotonic()
        try:
            async with asyncio.timeout(REPLY_TIMEOUT):
                status, reply = await client.exchange(json.dumps(update).encode())
            if status != 200:
                cause = f"webhook answered {status}"
                raise HttpError(cause)
            await carry_out_webhook_reply(self.fake, reply)  # as Telegram does: a press's answer, say
            cause = f"no message or edit within {REPLY_TIMEOUT:g} s"
            await self.chats.after(self.chat_id, seen, timeout=REPLY_TIMEOUT)
            answered = time.monotonic()
            if kind == "stats":
                # /stats answers with its text, then renders and sends the chart (some hundred ms of CPU, so
                # seconds at a quarter core): the person has an answer, and their next step waits for the
                # chart, which is late only past CHART_TIMEOUT ("please wait", over the budget, has none).
                cause = f"no chart within {CHART_TIMEOUT:g} s"
                await self.chats.after(self.chat_id, seen, stats_done, timeout=CHART_TIMEOUT)
        except HTTP_FAILURES as error:
            if tally is not None:
                detail = cause if isinstance(error, TimeoutError | HttpError) else f"{type(error).__name__}"
                tally.error(f"{kind} ({what(update)})", detail)
            return
        if tally is not None:
            tally.steps += 1
            tally.by_kind[kind] = tally.by_kind.get(kind, 0) + 1
            tally.latencies.setdefault(kind, []).append(answered - started)
            if kind == "stats":
                tally.latencies.setdefault("stats chart", []).append(time.monotonic() - started)

    def press_newest(self, prefix: str) -> dict[str, Any] | None:
        """A press of a button whose data starts with `prefix` on the newest bot message that has one."""
        for message in reversed(self.fake.visible_messages(self.chat_id)):
            choices = [data for row in message.buttons for _label, data in row if data and data.startswith(prefix)]
            choices = [data for data in choices if not any(mark in data for mark in AVOID)]
            if choices:
                return self.fake.user_presses(self.chat_id, message.message_id, self.rng.choice(choices))
        return None

    def activities(self) -> list[list[tuple[str, Any]]]:
        """The activities of one round, each a list of steps built lazily (a press needs the last screen)."""
        diary = [("diary", lambda: self.fake.user_sends(self.chat_id, "/log"))]
        diary += [("diary button", lambda: self.press_newest("log:"))] * 6  # pressed through to the end
        lessons = [("lessons", lambda: self.fake.user_sends(self.chat_id, "/lessons"))]
        lessons += [("lesson button", lambda: self.press_newest("lesson:"))] * 2
        stats = [("stats", lambda: self.fake.user_sends(self.chat_id, "/stats"))]
        return [diary, [("check-in", self.checkin_answer)], lessons, stats]

    def rounds(self) -> Iterator[tuple[str, Any]]:
        """Rounds without end, the first from a random activity: a measured window then sees the round's mix
        whatever its length (all people starting with /log together would weigh a short window to the diary)."""
        activities = self.activities()
        for number in itertools.count(self.rng.randrange(len(activities))):
            yield from activities[number % len(activities)]

    def checkin_answer(self) -> dict[str, Any] | None:
        """Answer the day's check-in: its message (as the scheduler sends it) is put in the chat, then pressed."""
        day = datetime.now(UTC).date() - timedelta(days=self.rng.randrange(0, 5))
        text, markup = checkin_prompt(day, "en")
        keyboard = markup.to_dict()
        # Stored as the user's and then marked the bot's: the listener must not count it as a reply.
        content = {"text": text, "reply_markup": keyboard}
        stored = self.fake.store_message(self.fake.chats[self.chat_id], content, from_bot=False)
        stored.from_bot = True
        data = [b["callback_data"] for row in keyboard["inline_keyboard"] for b in row if "callback_data" in b]
        return self.fake.user_presses(self.chat_id, stored.raw["message_id"], self.rng.choice(data))

    async def loop(self, until: float, tally: Tally | None, pause: float = 0.0) -> None:
        """Walk the rounds until `until` (monotonic); steps with no button to press are skipped."""
        while time.monotonic() < until:
            kind, build = next(self.steps)
            update = build()
            if update is None:
                continue
            await self.step(kind, update, tally)
            if pause:
                await asyncio.sleep(pause)

    def close(self) -> None:
        """Close the connections."""
        for client in self.clients:
            client.close()


async def run_people(
    fake: FakeTelegram,
    chats: Chats,
    urls: list[str],
    users: int,
    seconds: float,
    warm_up: float,
    pause: float = 0.0,
    meter: CpuMeter | None = None,
) -> Tally:
    """`users` people doing rounds for warm_up (unmeasured) then `seconds` (measured, and metered) seconds."""
    rng = random.Random(16)
    # One round-robin over every request, as a load balancer does. (Each person's own turn, as before, sent
    # their /stats to the same instance every round, a round being 12 steps: the charts' CPU landed on
    # whichever instances the people's first turns happened to favour, and the rest waited for those.)
    balancer = itertools.count()
    people = [Person(FIRST_USER + n, fake, chats, urls, random.Random(rng.random()), balancer) for n in range(users)]
    for person in people:
        fake.add_user(person.chat_id)
    try:
        await asyncio.gather(*(p.loop(time.monotonic() + warm_up, None, pause) for p in people))
        tally = Tally()
        async with meter or contextlib.nullcontext():
            started = time.monotonic()
            await asyncio.gather(*(p.loop(started + seconds, tally, pause) for p in people))
            tally.seconds = time.monotonic() - started
        return tally
    finally:
        for person in people:
            person.close()


def stats_done(message: SentMessage | None) -> bool:
    """Whether /stats has answered in full: its chart, or a reply with no buttons (over its budget)."""
    return message is not None and (message.kind == "photo" or not message.buttons)


def what(update: dict[str, Any]) -> str:
    """A step's command or its button's data up to the second ':' (no ids), for the error table."""
    if (query := update.get("callback_query")) is not None:
        return ":".join(str(query.get("data", "")).split(":")[:2])
    return str(update.get("message", {}).get("text", "")).split(" ")[0]


def refused_by(refusals: list[Refusal]) -> str:
    """Which limits the refused calls were over, and their methods: ': private chat sendPhoto 1'."""
    kinds = Counter(f"{refusal.limit} {refusal.method}" for refusal in refusals)
    return "".join(f": {kind} {count}" for kind, count in sorted(kinds.items()))


def busiest_window(fake: FakeTelegram, stamps: list[SentStamp]) -> str:
    """What the busiest second held: messages per instance, broadcast or not, and its smallest gap."""
    ordered = sorted(stamps, key=lambda stamp: stamp.at)
    times = [stamp.at for stamp in ordered]
    if not times:
        return "nothing"
    start = max(range(len(times)), key=lambda i: bisect.bisect_right(times, times[i] + 1.0) - i)
    window = ordered[start : bisect.bisect_right(times, times[start] + 1.0)]
    vias = Counter(stamp.via for stamp in window)
    news = 0
    for stamp in window:
        message = fake.chats[stamp.chat_id].messages.get(stamp.message_id)
        news += message is not None and message.raw.get("text") == "Clinic news"
    gaps = [later.at - earlier.at for earlier, later in itertools.pairwise(window)]
    per = ", ".join(f"{via} {count}" for via, count in sorted(vias.items()))
    return f"{per}; broadcast {news}, others {len(window) - news}; smallest gap {min(gaps, default=0) * 1000:.0f} ms"


def busiest_second(stamps: list[float]) -> int:
    """The most stamps in any window of one second."""
    ordered = sorted(stamps)
    return max((bisect.bisect_right(ordered, t + 1.0) - i for i, t in enumerate(ordered)), default=0)


# --- scenarios --------------------------------------------------------------------------------------


@dataclass
class Throughput:
    """One instance count's throughput phase."""

    instances: int
    tally: Tally
    throttled: float
    cpu: CpuShare

    @property
    def rate(self) -> float:
        """Steps answered per second."""
        return self.tally.steps / self.tally.seconds if self.tally.seconds else 0.0


async def throughput(count: int, pg_url: str, quota: CpuQuota, folder: Path, args: argparse.Namespace) -> Throughput:
    """The throughput phase for `count` instances on a fresh database, the fake's limits lifted."""
    async with temporary_database(pg_url) as url:
        await prepare(url, args.users * count)
        fake = FakeTelegram(limits=None)
        chats = Chats(fake)
        # Every message still reserves a slot in the shared budget, at a rate too high to wait for.
        budget = {"TELEGRAM_OVERALL_MAX_RATE": "1000", "BROADCAST_RATE_PER_SECOND": "1000"}
        async with (
            FakeTelegramServer(fake) as server,
            instances(count, str(count), url, server, folder, quota, args.profile, **budget) as (urls, groups, pids),
        ):
            before = sum(quota.throttled_seconds(g) for g in groups)
            meter = CpuMeter(url, pids)
            tally = await run_people(fake, chats, urls, args.users * count, args.seconds, args.warm_up, meter=meter)
            throttled = sum(quota.throttled_seconds(g) for g in groups) - before
    return Throughput(count, tally, throttled, meter.share)


@dataclass
class Budget:
    """The budget phase's outcome."""

    refusals: int
    refused: str  # which limits and methods, when any
    busiest: int
    messages: int
    broadcast_reached: int  # distinct chats that got the broadcast
    broadcast_recipients: int  # deliveries the broadcast was created with (everyone: chatting people too)
    broadcast_twice: int  # chats that got it more than once (target 0)
    tally: Tally
    cpu: CpuShare
    fullest: str  # what the busiest second held


async def budget_phase(pg_url: str, quota: CpuQuota, folder: Path, args: argparse.Namespace) -> Budget:
    """4 instances, the fake's limits on, a broadcast plus people chatting at a person's pace."""
    async with temporary_database(pg_url) as url:
        await prepare(url, BUDGET_PEOPLE + BROADCAST_RECIPIENTS)
        fake = FakeTelegram(limits=RateLimits())
        chats = Chats(fake)
        rates = {"TELEGRAM_OVERALL_MAX_RATE": str(args.rate), "BROADCAST_RATE_PER_SECOND": str(max(args.rate - 5, 1))}
        async with (
            FakeTelegramServer(fake) as server,
            instances(4, "budget", url, server, folder, quota, **rates) as (urls, _, pids),
        ):
            engine = create_engine(url)
            now = datetime.now(UTC)
            async with transaction(create_session_factory(engine)) as session:
                broadcast = await create_broadcast(
                    session=session, operator_id=999, content=BroadcastContent(text="Clinic news"),
                    audience=Audience.parse("all"), send_at=now, now=now,
                )  # fmt: skip
                recipients = broadcast.total
            await engine.dispose()
            chats.stamps.clear()
            meter = CpuMeter(url, pids)
            server.sent_log.clear()
            tally = await run_people(
                fake, chats, urls, BUDGET_PEOPLE, args.seconds, 2.0, pause=PERSON_PACE, meter=meter
            )
            fullest = busiest_window(fake, [s for s in server.sent_log if s.event in ("sent", "edited")])
            stamps = list(chats.stamps)
    assert fake.limits is not None
    # Per chat: a chat that got the broadcast twice would be a duplicate delivery across instances.
    got = Counter(
        call.params.get("chat_id")
        for call in fake.calls("sendMessage")
        if call.params.get("text") == "Clinic news" and call.ok
    )
    twice = sum(1 for count in got.values() if count > 1)
    return Budget(
        len(fake.limits.refusals),
        refused_by(fake.limits.refusals),
        busiest_second(stamps),
        len(stamps),
        len(got),
        recipients,
        twice,
        tally,
        meter.share,
        fullest,
    )


def load_average() -> str:
    """The machine's load averages (1, 5, 15 min) and core count."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


async def run(args: argparse.Namespace) -> int:
    """Run every phase and print the tables; 0 when every target is met, 1 if not, 2 if it cannot run."""
    pg_url = args.pg_url or os.environ.get("TEST_DATABASE_URL")
    if not pg_url:
        print("bench/scale.py needs PostgreSQL: pass --pg-url or set TEST_DATABASE_URL", file=sys.stderr)
        return 2
    try:
        quota = CpuQuota(args.quota)
        probe = quota.group("probe")
        quota.made.remove(probe)
        probe.rmdir()
    except (RuntimeError, OSError) as error:
        print(f"SKIPPED: cannot give each instance a CPU quota ({error}); run as root on Linux with cgroups.")
        return 2
    print(f"CPU quota per instance: {args.quota} core ({quota.describe()}); {load_average()} at start")
    folder = Path(args.folder or f"/tmp/mc_scale_{os.getpid()}")
    folder.mkdir(parents=True, exist_ok=True)
    results: list[Throughput] = []
    quota.enter(quota.group("bench", limited=False))
    try:
        for count in args.instances:
            people = args.users * count
            print(f"running: {count} instance(s), {people} people, {args.seconds:g} s ...", file=sys.stderr)
            results.append(await throughput(count, pg_url, quota, folder, args))
            done = results[-1]
            print(f"  {count}: {done.rate:.1f} steps/s, {done.tally.errors} errors", file=sys.stderr)
        budget = None
        if not args.no_budget:
            print("running: budget phase, 4 instances, limits on ...", file=sys.stderr)
            budget = await budget_phase(pg_url, quota, folder, args)
    finally:
        quota.leave()
        quota.remove()
    return report(results, budget, args)


def verdicts(results: list[Throughput], quota: float) -> list[str]:
    """Say plainly why a ratio target was missed: the bot's cost per step grew, or the CPU did not come.

    Steps per instance CPU-second that stay as they were at one instance mean the instances did not get
    in each other's way (no hot row, no shared lock): the rate then follows the CPU the instances got. A
    quota is a cap, and on a machine whose cores other work also wants the instances can get less.
    """
    if not results or not results[0].cpu.instances or not sum(results[0].cpu.instances):
        return []
    one = results[0]
    per_cpu_one = one.tally.steps / sum(one.cpu.instances)
    lines = []
    for result in results[1:]:
        target = TARGETS.get(result.instances)
        used = sum(result.cpu.instances)
        if target is None or not used or result.rate / one.rate >= target:
            continue
        per_cpu = result.tally.steps / used
        got = used / result.cpu.seconds / (result.instances * quota)
        estimate = per_cpu * result.instances * quota
        if per_cpu >= 0.9 * per_cpu_one:
            lines.append(
                f"NOT MET at {result.instances} instances. Each step cost the same CPU as at one instance "
                f"({per_cpu:.1f} steps per instance CPU-second, {per_cpu_one:.1f} at one), but the instances used "
                f"{got:.0%} of their {result.instances} x {quota:g} core while the machine had "
                f"{result.cpu.machine_idle:.2f} core idle and they waited runnable (see above): the rate "
                f"followed the CPU they got, and this machine did not give them their quota. With it, the rate "
                f"would have been about {estimate:.1f} steps/s ({estimate / one.rate:.2f}x one): an estimate "
                "from the measured cost, not a measurement."
            )
        else:
            lines.append(
                f"NOT MET at {result.instances} instances: each step cost more CPU than at one instance "
                f"({per_cpu:.1f} against {per_cpu_one:.1f} steps per instance CPU-second): the instances get in each "
                f"other's way (see PostgreSQL's waits), or each does more work alone."
            )
    return lines


def report(results: list[Throughput], budget: Budget | None, args: argparse.Namespace) -> int:
    """Print the tables; return 0 if every target is met, else 1."""
    ok = True
    base = results[0].rate if results else 0.0
    print("\n| instances | steps/s | x one | errors | throttled s | steps by kind |")
    print("|---|---|---|---|---|---|")
    for result in results:
        ratio = result.rate / base if base else 0.0
        target = TARGETS.get(result.instances)
        met = target is None or ratio >= target
        ok &= met and result.tally.errors == 0
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(result.tally.by_kind.items()))
        mark = "" if target is None else f" ({'>=' if met else '<'} {target})"
        print(
            f"| {result.instances} | {result.rate:.1f} | {ratio:.2f}{mark} | {result.tally.errors} "
            f"| {result.throttled:.1f} | {kinds} |"
        )
    for result in results:
        print(f"\n{result.instances} instance(s): {result.cpu.describe(args.quota)}")
        used = sum(result.cpu.instances)
        if used:
            print(f"  steps per instance CPU-second: {result.tally.steps / used:.1f}")
    for line in verdicts(results, args.quota):
        print(line)
    if results:
        print("\n| instances | step | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|")
        for result in results:
            for kind, times in sorted(result.tally.latencies.items()):
                ordered = sorted(times)
                p50, p99 = ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, len(ordered) * 99 // 100)]
                print(
                    f"| {result.instances} | {kind} | {p50 * 1000:.0f} | {p99 * 1000:.0f} | {ordered[-1] * 1000:.0f} |"
                )
    if budget is not None:
        ok &= report_budget(budget, args)
    causes = [
        (name, tally.causes)
        for name, tally in [
            *((f"{r.instances}", r.tally) for r in results),
            *([("budget", budget.tally)] if budget is not None else []),
        ]
        if tally.causes
    ]
    if causes:
        print("\n| phase | step (command or button) | cause | errors |\n|---|---|---|---|")
        for name, found in causes:
            for key, count in sorted(found.items()):
                step, _, cause = key.rpartition(": ")
                print(f"| {name} | {step} | {cause} | {count} |")
    print(f"\n{load_average()} at the end. {'All targets met.' if ok else 'Some targets NOT met.'}")
    return 0 if ok else 1


def report_budget(budget: Budget, args: argparse.Namespace) -> bool:
    """Print the budget phase's table; whether its targets are met."""
    window_ok = budget.busiest <= args.rate + 1
    ok = budget.refusals == 0 and window_ok and budget.tally.errors == 0 and budget.broadcast_twice == 0
    print("\n| budget phase (4 instances) | value | target |")
    print("|---|---|---|")
    print(f"| calls refused by the fake (429) | {budget.refusals}{budget.refused} | 0 |")
    print(f"| most messages in any 1 s | {budget.busiest}: {budget.fullest} | <= {args.rate + 1} |")
    print(f"| messages and edits | {budget.messages} | |")
    print(
        f"| broadcast: recipients reached (audience 'all': {BROADCAST_RECIPIENTS} quiet people and the "
        f"{BUDGET_PEOPLE} chatting) | {budget.broadcast_reached} of {budget.broadcast_recipients} | all |"
    )
    print(f"| broadcast: recipients who got it twice | {budget.broadcast_twice} | 0 |")
    print(f"| people's steps answered / errors | {budget.tally.steps} / {budget.tally.errors} | errors 0 |")
    print(f"\nbudget phase: {budget.cpu.describe(args.quota)}")
    return ok


def main() -> None:
    """Parse the command line and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=40.0, help="measured seconds per phase")
    parser.add_argument("--warm-up", type=float, default=5.0, help="unmeasured seconds first")
    parser.add_argument("--users", type=int, default=16, help="people per instance in the throughput phase")
    parser.add_argument("--quota", type=float, default=0.25, help="CPU cores per instance")
    parser.add_argument("--rate", type=int, default=20, help="configured overall messages/s in the budget phase")
    parser.add_argument("--instances", default="1,2,4", help="instance counts, comma-separated")
    parser.add_argument("--no-budget", action="store_true", help="skip the budget phase")
    parser.add_argument("--profile", action="store_true", help="cProfile the first instance of each phase")
    parser.add_argument("--pg-url", default=None)
    parser.add_argument("--folder", default=None, help="where the bot logs go (default: a /tmp folder)")
    args = parser.parse_args()
    args.instances = [int(n) for n in args.instances.split(",") if n]
    sys.exit(asyncio.run(run(args)))


if __name__ == "__main__":
    main()
