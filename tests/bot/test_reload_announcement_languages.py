"""/reload's announcement reaches each subscriber in their own language, with the lesson titles in it (issue 15)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.outbound.broadcast_worker import build_broadcast_worker
from bot.outbound.broadcasts import TelegramOperatorNotifier
from bot.texts import texts_for
from scheduler.broadcast_pacing import Unpaced
from storage.broadcast_models import Broadcast
from storage.db import transaction
from support.broadcast_helpers import add_users
from support.databases import Database
from support.harness import BotHarness
from support.lesson_helpers import bot_reading_lessons, lessons_copy

OPERATOR = 999
READERS = {"en": 3001, "es": 3002, "ru": 3003}
NO_CATALOG = 3004  # a language without interface texts reads the English announcement
# The aura lesson's title in each language, before and after the edit /reload picks up.
TITLES = {
    "en": ("Aura", "Aura, explained again"),
    "es": ("El aura", "El aura, explicada de nuevo"),
    "ru": ("Аура", "Аура, объясняем заново"),
}
# Another lesson, changed only in English: news for English readers (and those without a translation), not for
# Spanish or Russian readers, whose translations did not change (stale ones, a warning to the operator).
BOTOX = {
    "en": "Botox for chronic migraine",
    "es": "Bótox para la migraña crónica",
    "ru": "Ботокс при хронической мигрени",
}


@pytest.fixture
def lessons_root(tmp_path: Path) -> Path:
    """A private copy of the shipped lessons, with the aura lesson retitled in every language."""
    root = lessons_copy(tmp_path)
    for language, (old, new) in TITLES.items():
        path = root / language / "aura.md"
        text = path.read_text(encoding="utf-8")
        assert f"\ntitle: {old}\n" in text
        path.write_text(text.replace(f"\ntitle: {old}\n", f"\ntitle: {new}\n", 1), encoding="utf-8")
    return root


@pytest.fixture
async def bot(database: Database, lessons_root: Path) -> AsyncIterator[BotHarness]:
    """The real bot with an English operator and a subscriber reading each language."""
    async with bot_reading_lessons(database, lessons_root) as harness:
        for language, user_id in READERS.items():
            await add_users(harness.services.sessions, [user_id], language=language, subscribed_updates=True)
        await add_users(harness.services.sessions, [NO_CATALOG], language="de", subscribed_updates=True)
        yield harness


async def announce(bot: BotHarness) -> None:
    """Reload, announce, send now, and let the broadcast worker deliver everything."""
    await bot.send(OPERATOR, "/reload")
    preview = await bot.press(OPERATOR, "📣 Announce to subscribers")
    assert "New and updated lessons" in (preview[0].text or "")  # the operator's own (English) preview
    await bot.press(OPERATOR, "Send now")
    await bot.press(OPERATOR, "✅ Send")
    sender: Any = bot.services.extras["sender"]
    notifier = TelegramOperatorNotifier(sender.broadcasts.bot)
    await build_broadcast_worker(bot.services, sender=sender, notifier=notifier, pacer=Unpaced()).run_until_idle()


async def test_each_subscriber_gets_the_announcement_in_their_language_with_their_titles(
    bot: BotHarness, lessons_root: Path
) -> None:
    botox = lessons_root / "en" / "botox.md"
    text = botox.read_text(encoding="utf-8")
    assert "summary: Repeated injections" in text
    botox.write_text(text.replace("summary: Repeated injections", "summary: Injections, repeated", 1), encoding="utf-8")

    await announce(bot)

    for language, user_id in READERS.items():
        t = texts_for(language)
        received = bot.fake.sent_to(user_id)
        assert len(received) == 1, language
        message = received[0]
        text = message.source_text or ""
        heading = t.ANNOUNCE_TEXT.split("\n", 1)[0]
        new_title = TITLES[language][1]
        assert text.startswith(heading), language
        titles = (new_title, BOTOX[language]) if language == "en" else (new_title,)
        assert all(t.ANNOUNCE_LINE.format(title=title) in text for title in titles), language
        assert (BOTOX[language] in text) == (language == "en"), language
        others = {TITLES[other][1] for other in TITLES if other != language}
        assert not any(title in text for title in others), language
        assert set(message.button_labels) == {t.ANNOUNCE_BUTTON.format(title=x) for x in titles}
        url = message.button_data(t.ANNOUNCE_BUTTON.format(title=new_title))
        assert url == "https://t.me/migraine_companion_bot?start=lesson_aura"
        if language != "en":
            assert "New and updated lessons" not in text and "Tap a button" not in text

    fallback = bot.fake.sent_to(NO_CATALOG)[0]
    assert "New and updated lessons" in (fallback.text or "") and "Aura, explained again" in (fallback.text or "")

    opened = await bot.send(READERS["ru"], "/start lesson_aura")
    assert "Аура, объясняем заново" in (opened[0].text or "")


async def test_the_broadcast_row_keeps_a_wording_per_language_and_english_for_the_rest(bot: BotHarness) -> None:
    await announce(bot)

    async with transaction(bot.services.sessions) as session:
        broadcast = await session.get(Broadcast, 1)
    assert broadcast is not None and broadcast.kind == "announcement" and broadcast.total == 4
    assert set(broadcast.translations) == {"es", "ru"}
    assert "Aura, explained again" in broadcast.text
    assert broadcast.wording_for("ru")[0] == broadcast.translations["ru"]["text"]
    assert broadcast.wording_for("de") == broadcast.wording_for("en") == broadcast.wording_for(None)


async def test_a_russian_operator_reads_the_reload_and_the_preview_in_russian(bot: BotHarness) -> None:
    await add_users(bot.services.sessions, [OPERATOR], language="ru")
    t = texts_for("ru")

    replies = await bot.send(OPERATOR, "/reload")

    report = replies[0].source_text or ""
    assert t.RELOAD_LINE.split(" (")[0].format(title=TITLES["ru"][1]) in report
    assert "Aura, explained again" not in report
    shown = await bot.press(OPERATOR, t.BTN_ANNOUNCE)
    preview = shown[0].source_text or ""
    assert preview.startswith(t.ANNOUNCE_TEXT.split("\n", 1)[0]) and TITLES["ru"][1] in preview
    assert shown[0].button_labels == [t.ANNOUNCE_BUTTON.format(title=TITLES["ru"][1])]
