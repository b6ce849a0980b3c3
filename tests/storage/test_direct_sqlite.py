"""SQLite's transaction work run by sqlite3 itself (storage.direct_sqlite): the same rows, locks, listeners, errors."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, event, exc, insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.db import create_engine, run_transaction
from storage.dialogs import start_dialog_row
from storage.migrate import upgrade_schema
from storage.models import User
from storage.snapshots import SnapshotCache, UserState, UserView
from support.databases import Database
from support.sqlite_notes import bodies, bodies_in_the_file

SEEN = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
_USERS: Table = User.__table__  # type: ignore[attr-defined]
NOTES = Table("notes", MetaData(), Column("id", Integer, primary_key=True), Column("body", String, nullable=False))


@pytest.fixture
async def engine(sqlite_database: Database) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(sqlite_database.url)
    await upgrade_schema(engine)
    async with engine.begin() as connection:
        await connection.run_sync(NOTES.metadata.create_all)
        await connection.execute(
            insert(_USERS),
            [{"id": 5, "language": "es", "consent_version": 1, "is_active": True, "subscribed_updates": True,
              "created_at": SEEN, "updated_at": SEEN, "last_seen_at": SEEN}],
        )  # fmt: skip
    yield engine
    await engine.dispose()


def no_sqlalchemy_statements(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any statement SQLAlchemy runs on an AsyncConnection fail the test."""

    async def refused(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a statement ran through SQLAlchemy")

    monkeypatch.setattr(AsyncConnection, "execute", refused)


async def write_note(connection: Any, body: str) -> int:
    return (await connection.execute(insert(NOTES).returning(NOTES.c.id), {"body": body})).scalar_one()  # type: ignore[no-any-return]


async def test_a_transaction_commits_without_sqlalchemy_and_leaves_the_lock_free(
    engine: AsyncEngine, other: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_sqlalchemy_statements(monkeypatch)
    assert await run_transaction(engine, lambda connection: write_note(connection, "one")) == 1
    assert bodies(other) == ["one"]
    other.execute("BEGIN IMMEDIATE")  # would fail at once (timeout=0) if the work still held the lock
    other.execute("ROLLBACK")
    assert engine.sync_engine.pool.checkedout() == 0


async def test_work_waits_for_another_writers_lock_without_stopping_the_event_loop(
    engine: AsyncEngine, other: sqlite3.Connection
) -> None:
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO notes (body) VALUES ('first')")
    waiting = asyncio.create_task(run_transaction(engine, lambda connection: write_note(connection, "after the lock")))
    for _ in range(5):  # SQLAlchemy's path waits on the connection's thread (busy_timeout is 10 s)
        await asyncio.sleep(0.01)
    assert not waiting.done()
    other.execute("COMMIT")
    assert await waiting == 2
    assert bodies(other) == ["first", "after the lock"]


async def test_work_that_fails_after_writing_leaves_nothing_written(
    engine: AsyncEngine, other: sqlite3.Connection
) -> None:
    async def fails(connection: Any) -> None:
        await write_note(connection, "undone")
        raise ValueError("the work's own error")

    with pytest.raises(ValueError, match="own error"):
        await run_transaction(engine, fails)
    assert bodies(other) == []
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")
    assert engine.sync_engine.pool.checkedout() == 0


async def test_a_statement_it_cannot_run_sends_the_whole_work_through_sqlalchemy_on_an_unchanged_database(
    engine: AsyncEngine, other: sqlite3.Connection
) -> None:
    ran: list[str] = []

    async def note_then_raw_sql(connection: Any) -> int:
        ran.append(type(connection).__name__)
        await connection.execute(insert(NOTES), {"id": 7, "body": "once"})  # run by sqlite3, then undone
        return (await connection.execute(text("SELECT count(*) FROM notes"))).scalar()  # type: ignore[no-any-return]

    assert await run_transaction(engine, note_then_raw_sql) == 1  # no duplicate key the second time
    assert ran == ["SQLiteDirectConnection", "AsyncConnection"]
    assert bodies(other) == ["once"]


async def test_a_driver_error_is_sqlalchemys_and_nothing_stays_written(
    engine: AsyncEngine, other: sqlite3.Connection
) -> None:
    async def twice(connection: Any) -> None:
        await connection.execute(insert(NOTES), {"id": 1, "body": "kept?"})
        await connection.execute(insert(NOTES), {"id": 1, "body": "twice"})

    with pytest.raises(exc.IntegrityError):
        await run_transaction(engine, twice)
    assert bodies(other) == []
    assert engine.sync_engine.pool.checkedout() == 0


async def test_the_snapshot_cache_hears_of_writes_and_commits_are_counted(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = SnapshotCache()
    cache.watch(engine)
    commits: list[object] = []
    event.listen(engine.sync_engine, "commit", commits.append)
    view = UserView(5, "es", None, True, True, True, True, SEEN)
    cache.put(5, UserState(view, None), cache.version(5))
    no_sqlalchemy_statements(monkeypatch)

    await run_transaction(engine, lambda connection: write_note(connection, "not a user's row"))
    assert cache.get(5) is not None and len(commits) == 1

    await run_transaction(engine, lambda connection: start_dialog_row(connection=connection, user_id=5, flow="log"))
    assert cache.get(5) is None  # the user's dialog changed: their snapshot is gone
    assert len(commits) == 2


async def test_rows_written_count_towards_the_wals_checkpoint(
    engine: AsyncEngine, sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storage.sqlite_driver.CHECKPOINT_ROWS", 3)
    monkeypatch.setattr(engine.dialect.dbapi, "changes_since_checkpoint", 0)  # the fixture's rows counted too

    async def two_notes(connection: Any) -> None:
        await write_note(connection, "two")
        await write_note(connection, "three")

    await run_transaction(engine, lambda connection: write_note(connection, "one"))
    assert bodies_in_the_file(sqlite_database) == []  # in the WAL only
    await run_transaction(engine, two_notes)
    assert bodies_in_the_file(sqlite_database) == ["one", "two", "three"]


async def test_rows_come_back_as_sqlalchemy_gives_them(engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    statement = select(_USERS.c.id, _USERS.c.language, _USERS.c.last_seen_at, _USERS.c.is_active)
    async with engine.connect() as connection:
        expected = (await connection.execute(statement)).one()
    no_sqlalchemy_statements(monkeypatch)
    got = await run_transaction(engine, lambda connection: _one(connection, statement))
    assert tuple(got) == tuple(expected) and got._mapping[_USERS.c.language] == "es"
    assert got.last_seen_at == SEEN and got.last_seen_at.tzinfo is UTC and got.is_active is True


async def _one(connection: Any, statement: Any) -> Any:
    return (await connection.execute(statement)).one()
