"""Reading a test's `notes` table straight from its SQLite file, as another process would (storage tests)."""

from __future__ import annotations

import sqlite3

from support.databases import Database


def bodies(connection: sqlite3.Connection) -> list[str]:
    """The notes' bodies in id order, as a connection sees them."""
    return [body for (body,) in connection.execute("SELECT body FROM notes ORDER BY id")]


def bodies_in_the_file(sqlite_database: Database) -> list[str]:
    """The rows the database file itself holds, without the WAL (immutable: no lock taken, no WAL read)."""
    path = sqlite_database.url.split("///", 1)[1]
    connection = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return bodies(connection)
    except sqlite3.OperationalError:  # no such table: its creation is still in the WAL
        return []
    finally:
        connection.close()
