"""Daily factors: what each one records, which value counts as "exposed", and reading and writing them.

Each factor is one tap on the check-in. Values are small integers so statistics can binarise them in
one place (``EXPOSED``): poor sleep, high stress, a period day, any caffeine, alcohol or exercise.
A period value of 2 marks the first day of bleeding (a cycle start); 1 is any other period day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.factor_models import DailyFactor, FactorChoice


class Factor(StrEnum):
    """A factor the check-in can ask about, in the order the buttons appear."""

    SLEEP = "sleep"
    STRESS = "stress"
    PERIOD = "period"
    CAFFEINE = "caffeine"
    ALCOHOL = "alcohol"
    EXERCISE = "exercise"


# The values each factor's buttons store, in button order.
VALUES: Mapping[Factor, tuple[int, ...]] = {
    Factor.SLEEP: (0, 1, 2),  # poor, fair, good
    Factor.STRESS: (0, 1, 2),  # low, some, high
    Factor.PERIOD: (0, 1, 2),  # no period, period day, first day of period
    Factor.CAFFEINE: (0, 1),
    Factor.ALCOHOL: (0, 1),
    Factor.EXERCISE: (0, 1),
}
# The values that count as "exposed" when attack days are compared with attack-free days.
EXPOSED: Mapping[Factor, frozenset[int]] = {
    Factor.SLEEP: frozenset({0}),
    Factor.STRESS: frozenset({2}),
    Factor.PERIOD: frozenset({1, 2}),
    Factor.CAFFEINE: frozenset({1}),
    Factor.ALCOHOL: frozenset({1}),
    Factor.EXERCISE: frozenset({1}),
}
PERIOD_DAY, CYCLE_START = 1, 2


def parse_factor(value: str) -> Factor | None:
    """Return the factor named ``value``, or None for anything else."""
    try:
        return Factor(value)
    except ValueError:
        return None


def valid_value(factor: Factor, value: int | None) -> bool:
    """Tell whether ``value`` is one of the factor's answers."""
    return value is not None and value in VALUES[factor]


async def tracked_factors(*, session: AsyncSession, user_id: int) -> tuple[Factor, ...]:
    """Return the factors the user tracks, in button order (none until they choose)."""
    row = await session.get(FactorChoice, user_id)
    chosen = set(row.factors) if row is not None else set()
    return tuple(f for f in Factor if f.value in chosen)


async def set_tracked(*, session: AsyncSession, user_id: int, factors: Iterable[Factor], now: datetime) -> None:
    """Replace the user's choice of tracked factors."""
    values = sorted({f.value for f in factors})
    row = await session.get(FactorChoice, user_id)
    if row is None:
        session.add(FactorChoice(user_id=user_id, factors=values, updated_at=now))
    else:
        row.factors = values
        row.updated_at = now
    await session.flush()


async def record_factor(
    *, session: AsyncSession, user_id: int, local_date: date, factor: Factor, value: int, now: datetime
) -> None:
    """Store one factor for one local date, replacing an earlier tap (safe against double taps)."""
    if not valid_value(factor, value):
        raise ValueError(f"{value!r} is not a value of {factor.value}")
    values: dict[str, Any] = {"user_id": user_id, "local_date": local_date, "factor": factor.value, "value": value}
    values |= {"created_at": now, "updated_at": now}
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(DailyFactor).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["user_id", "local_date", "factor"], set_={"value": value, "updated_at": now}
    )
    await session.execute(statement)


async def factors_on(*, session: AsyncSession, user_id: int, local_date: date) -> dict[Factor, int]:
    """Return the factors recorded for one local date."""
    rows = await session.scalars(
        select(DailyFactor).where(col(DailyFactor.user_id) == user_id, col(DailyFactor.local_date) == local_date)
    )
    return {factor: row.value for row in rows if (factor := parse_factor(row.factor)) is not None}


async def factors_between(
    *, session: AsyncSession, user_id: int, first: date, last: date
) -> dict[date, dict[Factor, int]]:
    """Return every factor recorded for the local dates [first, last], by date."""
    rows = await session.execute(
        select(col(DailyFactor.local_date), col(DailyFactor.factor), col(DailyFactor.value)).where(
            col(DailyFactor.user_id) == user_id,
            col(DailyFactor.local_date) >= first,
            col(DailyFactor.local_date) <= last,
        )
    )
    days: dict[date, dict[Factor, int]] = {}
    for day, name, value in rows:
        factor = parse_factor(name)
        if factor is not None and valid_value(factor, value):
            days.setdefault(day, {})[factor] = value
    return days
