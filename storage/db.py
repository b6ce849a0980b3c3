"""The async engine and session factory, tuned per backend."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any, TypeVar, cast

from sqlalchemy import Executable, Row, Select, event, exc
from sqlalchemy.engine.url import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.util import await_, greenlet_spawn

from storage.direct import run_direct, statements_watched
from storage.direct_sqlite import run_direct_sqlite
from storage.sqlite_driver import inline_dbapi

SessionFactory = async_sessionmaker[AsyncSession]
T = TypeVar("T")

SQLITE_BUSY_TIMEOUT_MS = 10_000


def is_sqlite(url: str) -> bool:
    """Tell whether a database URL points at SQLite."""
    return make_url(url).get_backend_name() == "sqlite"


# PostgreSQL connections per pool: POOL_SIZE kept open, up to POOL_OVERFLOW more for bursts. An instance has
# two pools (create_engine, create_read_engine); the bot takes both from its DATABASE_POOL_* settings.
# All twelve are kept, none is overflow: the pool closes an overflow connection as it comes back whenever
# POOL_SIZE are idle, and with 16 updates in flight (bot.fair_updates) 8 kept and 4 overflow opened and
# closed connections all the time (connect, TLS probe, codecs: ~3 % of the bot's CPU under bench/load.py,
# and a server process forked for each). The most an instance holds is the same 2 x 12.
POOL_SIZE = 12
POOL_OVERFLOW = 0


def create_engine(
    url: str,
    *,
    search_path: str | None = None,
    echo: bool = False,
    pool_size: int = POOL_SIZE,
    max_overflow: int = POOL_OVERFLOW,
) -> AsyncEngine:
    """Create the async engine; SQLite gets WAL, busy_timeout, foreign keys and BEGIN IMMEDIATE.

    PostgreSQL checks a pooled connection by beginning its transaction when it leaves the pool (see
    _begin_on_checkout), which replaces the pool's pre-ping.
    """
    kwargs: dict[str, Any] = {"echo": echo}
    if is_sqlite(url):
        # transaction() always commits or rolls back, so the pool's extra ROLLBACK on return is wasted.
        kwargs["pool_reset_on_return"] = None
        # A transaction's statements on the event loop's thread once it holds the lock (storage.sqlite_driver).
        kwargs["module"] = inline_dbapi()
    else:
        # Kept open and reused: opening a PostgreSQL connection per burst costs both sides far more.
        kwargs.update(pool_size=pool_size, max_overflow=max_overflow)
    kwargs.update(_connect_args(search_path))
    engine = create_async_engine(url, **kwargs)
    if is_sqlite(url):
        _tune_sqlite(engine)
    else:
        _begin_on_checkout(engine)
    return engine


def create_read_engine(
    url: str, *, search_path: str | None = None, pool_size: int = POOL_SIZE, max_overflow: int = POOL_OVERFLOW
) -> AsyncEngine:
    """An engine for single-statement reads on PostgreSQL: autocommit, no ping on checkout, no reset on return.

    Pair it with read_once or write_repeatable (storage.snapshots.read_user_state uses the first), which run
    the work again once when its connection turns out to be dead, instead of paying a ping for every checkout.
    """
    if is_sqlite(url):
        raise ValueError("create_read_engine is for PostgreSQL; SQLite reads use the snapshot cache")
    return create_async_engine(
        url,
        isolation_level="AUTOCOMMIT",
        pool_pre_ping=False,
        # Nothing to roll back when a connection goes back to the pool: every statement has committed. The
        # pool's reset cost about a tenth of a one-row read's CPU.
        pool_reset_on_return=None,
        pool_size=pool_size,
        max_overflow=max_overflow,
        **_connect_args(search_path),
    )


def _connect_args(search_path: str | None) -> dict[str, Any]:
    """Tests isolate themselves in a PostgreSQL schema of their own."""
    return {} if search_path is None else {"connect_args": {"server_settings": {"search_path": search_path}}}


def _tune_sqlite(engine: AsyncEngine) -> None:
    """Install the per-connection pragmas and immediate transactions SQLite needs."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let us emit BEGIN ourselves, so writers take the lock up front instead of
        # failing with SQLITE_BUSY when a read transaction tries to upgrade.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        dbapi_connection.busy_timeout_ms = SQLITE_BUSY_TIMEOUT_MS  # restored after a BEGIN tried without waiting
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # The checkpoint a COMMIT would run can wait for the disk: storage.sqlite_driver runs it off the event loop.
        cursor.execute("PRAGMA wal_autocheckpoint=0")
        # Deleted rows are overwritten with zeros, not left in free pages for anyone who copies the file.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Sent with the transaction's first statement (storage.sqlite_driver).
        connection.connection.dbapi_connection.begin_immediate()


def _begin_on_checkout(engine: AsyncEngine) -> None:
    """PostgreSQL: send a connection's BEGIN as it leaves the pool, so that the BEGIN is also its liveness check.

    The pool's pre-ping cost three round trips per checkout on asyncpg (BEGIN, an empty query, ROLLBACK) before
    the transaction's own BEGIN; this BEGIN, sent anyway before the first statement, checks the connection
    as well. A connection that has died (a restart, a failover, an idle timeout) fails it before anything ran:
    the pool then drops every connection older than now and checks out a new one, as it did after a failed
    pre-ping. The driver then sees its transaction begun and sends no second BEGIN. An autocommit connection
    begins nothing and is not checked, as before.
    """

    @event.listens_for(engine.sync_engine, "checkout")
    def _on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        # SQLAlchemy's asyncpg adapter (pinned in the lock files): it begins lazily, before its first statement.
        if dbapi_connection._transaction is not None:
            return
        try:
            await_(dbapi_connection._start_transaction())
        except engine.dialect.loaded_dbapi.Error as error:
            if engine.dialect.is_disconnect(error, dbapi_connection, None):
                raise exc.InvalidatePoolError(str(error)) from error
            raise


async def checkpoint_wal(engine: AsyncEngine) -> None:
    """SQLite: copy the WAL into the database file and truncate it, so erased rows leave no copy in the WAL.

    With secure_delete the database pages are zeroed, but the WAL still holds the pages as they were
    before the erasure until a checkpoint; TRUNCATE waits (busy_timeout) for readers, then empties it.
    PostgreSQL keeps deleted rows in its files until VACUUM reuses the space (see the README).
    """
    if engine.dialect.name != "sqlite":
        return
    async with engine.connect() as connection:
        # Outside a transaction: a checkpoint cannot run inside one (our "begin" hook would open one).
        raw = await connection.get_raw_connection()
        driver = raw.driver_connection
        assert driver is not None
        cursor = await driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        await cursor.close()


def create_session_factory(engine: AsyncEngine) -> SessionFactory:
    """Return a session factory whose objects stay usable after commit."""
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


@asynccontextmanager
async def transaction(sessions: SessionFactory) -> AsyncIterator[AsyncSession]:
    """Open a session, commit on success and roll back on error."""
    async with sessions() as session, session.begin():
        yield session


async def run_transaction(engine: AsyncEngine, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
    """Run the work in one transaction on a Core connection; on SQLite, sqlite3 runs it when it can.

    For work of prebuilt statements (storage.direct_sqlite: the same statements, rows, listeners and errors,
    at a quarter of the CPU). Should that path not run it, the work runs again from the start through
    SQLAlchemy, on a database it left unchanged: the work must give the same result when run twice.
    """
    if engine.dialect.name == "sqlite" and not statements_watched(engine):
        done, value = await run_direct_sqlite(engine, work)
        if done:
            return cast(T, value)
    async with engine.begin() as connection:
        return await work(connection)


async def read_once(reads: AsyncEngine, read: Callable[[AsyncConnection], Awaitable[T]]) -> T:
    """Run a read-only query function on a Core connection: no session, no unit of work.

    On an engine made by create_read_engine (PostgreSQL) the statements autocommit, with no BEGIN or COMMIT;
    that engine does not ping a connection before use, and a read is safe to repeat, so a connection found
    dead (a restarted server, a killed backend) is dropped and the read retried once. On SQLite, which has
    no read engine, the read runs in a transaction of its own on the engine. On an asyncpg engine, the work's
    statements are run by asyncpg itself first (storage.direct), on SQLite by sqlite3 (storage.direct_sqlite),
    and through SQLAlchemy only when that cannot be.
    """
    if reads.dialect.name == "sqlite":  # not is_sqlite(str(reads.url)): rendering and parsing the URL cost more
        return await run_transaction(reads, read)
    if reads.dialect.driver == "asyncpg" and not statements_watched(reads):
        done, value = await run_direct(reads, read)
        if done:
            return cast(T, value)
    for attempt in (1, 2):
        try:
            async with reads.connect() as connection:
                return await read(connection)
        except DBAPIError as error:
            if attempt == 2 or not error.connection_invalidated:
                raise
    raise AssertionError("unreachable: the second attempt returns or raises")


async def read_row_once(reads: AsyncEngine, statement: Executable, params: Mapping[str, Any]) -> Row[Any] | None:
    """The first row of one prebuilt statement, read as read_once reads, in one switch into SQLAlchemy's sync core.

    read_once's AsyncConnection spends a greenlet switch on each of its checkout, statement and return to the
    pool, with their awaitable wrappers; here the three run in one greenlet_spawn on the engine's sync core,
    the way AsyncConnection.run_sync runs a function: about 90 us less CPU per read on PostgreSQL (360 -> 270
    us for the user read every update makes), the same statement, rows and errors.
    """
    return await greenlet_spawn(_first_row, reads, statement, params)


def _first_row(reads: AsyncEngine, statement: Executable, params: Mapping[str, Any]) -> Row[Any] | None:
    engine = reads.sync_engine
    if reads.dialect.name == "sqlite":
        with engine.begin() as connection:
            return connection.execute(statement, params).first()
    for attempt in (1, 2):
        try:
            with engine.connect() as connection:
                return connection.execute(statement, params).first()
        except DBAPIError as error:
            if attempt == 2 or not error.connection_invalidated:
                raise
    raise AssertionError("unreachable: the second attempt returns or raises")


async def read_mapping_once(
    reads: AsyncEngine, statement: Select[Any], params: Mapping[str, Any]
) -> Mapping[str, Any] | None:
    """read_row_once's first row as a mapping of column keys to values; on asyncpg, run by asyncpg itself.

    For a prebuilt select read on every update (the user and dialog read): on an asyncpg read engine the
    statement runs on storage.direct's path, as read_once's work does (its plan is kept for the process, the
    values pass through the columns' own result processors), about 60 us less CPU per read than SQLAlchemy's.
    Should that path not run it (a driver error, an engine whose statements someone watches), the read runs as
    read_row_once runs it, which retries a dead connection and raises SQLAlchemy's errors; SQLite reads so too.
    """
    if reads.dialect.driver == "asyncpg" and not statements_watched(reads):
        done, value = await run_direct(reads, lambda connection: _first_mapping(connection, statement, params))
        if done:
            return value
    row = await read_row_once(reads, statement, params)
    return None if row is None else dict(row._mapping)


async def _first_mapping(
    connection: AsyncConnection, statement: Select[Any], params: Mapping[str, Any]
) -> dict[str, Any] | None:
    row = (await connection.execute(statement, params)).first()
    return None if row is None else row._asdict()


async def write_repeatable(engine: AsyncEngine, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
    """Run reads and at most one write, last, that is safe to repeat (an upsert of the same values).

    On an engine made by create_read_engine (PostgreSQL) every statement commits on its own: a single write
    needs no transaction around it, and BEGIN and COMMIT were two of a lesson step's four round trips. Reads
    before the write see what a READ COMMITTED transaction would have seen, statement by statement. A dead
    connection is replaced and the work run again, as read_once does for reads. On SQLite the work runs
    in a transaction of its own.
    """
    return await read_once(engine, work)
