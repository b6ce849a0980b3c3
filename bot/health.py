"""The health report behind /healthz (webhook mode) and ``python -m bot health`` (Docker's HEALTHCHECK).

It says whether the database answers, how long ago the scheduler last finished a tick, and how many
broadcast messages are due but unsent. Everything comes from the database, because the health
command runs in a process of its own: the scheduler records a heartbeat row after every tick
(storage/heartbeats.record_heartbeat).

Healthy means: the database answers within DB_TIMEOUT_SECONDS, and the scheduler's last tick in this
instance is younger than ``stale_after_seconds`` = 10 × SCHEDULER_TICK_SECONDS, at least 60 s (a tick
that sends a large batch can take a while, and Docker probes every 30 s). No heartbeat at all (a bot
that just started, or a schema without the table) is reported as null and is not unhealthy: Docker's
start period covers the start, and an unhealthy verdict there would restart a bot that is fine. The
broadcast backlog is information for dashboards, never a reason to be unhealthy.

Mounting in a web server (PTB's webhook server is tornado): ``observability_response`` answers
/healthz and /metrics whatever the framework, e.g. in tornado::

    class Observability(tornado.web.RequestHandler):
        def initialize(self, services): self.services = services
        async def get(self):
            accept = self.request.headers.get("Accept", "")
            found = await observability_response(self.services, self.request.path, accept)
            if found is None:
                raise tornado.web.HTTPError(404)
            self.set_status(found.status)
            self.set_header("Content-Type", found.content_type)
            self.finish(found.body)

    (r"/(?:healthz|metrics)", Observability, {"services": services})
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.metrics import metrics_for
from bot.services import Services
from bot.settings import Settings
from storage.db import SessionFactory, create_engine, create_session_factory, is_sqlite
from storage.health import broadcast_backlog, ping_database
from storage.heartbeats import last_heartbeat, this_instance
from storage.types import utcnow

SCHEDULER = "scheduler"
STALE_TICKS = 10
MIN_STALE_SECONDS = 60.0
DB_TIMEOUT_SECONDS = 5.0  # under Docker's 10 s HEALTHCHECK timeout

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """A framework-neutral HTTP answer."""

    status: int
    content_type: str
    body: bytes


def stale_after_seconds(settings: Settings) -> float:
    """Return how old the last scheduler tick may be before the bot counts as unhealthy."""
    return max(STALE_TICKS * settings.scheduler_tick_seconds, MIN_STALE_SECONDS)


async def health_report(
    *, sessions: SessionFactory, settings: Settings, now: datetime, instance: str | None = None
) -> tuple[dict[str, Any], int]:
    """Return the health report and its HTTP status (200 healthy, 503 unhealthy)."""
    limit = stale_after_seconds(settings)
    report: dict[str, Any] = {
        "status": "ok",
        "problems": [],
        "database": {"ok": True, "error": None},
        "scheduler": {"last_tick_age_seconds": None, "stale_after_seconds": limit, "ok": True},
        "broadcast_backlog": None,
    }
    try:
        async with asyncio.timeout(DB_TIMEOUT_SECONDS):
            async with sessions() as session:
                await ping_database(session=session)
            beat = await _optional(sessions, _last_tick, instance or this_instance())
            report["broadcast_backlog"] = await _optional(sessions, _backlog, now)
    except Exception as exc:  # whatever the driver raises, the answer is the same: no database
        report["database"] = {"ok": False, "error": type(exc).__name__}
        report["scheduler"]["ok"] = None
        report["problems"].append(f"database: {type(exc).__name__}")
    else:
        if beat is not None:
            age = max((now - beat).total_seconds(), 0.0)
            report["scheduler"]["last_tick_age_seconds"] = round(age, 1)
            if age > limit:
                report["scheduler"]["ok"] = False
                report["problems"].append(f"scheduler: last tick {age:.0f} s ago (limit {limit:.0f} s)")
    if report["problems"]:
        report["status"] = "unhealthy"
        return report, 503
    return report, 200


async def _last_tick(session: AsyncSession, instance: str) -> datetime | None:
    return await last_heartbeat(session=session, name=SCHEDULER, instance=instance)


async def _backlog(session: AsyncSession, now: datetime) -> int:
    return await broadcast_backlog(session=session, now=now)


async def _optional(
    sessions: SessionFactory, query: Callable[[AsyncSession, T], Awaitable[R]], argument: T
) -> R | None:
    """Run one read in its own session (a failed statement spoils a PostgreSQL transaction).

    None when its table does not exist in this schema (yet): a database not migrated by this version.
    """
    try:
        async with sessions() as session:
            return await query(session, argument)
    except ProgrammingError:  # PostgreSQL: relation does not exist
        return None
    except OperationalError as exc:
        if "no such table" in str(exc.orig):  # SQLite
            return None
        raise


def summary_line(report: dict[str, Any]) -> str:
    """Return the report as the one line `python -m bot health` prints."""
    if report["problems"]:
        return "unhealthy: " + "; ".join(report["problems"])
    age = report["scheduler"]["last_tick_age_seconds"]
    tick = "no tick recorded yet" if age is None else f"last tick {age:.0f} s ago"
    backlog = report["broadcast_backlog"]
    waiting = "unknown" if backlog is None else str(backlog)
    return f"healthy: database ok; scheduler {tick}; broadcast backlog {waiting}"


def check_health(settings: Settings) -> int:
    """Print one line and return the exit code for Docker's HEALTHCHECK: 0 healthy, 1 unhealthy."""

    if _missing_sqlite_file(settings.database_url):
        # Connecting would create an empty database, which is no proof of health.
        print("unhealthy: database: FileNotFoundError", file=sys.stderr)  # noqa: T201
        return 1

    async def run() -> tuple[dict[str, Any], int]:
        engine = create_engine(settings.database_url)
        try:
            return await health_report(sessions=create_session_factory(engine), settings=settings, now=utcnow())
        finally:
            await engine.dispose()

    try:
        report, status = asyncio.run(run())
    except Exception as exc:  # e.g. an engine that cannot even be disposed of
        print(f"unhealthy: database: {type(exc).__name__}", file=sys.stderr)  # noqa: T201
        return 1
    line = summary_line(report)
    print(line, file=sys.stdout if status == 200 else sys.stderr)
    return 0 if status == 200 else 1


def _missing_sqlite_file(url: str) -> bool:
    """Tell whether the URL names a SQLite file that does not exist."""
    if not is_sqlite(url):
        return False
    database = make_url(url).database
    return database is not None and database not in {"", ":memory:"} and not os.path.exists(database)


async def healthz_response(services: Services) -> HttpResponse:
    """Answer GET /healthz: the report as JSON, 200 or 503."""
    report, status = await health_report(
        sessions=services.sessions, settings=services.settings, now=services.clock.now()
    )
    return HttpResponse(status, "application/json", json.dumps(report).encode("utf-8"))


def metrics_response(services: Services, accept: str = "") -> HttpResponse:
    """Answer GET /metrics in the Prometheus format the scraper asked for."""
    body, content_type = metrics_for(services).exposition(accept)
    return HttpResponse(200, content_type, body)


async def observability_response(services: Services, path: str, accept: str = "") -> HttpResponse | None:
    """Answer /healthz or /metrics (any framework); None for any other path."""
    route = path.rstrip("/")
    if route.endswith("/healthz"):
        return await healthz_response(services)
    if route.endswith("/metrics"):
        return metrics_response(services, accept)
    return None
