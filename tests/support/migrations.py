"""Rows for migration tests, written for the schema at whatever revision the database is at."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from alembic import command
from sqlalchemy import Boolean, Connection, DateTime, Integer, MetaData, Table, insert, inspect

from storage.migrate import alembic_config


def user_row(connection: Connection) -> None:
    """A user with every required column of the schema at that revision."""
    values: dict[str, Any] = {"id": 7}
    for column in inspect(connection).get_columns("users"):
        if column["name"] in values or column["nullable"] or column.get("default") is not None:
            continue
        kind = column["type"]
        if isinstance(kind, DateTime):
            values[column["name"]] = datetime(2026, 11, 1, tzinfo=UTC)
        elif isinstance(kind, Boolean):
            values[column["name"]] = False
        elif isinstance(kind, Integer):
            values[column["name"]] = 1
        else:
            values[column["name"]] = "en"
    connection.execute(insert(Table("users", MetaData(), autoload_with=connection)).values(**values))


def upgrade_to(connection: Connection, revision: str) -> None:
    """Migrate the connection's database up to `revision` (for `run_sync`)."""
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)
