"""Broadcast delivery through the bot's own Sender against the fake Bot API: 429, 403 and 400."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select

from bot.outbound.broadcast_worker import build_broadcast_worker
from bot.outbound.broadcasts import TelegramOperatorNotifier
from scheduler.broadcast import BroadcastWorker
from scheduler.broadcast_pacing import Unpaced
from scheduler.clock import ManualClock
from storage.db import transaction
from storage.models import User
from support.broadcast_helpers import NOW, GateSleep, add_users, delivery_statuses, load_broadcast, new_broadcast
from support.databases import Database
from support.harness import BotHarness, make_settings, running_bot

OPERATOR = 999
PATIENTS = list(range(2001, 2011))
TEXT = "Clinic closed on Monday"


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    """The real bot with a clock that stands still at NOW and ten patients."""
    settings = make_settings(database.url)
    async with running_bot(settings, search_path=database.search_path, clock=ManualClock(NOW)) as harness:
        await add_users(harness.services.sessions, PATIENTS)
        yield harness


def worker_for(bot: BotHarness, **options: Any) -> BroadcastWorker:
    """The bot's own broadcast worker (real Sender, real notifier), unpaced for speed."""
    sender = bot.services.extras["sender"]
    notifier = TelegramOperatorNotifier(sender.broadcasts.bot)
    return build_broadcast_worker(bot.services, sender=sender, notifier=notifier, pacer=Unpaced(), **options)


def broadcast_copies(bot: BotHarness, user_id: int) -> int:
    """How many copies of the broadcast a user received."""
    return sum(1 for message in bot.fake.sent_to(user_id) if message.text == TEXT)


async def test_a_429_pauses_only_the_broadcast_while_chat_replies_go_out_at_once(bot: BotHarness) -> None:
    await new_broadcast(bot.services.sessions, text=TEXT)
    bot.fake.fail_next("sendMessage", retry_after=30, chat_id=2005)
    assert isinstance(bot.services.clock, ManualClock)
    sleep = GateSleep(bot.services.clock)
    sending = asyncio.create_task(worker_for(bot, sleep=sleep, concurrency=1).run_until_idle())
    await asyncio.wait_for(sleep.sleeping.wait(), timeout=60)
    sent_before = sum(broadcast_copies(bot, user) for user in PATIENTS)

    # Someone chatting with the bot while the broadcast waits out Telegram's 30 seconds.
    replies = await bot.send(3001, "/help")

    assert replies and "What I can do" in (replies[0].text or "")
    assert sleep.calls == [30.0] and not sending.done()
    assert sum(broadcast_copies(bot, user) for user in PATIENTS) == sent_before < len(PATIENTS)
    sleep.release.set()
    await asyncio.wait_for(sending, timeout=60)
    assert [broadcast_copies(bot, user) for user in PATIENTS] == [1] * len(PATIENTS)
    assert (await load_broadcast(bot.services.sessions, 1)).status == "done"


async def test_a_403_or_a_missing_chat_marks_the_user_inactive_and_the_delivery_blocked(bot: BotHarness) -> None:
    await new_broadcast(bot.services.sessions, text=TEXT)
    bot.fake.block_user(2003)
    bot.fake.fail_next("sendMessage", status=400, description="Bad Request: chat not found", chat_id=2007)

    await worker_for(bot).run_until_idle()

    statuses = await delivery_statuses(bot.services.sessions, 1)
    assert {user for user, status in statuses.items() if status == "blocked"} == {2003, 2007}
    async with transaction(bot.services.sessions) as session:
        inactive = (await session.scalars(select(User.id).where(User.is_active.is_(False)))).all()  # type: ignore[attr-defined]
    assert sorted(inactive) == [2003, 2007]
    stored = await load_broadcast(bot.services.sessions, 1)
    assert (stored.status, stored.sent, stored.blocked) == ("done", 8, 2)
    assert "blocked 2" in bot.last_text(OPERATOR)


async def test_a_400_about_the_content_stops_the_broadcast_and_tells_the_operator(bot: BotHarness) -> None:
    await new_broadcast(bot.services.sessions, text=TEXT)
    bot.fake.fail_next("sendMessage", status=400, description="Bad Request: message is too long", chat_id=2004)

    await worker_for(bot, concurrency=1).run_until_idle()

    stored = await load_broadcast(bot.services.sessions, 1)
    assert stored.status == "stopped" and stored.sent == 3
    summary = bot.last_text(OPERATOR)
    assert "Broadcast #1 stopped." in summary and "message is too long" in summary.lower()
    assert [broadcast_copies(bot, user) for user in PATIENTS] == [1, 1, 1] + [0] * 7
