"""Writing daily check-ins and MIDAS results: one row per day, and a history of questionnaires."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.diary_models import Checkin, MidasRecord
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
