"""Everything the doctor's report shows, computed once from one read of the diary.

The period is whole calendar months ending with the current one (1, 3, 6 or 12), the unit ICHD-3
uses for headache days and overuse limits. Regular medicines are the user's medication reminders,
with adherence from the answers to them (taken out of doses due), and the preventives on their
medicine list that have no reminder (listed without adherence); acute doses are listed with the
attack they were logged with. Nothing here knows words or layout: bot/reports/doctor_report.py does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.deliveries import MEDICATION, adherence_by_schedule
from storage.diary_models import Medicine
from storage.diary_queries import DiaryRecords, load_diary, midas_history
from storage.diary_stats import add_months, compute_period_stats, diary_window, month_start, utc_range
from storage.diary_types import AttackRecord, IntakeRecord, MedClass, PeriodStats
from storage.factors import Factor, factors_between, tracked_factors
from storage.insights import INSIGHT_DAYS, Insights, compute_insights
from storage.midas import MidasResult
from storage.schedule_models import DisabledReason, ReminderPrefs, Schedule

REPORT_MONTHS = (1, 3, 6, 12)


@dataclass(frozen=True, slots=True)
class AttackEntry:
    """One attack of the period with the doses logged with it."""

    attack: AttackRecord
    doses: tuple[IntakeRecord, ...]


@dataclass(frozen=True, slots=True)
class RegularMedicine:
    """A medicine the user is reminded to take, with doses confirmed taken out of doses due.

    ``reminded`` False is a preventive on the user's medicine list with no reminder: listed, no adherence.
    ``paused`` is a reminder off only while "pause everything" lasts, until ``paused_until`` (UTC) or resumed.
    """

    name: str
    taken: int
    due: int
    active: bool
    reminded: bool = True
    paused: bool = False
    paused_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class ReportData:
    """The report's content for the local dates [start, end]."""

    months: int
    start: date
    end: date
    tz: ZoneInfo
    now: datetime
    stats: PeriodStats
    attacks: tuple[AttackEntry, ...]
    regular: tuple[RegularMedicine, ...]
    midas: tuple[MidasResult, ...]  # oldest first
    insights: Insights
    records: DiaryRecords


def report_start(today: date, months: int) -> date:
    """Return the first day of the report's ``months`` calendar months ending with today's."""
    return add_months(month_start(today), -(months - 1))


def build_report_data(
    records: DiaryRecords,
    factors: Mapping[date, Mapping[Factor, int]],
    *,
    tz: ZoneInfo,
    now: datetime,
    months: int,
    regular: Sequence[RegularMedicine] = (),
    midas: Sequence[MidasResult] = (),
    tracked: tuple[Factor, ...] = (),
) -> ReportData:
    """Assemble the report from records covering ``report_window``."""
    if months not in REPORT_MONTHS:
        raise ValueError(f"a report covers 1, 3, 6 or 12 months, not {months}")
    today = now.astimezone(tz).date()
    start = report_start(today, months)
    stats = compute_period_stats(
        records.attacks, records.intakes, records.checkins, tz=tz, start=start, end=today, now=now
    )
    lo, _ = utc_range(tz, start, today)
    by_attack: dict[int, list[IntakeRecord]] = {}
    for intake in records.intakes:
        if intake.attack_id is not None:
            by_attack.setdefault(intake.attack_id, []).append(intake)
    entries = tuple(
        AttackEntry(a, tuple(sorted(by_attack.get(a.id, ()), key=lambda i: i.taken_at)))
        for a in sorted(records.attacks, key=lambda a: a.started_at)
        if a.started_at >= lo
    )
    insights = compute_insights(
        records,
        factors,
        tz=tz,
        today=today,
        first=today - timedelta(days=INSIGHT_DAYS - 1),
        medicines_from=start,
        tracked=tracked,
    )
    return ReportData(months, start, today, tz, now, stats, entries, tuple(regular), tuple(midas), insights, records)


def report_window(today: date, months: int) -> date:
    """Return the first local date the report reads: its period, the /stats comparison and a year of insights."""
    start = report_start(today, months)
    return min(diary_window(start, today)[0], today - timedelta(days=INSIGHT_DAYS - 1))


async def regular_medicines(
    *, session: AsyncSession, user_id: int, since: datetime, until: datetime
) -> tuple[RegularMedicine, ...]:
    """Return each medication reminder with its adherence over [since, until), then listed preventives without one."""
    schedules = (
        await session.scalars(
            select(Schedule).where(col(Schedule.user_id) == user_id, col(Schedule.kind) == MEDICATION)
        )
    ).all()
    adherence = await adherence_by_schedule(session=session, user_id=user_id, since=since, until=until)
    prefs = await session.get(ReminderPrefs, user_id)
    paused_until = prefs.paused_until if prefs is not None and prefs.paused else None
    result = []
    for schedule in sorted(schedules, key=lambda s: str(s.payload.get("name", "")).casefold()):
        counts = adherence.get(schedule.id or 0)
        name = str(schedule.payload.get("name", "")) or "?"
        paused = not schedule.enabled and schedule.disabled_reason == DisabledReason.PAUSED
        taken, due = (counts.taken, counts.total) if counts else (0, 0)
        result.append(
            RegularMedicine(
                name, taken, due, schedule.enabled, paused=paused, paused_until=paused_until if paused else None
            )
        )
    reminded = {_same_name(medicine.name) for medicine in result}
    preventives = await session.scalars(
        select(Medicine).where(col(Medicine.user_id) == user_id, col(Medicine.med_class) == MedClass.PREVENTIVE.value)
    )
    for medicine in sorted(preventives.all(), key=lambda m: m.name.casefold()):
        if _same_name(medicine.name) not in reminded:
            result.append(RegularMedicine(medicine.name, 0, 0, active=False, reminded=False))
    return tuple(result)


def _same_name(name: str) -> str:
    return " ".join(name.casefold().split())


async def load_report_data(
    *, session: AsyncSession, user_id: int, tz: ZoneInfo, now: datetime, months: int
) -> ReportData:
    """Read what the report needs (a year at most for insights) and assemble it."""
    today = now.astimezone(tz).date()
    first = report_window(today, months)
    records = await load_diary(session=session, user_id=user_id, tz=tz, first=first, last=today, now=now)
    factors = await factors_between(session=session, user_id=user_id, first=first, last=today)
    since, until = utc_range(tz, report_start(today, months), today)
    return build_report_data(
        records,
        factors,
        tz=tz,
        now=now,
        months=months,
        regular=await regular_medicines(session=session, user_id=user_id, since=since, until=until),
        midas=await midas_history(session=session, user_id=user_id),
        tracked=await tracked_factors(session=session, user_id=user_id),
    )
