"""Restarting after downtime: overdue rows of each kind are sent, sent late, skipped or recorded as missed."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from scheduler.kinds import ScheduleKind
from scheduler.sending import ReminderMessage
from storage.db import transaction
from storage.schedule_models import DeliveryStatus, Schedule
from support.databases import Database
from support.scheduling import add_once, add_recurring, add_user, scheduler_db, utc

ALICE = 601
MONDAY = utc(2025, 6, 2, 12)  # London is on BST (+1) in June


async def test_checkin_missed_for_days_offers_only_the_newest_late(database: Database) -> None:
    async with scheduler_db(database, MONDAY) as db:
        await add_user(db, ALICE)
        row_id = await add_recurring(db, ALICE, ScheduleKind.CHECKIN, [time(20)])

        # Down from Monday noon until Wednesday 21:00 local: Monday's and Tuesday's check-ins are gone.
        report = await db.tick_at(utc(2025, 6, 4, 20))

        assert [s.message.payload["local_date"] for s in db.sender.sent] == ["2025-06-04"]
        assert db.sender.sent[0].message.late
        assert report.sent == report.late == 1
        deliveries = await db.deliveries()
        assert [(d.status, d.late, d.due_at) for d in deliveries] == [("sent", True, utc(2025, 6, 4, 19))]
        assert (await db.schedule(row_id)).next_run_at == utc(2025, 6, 5, 19)


async def test_checkin_more_than_six_hours_late_is_skipped_not_sent(database: Database) -> None:
    async with scheduler_db(database, MONDAY) as db:
        await add_user(db, ALICE)
        row_id = await add_recurring(db, ALICE, ScheduleKind.CHECKIN, [time(20)])

        report = await db.tick_at(utc(2025, 6, 3, 2, 1))  # 03:01 local, 7 h after Monday 20:00

        assert db.sender.sent == []
        assert report.skipped == 1
        assert [d.status for d in await db.deliveries()] == [DeliveryStatus.SKIPPED]
        assert (await db.schedule(row_id)).next_run_at == utc(2025, 6, 3, 19)


@pytest.mark.parametrize(
    ("late", "sent", "status"),
    [
        (timedelta(minutes=2), True, "sent"),
        (timedelta(minutes=90), True, "sent"),
        (timedelta(hours=3), False, "missed"),
    ],
)
async def test_medication_inside_grace_is_sent_late_and_outside_recorded_missed(
    database: Database, late: timedelta, sent: bool, status: str
) -> None:
    async with scheduler_db(database, MONDAY) as db:
        await add_user(db, ALICE)
        await add_recurring(db, ALICE, ScheduleKind.MEDICATION, [time(20)], payload={"name": "x"})

        await db.tick_at(utc(2025, 6, 2, 19) + late)

        assert bool(db.sender.sent) is sent
        [delivery] = await db.deliveries()
        assert delivery.status == status
        assert delivery.late is (late > timedelta(minutes=5))


async def test_every_missed_dose_is_recorded_and_the_one_in_grace_sent(database: Database) -> None:
    async with scheduler_db(database, MONDAY) as db:
        await add_user(db, ALICE)
        await add_recurring(
            db, ALICE, ScheduleKind.MEDICATION, [time(8), time(20)], payload={"name": "x"}, after=utc(2025, 6, 3, 5)
        )

        await db.tick_at(utc(2025, 6, 3, 20))  # 21:00 local: 08:00 is 13 h late, 20:00 one hour

        assert [(d.status, d.due_at) for d in await db.deliveries()] == [
            ("missed", utc(2025, 6, 3, 7)),
            ("sent", utc(2025, 6, 3, 19)),
        ]
        assert [s.due_at for s in db.sender.sent] == [utc(2025, 6, 3, 19)]


async def test_lesson_drip_days_late_sends_one_lesson_then_goes_on_from_now(database: Database) -> None:
    async with scheduler_db(database, MONDAY) as db:
        await add_user(db, ALICE)
        row_id = await add_recurring(db, ALICE, ScheduleKind.LESSON_DRIP, [time(10)], payload={"every_days": 2})

        await db.tick_at(utc(2025, 6, 6, 12))  # Tuesday's lesson comes on Friday

        assert len(db.sender.sent) == 1 and db.sender.sent[0].message.late
        assert (await db.schedule(row_id)).next_run_at == utc(2025, 6, 7, 9)


@pytest.mark.parametrize(("late", "expected"), [(timedelta(hours=11), ["followup"]), (timedelta(hours=13), [])])
async def test_followup_is_asked_late_within_twelve_hours_and_then_dropped(
    database: Database, late: timedelta, expected: list[str]
) -> None:
    async with scheduler_db(database, MONDAY) as db:
        await add_user(db, ALICE)
        row_id = await add_once(db, ALICE, ScheduleKind.FOLLOWUP, MONDAY, {"intake_id": 7})

        await db.tick_at(MONDAY + late)

        assert db.sender.kinds() == expected
        assert [d.status for d in await db.deliveries()] == ["sent" if expected else "skipped"]
        async with transaction(db.sessions) as session:
            assert await session.get(Schedule, row_id) is None  # one-offs go once handled


async def test_a_crash_between_send_and_record_loses_the_reminder_but_never_repeats_it(database: Database) -> None:
    class Crash(BaseException):
        """Stands for the process dying mid-send."""

    async with scheduler_db(database, MONDAY) as db:
        await add_user(db, ALICE)
        row_id = await add_recurring(db, ALICE, ScheduleKind.MEDICATION, [time(20)], payload={"name": "x"})

        async def die(_message: ReminderMessage) -> None:
            raise Crash

        db.sender.on_send = die
        with pytest.raises(Crash):
            await db.tick_at(utc(2025, 6, 2, 19))
        db.sender.on_send = None

        # "Restart": the same minute, then after the lease: the occurrence is never picked up again.
        await db.tick_at(utc(2025, 6, 2, 19, 0, 30))
        await db.tick_at(utc(2025, 6, 2, 19, 10))
        assert db.sender.sent == []
        assert [d.status for d in await db.deliveries()] == ["sending"]

        # Tuesday's dose goes out once, and Monday's is marked as an unknown outcome.
        await db.tick_at(utc(2025, 6, 3, 19))
        assert [s.due_at for s in db.sender.sent] == [utc(2025, 6, 3, 19)]
        assert [d.status for d in await db.deliveries()] == ["unknown", "sent"]
        assert (await db.schedule(row_id)).claimed_until is None
