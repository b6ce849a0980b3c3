"""Wiring the broadcast worker into the application: built with the outbound Sender, run as one task.

The worker is a long-running task, not a repeating job: a broadcast of 100,000 at 25 per second runs
for over an hour, and a JobQueue job that long blocks `JobQueue.stop`. A one-shot job starts the task
when the application starts (run_polling, webhook mode and the sandbox; tests call the worker
themselves), through `Application.create_task`, so `Application.stop` awaits it in every mode. Once the
application stops running, the task stops the worker cleanly: nothing more is claimed, the sends in
flight get BROADCAST_STOP_GRACE_SECONDS to be answered, and their outcomes are recorded before it ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING, Any

from telegram.ext import CallbackContext, ExtBot

from bot.metrics import MeasuredSender, metrics_for
from bot.outbound import OutboundSender
from bot.outbound.broadcasts import TelegramOperatorNotifier, build_outbound_bot
from bot.outbound.scheduling import background_pacer
from bot.rate_budget import BudgetRateLimiter
from bot.services import Services
from scheduler.broadcast import BroadcastSending, BroadcastWorker
from scheduler.broadcast_pacing import Pacer
from scheduler.broadcast_progress import BroadcastNotifier
from scheduler.send_budget import Priority

if TYPE_CHECKING:
    from bot.context import BotApplication

log = logging.getLogger(__name__)

WORKER_KEY = "broadcast_worker"
_TASK_KEY = "broadcast_worker_task"
# How often the task checks whether the application is still running (PTB has no stop event to await).
WATCH_SECONDS = 0.25
SENDER_KEY = "sender"  # set by bot/outbound/scheduling.install_scheduler


def build_broadcast_worker(
    services: Services,
    *,
    sender: BroadcastSending,
    notifier: BroadcastNotifier | None,
    pacer: Pacer | None = None,
    **options: Any,
) -> BroadcastWorker:
    """Return a worker on the services' database and clock, paced at BROADCAST_RATE_PER_SECOND."""
    rate = services.settings.broadcast_rate_per_second
    options.setdefault("operator_ids", services.settings.operator_ids)
    return BroadcastWorker(
        sessions=services.sessions,
        sender=sender,
        clock=services.clock,
        pacer=pacer or background_pacer(services),
        notifier=notifier,
        default_zone=services.settings.default_timezone,
        rate_per_second=rate,
        **options,
    )


def install_broadcast_worker(application: BotApplication, services: Services, *, running: bool) -> BroadcastWorker:
    """Build the worker into services.extras["broadcast_worker"]; with `running`, start it with the application."""
    sender: OutboundSender = services.extras[SENDER_KEY]
    # Counted per outcome for /metrics; the notifier talks to the operator through the same outbound Bot.
    measured = MeasuredSender(sender, metrics_for(services))
    notifier = TelegramOperatorNotifier(notifier_bot(services, sender), services)
    worker = build_broadcast_worker(services, sender=measured, notifier=notifier)
    services.extras[WORKER_KEY] = worker
    if running and application.job_queue is not None:
        # No misfire grace: the job is due when built, and a start slower than APScheduler's default second
        # (migrations, a loaded machine) made it "missed", skipped, and the instance never sent a broadcast.
        application.job_queue.run_once(
            _start_worker, when=0, data=worker, name="broadcast-worker-start", job_kwargs={"misfire_grace_time": None}
        )
        previous = application.post_stop

        async def post_stop(app: Any) -> None:
            await stop_broadcast_worker(services)
            if previous is not None:
                await previous(app)

        application.post_stop = post_stop
    return worker


def notifier_bot(services: Services, sender: OutboundSender) -> ExtBot[None]:
    """The Bot that edits the operator's progress: the outbound one, budgeted on PostgreSQL.

    The outbound Bot's broadcasts already wait in the budget through their pacer, so with PostgreSQL
    the progress messages get a Bot of their own whose every message waits there too.
    """
    bot = sender.broadcasts.bot
    if services.budget is None:
        return bot
    # No retries in the limiter: it would sleep out a 429 inside the worker's pass. The ProgressReporter
    # retries in a task of its own (scheduler/broadcast_progress.py), each try reserving its slot again.
    # Per chat: the progress edits and the final summary go to one operator's chat, from every instance.
    limiter = BudgetRateLimiter(services.budget, priority=Priority.BACKGROUND, max_retries=0, per_chat=True)
    base_url = services.settings.telegram_api_base_url
    return build_outbound_bot(bot.token, base_url=base_url, request=bot.request, rate_limiter=limiter)


async def _start_worker(context: CallbackContext[Any, Any, Any, Any]) -> None:
    """Start the worker task (a job, so that it begins when the application does)."""
    job = context.job
    if job is None:
        return
    worker: BroadcastWorker = job.data  # type: ignore[assignment]
    services: Services = context.application.bot_data["services"]
    application = context.application
    if not application.running:
        return  # the application stopped before this job's turn came (a sandbox quit at once): nothing to start
    grace = services.settings.broadcast_stop_grace_seconds

    async def run() -> None:
        runner = asyncio.create_task(worker.run_forever(), name="broadcast-worker-passes")
        try:
            # Application.stop sets running to False first, then awaits this task (it was made by create_task).
            while application.running and not runner.done():
                await asyncio.wait({runner}, timeout=WATCH_SECONDS)
            await worker.stop(grace=grace)
            await asyncio.wait({runner})  # at once, unless the stop came before its first pass began
        finally:
            if not runner.done():  # this task itself was cancelled
                runner.cancel()
                await asyncio.wait({runner})
        log.info("broadcast worker stopped")

    services.extras[_TASK_KEY] = application.create_task(run(), name="broadcast-worker")
    log.info("broadcast worker started")


async def stop_broadcast_worker(services: Services) -> None:
    """Stop the worker task cleanly, if one still runs (Application.stop normally has already awaited it)."""
    task: asyncio.Task[None] | None = services.extras.pop(_TASK_KEY, None)
    if task is None or task.done():
        return
    worker: BroadcastWorker = services.extras[WORKER_KEY]
    await worker.stop(grace=services.settings.broadcast_stop_grace_seconds)
    with contextlib.suppress(asyncio.CancelledError):
        await task
