"""Wiring the scheduler into the application: the outbound Bot, the Sender, and the tick job."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from telegram.request import BaseRequest

from bot.instrumentation import MeasuredRequest
from bot.metrics import metrics_for
from bot.outbound import OutboundSender
from bot.outbound.broadcasts import TelegramBroadcastSender, build_outbound_bot
from bot.outbound.reminders import ReminderSender
from bot.services import Services
from bot.telegram_http import AiohttpRequest
from scheduler.broadcast_pacing import LimiterPacer, Pacer
from scheduler.engine import TickReport, run_tick
from scheduler.job import schedule_ticks
from scheduler.send_budget import BudgetPacer
from storage.db import transaction
from storage.heartbeats import record_heartbeat

if TYPE_CHECKING:
    from bot.context import BotApplication

SENDER_KEY = "sender"
TICK_KEY = "scheduler_tick"
CONNECTIONS = 64  # at least the tick's lanes × concurrency (2 × 32)


def install_scheduler(
    application: BotApplication, services: Services, *, token: str, request: BaseRequest | None, ticking: bool
) -> OutboundSender:
    """Build the outbound Bot and Sender into services.extras; with `ticking`, schedule the tick job.

    services.extras["scheduler_tick"] runs one tick now: tests call it with their clock instead of
    waiting for the job, which only runs once the application is started.
    """
    settings = services.settings
    # An injected request (the fake's) is stateless and can serve two Bots. Our own needs a pool as
    # large as the sends in flight: PTB's default of one connection turns concurrency into pool timeouts.
    own_request = AiohttpRequest(connection_pool_size=CONNECTIONS, pool_timeout=10.0)
    # Counted like the application's own calls, so /metrics shows Telegram errors on every send path.
    measured = MeasuredRequest(request or own_request, metrics_for(services))
    bot = build_outbound_bot(token, base_url=settings.telegram_api_base_url, request=measured)
    # Reminders are paced like broadcasts: a peak minute of thousands must not turn into a storm of 429s.
    pacer = background_pacer(services)
    sender = OutboundSender(ReminderSender(bot, services, pacer=pacer), TelegramBroadcastSender(bot))
    services.extras[SENDER_KEY] = sender
    tick = functools.partial(tick_once, services, sender)
    services.extras[TICK_KEY] = tick
    if ticking and application.job_queue is not None:
        schedule_ticks(application.job_queue, tick, every_seconds=settings.scheduler_tick_seconds)
        # The outbound bot is never initialized, so PTB's Bot.shutdown() would skip it: close our request itself.
        _close_on_stop(application, own_request.shutdown)
    return sender


def background_pacer(services: Services) -> Pacer:
    """The pacer of reminders and broadcasts: the shared budget on PostgreSQL, in memory on SQLite."""
    rate = services.settings.broadcast_rate_per_second
    if services.budget is not None:
        return BudgetPacer(services.budget, rate=rate)
    return LimiterPacer(rate)


async def tick_once(services: Services, sender: OutboundSender) -> TickReport:
    """Run one scheduler tick, then record its heartbeat (for `python -m bot health`) and its metrics."""
    report = await run_tick(sessions=services.sessions, sender=sender, clock=services.clock)
    now = services.clock.now()
    async with transaction(services.sessions) as session:
        await record_heartbeat(session=session, name="scheduler", at=now)
    metrics_for(services).observe_tick(report, at=now)
    return report


def _close_on_stop(application: BotApplication, close: Any) -> None:
    """Close the outbound Bot's connections after the application stops (keeping any earlier hook)."""
    previous = application.post_stop

    async def post_stop(app: Any) -> None:
        if previous is not None:
            await previous(app)
        await close()

    application.post_stop = post_stop
