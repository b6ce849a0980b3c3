"""Health report (/healthz, `python -m bot health`) and Prometheus metrics."""

from __future__ import annotations

import asyncio
import json
import math
import os
import re
import socket
import subprocess
import sys
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from telegram import Bot, Update
from telegram.error import Forbidden, RetryAfter, TimedOut
from telegram.ext import MessageHandler, filters

from bot.fake_telegram import FakeRequest, FakeTelegram
from bot.health import health_report, observability_response
from bot.instrumentation import MeasuredRequest
from bot.metrics import MeasuredSender, Metrics, metrics_for, serve_metrics
from bot.texts import en
from scheduler.clock import ManualClock
from scheduler.engine import TickReport
from scheduler.sending import BroadcastMessage, Outcome, ReminderMessage, SendResult
from storage.broadcast_models import Broadcast, BroadcastDelivery
from storage.db import create_engine, create_session_factory, transaction
from storage.heartbeats import last_heartbeat, record_heartbeat, this_instance
from storage.migrate import upgrade_schema
from storage.models import User
from support.databases import Database
from support.harness import BotHarness, make_settings, running_bot

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
ALICE = 3001
# Nothing listens on port 1: the connection is refused at once.
UNREACHABLE = "postgresql+asyncpg://nobody@127.0.0.1:1/nothing"


def through_update_processor(bot: BotHarness) -> BotHarness:
    """Feed updates through the application's update processor, as polling and webhooks do."""
    app = bot.app

    async def feed(update: dict[str, Any]) -> None:
        parsed = Update.de_json(update, app.bot)
        await app.update_processor.process_update(parsed, app.process_update(parsed))

    bot.feed = feed  # type: ignore[method-assign]
    return bot


def sample(bot_or_metrics: BotHarness | Metrics, name: str, **labels: str) -> float:
    """Read one sample from the application's own registry (0 when it was never incremented)."""
    metrics = bot_or_metrics if isinstance(bot_or_metrics, Metrics) else metrics_for(bot_or_metrics.services)
    return metrics.registry.get_sample_value(name, labels) or 0.0


@pytest.fixture
async def clocked(database: Database) -> Any:
    """The real bot on a manual clock, its updates going through the update processor."""
    settings = make_settings(database.url)
    async with running_bot(settings, search_path=database.search_path, clock=ManualClock(NOW)) as harness:
        yield through_update_processor(harness)


async def add_broadcast(bot: BotHarness, *, status: str, deliveries: list[tuple[int, str, datetime]]) -> None:
    """Write a broadcast with deliveries (recipient, status, not_before), creating the recipients."""
    async with transaction(bot.services.sessions) as session:
        broadcast = Broadcast(operator_id=999, status=status, text="Clinic news", send_at=NOW - timedelta(hours=1))
        session.add(broadcast)
        for user_id, _status, _when in deliveries:
            if await session.get(User, user_id) is None:
                session.add(User(id=user_id))
        await session.flush()
        for user_id, delivery_status, not_before in deliveries:
            session.add(
                BroadcastDelivery(
                    broadcast_id=broadcast.id, user_id=user_id, status=delivery_status, not_before=not_before
                )
            )


async def beat(bot: BotHarness, at: datetime, instance: str | None = None) -> None:
    """Record a scheduler heartbeat as the tick does."""
    async with transaction(bot.services.sessions) as session:
        await record_heartbeat(session=session, name="scheduler", at=at, instance=instance)


async def report_of(bot: BotHarness) -> tuple[dict[str, Any], int]:
    return await health_report(sessions=bot.services.sessions, settings=bot.services.settings, now=NOW)


# --- health report -----------------------------------------------------------------------------------


async def test_health_report_gives_database_tick_age_and_broadcast_backlog(clocked: BotHarness) -> None:
    await beat(clocked, NOW - timedelta(minutes=10))
    await beat(clocked, NOW - timedelta(seconds=12))  # the same row, moved on
    due, later = NOW - timedelta(minutes=1), NOW + timedelta(hours=1)
    await add_broadcast(
        clocked,
        status="sending",
        deliveries=[(11, "pending", due), (12, "pending", due), (13, "pending", later), (14, "sent", due)],
    )
    await add_broadcast(clocked, status="paused", deliveries=[(11, "pending", due)])

    report, status = await report_of(clocked)

    assert status == 200
    assert report["status"] == "ok" and report["problems"] == []
    assert report["database"] == {"ok": True, "error": None}
    assert report["scheduler"] == {"last_tick_age_seconds": 12.0, "stale_after_seconds": 60.0, "ok": True}
    assert report["broadcast_backlog"] == 2  # due and pending, of a broadcast that is not paused


async def test_a_tick_older_than_ten_intervals_makes_the_bot_unhealthy(database: Database) -> None:
    settings = make_settings(database.url, scheduler_tick_seconds=30)  # limit 300 s
    async with running_bot(settings, search_path=database.search_path) as bot:
        await beat(bot, NOW - timedelta(seconds=299))
        assert (await report_of(bot))[1] == 200

        await beat(bot, NOW - timedelta(seconds=301))
        report, status = await report_of(bot)

    assert status == 503
    assert report["status"] == "unhealthy"
    assert report["scheduler"]["ok"] is False
    assert report["problems"] == ["scheduler: last tick 301 s ago (limit 300 s)"]


async def test_no_heartbeat_yet_is_reported_as_unknown_not_unhealthy(clocked: BotHarness) -> None:
    await beat(clocked, NOW - timedelta(days=1), instance="another-container")

    report, status = await report_of(clocked)

    assert status == 200
    assert report["scheduler"]["last_tick_age_seconds"] is None
    assert report["broadcast_backlog"] == 0
    async with clocked.services.sessions() as session:
        assert await last_heartbeat(session=session, name="scheduler") == NOW - timedelta(days=1)
        assert await last_heartbeat(session=session, name="scheduler", instance=this_instance()) is None


async def test_healthz_answers_json_and_metrics_answers_prometheus_text(clocked: BotHarness) -> None:
    await beat(clocked, NOW - timedelta(seconds=3))
    await clocked.send(ALICE, "/help")

    healthz = await observability_response(clocked.services, "/healthz")
    metrics = await observability_response(clocked.services, "/metrics/", accept="text/plain")

    assert healthz is not None and healthz.status == 200 and healthz.content_type == "application/json"
    assert json.loads(healthz.body)["scheduler"]["last_tick_age_seconds"] == 3.0
    assert metrics is not None and metrics.status == 200 and metrics.content_type.startswith("text/plain")
    assert 'migraine_updates_total{outcome="ok",type="message"} 1.0' in metrics.body.decode()
    assert await observability_response(clocked.services, "/elsewhere") is None


async def test_the_report_is_503_when_the_database_is_gone() -> None:
    settings = make_settings(UNREACHABLE)
    broken = create_engine(settings.database_url)
    try:
        report, status = await health_report(sessions=create_session_factory(broken), settings=settings, now=NOW)
    finally:
        await broken.dispose()

    assert status == 503
    assert report["status"] == "unhealthy"
    assert report["database"] == {"ok": False, "error": "ConnectionRefusedError"}
    assert report["problems"] == ["database: ConnectionRefusedError"]
    assert report["broadcast_backlog"] is None


# --- python -m bot health ------------------------------------------------------------------------------


def run_health(tmp_path: Path, database_url: str) -> subprocess.CompletedProcess[str]:
    """Run the Docker HEALTHCHECK command in a process of its own, without any .env."""
    env = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "DATABASE_URL", "SCHEDULER_TICK_SECONDS"}}
    env.update(DATABASE_URL=database_url, PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-m", "bot", "health"], env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path
    )


async def migrated_with_heartbeat(tmp_path: Path, beat_at: datetime) -> str:
    """A migrated SQLite file whose scheduler last beat at `beat_at` (in this host's instance)."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'health.db'}"
    engine = create_engine(url)
    try:
        await upgrade_schema(engine)
        async with transaction(create_session_factory(engine)) as session:
            await record_heartbeat(session=session, name="scheduler", at=beat_at)
    finally:
        await engine.dispose()
    return url


async def test_health_command_exits_0_with_one_line_when_healthy(tmp_path: Path) -> None:
    url = await migrated_with_heartbeat(tmp_path, datetime.now(UTC) - timedelta(seconds=2))

    result = await asyncio.to_thread(run_health, tmp_path, url)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("healthy: database ok; scheduler last tick ")
    assert result.stdout.strip().endswith("; broadcast backlog 0")
    assert len(result.stdout.strip().splitlines()) == 1 and result.stderr == ""


async def test_health_command_exits_1_with_one_line_when_the_database_is_unreachable(tmp_path: Path) -> None:
    result = await asyncio.to_thread(run_health, tmp_path, UNREACHABLE)

    assert result.returncode == 1
    assert result.stderr == "unhealthy: database: ConnectionRefusedError\n"
    assert result.stdout == ""


async def test_health_command_does_not_create_a_missing_sqlite_file(tmp_path: Path) -> None:
    missing = tmp_path / "data" / "migraine.db"

    result = await asyncio.to_thread(run_health, tmp_path, f"sqlite+aiosqlite:///{missing}")

    assert result.returncode == 1
    assert result.stderr == "unhealthy: database: FileNotFoundError\n"
    assert not missing.parent.exists()


async def test_health_command_exits_1_when_the_scheduler_stopped_ticking(tmp_path: Path) -> None:
    url = await migrated_with_heartbeat(tmp_path, datetime.now(UTC) - timedelta(minutes=10))

    result = await asyncio.to_thread(run_health, tmp_path, url)

    assert result.returncode == 1
    assert re.fullmatch(r"unhealthy: scheduler: last tick 6\d\d s ago \(limit 60 s\)\n", result.stderr)


# --- metrics -------------------------------------------------------------------------------------------


async def test_updates_are_counted_by_type_and_outcome_and_timed(clocked: BotHarness) -> None:
    async def fail(update: Update, context: Any) -> None:
        raise ValueError("a bug")

    clocked.app.add_handler(MessageHandler(filters.Regex("^/crash"), fail), group=-2)
    await clocked.send(ALICE, "/start")
    await clocked.press(ALICE, "Continue")
    await clocked.send(ALICE, "/help")

    replies = await clocked.send(ALICE, "/crash")

    assert en.TRY_AGAIN in [m.text for m in replies]
    assert sample(clocked, "migraine_updates_total", type="message", outcome="ok") == 2
    assert sample(clocked, "migraine_updates_total", type="callback_query", outcome="ok") == 1
    assert sample(clocked, "migraine_updates_total", type="message", outcome="error") == 1
    assert sample(clocked, "migraine_update_handling_seconds_count", type="message") == 3
    assert sample(clocked, "migraine_update_handling_seconds_sum", type="message") > 0


async def test_a_blocked_user_counts_a_403_and_an_error_outcome(clocked: BotHarness) -> None:
    await clocked.send(ALICE, "/help")
    clocked.fake.block_user(ALICE)

    await clocked.send(ALICE, "/help")

    assert sample(clocked, "migraine_telegram_api_errors_total", code="403") == 1
    assert sample(clocked, "migraine_updates_total", type="message", outcome="error") == 1
    async with clocked.services.sessions() as session:
        user = await session.get(User, ALICE)
    assert user is not None and not user.is_active


async def test_the_request_wrapper_counts_429_and_timeouts_from_any_bot() -> None:
    fake, metrics = FakeTelegram(), Metrics()
    async with Bot(
        "123456:SANDBOX-fake-token-not-valid-anywhere-x", request=MeasuredRequest(FakeRequest(fake), metrics)
    ) as bot:
        fake.fail_next("sendMessage", retry_after=7)
        with pytest.raises(RetryAfter):
            await bot.send_message(ALICE, "hello")
        fake.fail_next("sendMessage", timed_out=True)
        with pytest.raises(TimedOut):
            await bot.send_message(ALICE, "hello")
        fake.fail_next("sendMessage", status=403, description="Forbidden: bot was blocked by the user")
        with pytest.raises(Forbidden):
            await bot.send_message(ALICE, "hello")
        await bot.send_message(ALICE, "hello")

    assert sample(metrics, "migraine_telegram_api_errors_total", code="429") == 1
    assert sample(metrics, "migraine_telegram_api_errors_total", code="timeout") == 1
    assert sample(metrics, "migraine_telegram_api_errors_total", code="403") == 1
    assert sample(metrics, "migraine_telegram_api_errors_total", code="200") == 0


async def test_each_application_has_its_own_registry(database: Database) -> None:
    settings = make_settings(database.url)
    async with (
        running_bot(settings, search_path=database.search_path) as first,
        running_bot(settings, search_path=database.search_path) as second,
    ):
        await through_update_processor(first).send(ALICE, "/help")

        assert sample(first, "migraine_updates_total", type="message", outcome="ok") == 1
        assert sample(second, "migraine_updates_total", type="message", outcome="ok") == 0


def test_tick_reports_count_reminders_and_set_the_tick_age() -> None:
    clock = ManualClock(NOW)
    metrics = Metrics(clock=clock)
    assert math.isnan(sample(metrics, "migraine_scheduler_tick_age_seconds"))  # no tick yet

    metrics.observe_tick(TickReport(sent=3, late=1, missed=2, retried=1), at=NOW)
    clock.advance(timedelta(seconds=8))

    assert sample(metrics, "migraine_reminders_total", result="sent", late="false") == 2
    assert sample(metrics, "migraine_reminders_total", result="sent", late="true") == 1
    assert sample(metrics, "migraine_reminders_total", result="missed", late="false") == 2
    assert sample(metrics, "migraine_reminders_total", result="retried", late="false") == 1
    assert sample(metrics, "migraine_reminders_total", result="failed", late="false") == 0
    assert sample(metrics, "migraine_scheduler_last_tick_timestamp_seconds") == NOW.timestamp()
    assert sample(metrics, "migraine_scheduler_tick_age_seconds") == 8.0


async def test_measured_sender_counts_broadcast_outcomes_and_passes_reminders_through() -> None:
    class Recorder:
        def __init__(self) -> None:
            self.outcomes = [Outcome.SENT, Outcome.BLOCKED, Outcome.SENT]

        async def send_reminder(self, message: ReminderMessage) -> SendResult:
            return SendResult(Outcome.SENT)

        async def send_broadcast(self, message: BroadcastMessage) -> SendResult:
            return SendResult(self.outcomes.pop(0))

    metrics = Metrics()
    sender = MeasuredSender(Recorder(), metrics)
    for user_id in (1, 2, 3):
        await sender.send_broadcast(BroadcastMessage(broadcast_id=1, user_id=user_id, text="news"))
    await sender.send_reminder(ReminderMessage(schedule_id=1, user_id=1, kind="checkin"))

    assert sample(metrics, "migraine_broadcast_deliveries_total", status="sent") == 2
    assert sample(metrics, "migraine_broadcast_deliveries_total", status="blocked") == 1
    assert sample(metrics, "migraine_reminders_total", result="sent", late="false") == 0


def scrape(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        body: bytes = response.read()
    return body


async def test_polling_mode_serves_metrics_on_metrics_port() -> None:
    metrics = Metrics()
    metrics.observe_update("message", "ok", 0.01)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    stop = serve_metrics(metrics, port)
    try:
        body = await asyncio.to_thread(scrape, f"http://127.0.0.1:{port}/metrics")
    finally:
        await asyncio.to_thread(stop)

    assert b'migraine_updates_total{outcome="ok",type="message"} 1.0' in body
