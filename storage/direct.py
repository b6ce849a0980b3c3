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

from collections.abc import Awaitable, Callable, Iterator, Mapping
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
    """The driver's records as rows, each value through its column's result processor."""
    row = _row_class(plan)
    processors = plan.columns
    return [
        row(value if process is None else process(value) for process, value in zip(processors, record, strict=True))
        for record in records
    ]


def _rowcount(status: str) -> int:
    """The row count in a command tag ("UPDATE 3", "INSERT 0 1", "DELETE 0"); -1 when it has none."""
    last = status.rpartition(" ")[2]
    return int(last) if last.isdigit() else -1


async def run_direct(reads: AsyncEngine, read: Callable[[Any], Awaitable[T]]) -> tuple[bool, T | None]:
    """Run the work on a DirectConnection: (True, its value), or (False, None) when SQLAlchemy must run it."""
    connection = await greenlet_spawn(reads.sync_engine.raw_connection)
    try:
        heard = reads.sync_engine.dispatch.after_execute or None
        value = await read(DirectConnection(connection.driver_connection, reads.dialect, heard))
    except NotDirect:
        await greenlet_spawn(connection.close)  # nothing ran on it that needs undoing: every statement autocommits
        return False, None
    except Exception as error:
        if not is_driver_error(error):
            await greenlet_spawn(connection.close)
            raise
        if _answered(error, connection.driver_connection):
            await greenlet_spawn(connection.close)  # the server's answer on a working connection: pooled again
        else:
            await greenlet_spawn(connection.invalidate)  # maybe dead: dropped
        return False, None  # SQLAlchemy runs it again and raises its own error
    except BaseException:
        await greenlet_spawn(connection.invalidate)  # cancelled, maybe mid-statement: not pooled
        raise
    await greenlet_spawn(connection.close)
    return True, value


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
