"""The three insights together (factors, menstrual pattern, what works), from one read of the diary.

The factor table and the menstrual pattern look back ``INSIGHT_DAYS`` (a year: enough cycles and days
for the rules, bounded so 5 years of diary cost the same as one); what works looks at the last
``MEDICINE_MONTHS`` calendar months, the span a clinician asks about.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from storage.diary_queries import DiaryRecords, load_diary
from storage.diary_stats import add_months, month_start
from storage.factors import Factor, factors_between, tracked_factors
from storage.insights_factors import FactorTable, factor_table
from storage.insights_medicines import MedicineEffect, what_works
from storage.insights_menstrual import MenstrualPattern, menstrual_pattern

INSIGHT_DAYS = 365
MEDICINE_MONTHS = 3


@dataclass(frozen=True, slots=True)
class Insights:
    """What /insights and the doctor's report show. ``menstrual`` is None without any period day."""

    factors: FactorTable
    menstrual: MenstrualPattern | None
    medicines: tuple[MedicineEffect, ...]
    medicines_from: date
    tracked: tuple[Factor, ...]


def compute_insights(
    records: DiaryRecords,
    factors: Mapping[date, Mapping[Factor, int]],
    *,
    tz: ZoneInfo,
    today: date,
    first: date,
    medicines_from: date,
    tracked: tuple[Factor, ...] = (),
) -> Insights:
    """Compute the insights over [first, today] (what works over [medicines_from, today])."""
    recorded = {f for day in factors.values() for f in day}
    compared = tuple(f for f in Factor if f in recorded or f in tracked)
    table = factor_table(factors, records.attacks, records.checkins, tz=tz, first=first, last=today, tracked=compared)
    period = {day: values[Factor.PERIOD] for day, values in factors.items() if Factor.PERIOD in values}
    menstrual = None
    if any(period.values()):
        menstrual = menstrual_pattern(period, records.attacks, tz=tz, today=today)
    medicines = what_works(records.intakes, tz=tz, first=medicines_from, last=today)
    return Insights(table, menstrual, medicines, medicines_from, tracked)


async def load_insights(*, session: AsyncSession, user_id: int, tz: ZoneInfo, now: datetime) -> Insights:
    """Read a year of diary and factors and compute the insights."""
    today = now.astimezone(tz).date()
    first = today - timedelta(days=INSIGHT_DAYS - 1)
    records = await load_diary(session=session, user_id=user_id, tz=tz, first=first, last=today, now=now)
    factors = await factors_between(session=session, user_id=user_id, first=first, last=today)
    tracked = await tracked_factors(session=session, user_id=user_id)
    medicines_from = add_months(month_start(today), -(MEDICINE_MONTHS - 1))
    return compute_insights(
        records, factors, tz=tz, today=today, first=first, medicines_from=medicines_from, tracked=tracked
    )
