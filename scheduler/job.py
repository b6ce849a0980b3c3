"""The PTB JobQueue glue: ONE repeating APScheduler job runs the tick; the schedule lives in our tables.

No job per reminder: APScheduler's in-memory store cannot be shared between processes, a restart would
have to rebuild it, and its CronTrigger has open DST bugs. The tick itself is scheduler/engine.py.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram.ext import CallbackContext, Job, JobQueue

from scheduler.engine import TickReport

log = logging.getLogger(__name__)

JOB_NAME = "scheduler-tick"
Tick = Callable[[], Awaitable[TickReport]]


def schedule_ticks(job_queue: JobQueue[Any], tick: Tick, *, every_seconds: float) -> Job[Any]:
    """Run `tick` every `every_seconds` once the application starts; overlapping runs are skipped."""
    return job_queue.run_repeating(
        run_scheduled_tick,
        interval=every_seconds,
        first=every_seconds,
        data=tick,
        name=JOB_NAME,
        # A tick that outlasts the interval is not run twice at once; missed runs collapse into one.
        job_kwargs={"max_instances": 1, "coalesce": True, "misfire_grace_time": None},
    )


async def run_scheduled_tick(context: CallbackContext[Any, Any, Any, Any]) -> None:
    """Run one scheduler tick; a failure is logged and the next tick starts afresh."""
    job = context.job
    if job is None:
        return
    tick: Tick = job.data  # type: ignore[assignment]
    try:
        report = await tick()
    except Exception:
        log.exception("scheduler tick failed")
        return
    if report.batches or report.planned:
        log.info(
            "tick: sent=%d late=%d skipped=%d missed=%d waiting=%d retried=%d failed=%d blocked=%d",
            report.sent,
            report.late,
            report.skipped,
            report.missed,
            report.waiting,
            report.retried,
            report.failed,
            report.blocked,
        )
