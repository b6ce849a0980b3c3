"""read_once and write_repeatable work: asyncpg (storage.direct) or sqlite3 (storage.direct_sqlite) runs the prebuilt
statements itself."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Column, Float, Integer, MetaData, Numeric, String, Table, cast, insert, select, text
from sqlalchemy.event import listen
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

import storage.db
from storage.db import read_once, write_repeatable
from storage.dialogs import DialogRow, read_dialog_row, save_dialog_row, start_dialog_row
from storage.diary_checkins import record_headache_free_day
from storage.lessons import LessonVersion, StepRecord, lesson_progress, record_lesson_step
from storage.models import User
from support.databases import Database, migrated_engines

SEEN = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
NOW = datetime(2026, 3, 29, 9, 15, tzinfo=UTC)
DAY = timedelta(days=1)
LESSON = LessonVersion("aura", 3, "abcdef0123")
_USERS: Table = User.__table__  # type: ignore[attr-defined]


@pytest.fixture
async def engines(database: Database) -> AsyncIterator[tuple[AsyncEngine, AsyncEngine]]:
    """The transaction engine with two users, and the read engine (the same engine on SQLite)."""
    async with migrated_engines(database) as (engine, reads):
        async with engine.begin() as connection:
            await connection.execute(
                insert(_USERS),
                [{"id": user_id, "language": "es", "consent_version": 1, "is_active": True,
                  "subscribed_updates": True, "created_at": SEEN, "updated_at": SEEN, "last_seen_at": SEEN}
                 for user_id in (5, 6)],
            )  # fmt: skip
        yield engine, reads


def no_sqlalchemy_statements(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any statement SQLAlchemy runs on an AsyncConnection fail the test."""

    async def refused(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a statement ran through SQLAlchemy")

    monkeypatch.setattr(AsyncConnection, "execute", refused)


async def lesson_and_dialog_work(reads: AsyncEngine, user_id: int) -> tuple[Any, ...]:
    """A lesson step, a log-flow step and a check-in answer, each as the handlers run them."""

    async def step(connection: Any) -> StepRecord:
        await lesson_progress(connection=connection, user_id=user_id)
        return await record_lesson_step(connection=connection, user_id=user_id, lesson=LESSON, step=2, now=NOW)

    async def dialog(connection: Any) -> DialogRow | None:
        row = await read_dialog_row(connection=connection, user_id=user_id)
        if row is None:
            row = await start_dialog_row(connection=connection, user_id=user_id, flow="log", data={"at": "now"})
        row.update("intensity", signs=[1, 2])
        await save_dialog_row(connection=connection, dialog=row)
        return await read_dialog_row(connection=connection, user_id=user_id)

    async def checkin(connection: Any) -> Any:
        start = datetime(2026, 3, 29, tzinfo=UTC)
        return await record_headache_free_day(
            connection=connection, user_id=user_id, local_date=start.date(), start=start, end=start + DAY, now=NOW
        )

    recorded = await write_repeatable(reads, step)
    stepped = await write_repeatable(reads, dialog)
    checked = await write_repeatable(reads, checkin)
    progress = await read_once(reads, lambda connection: lesson_progress(connection=connection, user_id=user_id))
    return recorded, stepped and (stepped.flow, stepped.step, stepped.data), checked, progress


async def test_the_hot_path_work_gives_sqlalchemys_values_without_sqlalchemy(
    database: Database, engines: tuple[AsyncEngine, AsyncEngine], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, reads = engines
    with monkeypatch.context() as through_sqlalchemy:
        through_sqlalchemy.setattr(storage.db, "statements_watched", lambda engine: True)
        expected = await lesson_and_dialog_work(reads, 5)
    no_sqlalchemy_statements(monkeypatch)
    got = await lesson_and_dialog_work(reads, 6)
    assert got == expected
    recorded = got[0]
    assert recorded.started_at == NOW and recorded.started_at.tzinfo is UTC  # aware, in UTC, as SQLAlchemy gives it
    assert got[1] == ("log", "intensity", {"at": "now", "signs": [1, 2]})  # JSON in and out, as SQLAlchemy's


async def test_rows_read_by_index_attribute_key_and_column(
    database: Database, engines: tuple[AsyncEngine, AsyncEngine], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, reads = engines
    no_sqlalchemy_statements(monkeypatch)
    statement = select(_USERS.c.id, _USERS.c.language, _USERS.c.last_seen_at).order_by(_USERS.c.id)

    async def read(connection: Any) -> Any:
        return (await connection.execute(statement)).all()

    first, second = await read_once(reads, read)
    assert (first[0], first.language, first._mapping["id"], second._mapping[_USERS.c.id]) == (5, "es", 5, 6)
    assert first.last_seen_at == SEEN and first.last_seen_at.tzinfo is UTC
    assert first._asdict() == dict(first._mapping) == {"id": 5, "language": "es", "last_seen_at": SEEN}
    with pytest.raises(AttributeError):
        _ = first.no_such_column


async def test_what_asyncpg_cannot_run_the_same_way_goes_through_sqlalchemy(
    database: Database, engines: tuple[AsyncEngine, AsyncEngine]
) -> None:
    engine, reads = engines
    # A Python-side default: SQLAlchemy computes it before the INSERT, asyncpg alone would leave it out.
    marks = Table(
        "direct_marks", MetaData(), Column("id", Integer, primary_key=True), Column("kind", String(8), default="auto")
    )
    async with engine.begin() as connection:
        await connection.run_sync(marks.metadata.create_all)

    async def mark(connection: Any) -> Any:
        await connection.execute(insert(marks), {"id": 1})
        return (await connection.execute(select(marks.c.kind))).scalar_one()

    assert await write_repeatable(reads, mark) == "auto"
    assert await read_once(reads, lambda connection: _scalar(connection, text("SELECT 41 + 1"))) == 42

    async def with_options(connection: Any) -> Any:
        statement = select(_USERS.c.language).where(_USERS.c.id == 5)
        return (await connection.execute(statement, execution_options={"logging_token": "t"})).scalar()

    assert await read_once(reads, with_options) == "es"

    async def same_user_again(connection: Any) -> None:
        await connection.execute(insert(_USERS), {"id": 5, "language": "en", "consent_version": 1, "is_active": True,
                                                  "subscribed_updates": True, "created_at": SEEN, "updated_at": SEEN,
                                                  "last_seen_at": SEEN})  # fmt: skip

    with pytest.raises(IntegrityError):  # SQLAlchemy's error, as before, not asyncpg's
        await write_repeatable(reads, same_user_again)

    async def failing(connection: Any) -> None:
        await connection.execute(select(_USERS.c.id))
        raise ValueError("the work's own error")

    with pytest.raises(ValueError, match="own error"):
        await read_once(reads, failing)
    assert reads.sync_engine.pool.checkedout() == 0  # every connection went back (or was dropped)


async def _scalar(connection: Any, statement: Any) -> Any:
    return (await connection.execute(statement)).scalar()


async def test_a_column_whose_processor_depends_on_the_driver_type_reads_as_sqlalchemy_reads_it(
    engines: tuple[AsyncEngine, AsyncEngine],
) -> None:
    # SQLAlchemy picks a Numeric or Float column's result processor from the type code the driver reports for
    # it; compiled without one, asyncpg's Numeric raised TypeError instead of reading the row.
    _, reads = engines
    statement = select(cast(_USERS.c.id, Float), cast(_USERS.c.id, Numeric(6, 2))).where(_USERS.c.id == 5)

    async def read(connection: Any) -> Any:
        return tuple((await connection.execute(statement)).one())

    assert await read_once(reads, read) == (5.0, Decimal("5.00"))


async def test_an_error_the_server_reports_keeps_its_healthy_connection_in_the_pool(
    engines: tuple[AsyncEngine, AsyncEngine],
) -> None:
    # A duplicate key (or a statement timeout) is PostgreSQL's answer on a working connection: it goes back to the
    # pool. Dropped as if dead, every such error cost a reconnect (a new server process) under load.
    _, reads = engines
    if reads.dialect.name != "postgresql":
        pytest.skip("the direct path runs on PostgreSQL only")
    opened: list[object] = []
    listen(reads.sync_engine, "connect", lambda *_: opened.append(1))
    language = select(_USERS.c.language).where(_USERS.c.id == 5)
    assert await read_once(reads, lambda connection: _scalar(connection, language)) == "es"

    async def same_user_again(connection: Any) -> None:
        await connection.execute(insert(_USERS), {"id": 5, "language": "en", "consent_version": 1, "is_active": True,
                                                  "subscribed_updates": True, "created_at": SEEN, "updated_at": SEEN,
                                                  "last_seen_at": SEEN})  # fmt: skip

    before = len(opened)
    for _ in range(3):
        with pytest.raises(IntegrityError):
            await write_repeatable(reads, same_user_again)
    assert len(opened) == before  # no connection was dropped and opened again
    assert reads.sync_engine.pool.checkedout() == 0
