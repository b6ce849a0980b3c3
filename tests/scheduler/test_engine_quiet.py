"""Quiet hours in the tick: check-ins, lessons and follow-ups wait; medication comes at its time."""

from __future__ import annotations

from datetime import time, timedelta

from scheduler.kinds import ScheduleKind
from support.databases import Database
from support.scheduling import add_once, add_recurring, add_user, scheduler_db, set_quiet, utc

ALICE = 701
BOB = 702
JUNE_2 = utc(2025, 6, 2, 12)  # London is UTC+1


async def test_checkin_inside_overnight_quiet_hours_waits_until_they_end(database: Database) -> None:
    async with scheduler_db(database, JUNE_2) as db:
        await add_user(db, ALICE)
        await set_quiet(db, ALICE, time(22), time(8))
        row_id = await add_recurring(db, ALICE, ScheduleKind.CHECKIN, [time(23)])

        report = await db.tick_at(utc(2025, 6, 2, 22))  # 23:00 local, inside 22:00-08:00

        assert db.sender.sent == [] and report.waiting == 1
        row = await db.schedule(row_id)
        assert (row.due_at, row.next_run_at) == (utc(2025, 6, 2, 22), utc(2025, 6, 3, 7))

        await db.run_until(utc(2025, 6, 3, 12))
        [sent] = db.sender.sent
        assert sent.at == utc(2025, 6, 3, 7)  # 08:00 local, the morning after
        assert sent.message.payload["local_date"] == "2025-06-02"  # still about the evening before
        assert not sent.message.late
        assert (await db.schedule(row_id)).next_run_at == utc(2025, 6, 3, 22)


async def test_medication_inside_quiet_hours_is_sent_at_its_time(database: Database) -> None:
    async with scheduler_db(database, JUNE_2) as db:
        await add_user(db, ALICE)
        await set_quiet(db, ALICE, time(22), time(8))
        await add_recurring(db, ALICE, ScheduleKind.MEDICATION, [time(23)], payload={"name": "x"})

        await db.tick_at(utc(2025, 6, 2, 22))

        assert db.sender.kinds() == ["medication"]


async def test_daytime_quiet_hours_hold_back_lessons_and_followups_only_for_that_user(database: Database) -> None:
    async with scheduler_db(database, JUNE_2) as db:
        await add_user(db, ALICE)
        await add_user(db, BOB)
        await set_quiet(db, ALICE, time(13), time(15))
        await add_recurring(db, ALICE, ScheduleKind.LESSON_DRIP, [time(14)], payload={"every_days": 1})
        await add_once(db, ALICE, ScheduleKind.FOLLOWUP, utc(2025, 6, 2, 13, 30), {"intake_id": 1})
        await add_recurring(db, BOB, ScheduleKind.LESSON_DRIP, [time(14)], payload={"every_days": 1})

        await db.tick_at(utc(2025, 6, 2, 13, 30))  # 14:30 local

        assert [s.message.user_id for s in db.sender.sent] == [BOB]
        await db.tick_at(utc(2025, 6, 2, 14))  # 15:00 local: quiet hours are over
        assert sorted(db.sender.kinds()[1:]) == ["followup", "lesson_drip"]
        assert all(s.at == utc(2025, 6, 2, 14) for s in db.sender.sent[1:])


async def test_changing_quiet_hours_brings_a_waiting_row_back_to_its_time(database: Database) -> None:
    async with scheduler_db(database, JUNE_2) as db:
        await add_user(db, ALICE)
        await set_quiet(db, ALICE, time(22), time(8))
        row_id = await add_recurring(db, ALICE, ScheduleKind.CHECKIN, [time(23)])
        await db.tick_at(utc(2025, 6, 2, 22))

        await set_quiet(db, ALICE, time(23, 30), time(6))
        await db.tick_at(utc(2025, 6, 2, 22) + timedelta(minutes=1))

        assert db.sender.kinds() == ["checkin"]
        assert (await db.schedule(row_id)).next_run_at == utc(2025, 6, 3, 22)
