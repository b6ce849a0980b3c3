"""Prometheus metrics: one registry per application, so tests and several apps never share counters.

What is counted, and who counts it:

* updates handled, by type and outcome, and how long each took: bot/instrumentation.py's update
  processor (outcome "error" when the error handler ran for the update);
* Telegram API errors by HTTP code ("timeout"/"network" when no answer came): the instrumented request;
* reminders by result (sent, missed, skipped, retried, failed, blocked, rejected; `late` marks sent
  ones that went out late): `observe_tick` with the scheduler's TickReport, in the tick glue;
* broadcast deliveries by outcome of each attempt: `MeasuredSender` around the bot's Sender;
* the scheduler's last tick: `observe_tick` sets it; the age is computed when scraped.

Labels are small closed sets (update types, HTTP codes, outcome names): never ids, never text.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server
from prometheus_client.exposition import choose_encoder
from prometheus_client.process_collector import ProcessCollector

from scheduler.clock import Clock, SystemClock
from scheduler.sending import BroadcastMessage, ReminderMessage, Sender, SendResult

if TYPE_CHECKING:
    from bot.services import Services
    from scheduler.engine import TickReport

METRICS_KEY = "metrics"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
# TickReport field → reminder result label ("sent" is split into on time and late).
_TICK_RESULTS = ("missed", "skipped", "retried", "failed", "blocked", "rejected")


class Metrics:
    """The application's collectors on a registry of its own."""

    def __init__(self, *, registry: CollectorRegistry | None = None, clock: Clock | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.clock = clock or SystemClock()
        self._last_tick: datetime | None = None
        ProcessCollector(registry=self.registry)
        self.updates = Counter(
            "migraine_updates",
            "Telegram updates handled, by update type and outcome.",
            ["type", "outcome"],
            registry=self.registry,
        )
        self.update_seconds = Histogram(
            "migraine_update_handling_seconds",
            "Time from taking an update to finishing its handlers.",
            ["type"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.telegram_errors = Counter(
            "migraine_telegram_api_errors",
            "Bot API calls that failed, by HTTP status (or timeout/network).",
            ["code"],
            registry=self.registry,
        )
        self.reminders = Counter(
            "migraine_reminders",
            "Reminders by result; late=true marks sent reminders that went out late.",
            ["result", "late"],
            registry=self.registry,
        )
        self.broadcast_deliveries = Counter(
            "migraine_broadcast_deliveries",
            "Broadcast delivery attempts by outcome.",
            ["status"],
            registry=self.registry,
        )
        self.last_tick = Gauge(
            "migraine_scheduler_last_tick_timestamp_seconds",
            "Unix time of the scheduler's last finished tick.",
            registry=self.registry,
        )
        tick_age = Gauge(
            "migraine_scheduler_tick_age_seconds",
            "Seconds since the scheduler's last finished tick (NaN: none yet).",
            registry=self.registry,
        )
        tick_age.set_function(self.tick_age_seconds)

    def observe_update(self, update_type: str, outcome: str, seconds: float) -> None:
        """Count one handled update and its handling time."""
        self.updates.labels(update_type, outcome).inc()
        self.update_seconds.labels(update_type).observe(seconds)

    def observe_telegram_error(self, code: str) -> None:
        """Count one failed Bot API call."""
        self.telegram_errors.labels(code).inc()

    def observe_reminder(self, result: str, late: bool = False, count: int = 1) -> None:
        """Count reminders with one result (sent, missed, skipped, retried, failed, blocked, rejected)."""
        if count:
            self.reminders.labels(result, "true" if late else "false").inc(count)

    def observe_broadcast_delivery(self, status: str, count: int = 1) -> None:
        """Count broadcast delivery attempts with one outcome (sent, blocked, retry, rejected, error)."""
        if count:
            self.broadcast_deliveries.labels(status).inc(count)

    def observe_tick(self, report: TickReport, *, at: datetime) -> None:
        """Record a finished scheduler tick: its reminder counts and its time."""
        self.observe_reminder("sent", late=False, count=report.sent - report.late)
        self.observe_reminder("sent", late=True, count=report.late)
        for result in _TICK_RESULTS:
            self.observe_reminder(result, count=getattr(report, result))
        self._last_tick = at
        self.last_tick.set(at.timestamp())

    def tick_age_seconds(self) -> float:
        """Return the seconds since the last observed tick, NaN before the first."""
        if self._last_tick is None:
            return math.nan
        return max((self.clock.now() - self._last_tick).total_seconds(), 0.0)

    def exposition(self, accept: str = "") -> tuple[bytes, str]:
        """Return the registry in the format the scraper asked for, with its content type."""
        encoder, content_type = choose_encoder(accept)
        return encoder(self.registry), content_type


def metrics_for(services: Services) -> Metrics:
    """Return the services' Metrics, creating them (on a fresh registry) the first time."""
    metrics = services.extras.get(METRICS_KEY)
    if not isinstance(metrics, Metrics):
        metrics = Metrics(clock=services.clock)
        services.extras[METRICS_KEY] = metrics
    return metrics


def serve_metrics(metrics: Metrics, port: int, *, address: str = "127.0.0.1") -> Callable[[], None]:
    """Serve /metrics on `address`:`port` from a daemon thread (polling mode); return the function that stops it."""
    server, thread = start_http_server(port, addr=address, registry=metrics.registry)

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    return stop


class MeasuredSender:
    """A scheduler Sender that counts each broadcast attempt's outcome, then hands the result back.

    Reminders pass through untouched: they are counted from the TickReport (observe_tick), which
    also knows the ones that were never sent (missed, skipped).
    """

    def __init__(self, sender: Sender, metrics: Metrics) -> None:
        self.sender = sender
        self.metrics = metrics

    async def send_reminder(self, message: ReminderMessage) -> SendResult:
        """Deliver one reminder through the wrapped sender."""
        return await self.sender.send_reminder(message)

    async def send_broadcast(self, message: BroadcastMessage) -> SendResult:
        """Deliver one broadcast message and count its outcome."""
        try:
            result = await self.sender.send_broadcast(message)
        except Exception:
            self.metrics.observe_broadcast_delivery("error")
            raise
        self.metrics.observe_broadcast_delivery(result.outcome.value)
        return result
