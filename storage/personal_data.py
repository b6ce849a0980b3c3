"""Export and erase everything stored about one user, across every table.

Tables are found through the metadata: any table with a ``user_id`` column holds personal data,
so tables added by later features are covered without touching this module.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import uuid
import zipfile
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Table, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel, col

import storage.tables  # noqa: F401  (every table must be on the metadata before we look for personal ones)
from storage.models import User
from storage.schedule_models import Delivery, Schedule

# Personal tables that are not the diary: "delete my diary" (after withdrawing consent) keeps them.
# Everything else with a user_id is diary data, so a table added later is erased by default. Safety
# events stay (codes only, never words: see /privacy); reminder rows go by kind (erase_diary).
NOT_DIARY = frozenset(
    {"lesson_progress", "reminder_prefs", "broadcast_deliveries", "safety_events", "schedules", "deliveries"}
)


def personal_tables() -> list[Table]:
    """Return every table that holds rows about a user, children before parents."""
    tables = [t for t in SQLModel.metadata.sorted_tables if "user_id" in t.c]
    return list(reversed(tables))


async def collect_user_data(*, session: AsyncSession, user_id: int) -> dict[str, list[dict[str, Any]]]:
    """Return every row about the user, grouped by table name."""
    data: dict[str, list[dict[str, Any]]] = {}
    user_table = User.__table__  # type: ignore[attr-defined]
    rows = (await session.execute(select(user_table).where(user_table.c.id == user_id))).mappings().all()
    data["users"] = [dict(r) for r in rows]
    for table in sorted(personal_tables(), key=lambda t: t.name):
        result = await session.execute(select(table).where(table.c.user_id == user_id))
        data[table.name] = [dict(r) for r in result.mappings().all()]
    return data


def build_export_archive(data: dict[str, list[dict[str, Any]]], *, generated_at: datetime, readme: str = "") -> bytes:
    """Pack the data as a zip with one JSON file and one CSV per table, and the bot's README.txt when given
    (worded by the bot in the user's language: storage writes no text a user reads)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if readme:
            archive.writestr("README.txt", readme)
        document = {"generated_at": generated_at.isoformat(), "tables": data}
        archive.writestr("export.json", json.dumps(document, default=_json_default, indent=2, ensure_ascii=False))
        for name, rows in data.items():
            archive.writestr(f"{name}.csv", _to_csv(rows))
    return buffer.getvalue()


async def erase_user(*, session: AsyncSession, user_id: int) -> int:
    """Delete every row about the user, including the user row; return the rows deleted."""
    deleted = 0
    for table in personal_tables():
        result = await session.execute(delete(table).where(table.c.user_id == user_id))
        deleted += max(result.rowcount or 0, 0)  # type: ignore[attr-defined]
    user_table = User.__table__  # type: ignore[attr-defined]
    result = await session.execute(delete(user_table).where(user_table.c.id == user_id))
    return deleted + max(result.rowcount or 0, 0)  # type: ignore[attr-defined]


async def erase_diary(*, session: AsyncSession, user_id: int, health_kinds: Iterable[str]) -> int:
    """Delete the user's diary (health data) but keep the account, settings and lesson progress.

    Reminder rows of `health_kinds` (they name medicines) and their delivery records go too.
    """
    deleted = 0
    for table in personal_tables():
        if table.name not in NOT_DIARY:
            result = await session.execute(delete(table).where(table.c.user_id == user_id))
            deleted += max(result.rowcount or 0, 0)  # type: ignore[attr-defined]
    kinds = [str(kind) for kind in health_kinds]
    for statement in (
        delete(Delivery).where(col(Delivery.user_id) == user_id, col(Delivery.kind).in_(kinds)),
        delete(Schedule).where(col(Schedule.user_id) == user_id, col(Schedule.kind).in_(kinds)),
    ):
        result = await session.execute(statement)
        deleted += max(result.rowcount or 0, 0)  # type: ignore[attr-defined]
    return deleted


def _to_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _csv_value(v) for k, v in row.items()})
    return out.getvalue()


def _csv_value(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, default=_json_default, ensure_ascii=False)
    if value is None or isinstance(value, str | int | float):
        return value
    return _json_default(value)


def _json_default(value: Any) -> Any:
    """Turn every column type our tables use (and the likely next ones) into JSON: ISO 8601 for times."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")
