"""A clean stop lets broadcast sends already handed to Telegram finish and records them: a restart repeats none.

The bot runs for real (application started, its broadcast worker running) against the fake Bot API,
which holds back its answers to sendMessage: the messages are delivered, the bot is still waiting.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta

from bot.app import build_application
from bot.context import BotApplication
from bot.fake_telegram import FakeRequest, FakeTelegram
from bot.services import Services, open_services
from bot.settings import Settings
from scheduler.broadcast import BroadcastWorker
from scheduler.clock import ManualClock
from storage.broadcast_models import BroadcastStatus
from support.broadcast_helpers import NOW, add_users, delivery_statuses, load_broadcast, new_broadcast
from support.databases import Database
from support.harness import make_settings

PATIENTS = list(range(3001, 3061))
TEXT = "The clinic moves to a new address on Monday"
HANG_GUARD = 60.0  # seconds; a hang is the failure here, never slowness


def copies(fake: FakeTelegram, user_id: int) -> int:
    """How many copies of the broadcast a patient received."""
    return sum(1 for message in fake.sent_to(user_id) if message.text == TEXT)


async def until(condition: Callable[[], bool]) -> None:
    """Wait until `condition()` holds, checking every few milliseconds; AssertionError after the hang guard."""
    async with asyncio.timeout(HANG_GUARD):
        while not condition():
            await asyncio.sleep(0.01)


def settings_for(database: Database) -> Settings:
    """Fast broadcasts, and a grace far longer than the test needs (it bounds a hang, it times nothing)."""
    return make_settings(database.url, broadcast_rate_per_second=1000, broadcast_stop_grace_seconds=HANG_GUARD)


async def stop(app: BotApplication) -> None:
    """Stop as run_polling and webhook mode do: Application.stop, then post_stop (which closes connections)."""
    await app.stop()
    if app.post_stop is not None:
        await app.post_stop(app)


async def run_until_finished(services: Services, fake: FakeTelegram, broadcast_id: int) -> None:
    """Start the bot, let its worker deliver the whole broadcast, stop it."""
    app = build_application(services, request=FakeRequest(fake), start_ticking=True)
    async with app:
        await app.start()
        try:
            async with asyncio.timeout(HANG_GUARD):
                while (await load_broadcast(services.sessions, broadcast_id)).status != BroadcastStatus.DONE:
                    await asyncio.sleep(0.05)
        finally:
            await stop(app)


async def test_stopping_the_bot_records_the_sends_in_flight_and_a_restart_repeats_none(database: Database) -> None:
    fake = FakeTelegram(limits=None)
    held = fake.hold_answers("sendMessage")
    settings = settings_for(database)
    async with open_services(settings, search_path=database.search_path, clock=ManualClock(NOW)) as services:
        await add_users(services.sessions, PATIENTS)
        broadcast = await new_broadcast(services.sessions, text=TEXT)
        assert broadcast.id is not None
        app = build_application(services, request=FakeRequest(fake), start_ticking=True)
        worker: BroadcastWorker = services.extras["broadcast_worker"]
        async with app:
            await app.start()
            # Every lane of the worker has a message delivered and is waiting for Telegram's answer.
            await held.wait_for_waiting(worker.concurrency, timeout=HANG_GUARD)
            stopping = asyncio.create_task(stop(app))
            await until(lambda: worker.stopping)
            held.release()  # Telegram answers, within the grace
            await stopping
        in_flight = {user for user in PATIENTS if copies(fake, user)}
        statuses = await delivery_statuses(services.sessions, broadcast.id)

    assert len(in_flight) >= worker.concurrency
    assert all(copies(fake, user) == 1 for user in in_flight)
    assert {user for user, status in statuses.items() if status == "sent"} == in_flight
    assert {status for user, status in statuses.items() if user not in in_flight} == {"pending"}

    # The restart comes a day later, long after any lease a stopped worker could have left behind.
    later = ManualClock(NOW + timedelta(days=1))
    async with open_services(settings, search_path=database.search_path, clock=later) as services:
        await run_until_finished(services, fake, broadcast.id)
        finished = await load_broadcast(services.sessions, broadcast.id)

    assert {user: copies(fake, user) for user in PATIENTS} == dict.fromkeys(PATIENTS, 1)
    assert (finished.status, finished.sent, finished.possible_duplicates) == (BroadcastStatus.DONE, len(PATIENTS), 0)
