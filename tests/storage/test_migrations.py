"""Schema migrations: upgrade on start, refuse a database newer than the code."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from storage.db import create_engine
from storage.migrate import SchemaTooNewError, code_heads, upgrade_schema
from support.databases import Database


async def test_upgrade_creates_every_table_and_is_idempotent(database: Database) -> None:
    engine = create_engine(database.url, search_path=database.search_path)
    try:
        await upgrade_schema(engine)
        await upgrade_schema(engine)
        async with engine.connect() as conn:
            tables = set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
            versions = set((await conn.execute(text("SELECT version_num FROM alembic_version"))).scalars())
    finally:
        await engine.dispose()

    assert {"users", "dialogs", "safety_events", "audit_log", "alembic_version"} <= tables
    assert versions == code_heads()


async def test_database_newer_than_code_is_refused_with_a_clear_message(database: Database) -> None:
    engine = create_engine(database.url, search_path=database.search_path)
    try:
        await upgrade_schema(engine)
        async with engine.begin() as conn:
            await conn.execute(text("DELETE FROM alembic_version"))
            await conn.execute(text("INSERT INTO alembic_version (version_num) VALUES ('from_the_future')"))
        with pytest.raises(SchemaTooNewError, match="newer than this version of the bot"):
            await upgrade_schema(engine)
    finally:
        await engine.dispose()


async def test_sqlite_connections_use_wal_busy_timeout_and_foreign_keys(sqlite_database: Database) -> None:
    engine = create_engine(sqlite_database.url)
    try:
        async with engine.connect() as conn:
            mode = (await conn.exec_driver_sql("PRAGMA journal_mode")).scalar_one()
            timeout = (await conn.exec_driver_sql("PRAGMA busy_timeout")).scalar_one()
            foreign_keys = (await conn.exec_driver_sql("PRAGMA foreign_keys")).scalar_one()
    finally:
        await engine.dispose()

    assert (mode, foreign_keys) == ("wal", 1)
    assert timeout >= 5000
