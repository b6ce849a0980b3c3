"""Shared fixtures: a real database per test (SQLite file, and PostgreSQL when configured)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.db import create_engine
from support.databases import Database
from support.harness import BotHarness, make_settings, running_bot

PG_ENV = "TEST_DATABASE_URL"


def _postgres_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{PG_ENV} is not set; CI requires the PostgreSQL run")
        pytest.skip(f"{PG_ENV} not set: PostgreSQL run skipped")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A fresh, empty database: a SQLite file, or a new schema in the PostgreSQL test database."""
    if request.param == "sqlite":
        yield Database(url=f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
        return
    url = _postgres_url()
    assert url is not None
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    try:
        async with admin.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OSError as exc:
        await admin.dispose()
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {PG_ENV} is unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    try:
        yield Database(url=url, search_path=schema)
    finally:
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


@pytest.fixture
def sqlite_database(tmp_path: Path) -> Database:
    """A fresh SQLite file database, for tests that are about SQLite itself."""
    return Database(url=f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    """The real bot on a fresh database, talking to a fresh fake Bot API."""
    async with running_bot(make_settings(database.url), search_path=database.search_path) as harness:
        yield harness
