"""Two scheduler workers on one table: every due row is sent exactly once.

Each worker has its own engine and session factory, as two bot processes would. On PostgreSQL they claim
with FOR UPDATE SKIP LOCKED; on SQLite BEGIN IMMEDIATE serialises them. The PostgreSQL run is required
in CI (the `database` fixture fails instead of skipping there).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import insert

from scheduler.clock import ManualClock
from scheduler.engine import run_tick
from storage.db import create_engine, create_session_factory, transaction
from storage.models import User
from storage.schedule_models import Delivery, Schedule
from support.databases import Database
from support.scheduling import RecordingSender, scheduler_db, utc

USERS = 600
NOW = utc(2025, 6, 2, 19)


async def test_two_workers_ticking_at_once_send_every_due_row_exactly_once(database: Database) -> None:
    async with scheduler_db(database, NOW) as db:
        created = datetime(2025, 6, 1, tzinfo=UTC)
        users = [{"id": 10_000 + i, "timezone": "Europe/London", "language": "en"} for i in range(USERS)]
        rows = [
            {
                "user_id": 10_000 + i,
                "kind": "checkin",
                "rule": {"times": ["20:00"], "weekdays": []},
                "timezone": "Europe/London",
                "due_at": NOW - timedelta(seconds=i % 7),
                "next_run_at": NOW - timedelta(seconds=i % 7),
                "enabled": True,
                "payload": {},
                "attempts": 0,
                "created_at": created,
                "updated_at": created,
            }
            for i in range(USERS)
        ]
        async with transaction(db.sessions) as session:
            for user in users:
                session.add(User(**user))
            await session.flush()
            await session.execute(insert(Schedule.__table__), rows)  # type: ignore[attr-defined]

        senders = []
        engines = [create_engine(database.url, search_path=database.search_path) for _ in range(2)]
        try:

            async def worker() -> None:
                sender = RecordingSender(ManualClock(NOW))
                senders.append(sender)
                sessions = create_session_factory(engines[len(senders) - 1])
                for _ in range(6):
                    await run_tick(sessions=sessions, sender=sender, clock=sender.clock, batch_size=25)
                    await asyncio.sleep(0)

            await asyncio.gather(worker(), worker())
        finally:
            for engine in engines:
                await engine.dispose()

        counts = Counter(s.message.user_id for sender in senders for s in sender.sent)
        assert len(counts) == USERS and set(counts.values()) == {1}
        if database.backend == "postgresql":  # SKIP LOCKED lets both claim at once; SQLite takes turns
            assert all(sender.sent for sender in senders), "both workers should have taken a share"
        deliveries = await db.deliveries()
        assert len(deliveries) == USERS and {d.status for d in deliveries} == {"sent"}
        assert isinstance(deliveries[0], Delivery)
        assert all(d.due_at.time() <= time(19) for d in deliveries)
