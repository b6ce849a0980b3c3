"""The long-lived resources the composition root builds once and hands to every handler."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.reports.chart_cache import ChartCache
from bot.settings import Settings
from scheduler.clock import Clock, SystemClock
from scheduler.send_budget import SharedBudget
from storage.db import SessionFactory, create_engine, create_read_engine, create_session_factory, is_sqlite
from storage.migrate import upgrade_schema
from storage.send_budget import BudgetRates, Reservation, reserve_chat_slot, reserve_send_slot
from storage.snapshots import SnapshotCache


@dataclass
class Services:
    """Everything handlers need besides the update: settings, database, clock and feature state."""

    settings: Settings
    engine: AsyncEngine
    sessions: SessionFactory
    clock: Clock = field(default_factory=SystemClock)
    # Read-only user snapshots; only with SQLite, whose single process sees every write.
    snapshots: SnapshotCache | None = None
    # PostgreSQL only: an autocommit engine without pings for single-statement reads, and for the reads and one
    # repeatable write of storage.db.write_repeatable (storage.db.create_read_engine);
    # None with SQLite, where the snapshot cache answers reads.
    reads: AsyncEngine | None = None
    # PostgreSQL only: the Telegram rate budget every instance shares (scheduler/send_budget.py), on an
    # engine of its own so that a send never waits for a connection held by the handler sending it.
    budget: SharedBudget | None = None
    budget_engine: AsyncEngine | None = None
    # The /stats pictures rendered lately, keyed by what they draw (bot/reports/chart_cache.py).
    charts: ChartCache = field(default_factory=lambda: ChartCache(0))
    extras: dict[str, Any] = field(default_factory=dict)
    # Transactions committed on `engine` by this process: a state read before a commit may be stale.
    commits: int = 0

    def count_commits(self) -> None:
        """Keep `commits` up to date (create_services calls this once)."""

        def on_commit(_connection: Any) -> None:
            self.commits += 1

        event.listen(self.engine.sync_engine, "commit", on_commit)

    async def dispose(self) -> None:
        """Close every database connection (both engines)."""
        await self.engine.dispose()
        if self.reads is not None:
            await self.reads.dispose()
        if self.budget_engine is not None:
            await self.budget_engine.dispose()


def create_services(
    settings: Settings, *, clock: Clock | None = None, search_path: str | None = None
) -> Services:
    """Build the services; the engine connects lazily, on the loop that first uses it."""
    pool_size, max_overflow = settings.database_pool_size, settings.database_max_overflow
    engine = create_engine(
        settings.database_url, search_path=search_path, pool_size=pool_size, max_overflow=max_overflow
    )
    snapshots = None
    reads = None
    budget = budget_engine = None
    if is_sqlite(settings.database_url):
        snapshots = SnapshotCache()
        snapshots.watch(engine)
    else:
        reads = create_read_engine(
            settings.database_url, search_path=search_path, pool_size=pool_size, max_overflow=max_overflow
        )
        budget_engine = create_read_engine(settings.database_url, search_path=search_path, pool_size=2, max_overflow=4)
        budget = shared_budget(settings, budget_engine)
    services = Services(
        settings=settings,
        engine=engine,
        sessions=create_session_factory(engine),
        clock=clock or SystemClock(),
        snapshots=snapshots,
        reads=reads,
        budget=budget,
        budget_engine=budget_engine,
        charts=ChartCache(settings.stats_chart_cache),
    )
    services.count_commits()
    return services


def shared_budget(settings: Settings, engine: AsyncEngine) -> SharedBudget:
    """The budget of this bot (named by the bot id in its token) at the configured overall and broadcast rates."""
    rates = BudgetRates.per_second(settings.telegram_overall_max_rate, settings.broadcast_rate_per_second)
    token = settings.bot_token.get_secret_value() if settings.bot_token else "sandbox:"
    name = token.split(":", 1)[0][:32]  # the bot's id: public, unlike the rest of the token

    async def reserve(*, background: bool) -> Reservation:
        return await reserve_send_slot(engine=engine, name=name, rates=rates, background=background)

    async def reserve_chat(chat_id: int) -> Reservation:
        return await reserve_chat_slot(engine=engine, budget=name, chat_id=chat_id)

    return SharedBudget(reserve, reserve_chat=reserve_chat, interactive_limited=settings.telegram_overall_max_rate > 0)


@asynccontextmanager
async def open_services(
    settings: Settings, *, clock: Clock | None = None, search_path: str | None = None, migrate: bool = True
) -> AsyncIterator[Services]:
    """Open the database (upgrading its schema) and yield the services; dispose of them afterwards."""
    services = create_services(settings, clock=clock, search_path=search_path)
    try:
        if migrate:
            await upgrade_schema(services.engine)
        yield services
    finally:
        await services.dispose()
