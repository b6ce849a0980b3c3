"""Within leased_connections, one task's direct statements share one checkout of the read engine's pool."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_read_engine, read_once
from storage.direct import leased_connections, release_leased_connection
from support.databases import Database

BACKEND_PID = select(func.pg_backend_pid())


@pytest.fixture
async def reads(database: Database) -> AsyncIterator[AsyncEngine]:
    """The PostgreSQL read engine (the lease is for storage.direct's asyncpg path only)."""
    if database.backend != "postgresql":
        pytest.skip("storage.direct runs on asyncpg")
    engine = create_read_engine(database.url, search_path=database.search_path)
    try:
        yield engine
    finally:
        await engine.dispose()


def pool_traffic(engine: AsyncEngine) -> list[str]:
    """Record each checkout from and checkin to the engine's pool."""
    seen: list[str] = []
    event.listen(engine.sync_engine, "checkout", lambda *args: seen.append("out"))
    event.listen(engine.sync_engine, "checkin", lambda *args: seen.append("in"))
    return seen


async def backend_pid(engine: AsyncEngine) -> Any:
    """The server process of the connection a read runs on."""
    return await read_once(engine, _pid)


async def _pid(connection: Any) -> Any:
    return (await connection.execute(BACKEND_PID)).scalar()


async def test_a_tasks_statements_share_one_checkout_returned_when_the_block_ends(reads: AsyncEngine) -> None:
    traffic = pool_traffic(reads)
    async with leased_connections():
        first = await backend_pid(reads)
        second = await backend_pid(reads)
        await read_once(reads, _pid)
        assert first == second and traffic == ["out"]
    assert traffic == ["out", "in"]


async def test_released_before_a_bot_api_call_the_next_statement_checks_out_again(reads: AsyncEngine) -> None:
    traffic = pool_traffic(reads)
    async with leased_connections():
        await backend_pid(reads)
        await release_leased_connection()
        assert traffic == ["out", "in"]
        await backend_pid(reads)
    assert traffic == ["out", "in", "out", "in"]


async def test_a_task_started_inside_checks_out_its_own(reads: AsyncEngine) -> None:
    traffic = pool_traffic(reads)
    async with leased_connections():
        mine = await backend_pid(reads)
        theirs = await asyncio.create_task(backend_pid(reads))  # its own checkout, returned when it is done
        assert mine != theirs and traffic == ["out", "out", "in"]
    assert traffic == ["out", "out", "in", "in"]


async def test_without_a_lease_each_read_returns_its_connection(reads: AsyncEngine) -> None:
    traffic = pool_traffic(reads)
    await backend_pid(reads)
    await backend_pid(reads)
    assert traffic == ["out", "in", "out", "in"]
