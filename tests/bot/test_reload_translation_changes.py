"""A lesson changed only in one translation's file is announced to that language's subscribers alone (issue 15)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.catalog_holder import catalog_holder
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
READERS = {"en": 3101, "es": 3102, "ru": 3103}
NO_CATALOG = 3104  # reads the English lessons, so a Spanish change is nothing new to them
SPANISH_AURA = "El aura, explicada de nuevo"
URL = "https://t.me/migraine_companion_bot?start=lesson_{}"


@pytest.fixture
def lessons_root(tmp_path: Path) -> Path:
    """A private copy of the shipped lessons that a test may edit."""
    root = lessons_copy(tmp_path)
    return root


@pytest.fixture
async def bot(database: Database, lessons_root: Path) -> AsyncIterator[BotHarness]:
    """The real bot with an English operator and a subscriber reading each language."""
    async with bot_reading_lessons(database, lessons_root) as harness:
        for language, user_id in READERS.items():
            await add_users(harness.services.sessions, [user_id], language=language, subscribed_updates=True)
        await add_users(harness.services.sessions, [NO_CATALOG], language="de", subscribed_updates=True)
        yield harness


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a lesson file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


async def announce(bot: BotHarness, recipients: int) -> None:
    """Announce the reload's lessons now (the preview names the recipients) and deliver everything."""
    preview = await bot.press(OPERATOR, "📣 Announce to subscribers")
    assert f"<b>{recipients}</b> recipient" in (preview[-1].source_text or "")
    await bot.press(OPERATOR, "Send now")
    await bot.press(OPERATOR, "✅ Send")
    sender: Any = bot.services.extras["sender"]
    notifier = TelegramOperatorNotifier(sender.broadcasts.bot)
    await build_broadcast_worker(bot.services, sender=sender, notifier=notifier, pacer=Unpaced()).run_until_idle()


async def test_a_lesson_changed_only_in_spanish_reaches_spanish_subscribers_and_nobody_else(
    bot: BotHarness, lessons_root: Path
) -> None:
    old_hash = catalog_holder(bot.services).for_lang("es").catalog.get_lesson("aura").content_hash  # type: ignore[union-attr]
    edit(lessons_root / "es" / "aura.md", "\ntitle: El aura\n", f"\ntitle: {SPANISH_AURA}\n")

    replies = await bot.send(OPERATOR, "/reload")

    report = replies[0].source_text or ""
    new_hash = catalog_holder(bot.services).for_lang("es").catalog.get_lesson("aura").content_hash  # type: ignore[union-attr]
    assert "No lesson was added or changed." not in report
    assert "<b>New or changed in Spanish only</b>:" in report
    assert f"• {SPANISH_AURA} (<code>aura</code>, {old_hash} → {new_hash})" in report
    assert replies[0].button_labels == ["📣 Announce to subscribers"]

    await announce(bot, recipients=1)

    es = texts_for("es")
    received = bot.fake.sent_to(READERS["es"])
    assert len(received) == 1
    assert es.ANNOUNCE_LINE.format(title=SPANISH_AURA) in (received[0].source_text or "")
    assert received[0].button_labels == [es.ANNOUNCE_BUTTON.format(title=SPANISH_AURA)]
    assert received[0].button_data(es.ANNOUNCE_BUTTON.format(title=SPANISH_AURA)) == URL.format("aura")
    for user_id in (READERS["en"], READERS["ru"], NO_CATALOG):
        assert bot.fake.sent_to(user_id) == [], user_id
    async with transaction(bot.services.sessions) as session:
        broadcast = await session.get(Broadcast, 1)
    assert broadcast is not None and broadcast.audience == {"kind": "subscribed", "value": "es"}
    assert broadcast.total == 1


async def test_an_english_change_skips_readers_whose_translation_did_not_change(
    bot: BotHarness, lessons_root: Path
) -> None:
    # Botox changes in English only: its Spanish and Russian files (stale now) read as before, so their
    # readers have nothing new there. English readers and readers without a translation hear of it.
    edit(lessons_root / "en" / "botox.md", "summary: Repeated injections", "summary: Injections, repeated")
    edit(lessons_root / "es" / "aura.md", "\ntitle: El aura\n", f"\ntitle: {SPANISH_AURA}\n")

    await bot.send(OPERATOR, "/reload")
    await announce(bot, recipients=3)

    botox = {
        "en": "Botox for chronic migraine",
        "es": "Bótox para la migraña crónica",
        "ru": "Ботокс при хронической мигрени",
    }
    expected = {"en": [botox["en"]], "es": [SPANISH_AURA], "ru": []}
    for language, user_id in READERS.items():
        t = texts_for(language)
        received = bot.fake.sent_to(user_id)
        assert [message.button_labels for message in received] == (
            [[t.ANNOUNCE_BUTTON.format(title=title) for title in expected[language]]] if expected[language] else []
        ), language
    assert botox["es"] not in (bot.fake.sent_to(READERS["es"])[0].source_text or "")
    fallback = bot.fake.sent_to(NO_CATALOG)
    assert len(fallback) == 1 and fallback[0].button_labels == ["📖 Botox for chronic migraine"]
    async with transaction(bot.services.sessions) as session:
        broadcast = await session.get(Broadcast, 1)
    assert broadcast is not None and broadcast.audience == {"kind": "subscribed", "value": "de,en,es"}


async def test_a_russian_operator_sees_the_spanish_only_change_named_in_russian(
    bot: BotHarness, lessons_root: Path
) -> None:
    await add_users(bot.services.sessions, [OPERATOR], language="ru")
    edit(lessons_root / "es" / "aura.md", "\ntitle: El aura\n", f"\ntitle: {SPANISH_AURA}\n")

    replies = await bot.send(OPERATOR, "/reload")

    report = replies[0].source_text or ""
    assert "<b>Новые или изменённые только на языке «испанский»</b>:" in report
    assert f"• {SPANISH_AURA} (<code>aura</code>," in report
    shown = await bot.press(OPERATOR, texts_for("ru").BTN_ANNOUNCE)
    # Nothing changed for Russian readers: the operator previews what the Spanish readers get.
    assert texts_for("es").ANNOUNCE_LINE.format(title=SPANISH_AURA) in (shown[0].source_text or "")
    assert "подписанные на обновления, у кого язык бота: испанский" in (shown[-1].source_text or "")
