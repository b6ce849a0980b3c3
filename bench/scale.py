"""Scale without more cores: 1, 2 and 4 webhook instances on PostgreSQL, each held to 0.25 of a core.

Run (as root, for the CPU quota): .venv/bin/python bench/scale.py [--seconds 20] [--users 64]
     [--quota 0.25] [--instances 1,2,4] [--rate 20] [--pg-url URL]

Each bot instance (`python -m bot --webhook`) runs in a cgroup of its own with a CPU quota of `--quota`
cores (cgroup v2 ``cpu.max``, else v1 ``cpu.cfs_quota_us``), as a container's CPU limit would; the
generator, the fake Bot API (in this process, over real HTTP) and PostgreSQL stay outside it. Without a
writable cgroup the benchmark stops with a clear message (exit 2).

Throughput phase, per instance count: `--users` virtual people in a closed loop, each doing a realistic
round over and over: /log and button presses through the diary's attack logging to its end, a check-in
answer (a button on the day's check-in message), /lessons and two presses of lesson navigation, and
/stats. Each step waits for the bot's message or edit in that chat. The fake's flood limits are lifted
here (this measures CPU per update), but every message still reserves its slot in the shared budget row
at a budget too high to wait (1000/s). Result: steps per second; errors = non-200 answers or no reply
within REPLY_TIMEOUT.

Budget phase, with 4 instances: the fake enforces Telegram's limits, the bot is configured for `--rate`
messages a second overall (broadcasts `--rate` - 5), a broadcast to BROADCAST_RECIPIENTS people runs on
all instances while people chat at a person's pace (a step every 1.5 s each). Result: calls the fake
refused (target 0) and the most messages in any 1-second window (target <= `--rate` + 1).

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
from collections.abc import AsyncIterator, Iterator
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
from bot.fake_telegram import FakeTelegram, RateLimits  # noqa: E402
from bot.fake_telegram.http import FakeTelegramServer  # noqa: E402
from bot.fake_telegram.records import SentMessage  # noqa: E402
from bot.handlers.checkin import checkin_prompt  # noqa: E402
from bot.webhook import SECRET_HEADER  # noqa: E402
from storage.broadcasts import Audience, BroadcastContent, create_broadcast  # noqa: E402
from storage.db import create_engine, create_session_factory, transaction  # noqa: E402

REPLY_TIMEOUT = 15.0
# An instance at 0.25 core on a busy machine takes minutes to import and start: wait_until_up's limit.
bench.load.START_TIMEOUT = 300.0
CGROUP_V2 = Path("/sys/fs/cgroup")
CGROUP_V1_CPU = Path("/sys/fs/cgroup/cpu")
PERIOD_US = 100_000
BROADCAST_RECIPIENTS = 150
PERSON_PACE = 1.5  # seconds between one person's steps in the budget phase
# Buttons a person would not press in a round (they end it or go back); the walk presses the others.
AVOID = (":cancel", ":back", ":d:", ":dy:", ":del", "consent", ":stop", ":undo")
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

    def group(self, name: str) -> Path:
        """Create the cgroup `name` with the quota; PermissionError/OSError when not allowed."""
        path = self.root / f"mc_scale_{os.getpid()}_{next(self._numbers)}_{name}"
        path.mkdir()
        self.made.append(path)
        quota = int(self.cores * PERIOD_US)
        if self.version == 2:
            (path / "cpu.max").write_text(f"{quota} {PERIOD_US}")
        else:
            (path / "cpu.cfs_period_us").write_text(str(PERIOD_US))
            (path / "cpu.cfs_quota_us").write_text(str(quota))
        return path

    def describe(self) -> str:
        """How the quota is set, for the report."""
        if self.version == 2:
            return f"cgroup v2 {self.root}/mc_scale_*/cpu.max = '{int(self.cores * PERIOD_US)} {PERIOD_US}'"
        return f"cgroup v1 {self.root}/mc_scale_*/cpu.cfs_quota_us = {int(self.cores * PERIOD_US)} (period {PERIOD_US})"

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
    count: int, database_url: str, fake: FakeTelegramServer, folder: Path, quota: CpuQuota, **settings: str
) -> AsyncIterator[tuple[list[str], list[Path]]]:
    """Start `count` webhook instances, each in its own CPU-quota cgroup from its first instruction."""
    processes: list[subprocess.Popen[bytes]] = []
    urls: list[str] = []
    health: list[str] = []
    groups: list[Path] = []
    try:
        for index in range(count):
            port, internal_port = free_port(), free_port()
            group = quota.group(f"{count}_{index}")
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
                **settings,
            }
            procs = group / "cgroup.procs"

            def enter(procs: Path = procs) -> None:
                procs.write_text(str(os.getpid()))  # in the child, before exec: the whole bot is limited

            log_path = folder / f"bot-{count}-{index}.log"
            with log_path.open("wb") as log:
                process = subprocess.Popen(
                    BOT_COMMAND, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT, preexec_fn=enter
                )
            processes.append(process)
            urls.append(f"http://{LOOPBACK}:{port}/telegram")
            health.append(f"http://{LOOPBACK}:{internal_port}/healthz")
        for index, process in enumerate(processes):
            url = health[index]
            await wait_until_up(url, process, folder / f"bot-{count}-{index}.log")
        yield urls, groups
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
        fake.listeners.append(self._seen)

    def _seen(self, event: str, message: SentMessage) -> None:
        if event not in ("sent", "edited"):
            return
        self.stamps.append(time.monotonic())
        self.counts[message.chat_id] = self.counts.get(message.chat_id, 0) + 1
        if (waiting := self.events.get(message.chat_id)) is not None:
            waiting.set()

    async def after(self, chat_id: int, seen: int) -> None:
        """Wait until the chat has more than `seen` bot messages and edits."""
        event = self.events.setdefault(chat_id, asyncio.Event())
        async with asyncio.timeout(REPLY_TIMEOUT):
            while self.counts.get(chat_id, 0) <= seen:
                event.clear()
                await event.wait()


@dataclass
class Tally:
    """Steps answered and errors, with the measured window."""

    steps: int = 0
    errors: int = 0
    seconds: float = 0.0
    by_kind: dict[str, int] = field(default_factory=dict)


class Person:
    """One virtual person: a chat, keep-alive connections to every instance, and a round of steps."""

    def __init__(self, chat_id: int, fake: FakeTelegram, chats: Chats, urls: list[str], rng: random.Random) -> None:
        self.chat_id = chat_id
        self.fake = fake
        self.chats = chats
        self.clients = [KeepAliveClient(url, {SECRET_HEADER: SECRET}) for url in urls]
        self.rng = rng
        self.turn = rng.randrange(len(urls))

    async def step(self, kind: str, update: dict[str, Any], tally: Tally | None) -> None:
        """POST one update (instances in turn, like a round-robin balancer) and wait for the bot's answer."""
        seen = self.chats.counts.get(self.chat_id, 0)
        client = self.clients[self.turn % len(self.clients)]
        self.turn += 1
        try:
            async with asyncio.timeout(REPLY_TIMEOUT):
                status = await client.post(json.dumps(update).encode())
            if status != 200:
                raise HttpError(f"the webhook answered {status}")
            await self.chats.after(self.chat_id, seen)
        except HTTP_FAILURES:
            if tally is not None:
                tally.errors += 1
            return
        if tally is not None:
            tally.steps += 1
            tally.by_kind[kind] = tally.by_kind.get(kind, 0) + 1

    def press_newest(self, prefix: str) -> dict[str, Any] | None:
        """A press of a button whose data starts with `prefix` on the newest bot message that has one."""
        for message in reversed(self.fake.visible_messages(self.chat_id)):
            choices = [data for row in message.buttons for _label, data in row if data and data.startswith(prefix)]
            choices = [data for data in choices if not any(mark in data for mark in AVOID)]
            if choices:
                return self.fake.user_presses(self.chat_id, message.message_id, self.rng.choice(choices))
        return None

    def rounds(self) -> Iterator[tuple[str, Any]]:
        """The steps of one round, built lazily (a press needs the screen the last step left)."""
        yield "diary", lambda: self.fake.user_sends(self.chat_id, "/log")
        for _ in range(6):  # the attack-logging screens, pressed through to the end
            yield "diary button", lambda: self.press_newest("log:")
        yield "check-in", self.checkin_answer
        yield "lessons", lambda: self.fake.user_sends(self.chat_id, "/lessons")
        for _ in range(2):
            yield "lesson button", lambda: self.press_newest("lesson:")
        yield "stats", lambda: self.fake.user_sends(self.chat_id, "/stats")

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
        """Do rounds until `until` (monotonic); steps with no button to press are skipped."""
        while time.monotonic() < until:
            for kind, build in self.rounds():
                if time.monotonic() >= until:
                    return
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
    fake: FakeTelegram, chats: Chats, urls: list[str], users: int, seconds: float, warm_up: float, pause: float = 0.0
) -> Tally:
    """`users` people doing rounds for warm_up (unmeasured) then `seconds` (measured) seconds."""
    rng = random.Random(16)
    people = [Person(FIRST_USER + n, fake, chats, urls, random.Random(rng.random())) for n in range(users)]
    for person in people:
        fake.add_user(person.chat_id)
    try:
        await asyncio.gather(*(p.loop(time.monotonic() + warm_up, None, pause) for p in people))
        tally = Tally()
        started = time.monotonic()
        await asyncio.gather(*(p.loop(started + seconds, tally, pause) for p in people))
        tally.seconds = time.monotonic() - started
        return tally
    finally:
        for person in people:
            person.close()


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

    @property
    def rate(self) -> float:
        """Steps answered per second."""
        return self.tally.steps / self.tally.seconds if self.tally.seconds else 0.0


async def throughput(count: int, pg_url: str, quota: CpuQuota, folder: Path, args: argparse.Namespace) -> Throughput:
    """The throughput phase for `count` instances on a fresh database, the fake's limits lifted."""
    async with temporary_database(pg_url) as url:
        await prepare(url, args.users)
        fake = FakeTelegram(limits=None)
        chats = Chats(fake)
        # Every message still reserves a slot in the shared budget, at a rate too high to wait for.
        budget = {"TELEGRAM_OVERALL_MAX_RATE": "1000", "BROADCAST_RATE_PER_SECOND": "1000"}
        async with FakeTelegramServer(fake) as server, instances(count, url, server, folder, quota, **budget) as (
            urls,
            groups,
        ):
            before = sum(quota.throttled_seconds(g) for g in groups)
            tally = await run_people(fake, chats, urls, args.users, args.seconds, args.warm_up)
            throttled = sum(quota.throttled_seconds(g) for g in groups) - before
    return Throughput(count, tally, throttled)


@dataclass
class Budget:
    """The budget phase's outcome."""

    refusals: int
    busiest: int
    messages: int
    broadcast_sent: int
    steps: int
    errors: int


async def budget_phase(pg_url: str, quota: CpuQuota, folder: Path, args: argparse.Namespace) -> Budget:
    """4 instances, the fake's limits on, a broadcast plus people chatting at a person's pace."""
    async with temporary_database(pg_url) as url:
        await prepare(url, args.users + BROADCAST_RECIPIENTS)
        fake = FakeTelegram(limits=RateLimits())
        chats = Chats(fake)
        rates = {"TELEGRAM_OVERALL_MAX_RATE": str(args.rate), "BROADCAST_RATE_PER_SECOND": str(max(args.rate - 5, 1))}
        async with FakeTelegramServer(fake) as server, instances(4, url, server, folder, quota, **rates) as (urls, _):
            engine = create_engine(url)
            now = datetime.now(UTC)
            async with transaction(create_session_factory(engine)) as session:
                await create_broadcast(
                    session=session, operator_id=999, content=BroadcastContent(text="Clinic news"),
                    audience=Audience.parse("all"), send_at=now, now=now,
                )  # fmt: skip
            await engine.dispose()
            chats.stamps.clear()
            tally = await run_people(fake, chats, urls, min(args.users, 20), args.seconds, 2.0, pause=PERSON_PACE)
            stamps = list(chats.stamps)
    assert fake.limits is not None
    sent = sum(1 for call in fake.calls("sendMessage") if call.params.get("text") == "Clinic news" and call.ok)
    return Budget(len(fake.limits.refusals), busiest_second(stamps), len(stamps), sent, tally.steps, tally.errors)


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
    try:
        for count in args.instances:
            print(f"running: {count} instance(s), {args.users} people, {args.seconds:g} s ...", file=sys.stderr)
            results.append(await throughput(count, pg_url, quota, folder, args))
            done = results[-1]
            print(f"  {count}: {done.rate:.1f} steps/s, {done.tally.errors} errors", file=sys.stderr)
        print("running: budget phase, 4 instances, limits on ...", file=sys.stderr)
        budget = await budget_phase(pg_url, quota, folder, args)
    finally:
        quota.remove()
    return report(results, budget, args)


def report(results: list[Throughput], budget: Budget, args: argparse.Namespace) -> int:
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
    window_ok = budget.busiest <= args.rate + 1
    ok &= budget.refusals == 0 and window_ok and budget.errors == 0
    print("\n| budget phase (4 instances) | value | target |")
    print("|---|---|---|")
    print(f"| calls refused by the fake (429) | {budget.refusals} | 0 |")
    print(f"| most messages in any 1 s | {budget.busiest} | <= {args.rate + 1} |")
    print(f"| messages and edits | {budget.messages} | |")
    print(f"| broadcast messages sent | {budget.broadcast_sent} of {BROADCAST_RECIPIENTS} | |")
    print(f"| people's steps answered / errors | {budget.steps} / {budget.errors} | errors 0 |")
    print(f"\n{load_average()} at the end. {'All targets met.' if ok else 'Some targets NOT met.'}")
    return 0 if ok else 1


def main() -> None:
    """Parse the command line and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per phase")
    parser.add_argument("--warm-up", type=float, default=5.0, help="unmeasured seconds first")
    parser.add_argument("--users", type=int, default=64, help="people in the throughput phase")
    parser.add_argument("--quota", type=float, default=0.25, help="CPU cores per instance")
    parser.add_argument("--rate", type=int, default=20, help="configured overall messages/s in the budget phase")
    parser.add_argument("--instances", default="1,2,4", help="instance counts, comma-separated")
    parser.add_argument("--pg-url", default=None)
    parser.add_argument("--folder", default=None, help="where the bot logs go (default: a /tmp folder)")
    args = parser.parse_args()
    args.instances = [int(n) for n in args.instances.split(",")]
    sys.exit(asyncio.run(run(args)))


if __name__ == "__main__":
    main()
