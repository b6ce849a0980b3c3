"""SQLite's transaction work run on the sqlite3 connection itself, as storage.direct runs PostgreSQL's on asyncpg.

On SQLite, read_once and write_repeatable run their work in one transaction. Through an AsyncConnection each
statement paid SQLAlchemy's execution machinery (a greenlet switch into its sync core, an execution context,
a compiled-cache lookup, a cursor result and its rows) and the transaction its begin, commit and their events:
about 200 us of CPU for a one-statement transaction, where sqlite3 needs some 15. Here the work gets a
DirectConnection over the pooled connection's sqlite3 connection (the prebuilt statement's plan, its bind and
result processors: storage.direct), in a transaction begun and committed as storage.sqlite_driver would:
BEGIN IMMEDIATE tried without waiting, the statements and the COMMIT on the event loop's thread, the WAL's
checkpoint on the connection's thread once due.

What SQLAlchemy would have told the engine's listeners is told: every statement to its "after_execute"
listeners (the snapshot cache drops the users a write touched, storage.snapshots), the commit to its
"commit" listeners (bot.services counts commits), before the COMMIT, as SQLAlchemy does. The work runs
through SQLAlchemy instead, from the start, whenever this path cannot run it the same way: another writer
holds the lock (SQLAlchemy's path waits for it on the connection's thread), a statement storage.direct refuses
(NotDirect), or an error of sqlite3 (so that the caller sees SQLAlchemy's exception, as before). Whatever it
wrote is rolled back first, so the work runs again on an unchanged database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import greenlet_spawn

from storage.direct import DirectConnection, NotDirect
from storage.sqlite_driver import InlineConnection, _checkpoint_on_thread, _try_begin

T = TypeVar("T")


class SQLiteDirectConnection(DirectConnection):
    """A DirectConnection whose driver is a sqlite3 connection in a transaction (statements never wait)."""

    __slots__ = ()

    async def _command(self, sql: str, args: list[Any]) -> int:
        cursor = self._driver.execute(sql, args)
        count: int = cursor.rowcount
        cursor.close()
        return count

    async def _query(self, sql: str, args: list[Any]) -> Any:
        cursor = self._driver.execute(sql, args)
        rows = cursor.fetchall()
        cursor.close()
        return rows


async def run_direct_sqlite(engine: AsyncEngine, work: Callable[[Any], Awaitable[T]]) -> tuple[bool, T | None]:
    """Run the work in a transaction of its own: (True, its value), or (False, None) when SQLAlchemy must run it."""
    sync_engine = engine.sync_engine
    pooled = await greenlet_spawn(sync_engine.raw_connection)
    adapted = pooled.dbapi_connection
    try:
        if not isinstance(adapted, InlineConnection) or adapted.begin_pending or adapted.holds_lock:
            raise NotDirect  # not our driver, or a transaction left open: SQLAlchemy's path deals with it
        database: sqlite3.Connection = adapted._connection._conn
        if not _try_begin(database, adapted.busy_timeout_ms):
            raise NotDirect  # another writer holds the lock: waited for on the connection's thread
    except (NotDirect, sqlite3.Error, ValueError):  # ValueError: aiosqlite's "no active connection"
        await greenlet_spawn(pooled.close)
        return False, None
    changes_at_begin = database.total_changes
    dispatch = sync_engine.dispatch
    connection = SQLiteDirectConnection(database, engine.dialect, dispatch.after_execute or None)
    try:
        value = await work(connection)
        if dispatch.commit:
            dispatch.commit(connection)
        database.commit()  # appends to the WAL; nothing here waits for a lock or the disk
    except (NotDirect, sqlite3.Error):
        await _rolled_back(pooled, database)
        return False, None
    except BaseException:
        await _rolled_back(pooled, database)
        raise
    changed = database.total_changes - changes_at_begin
    try:
        if changed and adapted.dbapi.note_changes(changed):
            driver = adapted._connection
            await driver._execute(_checkpoint_on_thread, driver)
    finally:
        await greenlet_spawn(pooled.close)
    return True, value


async def _rolled_back(pooled: Any, database: sqlite3.Connection) -> None:
    """Undo what the work wrote and return the connection to the pool; should even that fail, drop the connection
    (closing it ends its transaction), and the caller goes on with the error it is handling."""
    try:
        database.rollback()
    except Exception:
        await greenlet_spawn(pooled.invalidate)
        return
    await greenlet_spawn(pooled.close)
