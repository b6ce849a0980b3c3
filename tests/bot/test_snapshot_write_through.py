"""The SQLite snapshot cache after writes: what it holds always matches the committed rows."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from storage.db import transaction
from storage.snapshots import SnapshotCache, load_user_state
from support.databases import Database
from support.harness import BotHarness, make_settings, running_bot

ALICE = 1001


@pytest.fixture
async def sqlite_bot(sqlite_database: Database) -> AsyncIterator[BotHarness]:
    async with running_bot(make_settings(sqlite_database.url)) as harness:
        yield harness


def cache_of(bot: BotHarness) -> SnapshotCache:
    assert bot.services.snapshots is not None, "SQLite runs with the snapshot cache"
    return bot.services.snapshots


async def assert_cache_matches_database(bot: BotHarness, user_id: int) -> None:
    cached = cache_of(bot).get(user_id)
    async with transaction(bot.services.sessions) as session:
        stored = await load_user_state(session=session, user_id=user_id)
    assert cached is None or cached == stored


async def test_writes_leave_the_committed_state_in_the_cache(sqlite_bot: BotHarness) -> None:
    await sqlite_bot.onboard(ALICE, zone="Europe/Madrid")

    cached = cache_of(sqlite_bot).get(ALICE)
    assert cached is not None, "onboarding wrote the user, and the write put its result in the cache"
    assert cached.user.onboarded and cached.user.has_consent and cached.user.timezone == "Europe/Madrid"
    assert cached.dialog_flow is None

    await sqlite_bot.send(ALICE, "/settings")
    await sqlite_bot.press(ALICE, "🌍 Change time zone")
    cached = cache_of(sqlite_bot).get(ALICE)
    assert cached is not None and cached.dialog_flow == "timezone"

    await sqlite_bot.send(ALICE, "tokyo")
    cached = cache_of(sqlite_bot).get(ALICE)
    assert cached is not None and cached.user.timezone == "Asia/Tokyo" and cached.dialog_flow is None


async def test_the_cache_matches_the_database_after_every_step(sqlite_bot: BotHarness) -> None:
    steps = [
        ("send", "/start"), ("press", "Continue"), ("press", "✅ I agree"), ("press", "London"),
        ("send", "/settings"), ("press", "Withdraw consent"), ("press", "Yes, withdraw consent"),
        ("press", "Keep it"), ("send", "/settings"), ("press", "✅ Allow diary storage"),
        ("send", "/log"), ("send", "/settings"), ("press", "🌍 Change time zone"), ("send", "Lisbon"),
        ("send", "/delete"), ("press", "🗑 Yes, delete everything"),
    ]  # fmt: skip
    for kind, value in steps:
        if kind == "send":
            await sqlite_bot.send(ALICE, value)
        else:
            await sqlite_bot.press(ALICE, value)
        await assert_cache_matches_database(sqlite_bot, ALICE)
    async with transaction(sqlite_bot.services.sessions) as session:
        assert await load_user_state(session=session, user_id=ALICE) is None, "the walk ends with /delete"


async def test_a_state_read_before_a_later_write_is_not_put_back(sqlite_bot: BotHarness) -> None:
    await sqlite_bot.onboard(ALICE)
    cache = cache_of(sqlite_bot)
    version = cache.version(ALICE)
    old = cache.get(ALICE)
    assert old is not None

    await sqlite_bot.send(ALICE, "/settings")
    await sqlite_bot.press(ALICE, "Withdraw consent")
    await sqlite_bot.press(ALICE, "Yes, withdraw consent")
    cache.put(ALICE, old, version)

    cached = cache.get(ALICE)
    assert cached is not None and not cached.user.has_consent
