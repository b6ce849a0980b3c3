"""Two instances handling the same double tap: hold one between its read and its write, deterministically.

HeldRequest is the fake Bot API at PTB's BaseRequest level, except that the first call of one method
waits until the test releases it. A handler that reads its dialog, then calls that method, then writes,
is thereby paused exactly in its race window while the other instance runs to the end.

RowLock holds a PostgreSQL row lock from a connection of the test's own, so that both instances reach the
same statement and wait there; `waiting` counts the sessions blocked behind it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import text
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.request import RequestData

from bot.fake_telegram import FakeRequest, FakeTelegram
from storage.db import create_engine
from support.databases import Database


class HeldRequest(FakeRequest):
    """A FakeRequest whose first call of `method` waits for `release` (after setting `reached`)."""

    def __init__(self, fake: FakeTelegram, method: str) -> None:
        super().__init__(fake)
        self.method = method
        self.armed = True
        self.reached = asyncio.Event()
        self.release = asyncio.Event()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Hold the first matching call until released, then answer it as the fake does."""
        if self.armed and url.rsplit("/", 1)[-1] == self.method:
            self.armed = False
            self.reached.set()
            await self.release.wait()
        return await super().do_request(url, method, request_data, read_timeout, write_timeout, connect_timeout)


@asynccontextmanager
async def row_lock(database: Database, statement: str, **params: Any) -> AsyncIterator[RowLockHandle]:
    """Run `statement` (a SELECT ... FOR UPDATE) in a transaction of our own, held until the block ends."""
    engine = create_engine(database.url, search_path=database.search_path)
    try:
        async with engine.connect() as connection:
            transaction = await connection.begin()
            await connection.execute(text(statement), params)
            yield RowLockHandle(engine)
            await transaction.rollback()
    finally:
        await engine.dispose()


class RowLockHandle:
    """Observe the sessions waiting behind a held row lock."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine

    async def wait_for_waiters(self, count: int) -> None:
        """Return once `count` sessions of this database wait for a lock (a minute without is a hang)."""
        query = text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND cardinality(pg_blocking_pids(pid)) > 0"
        )
        for _ in range(1200):
            async with self.engine.connect() as connection:
                if (await connection.scalar(query)) >= count:
                    return
            await asyncio.sleep(0.05)
        raise AssertionError(f"{count} sessions never waited for the row lock")
