"""Per-user budgets: PostgreSQL's one-statement spend moves the row as take_budget does, or decides nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_engine, create_read_engine, create_session_factory, transaction
from storage.migrate import upgrade_schema
from storage.rate_limits import ActionBudget, spend_budget_at_once, take_budget
from support.databases import Database

START = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
INTERVAL = timedelta(seconds=5)
ALICE, BOB = 3201, 3202


@pytest.fixture
async def engines(database: Database) -> AsyncIterator[tuple[AsyncEngine, AsyncEngine]]:
    if database.backend == "sqlite":
        pytest.skip("PostgreSQL only: on SQLite the budget is taken in a transaction, as before")
    engine = create_engine(database.url, search_path=database.search_path)
    await upgrade_schema(engine)
    reads = create_read_engine(database.url, search_path=database.search_path)
    try:
        yield engine, reads
    finally:
        await reads.dispose()
        await engine.dispose()


async def test_one_statement_spends_as_take_budget_does(engines: tuple[AsyncEngine, AsyncEngine]) -> None:
    engine, reads = engines
    sessions = create_session_factory(engine)

    async def take(user_id: int, now: datetime) -> float:
        async with transaction(sessions) as session:
            return await take_budget(
                session=session, user_id=user_id, action="stats", now=now, interval=INTERVAL, burst=3
            )

    async def spend(user_id: int, now: datetime) -> float:
        """Alice's way: the one statement first, take_budget when it decides nothing."""
        spent = await spend_budget_at_once(
            reads=reads, user_id=user_id, action="stats", now=now, interval=INTERVAL, burst=3
        )
        return 0.0 if spent else await take(user_id, now)

    async def row(user_id: int) -> datetime:
        async with transaction(sessions) as session:
            budget = await session.get(ActionBudget, (user_id, "stats"))
            assert budget is not None
            return budget.available_at

    # No row yet: nothing decided, nothing written.
    assert not await spend_budget_at_once(reads=reads, user_id=ALICE, action="stats", now=START, interval=INTERVAL)
    offsets = [0, 0, 1, 1, 2, 7, 7.5, 8, 30, 30, 30, 30, 31]  # a burst, refusals, time passing, a whole budget
    for offset in offsets:
        now = START + timedelta(seconds=offset)
        assert await spend(ALICE, now) == await take(BOB, now), offset
        assert await row(ALICE) == await row(BOB), offset
