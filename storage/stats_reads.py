"""What /stats reads, as read_once work: the diary of its period and months, and whether MIDAS is due.

/stats writes nothing. In a session's transaction its four reads cost a BEGIN and a COMMIT round trip and
SQLAlchemy's execution of each statement (an ORM session, a switch into its sync core); as read_once work on
PostgreSQL asyncpg runs the same prebuilt statements itself (storage.direct), each on its own, autocommitted.
They see what they saw: under READ COMMITTED, PostgreSQL's default, each statement of a transaction took a
snapshot of its own anyway. On SQLite the work is one transaction, as before (sqlite3 runs it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.db import read_once
from storage.diary_queries import (
    DIARY_READS,
    MIDAS_DUE_INPUTS,
    DiaryRecords,
    diary_params,
    diary_records,
    midas_due_from,
    stats_first_day,
)


@dataclass(frozen=True, slots=True)
class StatsInputs:
    """The records load_stats_records returns, and what midas_offered answers."""

    records: DiaryRecords
    midas_due: bool


async def read_stats_inputs(
    *,
    engine: AsyncEngine,
    user_id: int,
    tz: ZoneInfo,
    start: date,
    end: date,
    now: datetime,
    months: int = 6,
) -> StatsInputs:
    """load_stats_records and midas_offered in one read_once (the read engine on PostgreSQL, else the engine)."""
    today = now.astimezone(tz).date()
    first = stats_first_day(start, end, today=today, months=months)
    params = diary_params(user_id=user_id, tz=tz, first=first, last=max(end, today))
    who = {"user_id": user_id}

    async def read(connection: AsyncConnection) -> StatsInputs:
        attacks, intakes, checkins = [(await connection.execute(statement, params)).all() for statement in DIARY_READS]
        last, first_attack, first_checkin = (await connection.execute(MIDAS_DUE_INPUTS, who)).one()
        return StatsInputs(
            records=diary_records(attacks, intakes, checkins, params=params, now=now),
            midas_due=midas_due_from(last, first_attack, first_checkin, now=now),
        )

    return await read_once(engine, read)
