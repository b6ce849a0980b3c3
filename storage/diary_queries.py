"""Reading the headache diary: rows mapped to the plain records statistics and reports compute on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Row, Table, bindparam, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import Session
from sqlmodel import col

from storage.diary import MAX_ATTACK
from storage.diary_models import Attack, Checkin, MedicationIntake, MidasRecord
from storage.diary_stats import add_months, compute_period_stats, diary_window, month_start, utc_range
from storage.diary_types import AttackRecord, CheckinRecord, Effect, Impact, IntakeRecord, MedClass
from storage.midas import MidasGrade, MidasItem, MidasResult

_MED_CLASSES = frozenset(c.value for c in MedClass)
_EFFECTS = frozenset(e.value for e in Effect)
_IMPACTS = frozenset(i.value for i in Impact)


_Rows = Sequence[Row[Any]]


@dataclass(frozen=True, slots=True)
class DiaryRecords:
    """Everything statistics need about one user for a span of local dates."""

    attacks: tuple[AttackRecord, ...]
    intakes: tuple[IntakeRecord, ...]
    checkins: tuple[CheckinRecord, ...]


def user_zone(timezone: str | None, default: str) -> ZoneInfo:
    """Return the user's zone, falling back to the default (and to UTC when even that is unknown)."""
    for name in (timezone, default):
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def attack_record(row: Attack | Row[Any], *, now: datetime) -> AttackRecord:
    """Map an attack row; one left "ongoing" past the 14-day limit counts as ending at that limit."""
    ended_at = row.ended_at
    if ended_at is None and now - row.started_at > MAX_ATTACK:
        ended_at = row.started_at + MAX_ATTACK
    return AttackRecord(
        id=row.id or 0,
        started_at=row.started_at,
        ended_at=ended_at,
        peak_intensity=min(max(row.peak_intensity, 0), 10),
        aura=row.aura,
        aura_minutes=row.aura_minutes if row.aura else None,
        symptoms=frozenset(row.symptoms),
        features=frozenset(row.features),
        triggers=frozenset(row.triggers),
        impact=Impact(row.impact) if row.impact in _IMPACTS else None,
        aura_kinds=frozenset(row.aura_kinds or []) if row.aura else frozenset(),
    )


def intake_record(row: MedicationIntake | Row[Any]) -> IntakeRecord:
    """Map a dose row; an unknown class counts as "other"."""
    med_class = MedClass(row.med_class) if row.med_class in _MED_CLASSES else MedClass.OTHER
    effect = Effect(row.effect) if row.effect is not None and row.effect in _EFFECTS else None
    return IntakeRecord(
        taken_at=row.taken_at, med_class=med_class, name=row.name, effect=effect, attack_id=row.attack_id
    )


async def load_diary(
    *, session: AsyncSession, user_id: int, tz: ZoneInfo, first: date, last: date, now: datetime
) -> DiaryRecords:
    """Return the records that touch the local dates [first, last], including attacks begun before them."""
    params = diary_params(user_id=user_id, tz=tz, first=first, last=last)
    attacks, intakes, checkins = await session.run_sync(_read_diary_rows, params)
    return diary_records(attacks, intakes, checkins, params=params, now=now)


def diary_params(*, user_id: int, tz: ZoneInfo, first: date, last: date) -> dict[str, Any]:
    """The parameters of DIARY_READS for the local dates [first, last]."""
    lo_utc, hi_utc = utc_range(tz, first, last)
    # No attack lasts longer than MAX_ATTACK, so the start index bounds the scan.
    return {"user_id": user_id, "since": lo_utc - MAX_ATTACK, "lo": lo_utc, "hi": hi_utc, "first": first, "last": last}


def diary_records(
    attacks: _Rows, intakes: _Rows, checkins: _Rows, *, params: dict[str, Any], now: datetime
) -> DiaryRecords:
    """The records of DIARY_READS' rows (read with ``params``), without attacks over before the first date."""
    lo_utc = params["lo"]
    attack_records = tuple(attack_record(a, now=now) for a in attacks)
    return DiaryRecords(
        attacks=tuple(a for a in attack_records if (a.ended_at or now) >= lo_utc),
        intakes=tuple(intake_record(i) for i in intakes),
        checkins=tuple(CheckinRecord(c.local_date, min(max(c.headache_level, 0), 10)) for c in checkins),
    )


def _read_diary_rows(session: Session, params: dict[str, Any]) -> tuple[_Rows, _Rows, _Rows]:
    """load_diary's three reads on the session's connection, in one switch into SQLAlchemy's sync core."""
    connection = session.connection()
    attacks, intakes, checkins = (connection.execute(statement, params).all() for statement in DIARY_READS)
    return attacks, intakes, checkins


async def recent_attacks(*, session: AsyncSession, user_id: int, limit: int, offset: int = 0) -> list[Attack]:
    """Return the user's attacks, newest first, one page at a time."""
    query = (
        select(Attack)
        .where(col(Attack.user_id) == user_id)
        .order_by(col(Attack.started_at).desc(), col(Attack.id).desc())
        .limit(limit)
        .offset(offset)
    )
    return list((await session.scalars(query)).all())


# The diary flow's reads, built once with bound parameters: building a select and its cache key cost more CPU
# than running it, on every press that reads them.
_ATTACKS: Table = Attack.__table__  # type: ignore[attr-defined]
_ONGOING_WHERE = (
    _ATTACKS.c.user_id == bindparam("user_id"),
    _ATTACKS.c.ended_at.is_(None),
    _ATTACKS.c.started_at >= bindparam("since"),
)
_OVERLAPPING_WHERE = (
    _ATTACKS.c.user_id == bindparam("user_id"),
    _ATTACKS.c.started_at <= bindparam("end"),
    _ATTACKS.c.started_at > bindparam("since"),
    or_(_ATTACKS.c.ended_at.is_(None), _ATTACKS.c.ended_at > bindparam("start")),
)
_INTAKES: Table = MedicationIntake.__table__  # type: ignore[attr-defined]
_CHECKINS: Table = Checkin.__table__  # type: ignore[attr-defined]
# load_diary's reads: the columns the records need, as rows (mapping ORM objects cost more than the query).
DIARY_READS = (
    select(
        *(_ATTACKS.c[name] for name in ("id", "started_at", "ended_at", "peak_intensity", "aura", "aura_minutes")),
        *(_ATTACKS.c[name] for name in ("symptoms", "features", "triggers", "impact", "aura_kinds")),
    )
    .where(
        _ATTACKS.c.user_id == bindparam("user_id"),
        _ATTACKS.c.started_at >= bindparam("since"),
        _ATTACKS.c.started_at < bindparam("hi"),
    )
    .order_by(_ATTACKS.c.started_at),
    select(_INTAKES.c.taken_at, _INTAKES.c.med_class, _INTAKES.c.name, _INTAKES.c.effect, _INTAKES.c.attack_id)
    .where(
        _INTAKES.c.user_id == bindparam("user_id"),
        _INTAKES.c.taken_at >= bindparam("lo"),
        _INTAKES.c.taken_at < bindparam("hi"),
    )
    .order_by(_INTAKES.c.taken_at),
    select(_CHECKINS.c.local_date, _CHECKINS.c.headache_level).where(
        _CHECKINS.c.user_id == bindparam("user_id"),
        _CHECKINS.c.local_date >= bindparam("first"),
        _CHECKINS.c.local_date <= bindparam("last"),
    ),
)
_ONGOING_ORDER = (_ATTACKS.c.started_at.desc(),)
_OVERLAPPING_ORDER = (_ATTACKS.c.started_at.desc(), _ATTACKS.c.id.desc())
_ONGOING = select(Attack).where(*_ONGOING_WHERE).order_by(*_ONGOING_ORDER).limit(1)
_OVERLAPPING = select(Attack).where(*_OVERLAPPING_WHERE).order_by(*_OVERLAPPING_ORDER).limit(1)
# The same reads on a Core connection (the log flow's), of the three columns it shows: no ORM rows.
_SPAN_COLUMNS = (_ATTACKS.c.id, _ATTACKS.c.started_at, _ATTACKS.c.ended_at)
_ONGOING_SPAN = select(*_SPAN_COLUMNS).where(*_ONGOING_WHERE).order_by(*_ONGOING_ORDER).limit(1)
_OVERLAPPING_SPAN = select(*_SPAN_COLUMNS).where(*_OVERLAPPING_WHERE).order_by(*_OVERLAPPING_ORDER).limit(1)
_BETWEEN = select(Attack).where(
    col(Attack.user_id) == bindparam("user_id"),
    col(Attack.started_at) < bindparam("end"),
    col(Attack.started_at) >= bindparam("since"),
)


async def ongoing_attack(*, session: AsyncSession, user_id: int, now: datetime) -> Attack | None:
    """Return the user's most recent attack still going on (within the 14-day limit), if any."""
    return (await session.scalars(_ONGOING, {"user_id": user_id, "since": now - MAX_ATTACK})).first()


async def attack_overlapping(*, session: AsyncSession, user_id: int, start: datetime, end: datetime) -> Attack | None:
    """Return the user's logged attack present at any moment of [start, end], if any: the latest begun.

    One still going on counts up to now (``end`` is never in the future), and only within the 14-day
    limit, as in statistics (attack_record). One that ended at ``start`` is over: a new attack may
    start as another ends.
    """
    params = {"user_id": user_id, "start": start, "end": end, "since": start - MAX_ATTACK}
    return (await session.scalars(_OVERLAPPING, params)).first()


class AttackSpan(NamedTuple):
    """When a logged attack began and ended (None: going on), and its id."""

    id: int
    started_at: datetime
    ended_at: datetime | None


async def ongoing_attack_span(*, connection: AsyncConnection, user_id: int, now: datetime) -> AttackSpan | None:
    """ongoing_attack on a Core connection: the attack's id and times, not an ORM row."""
    params = {"user_id": user_id, "since": now - MAX_ATTACK}
    row = (await connection.execute(_ONGOING_SPAN, params)).first()
    return None if row is None else AttackSpan(*row)


async def overlapping_attack_span(
    *, connection: AsyncConnection, user_id: int, start: datetime, end: datetime
) -> AttackSpan | None:
    """attack_overlapping on a Core connection: the attack's id and times, not an ORM row."""
    params = {"user_id": user_id, "start": start, "end": end, "since": start - MAX_ATTACK}
    row = (await connection.execute(_OVERLAPPING_SPAN, params)).first()
    return None if row is None else AttackSpan(*row)


async def attacks_between(*, session: AsyncSession, user_id: int, start: datetime, end: datetime) -> list[Attack]:
    """Return the user's attacks present at any moment of [start, end)."""
    params = {"user_id": user_id, "end": end, "since": start - MAX_ATTACK}
    rows = (await session.scalars(_BETWEEN, params)).all()
    return [a for a in rows if a.ended_at is None or a.ended_at > start]


async def midas_history(*, session: AsyncSession, user_id: int, limit: int = 8) -> list[MidasResult]:
    """Return the user's latest MIDAS results, oldest first (the trend the doctor's report shows)."""
    query = (
        select(MidasRecord)
        .where(col(MidasRecord.user_id) == user_id)
        .order_by(col(MidasRecord.completed_at).desc())
        .limit(limit)
    )
    return [midas_result(record) for record in reversed((await session.scalars(query)).all())]


def midas_result(record: MidasRecord) -> MidasResult:
    """Map a stored MIDAS row back to the scored result the report shows."""
    answers = {MidasItem(k): v for k, v in record.answers.items() if k in {item.value for item in MidasItem}}
    return MidasResult(
        score=record.score,
        grade=MidasGrade(record.grade),
        headache_days=record.headache_days,
        average_pain=record.average_pain,
        answers=answers,
        completed_on=record.local_date,
    )


MIDAS_AFTER = timedelta(days=30)  # MIDAS asks about 3 months: offer it once the diary has a month


def midas_due(
    last_completed: datetime | None,
    *,
    now: datetime,
    diary_since: datetime | None,
    every: timedelta = timedelta(days=90),
) -> bool:
    """Tell whether to offer MIDAS: after 30 days of diary when never done, then every 90 days after the last."""
    if last_completed is None:
        return diary_since is not None and now - diary_since >= MIDAS_AFTER
    return now - last_completed > every


_MIDAS: Table = MidasRecord.__table__  # type: ignore[attr-defined]
# One statement, built once: the last MIDAS, the first attack and the first check-in (three queries before).
MIDAS_DUE_INPUTS = select(
    select(func.max(_MIDAS.c.completed_at)).where(_MIDAS.c.user_id == bindparam("user_id")).scalar_subquery(),
    select(func.min(_ATTACKS.c.started_at)).where(_ATTACKS.c.user_id == bindparam("user_id")).scalar_subquery(),
    select(func.min(_CHECKINS.c.local_date)).where(_CHECKINS.c.user_id == bindparam("user_id")).scalar_subquery(),
)


async def midas_offered(*, session: AsyncSession, user_id: int, now: datetime) -> bool:
    """Tell whether /stats and /diary should offer MIDAS now (see midas_due)."""
    last, first_attack, first_checkin = (await session.execute(MIDAS_DUE_INPUTS, {"user_id": user_id})).one()
    return midas_due_from(last, first_attack, first_checkin, now=now)


def midas_due_from(last: Any, first_attack: Any, first_checkin: date | None, *, now: datetime) -> bool:
    """midas_due from the row of MIDAS_DUE_INPUTS: the last result's time, the first attack's, the first check-in."""
    if last is not None:
        return midas_due(_as_utc(last), now=now, diary_since=None)
    candidates = [_as_utc(first_attack)] if first_attack is not None else []
    if first_checkin is not None:
        candidates.append(datetime.combine(first_checkin, time(), tzinfo=UTC))
    return midas_due(None, now=now, diary_since=min(candidates, default=None))


def _as_utc(value: datetime | str) -> datetime:
    """Return an aggregate's datetime as aware UTC, whatever the driver hands back."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


async def diary_headache_days(
    *, session: AsyncSession, user_id: int, tz: ZoneInfo, now: datetime, days: int = 90
) -> tuple[int, int]:
    """Return (headache days, days with a diary entry) in the last ``days`` local dates, for MIDAS item A."""
    today = now.astimezone(tz).date()
    start = today - timedelta(days=days - 1)
    records = await load_diary(session=session, user_id=user_id, tz=tz, first=start, last=today, now=now)
    stats = compute_period_stats(
        records.attacks, records.intakes, records.checkins, tz=tz, start=start, end=today, now=now
    )
    return stats.counts.headache_days, stats.counts.logged_days


def stats_first_day(start: date, end: date, *, today: date, months: int = 6) -> date:
    """Return the first local date /stats reads: its window, its monthly bars and the shown month."""
    bars_start = add_months(month_start(today), -(months - 1))
    return min(diary_window(start, end)[0], bars_start, month_start(end))


async def load_stats_records(
    *, session: AsyncSession, user_id: int, tz: ZoneInfo, start: date, end: date, now: datetime, months: int = 6
) -> DiaryRecords:
    """Load what /stats needs for the period [start, end] plus ``months`` monthly bars ending this month."""
    today = now.astimezone(tz).date()
    first = stats_first_day(start, end, today=today, months=months)
    return await load_diary(session=session, user_id=user_id, tz=tz, first=first, last=max(end, today), now=now)
