"""The broadcast worker's core on a hand-moved clock: pace, outcomes, quiet hours, progress."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from datetime import time, timedelta
from typing import Any

import pytest
from sqlalchemy import false, select

from bot.services import Services, open_services
from scheduler.broadcast import BroadcastWorker
from scheduler.broadcast_pacing import ClockPacer, LimiterPacer, Unpaced
from scheduler.clock import ManualClock
from scheduler.sending import BroadcastMessage, Outcome, SendResult
from storage.db import transaction
from storage.models import User
from storage.reminder_prefs import set_quiet_hours
from support.broadcast_helpers import (
    NOW,
    ClockSleep,
    RecordingNotifier,
    RecordingSender,
    add_users,
    delivery_statuses,
    load_broadcast,
    new_broadcast,
)
from support.databases import Database
from support.harness import make_settings


@pytest.fixture
async def services(database: Database) -> AsyncIterator[Services]:
    """Migrated services on the test database with a ManualClock at NOW."""
    settings = make_settings(database.url)
    async with open_services(settings, search_path=database.search_path, clock=ManualClock(NOW)) as opened:
        yield opened


def clock_of(services: Services) -> ManualClock:
    """Return the services' ManualClock."""
    assert isinstance(services.clock, ManualClock)
    return services.clock


def make_worker(services: Services, sender: Any, *, rate: float | None = None, **options: Any) -> BroadcastWorker:
    """A worker on the services' clock: paced on that clock at `rate`, unpaced without one; sleep moves the clock."""
    clock = clock_of(services)
    sleep = options.pop("sleep", None) or ClockSleep(clock)
    pacer = ClockPacer(rate, clock=clock, sleep=sleep) if rate else Unpaced()
    return BroadcastWorker(
        sessions=services.sessions,
        sender=sender,
        clock=clock,
        pacer=pacer,
        sleep=sleep,
        rate_per_second=rate or 25.0,
        **options,
    )


async def test_500_recipients_at_100_per_second_take_five_seconds(services: Services) -> None:
    await add_users(services.sessions, range(1, 501))
    broadcast = await new_broadcast(services.sessions)
    sender = RecordingSender()
    clock = clock_of(services)

    await make_worker(services, sender, rate=100).run_until_idle()

    elapsed = (clock.now() - NOW).total_seconds()
    assert 4.5 <= elapsed <= 5.5
    assert sorted(sender.per_user().items()) == [(user_id, 1) for user_id in range(1, 501)]
    stored = await load_broadcast(services.sessions, broadcast.id or 0)
    assert (stored.status, stored.sent, stored.total) == ("done", 500, 500)


async def test_aiolimiter_pacer_never_exceeds_100_per_second() -> None:
    # The production pacer runs on the event loop's clock, so this one test waits for real (~5 s). Only the
    # lower bound is asserted: a busy machine can make it slower, never faster, so this cannot flake; the
    # 5 s ± 10% pacing itself is checked on the injected clock in the test above.
    pacer = LimiterPacer(100)
    loop = asyncio.get_running_loop()
    lanes = asyncio.Semaphore(16)

    async def send_one() -> None:
        async with lanes:
            await pacer.acquire()

    started = loop.time()
    await asyncio.gather(*(send_one() for _ in range(500)))
    assert loop.time() - started >= 4.5


async def test_blocked_recipients_are_marked_inactive_and_their_deliveries_blocked(services: Services) -> None:
    await add_users(services.sessions, range(1, 11))
    broadcast = await new_broadcast(services.sessions)
    gone = {3, 7}
    sender = RecordingSender(
        lambda m: SendResult(Outcome.BLOCKED, detail="forbidden") if m.user_id in gone else SendResult(Outcome.SENT)
    )

    await make_worker(services, sender).run_until_idle()

    statuses = await delivery_statuses(services.sessions, broadcast.id or 0)
    assert {user for user, status in statuses.items() if status == "blocked"} == gone
    async with transaction(services.sessions) as session:
        inactive = set((await session.scalars(select(User.id).where(User.is_active == false()))).all())
    assert inactive == gone
    stored = await load_broadcast(services.sessions, broadcast.id or 0)
    assert (stored.status, stored.sent, stored.blocked) == ("done", 8, 2)


async def test_rejected_content_stops_the_broadcast_and_tells_the_operator(services: Services) -> None:
    await add_users(services.sessions, range(1, 101))
    broadcast = await new_broadcast(services.sessions, text="<b>broken")
    reason = "Bad Request: can't parse entities: can't find end tag corresponding to start tag \"b\""
    sender = RecordingSender(lambda m: SendResult(Outcome.REJECTED, detail=reason))
    notifier = RecordingNotifier()

    await make_worker(services, sender, notifier=notifier).run_until_idle()

    stored = await load_broadcast(services.sessions, broadcast.id or 0)
    assert stored.status == "stopped"
    assert "can't parse entities" in stored.error
    assert [(final.status, final.error) for final in notifier.finals] == [("stopped", stored.error)]
    # Stopped at once: the lanes already in flight finish, nobody else is tried.
    assert stored.failed <= 16
    assert list((await delivery_statuses(services.sessions, broadcast.id or 0)).values()).count("pending") >= 84


async def test_transient_errors_retry_with_backoff_without_holding_up_others(services: Services) -> None:
    await add_users(services.sessions, range(1, 21))
    broadcast = await new_broadcast(services.sessions)
    attempts: dict[int, int] = {}

    def flaky(message: BroadcastMessage) -> SendResult:
        attempts[message.user_id] = attempts.get(message.user_id, 0) + 1
        if message.user_id == 1:  # down for good
            return SendResult(Outcome.RETRY, detail="NetworkError")
        if message.user_id == 2 and attempts[2] < 3:  # back after two 5xx
            return SendResult(Outcome.RETRY, detail="NetworkError")
        return SendResult(Outcome.SENT)

    sender = RecordingSender(flaky)
    worker = make_worker(services, sender, max_attempts=5)
    clock = clock_of(services)

    await worker.run_until_idle()
    assert set(sender.per_user()) == set(range(3, 21))  # everyone else went out in the first pass
    for _ in range(8):
        clock.advance(timedelta(minutes=5))
        await worker.run_until_idle()

    statuses = await delivery_statuses(services.sessions, broadcast.id or 0)
    assert (statuses[1], statuses[2]) == ("failed", "sent")
    assert (attempts[1], attempts[2]) == (5, 3)
    stored = await load_broadcast(services.sessions, broadcast.id or 0)
    assert (stored.status, stored.sent, stored.failed) == ("done", 19, 1)


async def test_a_429_pauses_broadcast_sending_for_retry_after_then_delivers_once(services: Services) -> None:
    await add_users(services.sessions, range(1, 41))
    broadcast = await new_broadcast(services.sessions)
    throttled: list[int] = []

    def once_429(message: BroadcastMessage) -> SendResult:
        if message.user_id == 10 and not throttled:
            throttled.append(10)
            return SendResult(Outcome.RETRY, retry_after=7, detail="429")
        return SendResult(Outcome.SENT)

    sender = RecordingSender(once_429)
    sleep = ClockSleep(clock_of(services))

    await make_worker(services, sender, sleep=sleep).run_until_idle()

    assert 7.0 in sleep.calls
    assert sorted(sender.per_user().values()) == [1] * 40
    stored = await load_broadcast(services.sessions, broadcast.id or 0)
    assert (stored.status, stored.sent) == ("done", 40)


async def test_a_crash_mid_broadcast_resumes_and_counts_possible_duplicates(services: Services) -> None:
    await add_users(services.sessions, range(1, 201))
    broadcast = await new_broadcast(services.sessions)
    first = RecordingSender()
    first.gate, first.hold_after = asyncio.Event(), 60  # the 61st send never returns: the process "dies"
    dying = make_worker(services, first, batch_size=50)
    crashed = asyncio.create_task(dying.run_until_idle())
    while len(first.sent) < 60:
        await asyncio.sleep(0)
    for _ in range(20):
        await asyncio.sleep(0)
    crashed.cancel()
    with pytest.raises(asyncio.CancelledError):
        await crashed

    # A restarted worker picks up the rest; rows still leased by the dead one wait for the lease to end.
    clock_of(services).advance(timedelta(minutes=3))
    second, notifier = RecordingSender(), RecordingNotifier()
    await make_worker(services, second, notifier=notifier).run_until_idle()

    received = first.per_user() + second.per_user()
    assert set(received) == set(range(1, 201))  # nobody lost
    duplicates = [user for user, count in received.items() if count > 1]
    assert max(received.values()) <= 2
    stored = await load_broadcast(services.sessions, broadcast.id or 0)
    # Only the few in flight at the crash: sent but not yet recorded, or claimed but not yet sent.
    chunk = dying.chunk_size
    assert 0 < len(duplicates) <= min(stored.possible_duplicates, 2 * chunk)
    assert stored.possible_duplicates <= 4 * chunk
    assert (stored.status, stored.sent) == ("done", 200)
    assert [final.possible_duplicates for final in notifier.finals] == [stored.possible_duplicates]


async def test_two_workers_never_send_the_same_delivery(services: Services, database: Database) -> None:
    await add_users(services.sessions, range(1, 401))
    broadcast = await new_broadcast(services.sessions)
    # Slow enough that each worker claims while the other is sending.
    sender = RecordingSender(on_send=lambda _message: None)
    sender.delay = 0.001

    settings = make_settings(database.url)
    async with open_services(settings, search_path=database.search_path, clock=services.clock, migrate=False) as other:
        one = make_worker(services, sender, batch_size=20)
        two = make_worker(other, sender, batch_size=20)
        claimed = await asyncio.gather(one.run_until_idle(), two.run_until_idle())

    assert sorted(sender.per_user().values()) == [1] * 400
    assert claimed[0] > 0 and claimed[1] > 0 and sum(claimed) == 400
    stored = await load_broadcast(services.sessions, broadcast.id or 0)
    assert (stored.sent, stored.possible_duplicates) == (400, 0)


async def test_quiet_hours_delay_only_those_recipients_unless_urgent(services: Services) -> None:
    clock = clock_of(services)
    clock.set(NOW.replace(hour=23))  # 23:00 in London
    await add_users(services.sessions, range(1, 6))
    async with transaction(services.sessions) as session:
        await set_quiet_hours(session=session, user_id=2, window=(time(22, 0), time(7, 0)))
    normal = await new_broadcast(services.sessions, now=clock.now())
    urgent = await new_broadcast(services.sessions, now=clock.now(), ignore_quiet_hours=True)
    sender, notifier = RecordingSender(), RecordingNotifier(clock)
    worker = make_worker(services, sender, notifier=notifier)

    await worker.run_until_idle()

    per_broadcast = {(m.broadcast_id, m.user_id) for m in sender.sent}
    assert (normal.id, 2) not in per_broadcast and (urgent.id, 2) in per_broadcast
    assert {user for b, user in per_broadcast if b == normal.id} == {1, 3, 4, 5}
    assert (await load_broadcast(services.sessions, normal.id or 0)).status == "sending"
    assert [p.waiting for _, p in notifier.progress if p.broadcast_id == normal.id][-1] == 1

    clock.set(NOW.replace(day=22, hour=7, minute=0))
    await worker.run_until_idle()
    assert (normal.id, 2) in {(m.broadcast_id, m.user_id) for m in sender.sent}
    assert (await load_broadcast(services.sessions, normal.id or 0)).status == "done"


async def test_progress_is_reported_at_most_every_three_seconds_with_a_final_summary(services: Services) -> None:
    await add_users(services.sessions, range(1, 101))
    broadcast = await new_broadcast(services.sessions)
    clock = clock_of(services)
    notifier = RecordingNotifier(clock)

    await make_worker(services, RecordingSender(), rate=10, notifier=notifier).run_until_idle()

    times = [at for at, _ in notifier.progress if at is not None]
    assert len(times) >= 3
    assert all(later - earlier >= timedelta(seconds=3) for earlier, later in itertools.pairwise(times))
    sent = [progress.sent for _, progress in notifier.progress]
    assert sent == sorted(sent) and sent[-1] < 100
    assert all(progress.eta_seconds is not None for _, progress in notifier.progress)
    assert [(f.broadcast_id, f.status, f.sent) for f in notifier.finals] == [(broadcast.id, "done", 100)]


async def test_paused_and_scheduled_broadcasts_wait(services: Services) -> None:
    await add_users(services.sessions, range(1, 4))
    clock = clock_of(services)
    later = await new_broadcast(services.sessions, send_at=NOW + timedelta(hours=2))
    sender = RecordingSender()
    worker = make_worker(services, sender)

    await worker.run_until_idle()
    assert sender.sent == []

    clock.advance(timedelta(hours=2))
    await worker.run_until_idle()
    assert {m.broadcast_id for m in sender.sent} == {later.id}
    assert (await load_broadcast(services.sessions, later.id or 0)).started_at == clock.now()
