"""The read of the sender and their dialog that every update makes: on PostgreSQL asyncpg runs it by itself."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import insert

import storage.db
from storage.db import create_engine, create_read_engine, read_mapping_once, read_row_once
from storage.migrate import upgrade_schema
from storage.models import Dialog, User
from storage.snapshots import _STATE_AND_DIALOG, read_user_and_dialog_row
from support.databases import Database

SEEN = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
STEPPED = datetime(2026, 3, 29, 0, 45, tzinfo=UTC)


async def test_the_user_and_dialog_read_gives_sqlalchemys_values(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = create_engine(database.url, search_path=database.search_path)
    await upgrade_schema(engine)
    reads = (
        create_read_engine(database.url, search_path=database.search_path)
        if database.backend == "postgresql"
        else engine
    )
    try:
        async with engine.begin() as connection:
            await connection.execute(
                insert(User.__table__),  # type: ignore[attr-defined]
                [{"id": 5, "language": "es", "timezone": "Europe/Madrid", "consent_version": 1, "is_active": True,
                  "subscribed_updates": True, "created_at": SEEN, "updated_at": SEEN, "last_seen_at": SEEN,
                  "onboarded_at": SEEN, "emergency_number": "112"}],
            )  # fmt: skip
            await connection.execute(
                insert(Dialog.__table__),  # type: ignore[attr-defined]
                [{"user_id": 5, "flow": "log", "step": "intensity", "data": {"at": "now", "signs": [1, 2]},
                  "updated_at": STEPPED}],
            )  # fmt: skip

        read = await read_user_and_dialog_row(reads=reads, user_id=5)
        assert read is not None
        state, dialog = read
        assert (state.user.language, state.user.timezone, state.user.emergency_number) == ("es", "Europe/Madrid", "112")
        assert state.user.has_consent and state.user.onboarded and state.user.subscribed_updates
        assert state.user.last_seen_at == SEEN and state.user.last_seen_at.tzinfo is UTC
        assert state.dialog_flow == "log" and dialog is not None
        assert (dialog.step, dialog.data, dialog.updated_at) == ("intensity", {"at": "now", "signs": [1, 2]}, STEPPED)
        assert dialog.updated_at.tzinfo is UTC

        row = await read_row_once(reads, _STATE_AND_DIALOG, {"user_id": 5})
        assert row is not None
        if database.backend == "postgresql":  # asyncpg's own read, not SQLAlchemy's behind it

            async def not_sqlalchemy(*args: Any, **kwargs: Any) -> None:
                raise AssertionError("the read fell back to SQLAlchemy")

            monkeypatch.setattr(storage.db, "read_row_once", not_sqlalchemy)
        assert await read_mapping_once(reads, _STATE_AND_DIALOG, {"user_id": 5}) == dict(row._mapping)
        assert await read_user_and_dialog_row(reads=reads, user_id=6) is None
    finally:
        if reads is not engine:
            await reads.dispose()
        await engine.dispose()
