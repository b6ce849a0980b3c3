"""Scheduler test support: a migrated database, a recording sender, row factories and a clock driver."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from scheduler.clock import ManualClock
from scheduler.engine import TickReport, run_tick
from scheduler.kinds import ScheduleKind
from scheduler.planning import first_run
from scheduler.rules import LocalRule
from scheduler.sending import Outcome, ReminderMessage, SendResult
from storage.db import SessionFactory, create_engine, create_session_factory, transaction
from storage.migrate import upgrade_schema
from storage.models import User
from storage.reminder_prefs import set_quiet_hours
from storage.schedule_models import Delivery, Schedule
from storage.schedules import create_schedule, schedule_once
from support.databases import Database
from support.harness import BotHarness, make_settings, running_bot


@dataclass(frozen=True)
class Sent:
    """One reminder the fake sender received, with the clock's time at that moment."""

    at: datetime
    message: ReminderMessage

    @property
    def due_at(self) -> datetime:
        """The occurrence the reminder stands for."""
        return datetime.fromisoformat(self.message.payload["due_at"])


@dataclass
class RecordingSender:
    """A Sender that records every reminder; `outcomes` may script the next results per user."""

    clock: ManualClock
    sent: list[Sent] = field(default_factory=list)
    outcomes: dict[int, list[SendResult]] = field(default_factory=dict)
    on_send: Callable[[ReminderMessage], Any] | None = None

    async def send_reminder(self, message: ReminderMessage) -> SendResult:
        """Record the reminder and answer with the scripted or a SENT result."""
        if self.on_send is not None:
            await self.on_send(message)
        scripted = self.outcomes.get(message.user_id)
        result = scripted.pop(0) if scripted else SendResult(Outcome.SENT)
        if result.outcome is Outcome.SENT:
            self.sent.append(Sent(self.clock.now(), message))
        return result

    def kinds(self) -> list[str]:
        """The kinds of the reminders sent so far, in order."""
        return [s.message.kind for s in self.sent]


@dataclass
class SchedulerDb:
    """A migrated database with a manual clock and a recording sender, ready to tick."""

    sessions: SessionFactory
    clock: ManualClock
    sender: RecordingSender

    async def tick(self, **kwargs: Any) -> TickReport:
        """Run one tick at the clock's current time."""
        return await run_tick(sessions=self.sessions, sender=self.sender, clock=self.clock, **kwargs)

    async def tick_at(self, instant: datetime, **kwargs: Any) -> TickReport:
        """Set the clock and tick."""
        self.clock.set(instant)
        return await self.tick(**kwargs)

    async def run_until(self, end: datetime) -> None:
        """Jump the clock from one due row to the next, ticking each time, until `end`."""
        while True:
            async with transaction(self.sessions) as session:
                query = select(func.min(Schedule.next_run_at)).where(Schedule.enabled)  # type: ignore[arg-type]
                upcoming = (await session.execute(query)).scalar_one_or_none()
            if upcoming is None:
                return
            upcoming = upcoming if upcoming.tzinfo else upcoming.replace(tzinfo=UTC)
            if upcoming > end:
                return
            await self.tick_at(max(upcoming, self.clock.now()))

    async def schedule(self, schedule_id: int) -> Schedule:
        """Read a schedule row afresh."""
        async with transaction(self.sessions) as session:
            row = await session.get(Schedule, schedule_id)
        assert row is not None
        return row

    async def deliveries(self, user_id: int | None = None) -> list[Delivery]:
        """Every delivery row, oldest first."""
        async with transaction(self.sessions) as session:
            query = select(Delivery).order_by(Delivery.id)  # type: ignore[arg-type]
            if user_id is not None:
                query = query.where(Delivery.user_id == user_id)  # type: ignore[arg-type]
            return list((await session.scalars(query)).all())


@asynccontextmanager
async def scheduler_db(database: Database, start: datetime) -> AsyncIterator[SchedulerDb]:
    """Open a migrated database with a clock standing at `start`."""
    engine = create_engine(database.url, search_path=database.search_path)
    try:
        await upgrade_schema(engine)
        clock = ManualClock(start)
        yield SchedulerDb(create_session_factory(engine), clock, RecordingSender(clock))
    finally:
        await engine.dispose()


async def add_user(db: SchedulerDb, user_id: int, zone: str = "Europe/London") -> None:
    """Store a user in a zone."""
    async with transaction(db.sessions) as session:
        session.add(User(id=user_id, timezone=zone))


async def add_recurring(
    db: SchedulerDb,
    user_id: int,
    kind: ScheduleKind,
    times: list[time],
    *,
    zone: str = "Europe/London",
    weekdays: list[int] | None = None,
    payload: dict[str, Any] | None = None,
    after: datetime | None = None,
) -> int:
    """Store a recurring rule whose first occurrence comes after `after` (default: the clock)."""
    rule = LocalRule.of(times, weekdays or [])
    due = first_run(rule, ZoneInfo(zone), after or db.clock.now())
    async with transaction(db.sessions) as session:
        row = await create_schedule(
            session=session,
            user_id=user_id,
            kind=kind.value,
            rule=dict(rule.to_json()),
            timezone=zone,
            due_at=due,
            payload=payload or {},
        )
    assert row.id is not None
    return row.id


async def add_once(db: SchedulerDb, user_id: int, kind: ScheduleKind, due: datetime, payload: dict[str, Any]) -> int:
    """Store a one-off row."""
    async with transaction(db.sessions) as session:
        row = await schedule_once(session=session, user_id=user_id, kind=kind.value, due_at=due, payload=payload)
    assert row.id is not None
    return row.id


async def set_quiet(db: SchedulerDb, user_id: int, start: time, end: time) -> None:
    """Give a user quiet hours."""
    async with transaction(db.sessions) as session:
        await set_quiet_hours(session=session, user_id=user_id, window=(start, end))


def utc(*args: int) -> datetime:
    """A UTC datetime."""
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@asynccontextmanager
async def bot_at(database: Database, start: datetime) -> AsyncIterator[BotHarness]:
    """The real bot on a fresh database with a manual clock standing at `start`."""
    settings = make_settings(database.url)
    async with running_bot(settings, search_path=database.search_path, clock=ManualClock(start)) as harness:
        yield harness


def clock_of(bot: BotHarness) -> ManualClock:
    """The bot's manual clock."""
    clock = bot.services.clock
    assert isinstance(clock, ManualClock)
    return clock


async def bot_tick(bot: BotHarness, at: datetime | None = None) -> TickReport:
    """Run one scheduler tick through the bot's own Sender, optionally moving the clock first."""
    if at is not None:
        clock_of(bot).set(at)
    report: TickReport = await bot.services.extras["scheduler_tick"]()
    return report


async def bot_schedules(bot: BotHarness, user_id: int) -> list[Schedule]:
    """The user's schedule rows, oldest first."""
    async with transaction(bot.services.sessions) as session:
        query = select(Schedule).where(Schedule.user_id == user_id).order_by(Schedule.id)  # type: ignore[arg-type]
        return list((await session.scalars(query)).all())
