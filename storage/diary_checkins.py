"""Writing daily check-ins and MIDAS results: one row per day, and a history of questionnaires."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Select, Table, bindparam, exists, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlmodel import col

from storage.diary import MAX_ATTACK
from storage.diary_models import Attack, Checkin, MidasRecord
from storage.factor_models import DailyFactor, FactorChoice
from storage.factors import Factor, parse_factor
from storage.midas import MidasResult

_CHECKIN_VALUES = ("user_id", "local_date", "headache_level", "created_at", "updated_at")


@cache
def _checkin_statement(dialect_name: str) -> Any:
    """INSERT ... ON CONFLICT (user_id, local_date) DO UPDATE the level, built once per dialect."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    columns = Checkin.__table__.c  # type: ignore[attr-defined]
    values = {name: bindparam(name, type_=columns[name].type) for name in _CHECKIN_VALUES}
    insert = dialect.insert(Checkin).values(values)
    return insert.on_conflict_do_update(
        index_elements=["user_id", "local_date"],
        set_={"headache_level": insert.excluded.headache_level, "updated_at": insert.excluded.updated_at},
    )


async def record_checkin(*, session: AsyncSession, user_id: int, local_date: date, level: int, now: datetime) -> None:
    """Store the day's check-in, replacing an earlier answer for the same date (safe against double taps)."""
    values: dict[str, Any] = {"user_id": user_id, "local_date": local_date, "headache_level": level}
    values |= {"created_at": now, "updated_at": now}
    await session.execute(_checkin_statement(session.get_bind().dialect.name), values)


# A headache-free day in one read: the factors the user tracks and whether a logged attack touches the day
# (one still going on, within the 14-day limit, as attacks_between counts it). Built once, run on a Core
# connection: the most frequent check-in answer needs no ORM rows.
_ATTACKS: Table = Attack.__table__  # type: ignore[attr-defined]
_CHOICES: Table = FactorChoice.__table__  # type: ignore[attr-defined]
_FACTORS: Table = DailyFactor.__table__  # type: ignore[attr-defined]
_FREE_DAY_READ: Select[Any] = select(
    select(_CHOICES.c.factors).where(_CHOICES.c.user_id == bindparam("user_id")).scalar_subquery(),
    exists()
    .where(
        _ATTACKS.c.user_id == bindparam("user_id"),
        _ATTACKS.c.started_at < bindparam("end"),
        _ATTACKS.c.started_at >= bindparam("since"),
        or_(_ATTACKS.c.ended_at.is_(None), _ATTACKS.c.ended_at > bindparam("start")),
    )
    .label("attacked"),
)
_FACTORS_ON: Select[Any] = select(_FACTORS.c.factor, _FACTORS.c.value).where(
    _FACTORS.c.user_id == bindparam("user_id"), _FACTORS.c.local_date == bindparam("local_date")
)


@dataclass(frozen=True, slots=True)
class FreeDay:
    """What answering "no headache" for a day did, and what its check-in message shows next."""

    recorded: bool  # False: a logged attack touches the day, so it is no headache-free day
    factors: tuple[Factor, ...]  # the factors the user tracks, in button order
    answers: dict[Factor, int]  # the day's factor answers (read only when some factor is tracked)


async def record_headache_free_day(
    *, connection: AsyncConnection, user_id: int, local_date: date, start: datetime, end: datetime, now: datetime
) -> FreeDay:
    """Store a check-in of no headache for a local date, [start, end) in UTC, unless a logged attack touches it.

    One or two reads, then the upsert of record_checkin, last: on PostgreSQL the caller runs them without a
    transaction (storage.db.write_repeatable), and an upsert of the same values may run twice.
    """
    params = {"user_id": user_id, "start": start, "end": end, "since": start - MAX_ATTACK}
    chosen, attacked = (await connection.execute(_FREE_DAY_READ, params)).one()
    factors = tuple(f for f in Factor if f.value in set(chosen or ()))
    answers: dict[Factor, int] = {}
    if factors:
        rows = await connection.execute(_FACTORS_ON, {"user_id": user_id, "local_date": local_date})
        answers = {factor: value for name, value in rows if (factor := parse_factor(name)) is not None}
    if not attacked:
        values = {"user_id": user_id, "local_date": local_date, "headache_level": 0, "created_at": now}
        await connection.execute(_checkin_statement(connection.dialect.name), values | {"updated_at": now})
    return FreeDay(recorded=not attacked, factors=factors, answers=answers)


async def has_checkin(*, session: AsyncSession, user_id: int, local_date: date) -> bool:
    """Tell whether the user answered the check-in for one local date."""
    found = await session.scalar(
        select(col(Checkin.id)).where(col(Checkin.user_id) == user_id, col(Checkin.local_date) == local_date).limit(1)
    )
    return found is not None


async def record_midas(
    *, session: AsyncSession, user_id: int, result: MidasResult, completed_at: datetime, local_date: date
) -> MidasRecord:
    """Store a scored MIDAS questionnaire; earlier ones stay as history."""
    answers: Mapping[str, int] = {item.value: value for item, value in result.answers.items()}
    record = MidasRecord(
        user_id=user_id,
        completed_at=completed_at,
        local_date=local_date,
        score=result.score,
        grade=result.grade.value,
        headache_days=result.headache_days,
        average_pain=result.average_pain,
        answers=dict(answers),
    )
    session.add(record)
    await session.flush()
    return record
