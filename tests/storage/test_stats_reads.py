"""/stats reads its diary and the MIDAS inputs without a transaction, and reads what a transaction read."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_session_factory, transaction
from storage.diary_models import Attack, Checkin, MedicationIntake, MidasRecord
from storage.diary_queries import load_stats_records, midas_offered
from storage.models import User
from storage.stats_reads import read_stats_inputs
from support.databases import Database, migrated_engines

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
TOKYO = ZoneInfo("Asia/Tokyo")
ALICE, BOB = 3101, 3102


@pytest.fixture
async def engines(database: Database) -> AsyncIterator[tuple[AsyncEngine, AsyncEngine]]:
    """The engine, and what /stats reads on: the read engine on PostgreSQL, the engine itself on SQLite."""
    async with migrated_engines(database) as pair:
        yield pair


async def test_stats_inputs_are_what_the_transaction_read(engines: tuple[AsyncEngine, AsyncEngine]) -> None:
    engine, reads = engines
    sessions = create_session_factory(engine)
    start = datetime(2026, 11, 1, 8, tzinfo=TOKYO).astimezone(UTC)
    async with transaction(sessions) as session:
        session.add_all([User(id=ALICE, timezone="Asia/Tokyo"), User(id=BOB)])
    async with transaction(sessions) as session:
        session.add_all(
            [
                Attack(
                    user_id=ALICE, started_at=start, ended_at=start + timedelta(hours=5), peak_intensity=7,
                    symptoms=["nausea"], features=["throbbing"], impact="unable", aura=True, aura_minutes=20,
                    aura_kinds=["visual"],
                ),
                Attack(user_id=ALICE, started_at=start - timedelta(days=70), peak_intensity=4),  # left ongoing
                Attack(user_id=ALICE, started_at=NOW - timedelta(hours=1), peak_intensity=9),  # going on now
                Attack(user_id=BOB, started_at=start, peak_intensity=9),
                MedicationIntake(user_id=ALICE, name="X", med_class="triptan", taken_at=start, effect="helped"),
                MedicationIntake(user_id=ALICE, name="Y", med_class="odd", taken_at=start - timedelta(days=40)),
                Checkin(user_id=ALICE, local_date=date(2026, 11, 2), headache_level=3),
                Checkin(user_id=ALICE, local_date=date(2026, 9, 2), headache_level=0),
                MidasRecord(
                    user_id=ALICE, completed_at=NOW - timedelta(days=95), local_date=date(2026, 8, 18), score=5,
                    grade="I", headache_days=3, average_pain=4, answers={},
                ),
            ]
        )  # fmt: skip

    seen = {}
    for user_id in (ALICE, BOB):
        for first, last in ((date(2026, 10, 23), date(2026, 11, 21)), (date(2025, 12, 1), date(2026, 11, 21))):
            inputs = await read_stats_inputs(engine=reads, user_id=user_id, tz=TOKYO, start=first, end=last, now=NOW)
            async with transaction(sessions) as session:
                records = await load_stats_records(
                    session=session, user_id=user_id, tz=TOKYO, start=first, end=last, now=NOW
                )
                due = await midas_offered(session=session, user_id=user_id, now=NOW)
            assert inputs.records == records
            assert inputs.midas_due == due
            seen[user_id] = inputs
    alice = seen[ALICE]  # the comparison is not of empty reads
    assert (len(alice.records.attacks), len(alice.records.intakes), len(alice.records.checkins)) == (3, 2, 2)
    assert alice.midas_due and not seen[BOB].midas_due
