"""SQLAlchemy's aiosqlite adapter with one trip to the connection's thread per statement, BEGIN included.

aiosqlite runs each sqlite3 call on the connection's own thread, and every call is a trip there and back
(a queue put, a thread wake-up, call_soon_threadsafe and the event loop's wake-up). SQLAlchemy's adapter
makes three or four per statement (open a cursor, execute, fetch the rows, close the cursor), and our
BEGIN IMMEDIATE, sent as a statement of its own, three more: about twenty trips per update. Here a
statement is one trip that opens the cursor, executes, fetches and closes; and a transaction's BEGIN
IMMEDIATE waits for its first statement and goes with it, in the same trip. The same SQL runs on the
same thread, in the same order, with the same locks and errors (a BEGIN IMMEDIATE that times out on a
locked database raises its OperationalError from the first statement, before that statement runs).
A transaction that sends no statement begins nothing, and its COMMIT or ROLLBACK is not sent.
"""

from __future__ import annotations

import collections
import sqlite3
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import await_

Result = tuple[Any, int, int | None, list[Any] | None]


def _run(
    connection: aiosqlite.Connection, begin: bool, operation: str, parameters: Any, many: bool
) -> Result:
    """On the connection's thread: BEGIN IMMEDIATE if pending, the statement, its rows; the cursor closed."""
    database = connection._conn  # raises ValueError("no active connection") once closed, as aiosqlite does
    if begin:
        database.execute("BEGIN IMMEDIATE")
    cursor = database.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else None
        return description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A cursor that holds one statement's results, fetched in the statement's own trip."""

    __slots__ = ("_description", "_lastrowid", "_rowcount")
    _awaitable_cursor_close = False  # nothing is left open on the thread

    def __init__(self, adapt_connection: OneTripConnection) -> None:  # no trip: the cursor opens with its statement
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = {}  # type: ignore[assignment]
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> Any:
        return self._lastrowid

    @property
    def arraysize(self) -> int:
        return 1

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        pass

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        self._send(operation, parameters, many=False)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        self._send(operation, seq_of_parameters, many=True)

    def _send(self, operation: Any, parameters: Any, *, many: bool) -> None:
        adapt = self._adapt_connection
        assert isinstance(adapt, OneTripConnection)
        begin, adapt.begin_pending = adapt.begin_pending, False
        try:
            description, self._rowcount, self._lastrowid, rows = await_(
                self._connection._execute(_run, self._connection, begin, operation, parameters, many)
            )
        except Exception as error:
            adapt._handle_exception(error)
        self._description = description
        if rows is not None:
            self._rows = collections.deque(rows)

    def close(self) -> None:
        self._rows.clear()


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """The adapted connection: BEGIN IMMEDIATE is asked for (begin_immediate) and sent with the next statement."""

    __slots__ = ("begin_pending",)
    _cursor_cls = OneTripCursor  # type: ignore[assignment]  # a subclass of the declared cursor class

    def __init__(self, dbapi: Any, connection: Any) -> None:  # an aiosqlite.Connection
        super().__init__(dbapi, connection)
        self.begin_pending = False

    def begin_immediate(self) -> None:
        """Begin a write transaction with the next statement (SQLAlchemy's "begin" event asks for it)."""
        self.begin_pending = True

    def commit(self) -> None:
        if self.begin_pending:  # nothing was sent, so nothing began
            self.begin_pending = False
            return
        super().commit()

    def rollback(self) -> None:
        if self.begin_pending:
            self.begin_pending = False
            return
        super().rollback()

    def close(self) -> None:
        self.begin_pending = False
        super().close()


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """aiosqlite as SQLAlchemy adapts it, with OneTripConnection for its connections."""

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)


def one_trip_dbapi() -> OneTripDBAPI:
    """The DBAPI module to give create_async_engine (module=) for a sqlite+aiosqlite URL."""
    return OneTripDBAPI(aiosqlite, sqlite3)
