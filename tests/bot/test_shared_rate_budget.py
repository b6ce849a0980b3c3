"""Two instances (two Applications on one PostgreSQL database) share one Telegram rate budget.

The fake Bot API enforces Telegram's limits (30 messages a second per bot, bursts of 3 then 1 a second
per chat). Each instance is configured for 25 a second overall and 20 for broadcasts: two instances
that paced themselves would send up to 40 a second and be refused; sharing the budget, they are not.
While both broadcast, people keep chatting with both, and their replies keep their priority.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.fake_telegram import FakeTelegram, RateLimits
from scheduler.broadcast import BroadcastWorker
from scheduler.send_budget import Priority
from storage.broadcast_models import BroadcastDelivery
from storage.broadcasts import Audience, BroadcastContent, create_broadcast
from storage.db import transaction
from storage.send_budget import overall_interval
from support.broadcast_helpers import OPERATOR, add_users
from support.databases import Database
from support.harness import BotHarness, make_settings, running_bot

pytestmark = pytest.mark.parametrize("database", ["postgresql"], indirect=True)

OVERALL, BROADCAST = 25.0, 20.0
RECIPIENTS = range(8001, 8121)  # 120 at 20 a second: six seconds of broadcasting
CHATTERS = range(7001, 7007)
ROUNDS = 3
PAUSE = 1.2  # a person's pace: within Telegram's one message a second per chat


@pytest.fixture
async def instances(database: Database) -> AsyncIterator[tuple[BotHarness, BotHarness]]:
    """Two applications on one database and one limit-enforcing fake, each with its own services."""
    settings = make_settings(database.url, telegram_overall_max_rate=OVERALL, broadcast_rate_per_second=BROADCAST)
    fake = FakeTelegram(limits=RateLimits())
    async with (
        running_bot(settings, search_path=database.search_path, fake=fake) as a,
        running_bot(settings, search_path=database.search_path, fake=fake) as b,
    ):
        yield a, b


async def test_broadcast_and_replies_from_two_instances_stay_within_telegrams_limits(
    instances: tuple[BotHarness, BotHarness],
) -> None:
    a, b = instances
    fake = a.fake
    assert a.services.budget is not None and b.services.budget is not None
    await add_users(a.services.sessions, RECIPIENTS)
    now = datetime.now(UTC)
    async with transaction(a.services.sessions) as session:
        broadcast = await create_broadcast(
            session=session,
            operator_id=OPERATOR,
            content=BroadcastContent(text="Clinic news"),
            audience=Audience.parse("all"),
            send_at=now,
            now=now,
        )
    workers: list[BroadcastWorker] = [a.services.extras["broadcast_worker"], b.services.extras["broadcast_worker"]]

    def broadcast_sent() -> int:
        return sum(1 for call in fake.calls("sendMessage") if call.params.get("text") == "Clinic news")

    replies: list[int] = []  # how much of the broadcast had gone out when each reply arrived

    async def chat(user_id: int) -> None:
        for round_number in range(ROUNDS):
            instance = (a, b)[(user_id + round_number) % 2]  # the load balancer alternates
            answer = await instance.send(user_id, "/help")
            assert answer, f"no reply to {user_id}"
            replies.append(broadcast_sent())
            await asyncio.sleep(PAUSE)

    async def chatting() -> None:
        await asyncio.sleep(0.5)  # the broadcast is under way
        await asyncio.gather(*(chat(user_id) for user_id in CHATTERS))

    await asyncio.gather(*(worker.run_until_idle() for worker in workers), chatting())

    # Not one call over Telegram's limits, from either instance.
    assert fake.limits is not None
    assert fake.limits.refusals == [], fake.limits.refusals
    assert [c.method for c in fake.calls() if c.status == 429] == []
    # Every recipient got the broadcast once; both instances' workers shared it.
    news = [call for call in fake.calls("sendMessage") if call.params.get("text") == "Clinic news"]
    per_user = Counter(int(call.params["chat_id"]) for call in news)
    assert per_user == Counter(dict.fromkeys(RECIPIENTS, 1))
    async with transaction(a.services.sessions) as session:
        query = select(BroadcastDelivery.status).where(BroadcastDelivery.broadcast_id == broadcast.id)
        statuses = Counter(await session.scalars(query))
    assert statuses == Counter({"sent": len(RECIPIENTS)})
    # Replies were not starved: all were answered, and answered during the broadcast, not after it.
    assert len(replies) == len(CHATTERS) * ROUNDS
    assert max(replies) < len(RECIPIENTS)
    # The database never handed a reply a slot further away than the background horizon plus the replies
    # that asked at the same moment (six people) and one background slot: broadcasts do not queue ahead.
    background_interval = 1 / BROADCAST
    bound = 0.05 + len(CHATTERS) * overall_interval(OVERALL) + background_interval
    for harness in (a, b):
        budget = harness.services.budget
        assert budget is not None
        assert budget.longest_wait[Priority.INTERACTIVE] <= bound


async def test_the_operators_progress_messages_from_two_instances_keep_the_chats_limit(
    instances: tuple[BotHarness, BotHarness],
) -> None:
    # Both instances' workers report the same broadcast, and a final report is an edit and a summary: the
    # operator's chat can get several messages at once from two processes. Telegram tolerates a burst of
    # about three, then one a second; two each at once is one over.
    a, b = instances
    bots = [harness.services.extras["broadcast_worker"].progress.notifier.bot for harness in (a, b)]

    await asyncio.gather(*(bot.send_message(OPERATOR, f"progress {n}") for n in range(2) for bot in bots))

    assert a.fake.limits is not None
    assert a.fake.limits.refusals == [], a.fake.limits.refusals
    texts = sorted(call.params["text"] for call in a.fake.calls("sendMessage") if call.status == 200)
    assert texts == sorted(["progress 0", "progress 1"] * 2)
