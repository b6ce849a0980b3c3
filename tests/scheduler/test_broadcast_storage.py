"""Broadcast rows: audiences, one delivery per recipient, claims under lease, and what /delete removes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from bot.services import Services, open_services
from scheduler.clock import ManualClock
from storage.broadcast_deliveries import claim_deliveries
from storage.broadcast_models import Broadcast, BroadcastDelivery
from storage.broadcasts import Audience, change_broadcast_status, count_audience
from storage.db import transaction
from storage.personal_data import erase_user
from storage.schedule_models import Schedule
from support.broadcast_helpers import NOW, OPERATOR, add_users, delivery_statuses, load_broadcast, new_broadcast
from support.databases import Database
from support.harness import make_settings


@pytest.fixture
async def services(database: Database) -> AsyncIterator[Services]:
    """Migrated services on the test database with a ManualClock at NOW."""
    settings = make_settings(database.url)
    async with open_services(settings, search_path=database.search_path, clock=ManualClock(NOW)) as opened:
        yield opened


async def test_each_audience_gets_one_delivery_row_per_active_recipient(services: Services) -> None:
    sessions = services.sessions
    await add_users(sessions, [1, 2], subscribed_updates=True)
    await add_users(sessions, [3], language="de")
    await add_users(sessions, [4], last_seen_at=NOW - timedelta(days=40))
    await add_users(sessions, [5], is_active=False, subscribed_updates=True)
    async with transaction(sessions) as session:
        now = NOW
        rule = {"kind": "daily"}
        await session.execute(
            insert(Schedule),
            [
                {"user_id": 2, "kind": "checkin", "rule": rule, "timezone": "UTC", "payload": {}, "enabled": True},
                {"user_id": 3, "kind": "medication", "rule": rule, "timezone": "UTC", "payload": {}, "enabled": True},
                {"user_id": 4, "kind": "checkin", "rule": rule, "timezone": "UTC", "payload": {}, "enabled": False},
            ],
        )
    expected = {
        "all": {1, 2, 3, 4},
        "subscribed": {1, 2},
        "language:de": {3},
        "active_days:30": {1, 2, 3},
        "reminder:checkin": {2},
    }
    for audience, users in expected.items():
        async with transaction(sessions) as session:
            counted = await count_audience(session=session, audience=Audience.parse(audience), now=now)
        broadcast = await new_broadcast(sessions, audience=audience)
        assert (counted, broadcast.total) == (len(users), len(users)), audience
        assert set(await delivery_statuses(sessions, broadcast.id or 0)) == users, audience


async def test_a_recipient_has_at_most_one_delivery_per_broadcast(services: Services) -> None:
    await add_users(services.sessions, [1])
    broadcast = await new_broadcast(services.sessions)
    with pytest.raises(IntegrityError):
        async with transaction(services.sessions) as session:
            await session.execute(
                insert(BroadcastDelivery).values(broadcast_id=broadcast.id, user_id=1, status="pending", not_before=NOW)
            )


async def test_deleting_a_patient_removes_their_deliveries_but_not_the_operators_broadcast(services: Services) -> None:
    await add_users(services.sessions, [1, 2])
    broadcast = await new_broadcast(services.sessions)
    async with transaction(services.sessions) as session:
        await erase_user(session=session, user_id=1)

    assert set(await delivery_statuses(services.sessions, broadcast.id or 0)) == {2}
    stored = await load_broadcast(services.sessions, broadcast.id or 0)
    assert stored.operator_id == OPERATOR
    assert "user_id" not in Broadcast.__table__.c  # type: ignore[attr-defined]


async def test_any_operator_can_pause_resume_or_cancel_and_whoever_resumes_takes_it_over(
    services: Services,
) -> None:
    await add_users(services.sessions, [1])
    broadcast = await new_broadcast(services.sessions)
    bid = broadcast.id or 0
    statuses = []
    async with transaction(services.sessions) as session:
        for operator_id, action in [(5, "pause"), (OPERATOR, "resume"), (OPERATOR, "pause"), (OPERATOR, "resume")]:
            changed = await change_broadcast_status(
                session=session, broadcast_id=bid, operator_id=operator_id, action=action, now=NOW
            )
            statuses.append(changed.status if changed else None)
        await session.execute(update(Broadcast).where(Broadcast.id == bid).values(started_at=NOW))
        await session.execute(
            update(Broadcast).where(Broadcast.id == bid).values(progress_chat_id=OPERATOR, progress_message_id=7)
        )
        for operator_id, action in [(OPERATOR, "pause"), (5, "resume"), (5, "cancel"), (OPERATOR, "cancel")]:
            changed = await change_broadcast_status(
                session=session, broadcast_id=bid, operator_id=operator_id, action=action, now=NOW
            )
            statuses.append(changed.status if changed else None)

    # The caller checks who is an operator (bot/operators/handlers.py); the storage lets any of them act,
    # and a state that does not allow the action changes nothing. Resuming a never-started broadcast
    # puts it back to waiting for its time.
    assert statuses == ["paused", "scheduled", "paused", "scheduled", "paused", "sending", "cancelled", None]
    stored = await load_broadcast(services.sessions, bid)
    # Operator 5 resumed it: from then on the progress goes to 5, not to the author's old message.
    assert (stored.operator_id, stored.progress_chat_id, stored.progress_message_id) == (5, None, None)


async def test_postgres_claims_skip_rows_another_instance_holds(services: Services, database: Database) -> None:
    if database.backend != "postgresql":
        pytest.skip("SQLite has one writer at a time; SKIP LOCKED is PostgreSQL's")
    await add_users(services.sessions, range(1, 41))
    broadcast = await new_broadcast(services.sessions)
    bid, lease = broadcast.id or 0, NOW + timedelta(minutes=2)
    async with services.sessions() as first, first.begin():
        held = await claim_deliveries(session=first, broadcast_id=bid, now=NOW, lease_until=lease, limit=25)
        # Still uncommitted: the second instance must neither wait for these rows nor take them.
        async with services.sessions() as second, second.begin():
            other = await asyncio.wait_for(
                claim_deliveries(session=second, broadcast_id=bid, now=NOW, lease_until=lease, limit=25), timeout=60
            )
    assert len(held) == 25 and len(other) == 15
    assert not {d.id for d in held} & {d.id for d in other}
    async with transaction(services.sessions) as session:
        leased = await session.scalar(
            select(func.count()).select_from(BroadcastDelivery).where(BroadcastDelivery.claimed_until.is_not(None))  # type: ignore[union-attr]
        )
    assert leased == 40
