"""/export holds every column of every table about the user, whatever its type (issue 13, item 1)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, String, Table, Text, Time, TypeDecorator, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel

import storage.tables  # noqa: F401  (every table on the metadata)
from storage.db import transaction
from storage.personal_data import personal_tables
from support.harness import BotHarness

ALICE = 1301
BOB = 1302
MOMENT = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)


def _value(table: Table, column: Any, ids: dict[str, int], user_id: int) -> Any:
    """A non-null value of the column's type; foreign keys point at the row written for their table."""
    if column.name == "user_id" or (table.name == "users" and column.name == "id"):
        return user_id
    if column.foreign_keys:
        target = next(iter(column.foreign_keys)).column.table.name
        return ids["users" if target == "users" else target]
    kind = column.type
    kind = kind.impl_instance if isinstance(kind, TypeDecorator) else kind
    if isinstance(kind, DateTime):
        return MOMENT
    if isinstance(kind, Date):
        return date(2026, 11, 21)
    if isinstance(kind, Time):
        return time(22, 15)
    if isinstance(kind, Boolean):
        return True
    if isinstance(kind, Integer):
        return 7
    if isinstance(kind, Float):
        return 1.5
    if isinstance(kind, JSON):
        return {"kind": ["visual"], "at": "22:15"}
    if isinstance(kind, Text):
        return "text ✓"
    if isinstance(kind, String):
        length = kind.length or 16
        return "abcdefghijklmnop"[: min(length, 16)]
    raise AssertionError(f"{table.name}.{column.name}: no filler for {kind!r}; teach this test the new type")


async def fill_every_table(session: AsyncSession, user_id: int) -> dict[str, dict[str, Any]]:
    """Write one row in every table, every column set (optional ones too); return what each personal row holds."""
    ids: dict[str, int] = {}
    written: dict[str, dict[str, Any]] = {}
    for table in SQLModel.metadata.sorted_tables:  # parents before children
        values = {}
        for column in table.columns:
            if column.primary_key and column.autoincrement is True and column.name != "user_id":
                continue
            values[column.name] = _value(table, column, ids, user_id)
        result = await session.execute(insert(table).values(**values).returning(*table.primary_key.columns))
        ids[table.name] = result.scalar_one()
        if table.name == "users" or "user_id" in table.c:
            key = table.primary_key.columns.keys()[0]
            written[table.name] = {key: ids[table.name], **values}
    return written


async def test_export_carries_every_column_of_every_table_filled(bot: BotHarness) -> None:
    async with transaction(bot.services.sessions) as session:
        written = await fill_every_table(session, ALICE)
    await bot.send(BOB, "/start")

    replies = await bot.send(ALICE, "/export")

    assert replies[-1].kind == "document", [m.text for m in replies]
    archive = zipfile.ZipFile(io.BytesIO(replies[-1].document_bytes or b""))
    tables = json.loads(archive.read("export.json"))["tables"]
    assert set(written) == {"users", *(t.name for t in personal_tables())}
    for name, values in written.items():
        key = next(iter(values))
        # /export adds a row of its own for the user (its action_budgets entry): find the written row by
        # every plain value it was written with, not by the first column alone.
        plain = {k: v for k, v in values.items() if isinstance(v, str | int) and not isinstance(v, bool)}
        [row] = [r for r in tables[name] if r[key] == values[key] and all(r.get(k) == v for k, v in plain.items())]
        assert set(row) == set(values), name
        for column, value in values.items():
            assert row[column] is not None, f"{name}.{column} lost in the export"
            if name == "users" and column in {"last_seen_at", "updated_at"}:
                continue  # /export itself touches these
            if isinstance(value, datetime | date | time):
                assert type(value).fromisoformat(row[column]) == value, f"{name}.{column}"
            else:
                assert row[column] == value, f"{name}.{column}"
        csv_rows = list(csv.DictReader(io.StringIO(archive.read(f"{name}.csv").decode())))
        [csv_row] = [r for r in csv_rows if all(r.get(k) == str(v) for k, v in {key: values[key], **plain}.items())]
        assert all(cell != "" for cell in csv_row.values()), name


async def test_export_works_once_quiet_hours_are_set(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, "/reminders")
    await bot.press(ALICE, "🌙 Quiet hours")
    await bot.send(ALICE, "22:00")
    await bot.send(ALICE, "7:30")

    replies = await bot.send(ALICE, "/export")

    archive = zipfile.ZipFile(io.BytesIO(replies[-1].document_bytes or b""))
    prefs = json.loads(archive.read("export.json"))["tables"]["reminder_prefs"]
    assert (prefs[0]["quiet_start"], prefs[0]["quiet_end"]) == ("22:00:00", "07:30:00")
