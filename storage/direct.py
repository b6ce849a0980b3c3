"""Prebuilt statements run by asyncpg itself, for the read_once and write_repeatable work of every update.

On the read engine (PostgreSQL, autocommit) a statement needs nothing of SQLAlchemy's execution machinery:
no transaction, no events, no ORM. Run through AsyncConnection, each paid a switch into SQLAlchemy's sync core
(greenlet_spawn), an execution context, a compiled-cache lookup and parameter and row processing in Python
layers; a lesson step (the user read, the progress upsert) or a log-flow press spends more CPU there than in
the driver. ``DirectConnection`` gives the work functions of storage/ the part of AsyncConnection they use
(``execute`` and its result's ``first``, ``one``, ``all``, ``scalar``... and ``dialect``): a statement is
compiled once for the parameter names it is given (a module constant or a cached builder's: its plan is kept,
storage.direct_plans), its binds pass through their types' bind processors and its rows through the result
processors, as SQLAlchemy would do, and asyncpg runs it on a connection checked out of the same pool
(sqlite3 on SQLite: storage.direct_sqlite).

Anything it cannot do the same way raises ``NotDirect`` before the statement runs, and the caller
(storage.db.read_once) runs the whole work again through SQLAlchemy: a statement whose Python-side defaults
SQLAlchemy would compute (insert_prefetch, update_prefetch), expanding or post-compile binds, textual SQL, any
other attribute of the connection (run_sync, ...), more distinct statements than MAX_PLANS. So does a
driver error, so that the caller sees SQLAlchemy's exceptions, as before: its connection is dropped, unless
PostgreSQL itself answered with the error on a working connection (a duplicate key), which goes back to the
pool. Running the work again is what read_once and write_repeatable already do for a dead connection: reads, and at most
one repeatable write, last.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextvars import ContextVar
from typing import Any, NoReturn, TypeVar

from asyncpg.exceptions import OperatorInterventionError, PostgresConnectionError, PostgresError
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import MultipleResultsFound, NoResultFound
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import greenlet_spawn

from storage.direct_plans import Plan, plan_of

T = TypeVar("T")


class NotDirect(BaseException):  # BaseException: a work's `except Exception` must not swallow it
    """This work needs SQLAlchemy: run it again through an AsyncConnection."""


def is_driver_error(error: BaseException) -> bool:
    """Whether asyncpg (or the socket under it) raised this, not the work's own code."""
    return isinstance(error, OSError | TimeoutError) or type(error).__module__.startswith("asyncpg")


class DirectRow(tuple[Any, ...]):
    """A result row: by index, by attribute (the column's key) and by ``_mapping`` (key or column), as Row is."""

    __slots__ = ()
    _plan: Plan

    def __getattr__(self, name: str) -> Any:
        index = self._plan.names.get(name)
        if index is None:
            raise AttributeError(name)
        return self[index]

    @property
    def _mapping(self) -> _RowMapping:
        return _RowMapping(self)

    def _asdict(self) -> dict[str, Any]:
        """The values by column key, as Row._asdict: one dict built here, not through the Mapping protocol."""
        return {key: self[index] for key, index in self._plan.names.items()}


class _RowMapping(Mapping[Any, Any]):
    """A row's values by column key (a string) or by the column or label object selected, as RowMapping."""

    __slots__ = ("_row",)

    def __init__(self, row: DirectRow) -> None:
        self._row = row

    def __getitem__(self, key: Any) -> Any:
        plan = self._row._plan
        index = plan.names.get(key) if isinstance(key, str) else plan.objects.get(id(key))
        if index is None:
            raise KeyError(key)
        return self._row[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._row._plan.names)

    def __len__(self) -> int:
        return len(self._row._plan.names)


_ROW_CLASSES: dict[int, type[DirectRow]] = {}


def _row_class(plan: Plan) -> type[DirectRow]:
    found = _ROW_CLASSES.get(id(plan))
    if found is None:
        found = _ROW_CLASSES[id(plan)] = type("DirectRow", (DirectRow,), {"__slots__": (), "_plan": plan})
    return found


class DirectResult:
    """The rows a statement returned (none for one without RETURNING), with Result's accessors."""

    __slots__ = ("_rows", "rowcount")

    def __init__(self, rows: list[DirectRow], rowcount: int) -> None:
        self._rows = rows
        self.rowcount = rowcount

    def __iter__(self) -> Iterator[DirectRow]:
        return iter(self._rows)

    def all(self) -> list[DirectRow]:
        """Every row."""
        return list(self._rows)

    def first(self) -> DirectRow | None:
        """The first row, or None."""
        return self._rows[0] if self._rows else None

    def one_or_none(self) -> DirectRow | None:
        """The only row or None; more than one raises, as Result.one_or_none does."""
        if len(self._rows) > 1:
            raise MultipleResultsFound("Multiple rows were found when one or none was required")
        return self.first()

    def one(self) -> DirectRow:
        """The only row; none or more raise, as Result.one does."""
        row = self.one_or_none()
        if row is None:
            raise NoResultFound("No row was found when one was required")
        return row

    def scalar(self) -> Any:
        """The first column of the first row, or None."""
        return self._rows[0][0] if self._rows else None

    def scalar_one(self) -> Any:
        """The first column of the only row."""
        return self.one()[0]

    def scalar_one_or_none(self) -> Any:
        """The first column of the only row, or None."""
        row = self.one_or_none()
        return None if row is None else row[0]


class DirectConnection:
    """What the work functions of storage/ use of an AsyncConnection, on an asyncpg connection of the read engine.

    The engine's "after_execute" listeners (SQLite's snapshot cache) hear of every statement it runs, as
    SQLAlchemy's Connection tells them, with this connection and the DirectResult in place of its own.
    """

    __slots__ = ("_driver", "_heard", "dialect")

    def __init__(self, driver: Any, dialect: Dialect, heard: Callable[..., None] | None = None) -> None:
        self._driver = driver
        self.dialect = dialect
        self._heard = heard  # the engine's after_execute listeners, None when it has none

    async def execute(
        self, statement: Any, parameters: Mapping[str, Any] | None = None, **options: Any
    ) -> DirectResult:
        """Run one prebuilt statement (autocommit) and return its processed rows."""
        params = parameters or {}
        if options or not isinstance(params, Mapping):
            raise NotDirect  # execution options, or several parameter sets (executemany: insertmanyvalues)
        plan = plan_of(self.dialect, statement, frozenset(params))
        if plan is None:
            raise NotDirect
        args = [
            (process(params[name]) if process else params[name])
            if given
            else (process(constant) if process else constant)
            for name, process, given, constant in plan.binds
        ]
        if plan.returns_rows:
            rows = _processed(plan, await self._query(plan.sql, args))
            result = DirectResult(rows, len(rows))
        else:
            result = DirectResult([], await self._command(plan.sql, args))
        if self._heard is not None:  # as SQLAlchemy calls them for one set of parameters: no multiparams
            self._heard(self, statement, [], params, {}, result)
        return result

    async def _command(self, sql: str, args: list[Any]) -> int:
        """Run a statement that returns no rows; its row count."""
        return _rowcount(await self._driver.execute(sql, *args))

    async def _query(self, sql: str, args: list[Any]) -> Any:
        """Run a statement that returns rows; its records."""
        return await self._driver.fetch(sql, *args)

    def __getattr__(self, name: str) -> NoReturn:
        raise NotDirect  # run_sync, exec_driver_sql, begin...: the work needs a real AsyncConnection


def _processed(plan: Plan, records: Any) -> list[DirectRow]:
    """The driver's records as rows, each value through its column's result processor.

    Only the columns that have a processor are visited (a list of the record's values changed in place, then the
    row built from it in C): a generator and a zip over every column of every row cost more than the processors.
    """
    row = _row_class(plan)
    processed = plan.processed
    if not processed:
        return [row(record) for record in records]
    rows = []
    for record in records:
        values = list(record)
        for index, process in processed:
            values[index] = process(values[index])
        rows.append(row(values))
    return rows


def _rowcount(status: str) -> int:
    """The row count in a command tag ("UPDATE 3", "INSERT 0 1", "DELETE 0"); -1 when it has none."""
    last = status.rpartition(" ")[2]
    return int(last) if last.isdigit() else -1


class _Lease:
    """The connection one update's task keeps between its direct statements (see ``leased_connections``)."""

    __slots__ = ("connection", "engine", "task")

    def __init__(self, task: asyncio.Task[Any] | None) -> None:
        self.task = task
        self.engine: AsyncEngine | None = None
        self.connection: Any = None  # a pooled connection (SQLAlchemy's PoolProxiedConnection), or None


_lease: ContextVar[_Lease | None] = ContextVar("direct_connection_lease", default=None)


class leased_connections:  # lower case: used as the function it was, ``async with leased_connections():``
    """Within this block, the current task's direct statements share one checkout of the read engine's pool.

    Every update reads its sender (storage.snapshots) and most then run the step's statements (read_once,
    write_repeatable): two checkouts and two returns to SQLAlchemy's pool, each in a greenlet switch of its
    own, cost more CPU than the statement they serve. Here the first checkout is kept for the next statements
    of the same task, and returned when the block ends or at ``release_leased_connection`` (before a Bot API
    call, so that no connection waits on Telegram). Every statement autocommits, so sharing the connection
    changes nothing they see. Only the task that opened the block uses it: a task it starts (a copy of its
    context) checks out its own, as asyncpg runs one statement at a time on a connection.
    A class, not an asynccontextmanager: it is entered once per update, and an async generator (its frame, the
    loop's first-iteration hook, two trips through it) cost several times this.
    """

    __slots__ = ("_lease", "_token")

    async def __aenter__(self) -> None:
        self._lease = _Lease(asyncio.current_task())
        self._token = _lease.set(self._lease)

    async def __aexit__(self, *exc_info: object) -> None:
        _lease.reset(self._token)
        await _return(self._lease)


async def release_leased_connection() -> None:
    """Return the current task's kept connection to its pool now (the next direct statement checks one out again)."""
    lease = _lease.get()
    if lease is not None and lease.connection is not None and lease.task is asyncio.current_task():
        await _return(lease)


async def _return(lease: _Lease) -> None:
    connection, lease.connection, lease.engine = lease.connection, None, None
    if connection is not None:
        await greenlet_spawn(connection.close)


async def run_direct(reads: AsyncEngine, read: Callable[[Any], Awaitable[T]]) -> tuple[bool, T | None]:
    """Run the work on a DirectConnection: (True, its value), or (False, None) when SQLAlchemy must run it."""
    lease = _lease.get()
    if lease is not None and lease.task is not asyncio.current_task():
        lease = None  # another task's: never share a connection between tasks
    if lease is not None and lease.connection is not None and lease.engine is not reads:
        await _return(lease)  # another engine's: this work checks out of its own
    if lease is not None and lease.connection is not None:
        connection = lease.connection
    else:
        connection = await greenlet_spawn(reads.sync_engine.raw_connection)
        if lease is not None:
            lease.connection, lease.engine = connection, reads
    try:
        heard = reads.sync_engine.dispatch.after_execute or None
        value = await read(DirectConnection(connection.driver_connection, reads.dialect, heard))
    except NotDirect:
        # Nothing ran on it that needs undoing (every statement autocommits); back to the pool, where
        # SQLAlchemy's run of the work may need it.
        await _give_back(connection, lease)
        return False, None
    except Exception as error:
        if not is_driver_error(error):
            await _give_back(connection, lease)
            raise
        if _answered(error, connection.driver_connection):
            await _give_back(connection, lease)  # the server's answer on a working connection: pooled again
        else:
            _forget(connection, lease)
            await greenlet_spawn(connection.invalidate)  # maybe dead: dropped
        return False, None  # SQLAlchemy runs it again and raises its own error
    except BaseException:
        _forget(connection, lease)
        await greenlet_spawn(connection.invalidate)  # cancelled, maybe mid-statement: not pooled
        raise
    if lease is None:
        await greenlet_spawn(connection.close)
    return True, value


async def _give_back(connection: Any, lease: _Lease | None) -> None:
    """Return the connection to its pool, and the lease no longer holds it."""
    _forget(connection, lease)
    await greenlet_spawn(connection.close)


def _forget(connection: Any, lease: _Lease | None) -> None:
    if lease is not None and lease.connection is connection:
        lease.connection, lease.engine = None, None


def _answered(error: BaseException, driver: Any) -> bool:
    """Whether PostgreSQL itself reported the error (a duplicate key, a statement timeout) on a connection that is
    still open, rather than the connection failing (a lost socket, a server shutting down, an interface error)."""
    return (
        isinstance(error, PostgresError)
        and not isinstance(error, PostgresConnectionError | OperatorInterventionError)
        and not driver.is_closed()
    )


def statements_watched(engine: AsyncEngine) -> bool:
    """Whether someone listens to the engine's statements before they run or to their cursors (tests and benchmarks
    that record the SQL run): those the direct paths cannot tell. Its "after_execute" listeners they do tell."""
    dispatch = engine.sync_engine.dispatch
    return bool(dispatch.before_cursor_execute or dispatch.after_cursor_execute or dispatch.before_execute)
