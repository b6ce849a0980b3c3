"""/reload reaches every instance: published in catalog_versions, announced by NOTIFY, checked periodically.

Two instances here are two Applications with their own services and lesson folders on one PostgreSQL
schema, as two containers on one database would be. Instance A's operator runs /reload; instance B
hears PostgreSQL's NOTIFY and switches, or refuses when its own files differ.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from pathlib import Path

import pytest

from bot.catalog_holder import CONTENT_ROOT_KEY, catalog_holder
from bot.catalog_sync import SYNC_KEY, CatalogSync
from content import default_root
from scheduler.clock import ManualClock
from storage.catalog_versions import published_catalogs
from storage.db import transaction
from support.broadcast_helpers import NOW
from support.databases import Database
from support.harness import BotHarness, make_settings, running_bot

OPERATOR = 999
READER = 4242
NEW_TITLE = "Aura: what the warning signs look like"


def copy_lessons(target: Path) -> Path:
    shutil.copytree(default_root(), target)
    return target


def retitle(root: Path, lang: str = "en") -> None:
    path = root / lang / "aura.md"
    text = path.read_text(encoding="utf-8")
    old = "title: Aura\n" if lang == "en" else None
    assert old is not None and old in text
    path.write_text(text.replace(old, f"title: '{NEW_TITLE}'\n", 1), encoding="utf-8")


async def eventually(condition: Callable[[], bool], *, timeout: float = 10.0) -> None:
    """Wait for a condition the code promises to reach (the promise is 2 s; the wait allows a slow machine)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "condition not met"
        await asyncio.sleep(0.05)


@pytest.fixture
async def instances(database: Database, tmp_path: Path) -> AsyncIterator[tuple[BotHarness, BotHarness]]:
    if database.backend != "postgresql":
        pytest.skip("several instances share PostgreSQL; SQLite runs one process")
    async with AsyncExitStack() as stack:
        pair = []
        for name in ("a", "b"):
            settings = make_settings(database.url)
            harness = await stack.enter_async_context(
                running_bot(settings, search_path=database.search_path, clock=ManualClock(NOW))
            )
            harness.services.extras[CONTENT_ROOT_KEY] = copy_lessons(tmp_path / name)
            sync = harness.services.extras[SYNC_KEY]
            assert isinstance(sync, CatalogSync)
            stack.push_async_callback(sync.close)
            await sync.publish_missing()
            pair.append(harness)
        yield pair[0], pair[1]


def sync_of(bot: BotHarness) -> CatalogSync:
    sync = bot.services.extras[SYNC_KEY]
    assert isinstance(sync, CatalogSync)
    return sync


def aura_title(bot: BotHarness) -> str:
    lesson = catalog_holder(bot.services).current.catalog.get_lesson("aura")
    assert lesson is not None
    return lesson.title


async def test_the_other_instance_serves_the_new_lessons_after_a_notification(
    instances: tuple[BotHarness, BotHarness], tmp_path: Path
) -> None:
    a, b = instances
    await sync_of(b).listen()  # what the periodic job does first; from now on B hears NOTIFY
    retitle(tmp_path / "a")
    retitle(tmp_path / "b")  # the new files are deployed on both hosts

    replies = await a.send(OPERATOR, "/reload")

    assert "Other instances of the bot switch to these lessons within 2 seconds" in (replies[0].text or "")
    assert aura_title(a) == NEW_TITLE
    await eventually(lambda: aura_title(b) == NEW_TITLE)
    # B's reader now gets the new title in search, without any restart of B.
    await b.onboard(READER)
    await b.send(READER, "/ask I see zigzag lines before the pain starts")
    assert f"📖 {NEW_TITLE}" in b.buttons(READER)
    async with transaction(a.services.sessions) as session:
        versions = {item.lang: item.version for item in await published_catalogs(session=session)}
    assert versions == {"en": 2, "es": 1, "ru": 1}  # only the changed language got a new version


async def test_an_instance_whose_files_differ_refuses_and_says_so(
    instances: tuple[BotHarness, BotHarness], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    a, b = instances
    before = catalog_holder(b.services).current
    retitle(tmp_path / "a")  # deployed on A's host only

    await a.send(OPERATOR, "/reload")
    with caplog.at_level(logging.WARNING, logger="bot.catalog_sync"):
        assert await sync_of(b).check() == []

    assert catalog_holder(b.services).current is before
    assert sync_of(b).refused() == {"en": 2}
    assert any("catalog en version 2 not loaded" in record.getMessage() for record in caplog.records)
    # Said once per version, not on every periodic check.
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="bot.catalog_sync"):
        await sync_of(b).check()
    assert not caplog.records

    retitle(tmp_path / "b")  # the files arrive later: the next /reload (a new version) is followed
    edit_again = tmp_path / "a" / "en" / "aura.md"
    edit_again.write_text(edit_again.read_text(encoding="utf-8").replace(NEW_TITLE, NEW_TITLE + "!"), encoding="utf-8")
    path_b = tmp_path / "b" / "en" / "aura.md"
    path_b.write_text(path_b.read_text(encoding="utf-8").replace(NEW_TITLE, NEW_TITLE + "!"), encoding="utf-8")
    await a.send(OPERATOR, "/reload")
    assert await sync_of(b).check() == ["en"]
    assert aura_title(b) == NEW_TITLE + "!"
    assert sync_of(b).refused() == {}


async def test_a_missed_notification_is_caught_by_the_periodic_check(
    instances: tuple[BotHarness, BotHarness], tmp_path: Path
) -> None:
    a, b = instances  # B never listens: as if its LISTEN connection had dropped
    retitle(tmp_path / "a")
    retitle(tmp_path / "b")

    await a.send(OPERATOR, "/reload")
    assert aura_title(b) == "Aura"
    await sync_of(b).periodic()

    assert aura_title(b) == NEW_TITLE
