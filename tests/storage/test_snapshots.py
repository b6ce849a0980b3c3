"""The SQLite snapshot cache: every write to users or dialogs invalidates exactly what it touched."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text, update
from sqlmodel import col

from storage.db import SessionFactory, create_engine, create_session_factory, transaction
from storage.dialogs import end_dialog, get_dialog, start_dialog, update_dialog
from storage.migrate import upgrade_schema
from storage.models import Dialog, User
from storage.snapshots import SnapshotCache, UserState, UserView
from storage.types import utcnow
from storage.users import mark_blocked
from support.databases import Database


@pytest.fixture
async def cached(sqlite_database: Database) -> AsyncIterator[tuple[SnapshotCache, SessionFactory]]:
    engine = create_engine(sqlite_database.url)
    await upgrade_schema(engine)
    cache = SnapshotCache()
    cache.watch(engine)
    sessions = create_session_factory(engine)
    async with transaction(sessions) as session:
        session.add_all([User(id=5), User(id=6)])
    yield cache, sessions
    await engine.dispose()


def fill(cache: SnapshotCache, *user_ids: int) -> None:
    for user_id in user_ids:
        view = UserView(user_id, "en", None, False, False, True, True, utcnow())
        cache.put(user_id, UserState(view, None), cache.version(user_id))


async def test_orm_update_invalidates_only_that_user(cached: tuple[SnapshotCache, SessionFactory]) -> None:
    cache, sessions = cached
    fill(cache, 5, 6)
    async with transaction(sessions) as session:
        user = await session.get(User, 5)
        assert user is not None
        user.language = "de"

    assert cache.get(5) is None and cache.get(6) is not None


async def test_dialog_writes_invalidate_their_user(cached: tuple[SnapshotCache, SessionFactory]) -> None:
    cache, sessions = cached
    fill(cache, 5, 6)
    async with transaction(sessions) as session:
        await start_dialog(session=session, user_id=6, flow="timezone")
    assert cache.get(6) is None and cache.get(5) is not None

    fill(cache, 6)
    async with transaction(sessions) as session:
        await end_dialog(session=session, user_id=6)
    assert cache.get(6) is None and cache.get(5) is not None


async def test_moving_a_dialog_to_its_next_step_keeps_the_snapshot_a_new_flow_does_not(
    cached: tuple[SnapshotCache, SessionFactory],
) -> None:
    cache, sessions = cached
    async with transaction(sessions) as session:
        await start_dialog(session=session, user_id=5, flow="log", step="start", data={"token": "a"})
    fill(cache, 5)
    async with transaction(sessions) as session:
        dialog = await get_dialog(session=session, user_id=5)
        assert dialog is not None
        await update_dialog(session=session, dialog=dialog, step="intensity", started_at="2026-01-01T10:00:00+00:00")
    assert cache.get(5) is not None, "the flow is what a snapshot holds of a dialog, and it did not change"

    async with transaction(sessions) as session:
        dialog = await get_dialog(session=session, user_id=5)
        assert dialog is not None
        dialog.flow = "checkin"
    assert cache.get(5) is None

    fill(cache, 5)
    async with transaction(sessions) as session:
        await session.execute(update(Dialog).where(col(Dialog.user_id) == 5).values(flow="log"))
    assert cache.get(5) is None


async def test_core_update_with_where_invalidates_that_user(cached: tuple[SnapshotCache, SessionFactory]) -> None:
    cache, sessions = cached
    fill(cache, 5, 6)
    async with transaction(sessions) as session:
        await mark_blocked(session=session, user_id=5)

    assert cache.get(5) is None and cache.get(6) is not None


async def test_bulk_and_raw_writes_clear_everything(cached: tuple[SnapshotCache, SessionFactory]) -> None:
    cache, sessions = cached
    fill(cache, 5, 6)
    async with transaction(sessions) as session:
        await session.execute(update(User).values(is_active=True))
    assert cache.get(5) is None and cache.get(6) is None

    fill(cache, 5, 6)
    async with transaction(sessions) as session:
        await session.execute(text("UPDATE users SET language = 'en'"))
    assert cache.get(5) is None and cache.get(6) is None


async def test_a_read_older_than_a_write_is_not_cached(cached: tuple[SnapshotCache, SessionFactory]) -> None:
    cache, sessions = cached
    version = cache.version(5)
    async with transaction(sessions) as session:
        await mark_blocked(session=session, user_id=5)

    fill_state = UserState(UserView(5, "en", None, False, False, True, True, utcnow()), None)
    cache.put(5, fill_state, version)

    assert cache.get(5) is None
