"""Where the CPU goes during one bench/scale.py phase: the instances, the generator and fake, PostgreSQL, the rest.

bench/scale.py holds each instance to a CPU quota; the generator, the fake Bot API (both in the bench's
process) and PostgreSQL share what is left of the machine with everything else running on it. When more
instances do not give proportionally more steps, this tells the two cases apart:

* each instance used its whole quota and the steps per instance CPU-second stayed the same: the bot
  scales, and the ratio is as good as the quota allows;
* the instances used less than their quota while the machine had no idle CPU left: the machine was the
  limit (the generator, the fake, PostgreSQL or other work took the rest), not the bot.

It also samples PostgreSQL's wait events for the phase's database, which shows a hot row (``Lock`` /
``transactionid`` or ``tuple``) if instances serialise on one.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

TICKS = os.sysconf("SC_CLK_TCK")
SAMPLE_SECONDS = 0.2


def process_cpu(pid: int) -> float:
    """CPU seconds a process (all its threads) used so far; 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def runqueue_wait(pid: int) -> float:
    """Seconds the process's threads spent runnable but not running so far (its quota's throttling included)."""
    total = 0
    for stat in Path(f"/proc/{pid}/task").glob("*/schedstat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            total += int(stat.read_text().split()[1])
    return total / 1e9


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, summed over cores."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    total = sum(values[:8])  # without guest time, which is counted in user already
    return (total - idle) / TICKS, total / TICKS


@dataclass
class CpuShare:
    """CPU seconds per consumer over one measured window, and PostgreSQL's wait events in it."""

    seconds: float = 0.0
    instances: list[float] = field(default_factory=list)
    waited: list[float] = field(default_factory=list)  # per instance: runnable, not running (quota or others)
    bench: float = 0.0  # the generator and the fake (this process)
    postgres: float = 0.0  # the phase database's backends
    machine_busy: float = 0.0
    machine_total: float = 0.0
    waits: Counter[str] = field(default_factory=Counter)  # "Lock/tuple" -> samples
    samples: int = 0
    locked: Counter[str] = field(default_factory=Counter)  # the statements that waited for a lock -> samples
    stall: float = 0.0  # the longest this process's event loop was late (the fake's time stamps are too)

    @property
    def machine_idle(self) -> float:
        """Cores idle on average over the window."""
        return (self.machine_total - self.machine_busy) / self.seconds if self.seconds else 0.0

    def describe(self, quota: float) -> str:
        """One line: cores used by each consumer and what PostgreSQL's backends waited on."""
        per = ", ".join(f"{c / self.seconds:.2f}" for c in self.instances) if self.seconds else ""
        others = self.machine_busy - sum(self.instances) - self.bench - self.postgres
        waits = ", ".join(f"{name} {count / max(self.samples, 1):.1f}" for name, count in self.waits.most_common(4))
        waited = ", ".join(f"{w / self.seconds:.2f}" for w in self.waited) if self.seconds else ""
        return (
            f"cores used: instances {per} (quota {quota:g} each; seconds runnable but waiting, per second: "
            f"{waited}); generator+fake {self.bench / self.seconds:.2f}; "
            f"PostgreSQL {self.postgres / self.seconds:.2f}; everything else {others / self.seconds:.2f}; "
            f"idle {self.machine_idle:.2f} of {os.cpu_count()}. PostgreSQL backends busy on average: "
            f"{waits or 'none'}{self._locks()}. The generator's and fake's longest stall: {self.stall * 1000:.0f} ms"
        )

    def _locks(self) -> str:
        """The statement that waited for a lock most often, if any."""
        if not self.locked:
            return ""
        query, count = self.locked.most_common(1)[0]
        return f" (waiting for a lock most: '{query}' in {count} of {self.samples} samples)"


class CpuMeter:
    """Measures a window: `async with CpuMeter(url, pids) as share:`; `share` is filled on exit."""

    def __init__(self, database_url: str, instance_pids: list[int]) -> None:
        self.url = make_url(database_url)
        self.pids = instance_pids
        self.share = CpuShare()
        self._backends: dict[int, float] = {}  # pid -> CPU at the start (0 for those that started later)
        self._sampler: asyncio.Task[None] | None = None

    async def __aenter__(self) -> CpuShare:
        self._engine = create_async_engine(self.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        self._start = time.monotonic()
        self._instances = [process_cpu(pid) for pid in self.pids]
        self._waited = [runqueue_wait(pid) for pid in self.pids]
        self._bench = time.process_time()
        self._machine = machine_cpu()
        for pid in await self._backend_pids():
            self._backends[pid] = process_cpu(pid)
        self._sampler = asyncio.create_task(self._sample())
        self._watch = asyncio.create_task(self._stalls())
        return self.share

    async def __aexit__(self, *exc: object) -> None:
        assert self._sampler is not None
        for task in (self._sampler, self._watch):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        share = self.share
        share.seconds = time.monotonic() - self._start
        share.instances = [process_cpu(pid) - was for pid, was in zip(self.pids, self._instances, strict=True)]
        share.waited = [runqueue_wait(pid) - was for pid, was in zip(self.pids, self._waited, strict=True)]
        share.bench = time.process_time() - self._bench
        busy, total = machine_cpu()
        share.machine_busy, share.machine_total = busy - self._machine[0], total - self._machine[1]
        for pid in await self._backend_pids():
            self._backends.setdefault(pid, 0.0)
        share.postgres = sum(max(process_cpu(pid) - was, 0.0) for pid, was in self._backends.items())
        await self._engine.dispose()

    async def _backend_pids(self) -> list[int]:
        async with self._engine.connect() as connection:
            rows = await connection.execute(
                text("SELECT pid FROM pg_stat_activity WHERE datname = :name"), {"name": self.url.database}
            )
            return [row.pid for row in rows]

    async def _stalls(self) -> None:
        """Note how late a 10 ms sleep wakes, at most: this process waiting for a CPU, or its loop busy."""
        while True:
            asked = time.monotonic()
            await asyncio.sleep(0.01)
            self.share.stall = max(self.share.stall, time.monotonic() - asked - 0.01)

    async def _sample(self) -> None:
        """Count what the phase database's busy backends wait on, every SAMPLE_SECONDS."""
        query = text(
            "SELECT coalesce(wait_event_type || '/' || wait_event, 'on CPU') AS what, pid, "
            "CASE WHEN wait_event_type = 'Lock' THEN left(regexp_replace(query, '\\s+', ' ', 'g'), 60) END AS query "
            "FROM pg_stat_activity "
            "WHERE datname = :name AND state = 'active' AND pid <> pg_backend_pid()"
        )
        async with self._engine.connect() as connection:
            while True:
                rows = (await connection.execute(query, {"name": self.url.database})).all()
                self.share.samples += 1
                self.share.waits.update(row.what for row in rows)
                self.share.locked.update(row.query for row in rows if row.query)
                for row in rows:
                    self._backends.setdefault(row.pid, 0.0)
                await asyncio.sleep(SAMPLE_SECONDS)
