"""Migration 0011: unanswered impact becomes unknown, one aura kind becomes a list (issue 13, items 4 and 6)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from storage.db import create_engine
from storage.migrate import alembic_config
from support.databases import Database
from support.migrations import upgrade_to, user_row


def _old_rows(connection: Connection) -> None:
    user_row(connection)
    insert = text(
        "INSERT INTO attacks (id, user_id, started_at, peak_intensity, prodrome, aura, aura_type, postdrome,"
        " symptoms, features, triggers, impact, notes, created_at, updated_at) VALUES (:id, 7,"
        " '2026-11-01 10:00:00+00:00', 5, false, :aura, :kind, false, '[]', '[]', '[]', :impact, '',"
        " '2026-11-01 10:00:00+00:00', '2026-11-01 10:00:00+00:00')"
    )
    connection.execute(insert, {"id": 1, "aura": False, "kind": None, "impact": "normal"})  # never answered
    connection.execute(insert, {"id": 2, "aura": True, "kind": "visual", "impact": "normal"})  # answered, below
    connection.execute(insert, {"id": 3, "aura": True, "kind": "other", "impact": "unable"})
    connection.execute(
        text("INSERT INTO audit_log (user_id, action, detail, created_at) VALUES (7, 'diary.attack.edit', :d, :at)"),
        {"d": "attack=2 fields=impact,notes", "at": datetime(2026, 11, 1, 11, tzinfo=UTC)},
    )


async def test_upgrade_keeps_answered_impact_and_moves_the_aura_kind_into_a_list(database: Database) -> None:
    engine = create_engine(database.url, search_path=database.search_path)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(
                upgrade_to, str(ScriptDirectory.from_config(alembic_config()).get_revision("0011").down_revision)
            )
            await connection.run_sync(_old_rows)
            await connection.commit()
            await connection.run_sync(upgrade_to, "0011")
            await connection.commit()
            result = await connection.execute(text("SELECT id, impact, aura, aura_kinds FROM attacks ORDER BY id"))
            rows: list[Any] = list(result.all())
    finally:
        await engine.dispose()

    kinds = [k if isinstance(k, list) else json.loads(k) for *_, k in rows]
    assert [(r[0], r[1], bool(r[2])) for r in rows] == [(1, None, False), (2, "normal", True), (3, "unable", True)]
    assert kinds == [[], ["visual"], []]
