"""Daylight saving time end to end: rows in the database, ticked by the engine at the instants they come due."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo

import pytest

from scheduler.kinds import ScheduleKind
from support.databases import Database
from support.scheduling import add_recurring, add_user, scheduler_db, utc

ALICE = 501


def local_times(sent: list, zone: str) -> list[str]:
    """The local wall-clock times (with UTC offset) at which reminders went out."""
    return [s.at.astimezone(ZoneInfo(zone)).strftime("%m-%d %H:%M%z") for s in sent]


@pytest.mark.parametrize(
    ("zone", "at", "start", "end", "expected"),
    [
        # London springs forward at 01:00 GMT: 01:30 does not exist and fires at 02:00 BST, once.
        (
            "Europe/London",
            time(1, 30),
            utc(2025, 3, 29, 0),
            utc(2025, 3, 31, 3),
            ["03-29 01:30+0000", "03-30 02:00+0100", "03-31 01:30+0100"],
        ),
        # New York: 02:30 on 9 March 2025 does not exist; it fires at 03:00 EDT.
        (
            "America/New_York",
            time(2, 30),
            utc(2025, 3, 8, 0),
            utc(2025, 3, 10, 12),
            ["03-08 02:30-0500", "03-09 03:00-0400", "03-10 02:30-0400"],
        ),
        # Lord Howe moves by half an hour: 02:15 on 5 October 2025 fires at 02:30 (+11).
        (
            "Australia/Lord_Howe",
            time(2, 15),
            utc(2025, 10, 3, 12),
            utc(2025, 10, 6, 0),
            ["10-04 02:15+1030", "10-05 02:30+1100", "10-06 02:15+1100"],
        ),
        # Kolkata has no DST: 08:00 stays 02:30 UTC across Europe's change.
        (
            "Asia/Kolkata",
            time(8, 0),
            utc(2025, 3, 29, 0),
            utc(2025, 3, 31, 12),
            ["03-29 08:00+0530", "03-30 08:00+0530", "03-31 08:00+0530"],
        ),
    ],
)
async def test_time_missing_in_a_spring_gap_fires_once_at_the_end_of_the_gap(
    database: Database, zone: str, at: time, start, end, expected: list[str]
) -> None:
    async with scheduler_db(database, start) as db:
        await add_user(db, ALICE, zone)
        await add_recurring(db, ALICE, ScheduleKind.CHECKIN, [at], zone=zone)

        await db.run_until(end)

        assert local_times(db.sender.sent, zone) == expected
        assert all(s.at == s.due_at for s in db.sender.sent)


@pytest.mark.parametrize(
    ("zone", "at", "start", "first_showing", "second_showing", "next_day"),
    [
        # London falls back at 02:00 BST: 01:30 happens at 00:30 UTC and again at 01:30 UTC.
        (
            "Europe/London",
            time(1, 30),
            utc(2025, 10, 25, 12),
            utc(2025, 10, 26, 0, 30),
            utc(2025, 10, 26, 1, 30),
            utc(2025, 10, 27, 1, 30),
        ),
        (
            "America/New_York",
            time(1, 30),
            utc(2025, 11, 1, 12),
            utc(2025, 11, 2, 5, 30),
            utc(2025, 11, 2, 6, 30),
            utc(2025, 11, 3, 6, 30),
        ),
        # Lord Howe falls back half an hour at 02:00 (+11 → +10:30): 01:45 happens twice, 30 minutes apart.
        (
            "Australia/Lord_Howe",
            time(1, 45),
            utc(2025, 4, 5, 0),
            utc(2025, 4, 5, 14, 45),
            utc(2025, 4, 5, 15, 15),
            utc(2025, 4, 6, 15, 15),
        ),
    ],
)
async def test_time_repeated_in_an_autumn_fall_back_fires_once(
    database: Database, zone: str, at: time, start, first_showing, second_showing, next_day
) -> None:
    async with scheduler_db(database, start) as db:
        await add_user(db, ALICE, zone)
        row_id = await add_recurring(db, ALICE, ScheduleKind.MEDICATION, [at], zone=zone, payload={"name": "x"})

        await db.tick_at(first_showing)
        await db.tick_at(second_showing)

        assert [s.at for s in db.sender.sent] == [first_showing]
        assert (await db.schedule(row_id)).next_run_at == next_day


async def test_weekly_rule_keeps_its_local_time_across_the_change(database: Database) -> None:
    # Mondays 09:00 London: 09:00 UTC in winter, 08:00 UTC once British Summer Time starts (30 March 2025).
    async with scheduler_db(database, utc(2025, 3, 20)) as db:
        await add_user(db, ALICE)
        row_id = await add_recurring(db, ALICE, ScheduleKind.CHECKIN, [time(9)], weekdays=[0])

        assert (await db.schedule(row_id)).next_run_at == utc(2025, 3, 24, 9)
        await db.run_until(utc(2025, 4, 8))

        assert [s.at for s in db.sender.sent] == [utc(2025, 3, 24, 9), utc(2025, 3, 31, 8), utc(2025, 4, 7, 8)]
        assert (await db.schedule(row_id)).next_run_at == utc(2025, 4, 14, 8)
