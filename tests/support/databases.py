"""Where a test's database lives."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Database:
    """Where a test's database lives: the URL plus, on PostgreSQL, a schema of its own."""

    url: str
    search_path: str | None = None

    @property
    def backend(self) -> str:
        """Return "sqlite" or "postgresql"."""
        return "sqlite" if self.url.startswith("sqlite") else "postgresql"
