"""The README.txt of the /export archive, in the user's language: what each file holds and how to read it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.texts.catalog import Texts


def export_readme(t: Texts, data: dict[str, list[dict[str, Any]]], generated_at: datetime) -> str:
    """Return the README for an export of `data` (one CSV per table, as build_export_archive writes them)."""
    files = "\n".join(
        t.EXPORT_README_FILE.format(file=f"{name}.csv", about=t.EXPORT_TABLES.get(name, name)) for name in data
    )
    return str(t.EXPORT_README.format(moment=generated_at.isoformat(timespec="seconds"), files=files)) + "\n"
