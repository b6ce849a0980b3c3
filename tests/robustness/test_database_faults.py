"""Database faults: SQLite locked by another writer, a PostgreSQL connection killed mid-transaction or
between updates, and a restart in the middle of a diary entry. The user gets a clear answer and no
half-written row is kept."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from robust_scenes import LOG, MONDAY_NOON, snapshot
from sqlalchemy import event, func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.util import await_only

import storage.db
import storage.direct
from bot.fake_telegram import FakeTelegram
from bot.texts import en
from scheduler.clock import ManualClock
from storage.db import create_engine, create_read_engine, read_mapping_once, read_once, read_row_once, transaction
from storage.diary_models import Attack
from support.databases import Database
from support.harness import BotHarness, make_settings, running_bot

ALICE = 8101


async def attacks(bot: BotHarness) -> list[Attack]:
    """Alice's attacks."""
    async with transaction(bot.services.sessions) as session:
        return list((await session.scalars(select(Attack).where(Attack.user_id == ALICE))).all())  # type: ignore[arg-type]


def bot_on(database: Database, fake: FakeTelegram | None = None) -> Any:
    """The real bot on this database, with a manual clock (and an existing fake Bot API, for restarts)."""
    settings = make_settings(database.url)
    return running_bot(settings, search_path=database.search_path, clock=ManualClock(MONDAY_NOON), fake=fake)


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    """The real bot with Alice onboarded."""
    async with bot_on(database) as harness:
        await harness.onboard(ALICE)
        yield harness


@pytest.mark.parametrize("locked_step", ["Moderate", "None of these"])
async def test_sqlite_locked_by_another_writer_gets_try_again_and_writes_nothing(
    sqlite_database: Database, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, locked_step: str
) -> None:
    monkeypatch.setattr("storage.db.SQLITE_BUSY_TIMEOUT_MS", 50)
    path = sqlite_database.url.split("///", 1)[1]
    steps = ["Moderate", "None of these"]  # a first attack is saved after the red-flag question
    async with bot_on(sqlite_database) as bot:
        await bot.onboard(ALICE)
        await bot.send(ALICE, LOG)
        await bot.press(ALICE, "1 h ago")
        for label in steps[: steps.index(locked_step)]:
            await bot.press(ALICE, label)
        before = await snapshot(bot, ALICE)
        other = sqlite3.connect(path, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # another writer holds the lock past our busy_timeout
            answered = await bot.press(ALICE, locked_step)
        finally:
            other.execute("ROLLBACK")
            other.close()

        assert [m.text for m in answered][-1:] == [en.TRY_AGAIN]
        assert await snapshot(bot, ALICE) == before
        assert "handler failed on callback_query" in caplog.text  # the error handler, not a crash elsewhere

        for label in steps[steps.index(locked_step) :]:  # the lock is gone: the same button now works
            await bot.press(ALICE, label)
        [saved] = await attacks(bot)
        assert (saved.started_at, saved.peak_intensity) == (MONDAY_NOON - timedelta(hours=1), 5)


def backend_pids(bot: BotHarness) -> list[int]:
    """Record the PostgreSQL backend pid of every connection the bot checks out from its pool."""
    pids: list[int] = []

    def on_checkout(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        pids.append(int(dbapi_connection.driver_connection.get_server_pid()))

    for engine in (bot.services.engine, bot.services.reads):
        if engine is not None:
            event.listen(engine.sync_engine, "checkout", on_checkout)
    return pids


async def terminate(database: Database, pids: list[int]) -> None:
    """Kill these backends from an admin connection, as a failover or an idle timeout would."""
    admin = create_engine(database.url)
    try:
        async with admin.begin() as conn:
            for pid in set(pids):
                await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        await admin.dispose()


def postgres_only(database: Database) -> None:
    """Skip on SQLite: these faults are about a server connection."""
    if database.url.startswith("sqlite"):
        pytest.skip("a PostgreSQL connection fault")


async def test_postgres_connection_killed_between_updates_is_replaced_for_the_next_one(
    database: Database, bot: BotHarness
) -> None:
    postgres_only(database)
    pids = backend_pids(bot)
    await bot.send(ALICE, "/help")
    assert pids

    await terminate(database, pids)
    replies = await bot.send(ALICE, LOG)

    assert replies and replies[0].text != en.TRY_AGAIN
    await bot.press(ALICE, "1 h ago")
    await bot.press(ALICE, "Moderate")
    await bot.press(ALICE, "None of these")
    assert [a.peak_intensity for a in await attacks(bot)] == [5]


async def test_postgres_transaction_connections_killed_between_updates_are_replaced_before_the_next_one(
    database: Database, bot: BotHarness
) -> None:
    postgres_only(database)
    used: list[int] = []

    def on_checkout(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        used.append(int(dbapi_connection.driver_connection.get_server_pid()))

    event.listen(bot.services.engine.sync_engine, "checkout", on_checkout)
    # /log, the flow's steps, its save and the attack's main buttons commit their statements on their own (the
    # read engine); the medicine buttons run in a transaction on this engine.
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "1 h ago")
    await bot.press(ALICE, "Moderate")
    await bot.press(ALICE, "None of these")
    await bot.press(ALICE, en.BTN_TOOK_MEDICINE)
    killed = set(used)
    assert killed, "the medicine buttons run through the transaction engine"

    await terminate(database, list(killed))
    answered = await bot.press(ALICE, en.BTN_ADD_MEDICINE)  # a transaction too, on a connection the pool kept

    assert en.TRY_AGAIN not in [m.text for m in answered]
    assert set(used) - killed, "the dead connection was replaced by a new one"
    asked = en.MEDICINE_TYPE.split(",")[0]  # the text as shown, without its HTML
    assert any((m.text or "").startswith(asked) for m in bot.fake.visible_messages(ALICE)), "it asks for the name"
    assert [a.peak_intensity for a in await attacks(bot)] == [5]


async def test_postgres_read_connections_killed_between_updates_are_replaced_by_one_retry(
    database: Database, bot: BotHarness
) -> None:
    postgres_only(database)
    assert bot.services.reads is not None
    read_pids: list[int] = []

    def on_checkout(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        read_pids.append(int(dbapi_connection.driver_connection.get_server_pid()))

    event.listen(bot.services.reads.sync_engine, "checkout", on_checkout)
    await bot.send(ALICE, "/help")
    killed = set(read_pids)
    assert killed, "a read-only update reads through the read engine"

    await terminate(database, list(killed))
    replies = await bot.send(ALICE, "/help")

    assert replies and replies[0].text != en.TRY_AGAIN and "/log" in (replies[0].text or "")
    assert set(read_pids) - killed, "the dead connection was replaced by a new one"


async def test_postgres_read_once_replaces_a_killed_read_connection_by_one_retry(database: Database) -> None:
    postgres_only(database)
    reads = create_read_engine(database.url, search_path=database.search_path, pool_size=1, max_overflow=0)

    async def backend_pid(connection: AsyncConnection) -> int:
        return int((await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one())

    try:
        first = await read_once(reads, backend_pid)
        await terminate(database, [first])  # the pool keeps its one connection, now dead

        second = await read_once(reads, backend_pid)
    finally:
        await reads.dispose()

    assert second != first, "the read ran again on a new connection"


async def test_postgres_read_row_once_replaces_a_killed_read_connection_by_one_retry(database: Database) -> None:
    postgres_only(database)
    reads = create_read_engine(database.url, search_path=database.search_path, pool_size=1, max_overflow=0)
    backend_pid = select(func.pg_backend_pid())

    try:
        first = await read_row_once(reads, backend_pid, {})
        assert first is not None
        await terminate(database, [first[0]])  # the pool keeps its one connection, now dead

        second = await read_row_once(reads, backend_pid, {})
    finally:
        await reads.dispose()

    assert second is not None and second[0] != first[0], "the read ran again on a new connection"


async def test_postgres_read_by_asyncpg_replaces_a_killed_read_connection(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    postgres_only(database)
    reads = create_read_engine(database.url, search_path=database.search_path, pool_size=1, max_overflow=0)
    backend_pid = select(func.pg_backend_pid().label("pid"))
    # Only the read on the killed connection falls back to SQLAlchemy's path (which retries it); the others are
    # asyncpg's own.
    fallbacks: list[object] = []

    async def counted(*args: Any, **kwargs: Any) -> Any:
        fallbacks.append(args[1])
        return await read_row_once(*args, **kwargs)

    monkeypatch.setattr(storage.db, "read_row_once", counted)

    try:
        first = await read_mapping_once(reads, backend_pid, {})
        assert first is not None
        await terminate(database, [first["pid"]])  # the pool keeps its one connection, now dead

        second = await read_mapping_once(reads, backend_pid, {})
        third = await read_mapping_once(reads, backend_pid, {})
    finally:
        await reads.dispose()

    assert second is not None and second["pid"] != first["pid"], "the read ran again on a new connection"
    assert third == second, "the new connection went back to the pool"
    assert fallbacks == [backend_pid], "only the read on the dead connection went through SQLAlchemy"


async def test_postgres_connection_killed_while_saving_an_attack_saves_it_once_on_a_new_one(
    database: Database, bot: BotHarness
) -> None:
    postgres_only(database)
    assert bot.services.reads is not None
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "1 h ago")
    await bot.press(ALICE, "Moderate")  # the first attack is saved after the red-flag question
    killed: list[int] = []

    def kill_before_insert(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "INSERT INTO ATTACKS" in statement.upper() and not killed:
            pid = int(conn.connection.driver_connection.get_server_pid())
            killed.append(pid)
            await_only(terminate(database, [pid]))

    # The save is one statement committed on its own (the dialog's DELETE and the attack's INSERT): on a dead
    # connection it did nothing, and runs again once on a new one.
    question = next(m for m in reversed(bot.fake.visible_messages(ALICE)) if "None of these" in m.button_labels)
    none_of_these = question.button_data("None of these")
    event.listen(bot.services.reads.sync_engine, "before_cursor_execute", kill_before_insert)
    try:
        answered = await bot.press_data(ALICE, question.message_id, none_of_these)
    finally:
        event.remove(bot.services.reads.sync_engine, "before_cursor_execute", kill_before_insert)

    assert killed and en.TRY_AGAIN not in [m.text for m in answered]
    assert en.DIARY_SAVED in [m.text for m in answered]
    assert [a.peak_intensity for a in await attacks(bot)] == [5]
    # The dialog is gone: a second tap (as if the first's answer was lost) saves nothing.
    await bot.press_data(ALICE, question.message_id, none_of_these, check_button=False)
    assert [a.peak_intensity for a in await attacks(bot)] == [5]


async def test_postgres_connection_killed_by_the_server_mid_insert_on_the_asyncpg_path_saves_the_attack_once(
    database: Database, bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test above listens to statements, which sends them through SQLAlchemy. Here nothing listens, so the
    save runs on asyncpg itself (storage.direct), and the server kills the connection in the middle of the
    INSERT: a trigger terminates its own backend the first time (a sequence counts outside the transaction)."""
    postgres_only(database)
    assert bot.services.reads is not None and not storage.direct.statements_watched(bot.services.reads)
    admin = create_engine(database.url, search_path=database.search_path)
    died_on_asyncpg: list[bool] = []
    run_direct = storage.direct.run_direct

    async def inserts() -> int:
        async with admin.connect() as conn:
            return int((await conn.execute(text("SELECT count(*) FROM attack_inserts WHERE is_called"))).scalar_one())

    async def recorded(*args: Any, **kwargs: Any) -> Any:
        before = await inserts()
        ran, value = await run_direct(*args, **kwargs)
        died_on_asyncpg.append(not ran and before == 0 and await inserts() == 1)
        return ran, value

    try:
        async with admin.begin() as conn:
            await conn.execute(text("CREATE SEQUENCE attack_inserts"))
            # pg_sleep checks for interrupts: the backend's own termination lands inside the INSERT.
            await conn.execute(text(
                "CREATE FUNCTION die_on_first_attack() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "IF nextval('attack_inserts') = 1 THEN PERFORM pg_terminate_backend(pg_backend_pid()); "
                "PERFORM pg_sleep(5); END IF; RETURN NEW; END $$"
            ))  # fmt: skip
            await conn.execute(text(
                "CREATE TRIGGER die_on_first_attack BEFORE INSERT ON attacks "
                "FOR EACH ROW EXECUTE FUNCTION die_on_first_attack()"
            ))  # fmt: skip
        await bot.send(ALICE, LOG)
        await bot.press(ALICE, "1 h ago")
        await bot.press(ALICE, "Moderate")  # the first attack is saved after the red-flag question
        question = next(m for m in reversed(bot.fake.visible_messages(ALICE)) if "None of these" in m.button_labels)
        none_of_these = question.button_data("None of these")
        with monkeypatch.context() as patch:
            patch.setattr(storage.db, "run_direct", recorded)
            answered = await bot.press_data(ALICE, question.message_id, none_of_these)
    finally:
        await admin.dispose()

    assert died_on_asyncpg.count(True) == 1, "the INSERT ran on asyncpg, and its connection died there once"
    assert en.TRY_AGAIN not in [m.text for m in answered]
    assert en.DIARY_SAVED in [m.text for m in answered]
    assert [a.peak_intensity for a in await attacks(bot)] == [5]
    # The dialog is gone: a second tap (as if the first's answer was lost) saves nothing.
    await bot.press_data(ALICE, question.message_id, none_of_these, check_button=False)
    assert [a.peak_intensity for a in await attacks(bot)] == [5]


async def test_a_restart_in_the_middle_of_a_diary_entry_continues_or_says_so_without_half_rows(
    database: Database,
) -> None:
    fake = FakeTelegram(limits=None)  # the person taps within milliseconds: see support.harness.running_bot
    async with bot_on(database, fake) as bot:
        await bot.onboard(ALICE)
        await bot.send(ALICE, LOG)
        await bot.press(ALICE, "1 h ago")
        assert await attacks(bot) == []

    async with bot_on(database, fake) as bot:
        answered = await bot.press(ALICE, "Moderate")
        if "None of these" in bot.buttons(ALICE):
            answered += await bot.press(ALICE, "None of these")
        saved = await attacks(bot)
        assert answered and all((m.text or "").strip() for m in answered)
        if saved:  # continued from the dialogs table
            assert [(a.started_at, a.peak_intensity) for a in saved] == [(MONDAY_NOON - timedelta(hours=1), 5)]
        else:  # or said clearly that the entry was interrupted
            assert bot.callback_answers()[-1] or answered[-1].text
