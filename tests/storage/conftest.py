"""Fixtures shared by the storage tests."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from support.databases import Database


@pytest.fixture
def other(sqlite_database: Database) -> Iterator[sqlite3.Connection]:
    """Another writer on the same SQLite file, as another process would be, that never waits for a lock."""
    connection = sqlite3.connect(sqlite_database.url.split("///", 1)[1], isolation_level=None, timeout=0)
    yield connection
    connection.close()
