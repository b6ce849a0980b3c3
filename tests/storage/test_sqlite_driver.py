"""SQLite's transactions on the event loop's thread (storage.sqlite_driver): the same locks, waits and rows."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import exc, text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_engine
from support.databases import Database
from support.sqlite_notes import bodies, bodies_in_the_file


@pytest.fixture
async def engine(sqlite_database: Database) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(sqlite_database.url)
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"))
    yield engine
    await engine.dispose()


async def test_a_writer_waits_for_another_writers_lock_without_stopping_the_event_loop(
    engine: AsyncEngine, other: sqlite3.Connection
) -> None:
    async def write() -> None:
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO notes (body) VALUES ('after the lock')"))

    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO notes (body) VALUES ('first')")
    waiting = asyncio.create_task(write())
    for _ in range(5):  # the loop keeps running while the write waits (busy_timeout is 10 s)
        await asyncio.sleep(0.01)
    assert not waiting.done()
    other.execute("COMMIT")
    await waiting
    assert bodies(other) == ["first", "after the lock"]


async def test_reads_and_writes_commit_and_leave_the_lock_free(engine: AsyncEngine, other: sqlite3.Connection) -> None:
    async with engine.begin() as connection:
        assert (await connection.execute(text("SELECT count(*) FROM notes"))).scalar() == 0
    other.execute("BEGIN IMMEDIATE")  # would fail at once (timeout=0) if the read still held the lock
    other.execute("ROLLBACK")

    async with engine.begin() as connection:
        await connection.execute(text("INSERT INTO notes (body) VALUES ('one'), ('two')"))
        assert (await connection.execute(text("SELECT count(*) FROM notes"))).scalar() == 2
    assert bodies(other) == ["one", "two"]
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")


async def test_a_failed_statement_rolls_the_whole_transaction_back(
    engine: AsyncEngine, other: sqlite3.Connection
) -> None:
    with pytest.raises(exc.IntegrityError):
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO notes (id, body) VALUES (1, 'kept?')"))
            await connection.execute(text("INSERT INTO notes (id, body) VALUES (1, 'twice')"))
    assert bodies(other) == []
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")

    async with engine.begin() as connection:  # the connection goes on as new
        await connection.execute(text("INSERT INTO notes (id, body) VALUES (1, 'once')"))
    assert bodies(other) == ["once"]


async def test_commits_leave_the_wal_until_enough_rows_were_written_then_a_checkpoint_copies_them_to_the_file(
    engine: AsyncEngine, other: sqlite3.Connection, sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storage.sqlite_driver.CHECKPOINT_ROWS", 3)
    async with engine.begin() as connection:
        await connection.execute(text("INSERT INTO notes (body) VALUES ('one'), ('two')"))
    assert bodies(other) == ["one", "two"]  # committed
    assert bodies_in_the_file(sqlite_database) == []  # in the WAL only

    async with engine.begin() as connection:
        await connection.execute(text("INSERT INTO notes (body) VALUES ('three')"))
    assert bodies_in_the_file(sqlite_database) == ["one", "two", "three"]


@pytest.fixture
async def locked_out(engine: AsyncEngine, other: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch) -> AsyncEngine:
    """The engine with a 50 ms busy_timeout, while the other writer holds the lock."""
    await engine.dispose()
    monkeypatch.setattr("storage.db.SQLITE_BUSY_TIMEOUT_MS", 50)  # taken by connections opened from now on
    other.execute("BEGIN IMMEDIATE")
    return engine


async def test_a_writer_that_waits_past_busy_timeout_gets_database_locked_and_the_next_one_writes(
    locked_out: AsyncEngine, other: sqlite3.Connection
) -> None:
    engine = locked_out
    with pytest.raises(exc.OperationalError, match="database is locked"):
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO notes (body) VALUES ('locked out')"))
    other.execute("ROLLBACK")
    async with engine.begin() as connection:
        await connection.execute(text("INSERT INTO notes (body) VALUES ('in')"))
    assert bodies(other) == ["in"]


async def test_a_begin_that_timed_out_is_tried_again_so_a_caught_error_cannot_leave_writes_in_autocommit(
    locked_out: AsyncEngine, other: sqlite3.Connection
) -> None:
    async with locked_out.connect() as connection:
        await connection.begin()
        with pytest.raises(exc.OperationalError, match="database is locked"):
            await connection.execute(text("INSERT INTO notes (body) VALUES ('locked out')"))
        other.execute("ROLLBACK")
        await connection.execute(text("INSERT INTO notes (body) VALUES ('in a transaction')"))  # begins again
        await connection.rollback()
    assert bodies(other) == []
