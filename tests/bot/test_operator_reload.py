"""/reload: broken content changes nothing; good content swaps in, is listed by hash, and can be announced."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.catalog_holder import catalog_holder
from bot.deeplinks import parse_start_payload
from bot.outbound.broadcast_worker import build_broadcast_worker
from bot.outbound.broadcasts import TelegramOperatorNotifier
from content import Catalog
from scheduler.broadcast_pacing import Unpaced
from support.broadcast_helpers import add_users
from support.databases import Database
from support.harness import BotHarness
from support.lesson_helpers import bot_reading_lessons, lessons_copy

OPERATOR = 999
SUBSCRIBERS = [2001, 2002]
NOT_SUBSCRIBED = 2003


@pytest.fixture
def lessons_root(tmp_path: Path) -> Path:
    """A private copy of the shipped lessons that a test may edit."""
    root = lessons_copy(tmp_path)
    return root


@pytest.fixture
async def bot(database: Database, lessons_root: Path) -> AsyncIterator[BotHarness]:
    """The real bot reading /reload's lessons from the private copy."""
    async with bot_reading_lessons(database, lessons_root) as harness:
        await add_users(harness.services.sessions, SUBSCRIBERS, subscribed_updates=True)
        await add_users(harness.services.sessions, [NOT_SUBSCRIBED])
        yield harness


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a lesson file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


async def test_a_broken_file_changes_nothing_and_the_operator_gets_the_report(
    bot: BotHarness, lessons_root: Path
) -> None:
    before = catalog_holder(bot.services).current
    edit(lessons_root / "en" / "aura.md", "title: Aura\n", "title: Aura: a new look\n")
    edit(lessons_root / "en" / "botox.md", "\ntitle:", "\ntitel:")

    replies = await bot.send(OPERATOR, "/reload")

    assert catalog_holder(bot.services).current is before
    report = replies[0].text or ""
    assert "Nothing changed." in report
    assert "botox.md:" in report and replies[0].buttons == []


async def test_a_long_report_arrives_as_a_document(bot: BotHarness, lessons_root: Path) -> None:
    for number in range(80):
        (lessons_root / "en" / f"draft-lesson-number-{number:03}.md").write_text("no front matter here\n")

    replies = await bot.send(OPERATOR, "/reload")

    assert [m.kind for m in replies] == ["document"]
    assert "Nothing changed" in (replies[0].caption or "")
    assert b"draft-lesson-number-079.md" in (replies[0].document_bytes or b"")


async def test_reload_swaps_lessons_in_and_lists_changes_by_content_hash(bot: BotHarness, lessons_root: Path) -> None:
    old_hash = catalog_holder(bot.services).current.catalog.get_lesson("aura").content_hash  # type: ignore[union-attr]
    edit(lessons_root / "en" / "aura.md", "title: Aura\n", "title: Aura, explained again\n")

    replies = await bot.send(OPERATOR, "/reload")

    new = catalog_holder(bot.services).current.catalog.get_lesson("aura")
    assert new is not None and new.title == "Aura, explained again"
    text = replies[0].text or ""
    assert "Content reloaded" in text and "Changed" in text
    assert f"{old_hash} → {new.content_hash}" in text
    assert replies[0].button_labels == ["📣 Announce to subscribers"]


async def test_announcement_reaches_subscribers_with_deep_links_that_open_the_lesson(
    bot: BotHarness, lessons_root: Path
) -> None:
    edit(lessons_root / "en" / "aura.md", "title: Aura\n", "title: Aura, explained again\n")
    await bot.send(OPERATOR, "/reload")
    shown = await bot.press(OPERATOR, "📣 Announce to subscribers")
    assert "New and updated lessons" in (shown[0].text or "")  # the preview
    assert "<b>2</b> recipients" in (shown[-1].source_text or "")
    await bot.press(OPERATOR, "Send now")
    await bot.press(OPERATOR, "✅ Send")
    sender: Any = bot.services.extras["sender"]
    notifier = TelegramOperatorNotifier(sender.broadcasts.bot)
    await build_broadcast_worker(bot.services, sender=sender, notifier=notifier, pacer=Unpaced()).run_until_idle()

    assert bot.fake.sent_to(NOT_SUBSCRIBED) == []
    announcement = bot.fake.sent_to(SUBSCRIBERS[0])[-1]
    assert "Aura, explained again" in (announcement.text or "")
    url = announcement.button_data("📖 Aura, explained again")
    assert url == "https://t.me/migraine_companion_bot?start=lesson_aura"

    payload = parse_start_payload([url.split("start=", 1)[1]])
    assert payload is not None
    opened = await bot.send(SUBSCRIBERS[0], f"/start {payload.raw}")
    assert "Aura, explained again" in (opened[0].text or "")


# The nine lessons Curriculum 2 added; every other lesson changed its text (evidence grades, quizzes).
CURRICULUM_2 = {
    "pregnancy-breastfeeding", "menstrual-migraine", "is-it-migraine", "acute-treatment-tips", "non-drug-treatments",
    "devices", "supplements", "children-migraine", "living-well",
}


def curriculum_1_stand_in(catalog: Catalog) -> Catalog:
    """Return the catalog as the bot served it before Curriculum 2: without the new lessons, older hashes, and
    version 1 (the lessons Curriculum 2 rewrote are version 2)."""
    lessons = [
        lesson.model_copy(update={"content_hash": f"{number:012x}", "version": 1})
        for number, lesson in enumerate(catalog.lessons)
        if lesson.id not in CURRICULUM_2
    ]
    return Catalog.build(lang=catalog.lang, modules=list(catalog.modules), lessons=lessons)


async def test_the_curriculum_update_is_listed_by_hash_and_reaches_subscribers(bot: BotHarness) -> None:
    holder = catalog_holder(bot.services)
    holder.replace(curriculum_1_stand_in(holder.current.catalog))
    before = {lesson.id: lesson.content_hash for lesson in holder.current.catalog.lessons}

    replies = await bot.send(OPERATOR, "/reload")

    catalog = holder.current.catalog
    text = replies[0].text or ""
    assert len(catalog.lessons) >= 36
    for lesson in catalog.lessons:
        shown = lesson.content_hash if lesson.id in CURRICULUM_2 else f"{before[lesson.id]} → {lesson.content_hash}"
        assert f"({lesson.id}, {shown})" in text, lesson.id
    await bot.press(OPERATOR, "📣 Announce to subscribers")
    await bot.press(OPERATOR, "Send now")
    await bot.press(OPERATOR, "✅ Send")
    sender: Any = bot.services.extras["sender"]
    notifier = TelegramOperatorNotifier(sender.broadcasts.bot)
    await build_broadcast_worker(bot.services, sender=sender, notifier=notifier, pacer=Unpaced()).run_until_idle()

    announcement = bot.fake.sent_to(SUBSCRIBERS[0])[-1]
    rewritten = {lesson.id for lesson in catalog.lessons if lesson.version > 1 and lesson.id not in CURRICULUM_2}
    assert {"anti-seizure-preventives", "cgrp-treatments", "hormonal-migraine", "red-flags"} <= rewritten
    for lesson_id in CURRICULUM_2 | rewritten:
        title = catalog.get_lesson(lesson_id).title  # type: ignore[union-attr]
        assert title in (announcement.text or "")
        url = announcement.button_data(f"📖 {title}")
        assert url == f"https://t.me/migraine_companion_bot?start=lesson_{lesson_id}"
    opened = await bot.send(SUBSCRIBERS[0], "/start lesson_pregnancy-breastfeeding")
    assert (opened[0].text or "").startswith("📖 Pregnancy and breastfeeding · 1/5")
