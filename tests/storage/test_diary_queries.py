"""Diary storage on both databases: rows written and read back as the records statistics use."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from storage.db import SessionFactory, create_engine, create_session_factory, transaction
from storage.diary import (
    TimeProblem,
    add_medicine,
    check_attack_times,
    clean_text,
    create_attack,
    delete_attack,
    get_attack,
    update_attack,
)
from storage.diary_checkins import record_checkin
from storage.diary_models import Attack, Checkin, MedicationIntake, MidasRecord
from storage.diary_queries import (
    load_diary,
    load_stats_records,
    midas_due,
    midas_offered,
    stats_first_day,
    user_zone,
)
from storage.diary_stats import compute_period_stats
from storage.diary_types import Impact, MedClass
from storage.migrate import upgrade_schema
from storage.models import AuditEntry, User
from support.databases import Database

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
TOKYO = ZoneInfo("Asia/Tokyo")
ALICE, BOB = 3001, 3002


@pytest.fixture
async def sessions(database: Database) -> AsyncIterator[SessionFactory]:
    engine = create_engine(database.url, search_path=database.search_path)
    await upgrade_schema(engine)
    factory = create_session_factory(engine)
    async with transaction(factory) as session:
        session.add_all([User(id=ALICE, timezone="Asia/Tokyo"), User(id=BOB)])
    try:
        yield factory
    finally:
        await engine.dispose()


def test_impossible_attack_times() -> None:
    assert check_attack_times(NOW + timedelta(minutes=1), None, now=NOW) is TimeProblem.FUTURE
    assert check_attack_times(NOW, NOW + timedelta(seconds=1), now=NOW) is TimeProblem.FUTURE
    assert check_attack_times(NOW, NOW - timedelta(seconds=1), now=NOW) is TimeProblem.END_BEFORE_START
    assert check_attack_times(NOW - timedelta(days=15), None, now=NOW) is TimeProblem.TOO_LONG
    assert check_attack_times(NOW - timedelta(days=20), NOW - timedelta(days=5, seconds=1), now=NOW) is (
        TimeProblem.TOO_LONG
    )
    assert check_attack_times(NOW - timedelta(days=14), NOW, now=NOW) is None
    assert check_attack_times(NOW, NOW, now=NOW) is None


def test_clean_text_drops_control_characters_but_keeps_lines_and_emoji() -> None:
    assert clean_text("  a\u0000b\u0007\nc 🙂\t ") == "ab\nc 🙂"


def test_unknown_zone_falls_back_to_default_then_utc() -> None:
    assert user_zone("Asia/Tokyo", "UTC") == TOKYO
    assert user_zone(None, "Europe/Paris") == ZoneInfo("Europe/Paris")
    assert user_zone("Mars/Base", "also/bad") == ZoneInfo("UTC")


async def test_load_diary_maps_rows_by_the_users_local_dates(sessions: SessionFactory) -> None:
    # 1 Nov 08:00 in Tokyo is 31 Oct 23:00 UTC: it belongs to November for this user.
    nov_first = datetime(2026, 11, 1, 8, tzinfo=TOKYO).astimezone(UTC)
    async with transaction(sessions) as session:
        session.add_all(
            [
                Attack(
                    user_id=ALICE,
                    started_at=nov_first,
                    ended_at=nov_first + timedelta(hours=2),
                    peak_intensity=7,
                    symptoms=["nausea"],
                    features=["throbbing"],
                    impact="unable",
                    aura=False,
                    aura_minutes=20,
                ),
                Attack(
                    user_id=ALICE,
                    started_at=nov_first - timedelta(hours=10),
                    ended_at=nov_first - timedelta(hours=9),
                    peak_intensity=3,
                ),
                Attack(user_id=BOB, started_at=nov_first, peak_intensity=9),
                MedicationIntake(user_id=ALICE, name="X", med_class="triptan", taken_at=nov_first),
                MedicationIntake(
                    user_id=ALICE,
                    name="Y",
                    med_class="unknown_class",
                    taken_at=nov_first + timedelta(minutes=1),
                    effect="odd",
                ),
                Checkin(user_id=ALICE, local_date=date(2026, 11, 1), headache_level=4),
                Checkin(user_id=ALICE, local_date=date(2026, 10, 31), headache_level=0),
            ]
        )

    async with transaction(sessions) as session:
        records = await load_diary(
            session=session, user_id=ALICE, tz=TOKYO, first=date(2026, 11, 1), last=date(2026, 11, 30), now=NOW
        )

    assert [(a.started_at, a.peak_intensity, a.impact) for a in records.attacks] == [(nov_first, 7, Impact.UNABLE)]
    assert records.attacks[0].aura_minutes is None  # no aura recorded: its minutes mean nothing
    assert [(i.med_class, i.effect) for i in records.intakes] == [(MedClass.TRIPTAN, None), (MedClass.OTHER, None)]
    assert [(c.local_date, c.headache_level) for c in records.checkins] == [(date(2026, 11, 1), 4)]


async def test_an_attack_begun_before_the_window_but_still_going_is_loaded(sessions: SessionFactory) -> None:
    started = datetime(2026, 10, 25, 22, tzinfo=TOKYO).astimezone(UTC)
    async with transaction(sessions) as session:
        session.add(Attack(user_id=ALICE, started_at=started, ended_at=started + timedelta(days=8), peak_intensity=5))
        session.add(
            Attack(
                user_id=ALICE,
                started_at=started - timedelta(days=1),
                peak_intensity=5,
                ended_at=started - timedelta(hours=20),
            )
        )

    async with transaction(sessions) as session:
        records = await load_diary(
            session=session, user_id=ALICE, tz=TOKYO, first=date(2026, 11, 1), last=date(2026, 11, 30), now=NOW
        )

    assert [a.started_at for a in records.attacks] == [started]


async def test_an_attack_left_ongoing_counts_as_ending_at_14_days(sessions: SessionFactory) -> None:
    started = NOW - timedelta(days=40)
    async with transaction(sessions) as session:
        session.add(Attack(user_id=ALICE, started_at=started, peak_intensity=5))

    async with transaction(sessions) as session:
        today = NOW.astimezone(TOKYO).date()
        records = await load_stats_records(
            session=session, user_id=ALICE, tz=TOKYO, start=today - timedelta(days=89), end=today, now=NOW
        )
    stats = compute_period_stats(
        records.attacks,
        records.intakes,
        records.checkins,
        tz=TOKYO,
        start=today - timedelta(days=89),
        end=today,
        now=NOW,
    )

    assert records.attacks[0].ended_at == started + timedelta(days=14)
    assert stats.counts.headache_days == 15  # 14 days and a bit, over 15 local dates


def test_stats_read_their_window_the_monthly_bars_and_the_shown_month() -> None:
    today = date(2026, 11, 21)
    assert stats_first_day(date(2026, 10, 23), today, today=today, months=6) == date(2026, 6, 1)
    assert stats_first_day(date(2026, 8, 24), today, today=today, months=6) == date(2026, 5, 26)
    assert stats_first_day(date(2025, 3, 1), date(2025, 3, 31), today=today, months=6) == date(2025, 1, 29)


async def test_checkin_is_one_row_per_day_and_the_last_answer_wins(sessions: SessionFactory) -> None:
    day = date(2026, 11, 20)
    async with transaction(sessions) as session:
        await record_checkin(session=session, user_id=ALICE, local_date=day, level=3, now=NOW)
    async with transaction(sessions) as session:
        await record_checkin(session=session, user_id=ALICE, local_date=day, level=0, now=NOW + timedelta(hours=1))
        await record_checkin(session=session, user_id=BOB, local_date=day, level=5, now=NOW)

    async with transaction(sessions) as session:
        found = (await session.scalars(select(Checkin).order_by(Checkin.user_id))).all()  # type: ignore[arg-type]
    assert [(c.user_id, c.local_date, c.headache_level) for c in found] == [(ALICE, day, 0), (BOB, day, 5)]
    assert found[0].updated_at == NOW + timedelta(hours=1)


async def test_medicine_names_are_unique_per_user_ignoring_case(sessions: SessionFactory) -> None:
    async with transaction(sessions) as session:
        first = await add_medicine(session=session, user_id=ALICE, name="Ibuprofen", med_class=MedClass.OTHER, now=NOW)
        again = await add_medicine(
            session=session, user_id=ALICE, name="ibuprofen", med_class=MedClass.SIMPLE_ANALGESIC, now=NOW
        )
        bobs = await add_medicine(session=session, user_id=BOB, name="Ibuprofen", med_class=MedClass.OTHER, now=NOW)

    assert first.id == again.id != bobs.id
    assert again.med_class == "simple_analgesic"


async def test_edits_and_deletes_are_audited_and_only_touch_own_rows(sessions: SessionFactory) -> None:
    async with transaction(sessions) as session:
        attack = await create_attack(session=session, user_id=ALICE, started_at=NOW, peak_intensity=4, now=NOW)
        await update_attack(session=session, attack=attack, now=NOW, notes="private words", peak_intensity=4)
        assert attack.id is not None
        assert await get_attack(session=session, user_id=BOB, attack_id=attack.id) is None
        assert not await delete_attack(session=session, user_id=BOB, attack_id=attack.id)
        assert await delete_attack(session=session, user_id=ALICE, attack_id=attack.id)

    async with transaction(sessions) as session:
        audit = (await session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all()  # type: ignore[arg-type]
        assert await session.get(Attack, attack.id) is None
    assert [(a.user_id, a.action, a.detail) for a in audit] == [
        (ALICE, "diary.attack.edit", f"attack={attack.id} fields=notes"),
        (ALICE, "diary.attack.delete", f"attack={attack.id}"),
    ]


async def test_midas_offered_reads_the_last_result_else_when_the_diary_began(sessions: SessionFactory) -> None:
    async def offered(now: datetime) -> bool:
        async with transaction(sessions) as session:
            return await midas_offered(session=session, user_id=ALICE, now=now)

    assert not await offered(NOW)  # no diary at all
    async with transaction(sessions) as session:
        await record_checkin(session=session, user_id=ALICE, local_date=date(2026, 10, 1), level=0, now=NOW)
        started = datetime(2026, 10, 20, tzinfo=UTC)
        await create_attack(session=session, user_id=ALICE, started_at=started, peak_intensity=5, now=NOW)
        older = datetime(2026, 1, 1, tzinfo=UTC)  # Bob's: not Alice's diary
        await create_attack(session=session, user_id=BOB, started_at=older, peak_intensity=5, now=NOW)
    assert await offered(datetime(2026, 10, 31, tzinfo=UTC))  # the check-in of 1 October began the diary
    assert not await offered(datetime(2026, 10, 30, 23, tzinfo=UTC))
    async with transaction(sessions) as session:
        session.add(
            MidasRecord(
                user_id=ALICE, completed_at=NOW, local_date=NOW.date(), score=5, grade="I", headache_days=3,
                average_pain=4, answers={},
            )
        )  # fmt: skip
    assert not await offered(NOW + timedelta(days=90))  # done: again only 90 days after
    assert await offered(NOW + timedelta(days=90, seconds=1))


def test_midas_is_offered_after_30_days_of_diary_then_every_90_days() -> None:
    assert not midas_due(None, now=NOW, diary_since=None)  # no diary yet: not on day 1
    assert not midas_due(None, now=NOW, diary_since=NOW - timedelta(days=29, hours=23))
    assert midas_due(None, now=NOW, diary_since=NOW - timedelta(days=30))
