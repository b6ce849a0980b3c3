"""SQLAlchemy's aiosqlite adapter, with a transaction's statements run on the event loop's thread when none can wait.

aiosqlite runs each sqlite3 call on the connection's own thread, so that a call that waits (for another
writer's lock, up to busy_timeout, or for the disk) does not stop the event loop. Every call is a trip there
and back (a queue put, a thread wake-up, call_soon_threadsafe and the loop's wake-up), about 80 us of CPU,
ten times a one-row SELECT; SQLAlchemy's adapter makes three or four per statement (open a cursor, execute,
fetch, close) and our BEGIN IMMEDIATE, a statement of its own, three more: about twenty trips per update.

Here every transaction begins with BEGIN IMMEDIATE (SQLAlchemy's "begin" event asks for it, begin_immediate)
when its first statement is sent. On the loop's thread it is first tried without waiting (busy_timeout 0);
only if another writer holds the lock does it go, with that statement, to the connection's thread, where it
waits up to busy_timeout as before. Once the write lock is held nothing a statement of the transaction does
can wait for a lock (WAL: readers never block, and no other writer can hold the lock), so its statements run
on the loop's thread, and so do its ROLLBACK and its COMMIT. A COMMIT only appends the transaction's pages
to the WAL (synchronous=NORMAL syncs nothing at a commit in WAL mode); what could wait for the disk is the
checkpoint that SQLite runs after a commit once the WAL holds 1000 pages, copying them into the database
file and syncing both. Our connections turn that automatic checkpoint off (PRAGMA wal_autocheckpoint=0,
set on connect by storage.db) and run it here instead: once the transactions of an engine have changed
CHECKPOINT_ROWS rows since its last one, the COMMIT that crossed the mark is followed by a PASSIVE checkpoint
on the connection's thread (PASSIVE, as the automatic one was: it waits for no reader or writer). A writing
COMMIT sent there every time cost a trip per write, about 0.07 ms of CPU per update of bench/presses.py's
round on SQLite (0.92 -> 0.84 and 0.79 -> 0.72 ms, two runs each). A statement outside such a transaction
(the pragmas on connect) goes to the thread, with its cursor, execution, fetch and close in one trip. The
same SQL in the same order, the same locks and errors (a BEGIN IMMEDIATE that times out raises its
OperationalError from the first statement, before that statement runs); a transaction that sends no
statement begins and commits nothing.
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Generator
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import await_

Result = tuple[Any, int, int | None, list[Any] | None]

# Rows changed by an engine's transactions between two checkpoints. A changed row dirties a page or a few
# (its table's, its indexes'), so the WAL stays near SQLite's automatic mark of 1000 pages.
CHECKPOINT_ROWS = 500


class _Ran:
    """Awaited after a statement run on the loop's thread: SQLAlchemy's async execute requires one await (two
    greenlet switches here, no trip to the event loop), lest it take the driver for a sync one."""

    __slots__ = ()

    def __await__(self) -> Generator[Any, None, None]:
        return
        yield  # a generator that finishes at once


_RAN = _Ran()


def _execute(database: sqlite3.Connection, operation: str, parameters: Any, many: bool) -> Result:
    """One statement: its description, row count, last row id and rows, the cursor closed."""
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


def _try_begin(database: sqlite3.Connection, busy_timeout_ms: int) -> bool:
    """BEGIN IMMEDIATE without waiting; False if another writer holds the lock (nothing began)."""
    database.execute("PRAGMA busy_timeout=0")
    try:
        database.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if error.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY:  # an extended code (BUSY_RECOVERY) is busy too
            raise
        return False
    finally:
        database.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
    return True


def _begin_and_execute(
    connection: aiosqlite.Connection, operation: str, parameters: Any, many: bool
) -> tuple[int, Result]:
    """On the connection's thread: BEGIN IMMEDIATE, waiting up to busy_timeout; the changes so far; the statement."""
    database = connection._conn
    database.execute("BEGIN IMMEDIATE")
    return database.total_changes, _execute(database, operation, parameters, many)


def _execute_on_thread(connection: aiosqlite.Connection, operation: str, parameters: Any, many: bool) -> Result:
    """On the connection's thread: a statement outside a transaction."""
    return _execute(connection._conn, operation, parameters, many)


def _commit_on_thread(connection: aiosqlite.Connection) -> None:
    connection._conn.commit()
    _checkpoint_on_thread(connection)


def _checkpoint_on_thread(connection: aiosqlite.Connection) -> None:
    """Copy what the WAL holds into the database file, as far as no reader needs it, without waiting for any."""
    connection._conn.execute("PRAGMA wal_checkpoint(PASSIVE)").close()


class InlineCursor(AsyncAdapt_aiosqlite_cursor):
    """A cursor that holds one statement's results, fetched as the statement runs."""

    __slots__ = ("_description", "_lastrowid", "_rowcount")
    _awaitable_cursor_close = False  # nothing is left open on the thread

    def __init__(self, adapt_connection: InlineConnection) -> None:  # opened with its statement, not before
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
        assert isinstance(adapt, InlineConnection)
        try:
            description, self._rowcount, self._lastrowid, rows = adapt.run(operation, parameters, many)
        except Exception as error:
            adapt._handle_exception(error)
        self._description = description
        if rows is not None:
            self._rows = collections.deque(rows)

    def close(self) -> None:
        self._rows.clear()


class InlineConnection(AsyncAdapt_aiosqlite_connection):
    """The adapted connection: see the module's docstring."""

    __slots__ = ("begin_pending", "busy_timeout_ms", "changes_at_begin", "holds_lock")
    _cursor_cls = InlineCursor  # type: ignore[assignment]  # a subclass of the declared cursor class

    def __init__(self, dbapi: Any, connection: Any) -> None:  # an aiosqlite.Connection
        super().__init__(dbapi, connection)
        self.begin_pending = False  # BEGIN IMMEDIATE asked for, to be sent with the first statement
        self.holds_lock = False  # in a transaction begun with BEGIN IMMEDIATE: the write lock is held
        self.changes_at_begin = 0  # sqlite3's total_changes when it began
        self.busy_timeout_ms = 0  # the connection's busy_timeout, set with its pragmas on connect

    def begin_immediate(self) -> None:
        """Begin a write transaction with the next statement.

        Should the last one never have ended (a connection back in the pool mid-transaction), its BEGIN fails
        as SQLite's does, "cannot start a transaction within a transaction", rather than go on in it.
        """
        self.begin_pending, self.holds_lock = True, False

    def run(self, operation: str, parameters: Any, many: bool) -> Result:
        """Run a statement where it cannot stop the event loop; BEGIN IMMEDIATE first when pending."""
        connection = self._connection
        if self.holds_lock:
            await_(_RAN)
            return _execute(connection._conn, operation, parameters, many)
        if not self.begin_pending:
            return await_(connection._execute(_execute_on_thread, connection, operation, parameters, many))  # type: ignore[no-any-return]
        database = connection._conn  # ValueError("no active connection") once closed, as aiosqlite raises
        # A BEGIN that fails began nothing, so the transaction's next statement begins again: without that, a caller
        # who caught the error would go on in autocommit, and its rollback would undo nothing.
        if _try_begin(database, self.busy_timeout_ms):
            self.begin_pending = False
            self.holds_lock, self.changes_at_begin = True, database.total_changes
            await_(_RAN)
            return _execute(database, operation, parameters, many)
        # Another writer holds the lock: wait for it on the connection's thread, as every BEGIN did before.
        try:
            self.changes_at_begin, result = await_(
                connection._execute(_begin_and_execute, connection, operation, parameters, many)
            )
        except BaseException:
            if database.in_transaction:  # the BEGIN held and the statement failed: the transaction is open
                self.begin_pending, self.holds_lock = False, True
                self.changes_at_begin = -1  # unknown, so its COMMIT goes to the thread
            raise
        self.begin_pending, self.holds_lock = False, True
        return result  # type: ignore[no-any-return]

    def commit(self) -> None:
        if self.begin_pending:  # nothing was sent, so nothing began
            self.begin_pending = False
            return
        if not self.holds_lock:
            super().commit()
            return
        self.holds_lock = False
        connection = self._connection
        try:
            database = connection._conn
            if self.changes_at_begin < 0:  # rows changed unknown (see run): commit and checkpoint off the loop
                await_(connection._execute(_commit_on_thread, connection))
                return
            changed = database.total_changes - self.changes_at_begin
            database.commit()  # appends to the WAL; the checkpoint, which may wait for the disk, is not run here
            if changed and self.dbapi.note_changes(changed):
                await_(connection._execute(_checkpoint_on_thread, connection))
        except Exception as error:
            self._handle_exception(error)

    def rollback(self) -> None:
        self.begin_pending = False
        if not self.holds_lock:
            super().rollback()
            return
        self.holds_lock = False
        try:
            self._connection._conn.rollback()  # drops what the transaction wrote to the WAL: no wait, no fsync
        except Exception as error:
            self._handle_exception(error)

    def close(self) -> None:
        self.begin_pending = self.holds_lock = False
        super().close()


class InlineDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """aiosqlite as SQLAlchemy adapts it, with InlineConnection for its connections; one per engine."""

    changes_since_checkpoint = 0  # rows changed by the committed transactions of this engine's connections

    def note_changes(self, rows: int) -> bool:
        """Count rows a COMMIT wrote; True when the WAL is due a checkpoint (the count starts again)."""
        self.changes_since_checkpoint += rows
        if self.changes_since_checkpoint < CHECKPOINT_ROWS:
            return False
        self.changes_since_checkpoint = 0
        return True

    def connect(self, *arg: Any, **kw: Any) -> InlineConnection:
        # Used from the loop's thread too, but never at the same time as from its own (every trip is awaited).
        kw["check_same_thread"] = False
        adapted = super().connect(*arg, **kw)
        return InlineConnection(self, adapted._connection)


def inline_dbapi() -> InlineDBAPI:
    """The DBAPI module to give create_async_engine (module=) for a sqlite+aiosqlite URL."""
    return InlineDBAPI(aiosqlite, sqlite3)
