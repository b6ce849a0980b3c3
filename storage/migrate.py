"""Bring the schema to the code's revision on start, or refuse when the database is newer."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class SchemaTooNewError(RuntimeError):
    """The database was migrated by a newer version of the bot."""


def alembic_config() -> Config:
    """Return an Alembic config that works from any working directory."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def code_heads() -> set[str]:
    """Return the revision(s) this code expects."""
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


async def upgrade_schema(engine: AsyncEngine) -> None:
    """Upgrade the schema to head; raise SchemaTooNewError if the database is ahead of the code."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        os.makedirs(os.path.dirname(os.path.abspath(url.database)), exist_ok=True)
    async with engine.connect() as connection:
        await connection.run_sync(_check_and_upgrade)
        await connection.commit()


# Any fixed number; instances starting together on PostgreSQL take turns instead of racing to migrate.
MIGRATION_LOCK_ID = 4_711_2026


def _check_and_upgrade(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        # Held until this transaction commits, i.e. until the upgrade is done.
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_ID})")
    config = alembic_config()
    current = MigrationContext.configure(connection).get_current_heads()
    script = ScriptDirectory.from_config(config)
    known = {rev.revision for rev in script.walk_revisions()}
    unknown = [rev for rev in current if rev not in known]
    if unknown:
        raise SchemaTooNewError(
            f"The database schema (revision {', '.join(unknown)}) is newer than this version of the bot. "
            "Upgrade the bot, or point DATABASE_URL at another database."
        )
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
