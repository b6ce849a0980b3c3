"""Writing daily check-ins and MIDAS results: one row per day, and a history of questionnaires."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.diary_models import Checkin, MidasRecord
from storage.midas import MidasResult


async def record_checkin(*, session: AsyncSession, user_id: int, local_date: date, level: int, now: datetime) -> None:
    """Store the day's check-in, replacing an earlier answer for the same date (safe against double taps)."""
    values: dict[str, Any] = {"user_id": user_id, "local_date": local_date, "headache_level": level}
    values |= {"created_at": now, "updated_at": now}
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(Checkin).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["user_id", "local_date"], set_={"headache_level": level, "updated_at": now}
    )
    await session.execute(statement)


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
