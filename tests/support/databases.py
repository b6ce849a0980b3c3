"""Where a test's database lives."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_engine, create_read_engine
from storage.migrate import upgrade_schema


@dataclass(frozen=True)
class Database:
    """Where a test's database lives: the URL plus, on PostgreSQL, a schema of its own."""

    url: str
    search_path: str | None = None

    @property
    def backend(self) -> str:
        """Return "sqlite" or "postgresql"."""
        return "sqlite" if self.url.startswith("sqlite") else "postgresql"


@asynccontextmanager
async def migrated_engines(database: Database) -> AsyncIterator[tuple[AsyncEngine, AsyncEngine]]:
    """The transaction engine on a migrated database, and the read engine (the same engine on SQLite)."""
    engine = create_engine(database.url, search_path=database.search_path)
    await upgrade_schema(engine)
    postgres = database.backend == "postgresql"
    reads = create_read_engine(database.url, search_path=database.search_path) if postgres else engine
    try:
        yield engine, reads
    finally:
        if reads is not engine:
            await reads.dispose()
        await engine.dispose()
