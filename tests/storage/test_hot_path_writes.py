"""The hot path's writes in few statements: the dialog read with the user, dialogs and lesson steps upserted."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, select

from storage.db import SessionFactory, create_engine, create_session_factory, transaction
from storage.dialogs import consume_dialog, end_dialog, get_dialog, start_dialog, update_dialog
from storage.lesson_models import LessonProgress
from storage.lessons import LessonVersion, record_lesson_completed, record_lesson_step
from storage.migrate import upgrade_schema
from storage.models import Dialog, User
from storage.users import touch_user
from support.databases import Database

USER = 5
LESSON = LessonVersion("aura", 2, "abc123")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Statements:
    """The SQL statements run on an engine, as they run."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.seen.append(statement.split(None, 1)[0].upper())


@pytest.fixture
async def db(database: Database) -> AsyncIterator[tuple[SessionFactory, Statements]]:
    engine = create_engine(database.url, search_path=database.search_path)
    await upgrade_schema(engine)
    sessions = create_session_factory(engine)
    async with transaction(sessions) as session:
        session.add(User(id=USER))
    statements = Statements()
    event.listen(engine.sync_engine, "before_cursor_execute", statements)
    yield sessions, statements
    await engine.dispose()


async def test_touch_user_reads_the_dialog_too_so_get_dialog_asks_nothing(
    db: tuple[SessionFactory, Statements],
) -> None:
    sessions, statements = db
    async with transaction(sessions) as session:
        await start_dialog(session=session, user_id=USER, flow="log", step="start", data={"token": "t1"})
    statements.seen.clear()

    async with transaction(sessions) as session:
        await touch_user(session=session, user_id=USER)
        dialog = await get_dialog(session=session, user_id=USER)

    assert dialog is not None and (dialog.flow, dialog.data) == ("log", {"token": "t1"})
    assert [s for s in statements.seen if s == "SELECT"] == ["SELECT"]


async def test_no_dialog_is_remembered_until_one_is_opened_and_forgotten_when_closed(
    db: tuple[SessionFactory, Statements],
) -> None:
    sessions, _ = db
    async with transaction(sessions) as session:
        await touch_user(session=session, user_id=USER)
        before = await get_dialog(session=session, user_id=USER)
        await start_dialog(session=session, user_id=USER, flow="log", step="start", data={"token": "t1"})
        opened = await get_dialog(session=session, user_id=USER)
        await end_dialog(session=session, user_id=USER)
        after_end = await get_dialog(session=session, user_id=USER)
        await start_dialog(session=session, user_id=USER, flow="midas", step="0", data={"token": "t2"})
        consumed = await consume_dialog(session=session, user_id=USER, flow="midas", token="t2")
        after_consume = await get_dialog(session=session, user_id=USER)

    assert before is None
    assert opened is not None and opened.flow == "log"
    assert after_end is None
    assert consumed == {"token": "t2"} and after_consume is None
    async with sessions() as session:
        assert await session.get(Dialog, USER) is None


async def test_start_dialog_replaces_an_open_dialog_in_one_statement(db: tuple[SessionFactory, Statements]) -> None:
    sessions, statements = db
    async with transaction(sessions) as session:
        first = await start_dialog(session=session, user_id=USER, flow="log", step="start", data={"token": "t1"})
    statements.seen.clear()

    async with transaction(sessions) as session:
        held = await get_dialog(session=session, user_id=USER)
        replaced = await start_dialog(session=session, user_id=USER, flow="midas", step="0", data={"token": "t2"})

    assert first.flow == "log"
    assert held is replaced and (replaced.flow, replaced.step, replaced.data) == ("midas", "0", {"token": "t2"})
    assert [s for s in statements.seen if s in {"INSERT", "UPDATE", "DELETE"}] == ["INSERT"]
    async with sessions() as session:
        stored = await session.get(Dialog, USER)
        assert stored is not None and (stored.flow, stored.data) == ("midas", {"token": "t2"})


async def test_a_lesson_step_is_one_statement_and_the_first_completion_is_kept(
    db: tuple[SessionFactory, Statements],
) -> None:
    sessions, statements = db
    later = NOW + timedelta(days=1)
    async with transaction(sessions) as session:
        started = await record_lesson_step(
            connection=await session.connection(), user_id=USER, lesson=LESSON, step=0, now=NOW
        )
    async with transaction(sessions) as session:
        await record_lesson_completed(
            connection=await session.connection(), user_id=USER, lesson=LESSON, step=3, now=NOW
        )
    statements.seen.clear()
    async with transaction(sessions) as session:
        connection = await session.connection()
        again = await record_lesson_completed(connection=connection, user_id=USER, lesson=LESSON, step=3, now=later)
        back = await record_lesson_step(connection=connection, user_id=USER, lesson=LESSON, step=1, now=later)

    assert (started.started_at, started.last_step, started.completed_at) == (NOW, 0, None)
    assert again.completed_at == NOW  # the first completion
    assert (back.last_step, back.completed_at, back.started_at, back.updated_at) == (1, NOW, NOW, later)
    assert [s for s in statements.seen if s not in {"BEGIN", "COMMIT"}] == ["INSERT", "INSERT"]
    async with sessions() as session:
        rows = (await session.scalars(select(LessonProgress))).all()
        assert [(row.lesson_id, row.last_step) for row in rows] == [("aura", 1)]


async def test_a_dialog_read_in_an_earlier_transaction_updates_the_row_this_session_holds(
    db: tuple[SessionFactory, Statements],
) -> None:
    sessions, _ = db
    async with transaction(sessions) as session:
        await start_dialog(session=session, user_id=USER, flow="reminder", step="med_name", data={"token": "t1"})
    async with transaction(sessions) as session:
        earlier = await get_dialog(session=session, user_id=USER)  # a text flow is handed the dialog read first
    assert earlier is not None

    async with transaction(sessions) as session:
        await touch_user(session=session, user_id=USER)  # holds the same row now
        updated = await update_dialog(session=session, dialog=earlier, step="med_times", name="Sumatriptan")
        assert updated is await get_dialog(session=session, user_id=USER)

    async with sessions() as session:
        stored = await session.get(Dialog, USER)
        assert stored is not None and stored.step == "med_times"
        assert stored.data == {"token": "t1", "name": "Sumatriptan"}
