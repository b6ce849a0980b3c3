"""What the tick does with each send outcome: blocked users, retries, rejections, and edits made mid-send."""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy import select

from scheduler.kinds import ScheduleKind
from scheduler.planning import Policy
from scheduler.rules import LocalRule
from scheduler.sending import Outcome, ReminderMessage, SendResult
from storage.db import transaction
from storage.models import User
from storage.schedule_models import DisabledReason, Schedule
from storage.schedules import create_schedule, get_schedule, reschedule
from storage.users import touch_user
from support.databases import Database
from support.scheduling import add_recurring, add_user, scheduler_db, utc

ALICE = 801
BOB = 802
JUNE_2 = utc(2025, 6, 2, 12)
EIGHT_PM = utc(2025, 6, 2, 19)  # 20:00 in London


async def test_blocked_user_gets_every_schedule_switched_off_and_back_on_when_they_return(database: Database) -> None:
    async with scheduler_db(database, JUNE_2) as db:
        await add_user(db, ALICE)
        med = await add_recurring(db, ALICE, ScheduleKind.MEDICATION, [time(20)], payload={"name": "x"})
        checkin = await add_recurring(db, ALICE, ScheduleKind.CHECKIN, [time(21)])
        drip = await add_recurring(db, ALICE, ScheduleKind.LESSON_DRIP, [time(10)])
        async with transaction(db.sessions) as session:
            row = await session.get(Schedule, drip)
            assert row is not None
            row.enabled, row.disabled_reason, row.next_run_at = False, DisabledReason.USER.value, None
        db.sender.outcomes[ALICE] = [SendResult(Outcome.BLOCKED, detail="forbidden")]

        report = await db.tick_at(EIGHT_PM)

        assert report.blocked == 1 and db.sender.sent == []
        assert [d.status for d in await db.deliveries()] == ["blocked"]
        rows = {i: await db.schedule(i) for i in (med, checkin, drip)}
        assert [(r.enabled, r.disabled_reason) for r in rows.values()] == [
            (False, "blocked"),
            (False, "blocked"),
            (False, "user"),
        ]
        async with transaction(db.sessions) as session:
            user = await session.get(User, ALICE)
            assert user is not None and not user.is_active

        async with transaction(db.sessions) as session:  # the user unblocks the bot and writes /start
            await touch_user(session=session, user_id=ALICE)
        await db.tick_at(utc(2025, 6, 3, 12))

        assert [(await db.schedule(i)).enabled for i in (med, checkin, drip)] == [True, True, False]
        assert (await db.schedule(med)).next_run_at == utc(2025, 6, 3, 19)
        await db.run_until(utc(2025, 6, 3, 21))
        assert db.sender.kinds() == ["medication", "checkin"]


async def test_retry_after_is_honoured_and_the_occurrence_sent_once_it_succeeds(database: Database) -> None:
    async with scheduler_db(database, JUNE_2) as db:
        await add_user(db, ALICE)
        row_id = await add_recurring(db, ALICE, ScheduleKind.MEDICATION, [time(20)], payload={"name": "x"})
        db.sender.outcomes[ALICE] = [SendResult(Outcome.RETRY, retry_after=90, detail="429")]

        report = await db.tick_at(EIGHT_PM)

        row = await db.schedule(row_id)
        assert report.retried == 1
        assert (row.due_at, row.next_run_at, row.attempts) == (EIGHT_PM, EIGHT_PM + timedelta(seconds=90), 1)
        await db.tick_at(EIGHT_PM + timedelta(seconds=60))
        assert db.sender.sent == []

        await db.tick_at(EIGHT_PM + timedelta(seconds=90))
        assert [s.due_at for s in db.sender.sent] == [EIGHT_PM]
        row = await db.schedule(row_id)
        assert (row.next_run_at, row.attempts, row.claimed_until) == (utc(2025, 6, 3, 19), 0, None)
        assert [d.status for d in await db.deliveries()] == ["retry", "sent"]


async def test_retries_stop_after_the_last_attempt(database: Database) -> None:
    async with scheduler_db(database, JUNE_2) as db:
        await add_user(db, ALICE)
        row_id = await add_recurring(db, ALICE, ScheduleKind.MEDICATION, [time(20)], payload={"name": "x"})
        db.sender.outcomes[ALICE] = [SendResult(Outcome.RETRY, detail="TimedOut")] * 3
        policy = Policy(max_attempts=3, retry_backoff=timedelta(seconds=10))

        for seconds in (0, 10, 30):
            await db.tick_at(EIGHT_PM + timedelta(seconds=seconds), policy=policy)

        assert [d.status for d in await db.deliveries()] == ["retry", "retry", "failed"]
        assert (await db.schedule(row_id)).next_run_at == utc(2025, 6, 3, 19)


async def test_rejected_reminder_is_recorded_and_the_rule_goes_on(database: Database) -> None:
    async with scheduler_db(database, JUNE_2) as db:
        await add_user(db, ALICE)
        row_id = await add_recurring(db, ALICE, ScheduleKind.CHECKIN, [time(20)])
        db.sender.outcomes[ALICE] = [SendResult(Outcome.REJECTED, detail="message is too long")]

        report = await db.tick_at(EIGHT_PM)

        assert report.rejected == 1
        [delivery] = await db.deliveries()
        assert (delivery.status, delivery.detail) == ("rejected", "message is too long")
        assert (await db.schedule(row_id)).next_run_at == utc(2025, 6, 3, 19)


async def test_an_edit_made_while_sending_is_not_overwritten_by_the_result(database: Database) -> None:
    async with scheduler_db(database, JUNE_2) as db:
        await add_user(db, ALICE)
        row_id = await add_recurring(db, ALICE, ScheduleKind.MEDICATION, [time(20)], payload={"name": "x"})
        db.sender.outcomes[ALICE] = [SendResult(Outcome.RETRY, retry_after=30)]
        new_due = utc(2025, 6, 3, 6)

        async def user_moves_the_reminder(_message: ReminderMessage) -> None:
            async with transaction(db.sessions) as session:
                row = await get_schedule(session=session, user_id=ALICE, schedule_id=row_id)
                assert row is not None
                await reschedule(session=session, row=row, due_at=new_due)

        db.sender.on_send = user_moves_the_reminder
        await db.tick_at(EIGHT_PM)

        row = await db.schedule(row_id)
        assert (row.next_run_at, row.attempts, row.claimed_until) == (new_due, 0, None)


async def test_a_large_batch_is_drained_in_one_tick_with_one_delivery_each(database: Database) -> None:
    async with scheduler_db(database, JUNE_2) as db:
        rule = LocalRule.of([time(20)])
        async with transaction(db.sessions) as session:
            session.add_all([User(id=user_id, timezone="Europe/London") for user_id in range(1000, 1300)])
            await session.flush()
            for user_id in range(1000, 1300):
                await create_schedule(
                    session=session,
                    user_id=user_id,
                    kind="checkin",
                    rule=dict(rule.to_json()),
                    timezone="Europe/London",
                    due_at=EIGHT_PM,
                )

        report = await db.tick_at(EIGHT_PM, batch_size=64)

        # What the engine promises: every row sent once, in batches of at most 64 (so at least 5). With
        # two lanes on PostgreSQL a lane may claim a short batch while the other holds rows, so the exact
        # number of batches depends on timing; on SQLite the lanes take turns and it is exactly 5.
        assert report.sent == 300
        assert report.batches >= 5
        assert report.batches == 5 or database.backend == "postgresql"
        assert sorted(s.message.user_id for s in db.sender.sent) == list(range(1000, 1300))
        async with transaction(db.sessions) as session:
            runs = set((await session.scalars(select(Schedule.next_run_at))).all())  # type: ignore[call-overload]
        assert runs == {utc(2025, 6, 3, 19)}
