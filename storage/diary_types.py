"""Plain, frozen diary records and the statistics built from them; no database, no telegram.

The storage layer maps its rows to these records; storage/diary_stats.py computes on them. Every
datetime is timezone-aware (UTC in practice); local dates only appear once a user's zone is applied.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class MedClass(StrEnum):
    """Medication classes: the acute ones as ICHD-3 8.2 groups them for the overuse rules, and preventives.

    A preventive (taken daily to prevent attacks) never counts towards overuse or acute medication days;
    its adherence comes from the medication reminders.
    """

    SIMPLE_ANALGESIC = "simple_analgesic"  # paracetamol, aspirin, other NSAIDs
    TRIPTAN = "triptan"
    GEPANT = "gepant"
    DITAN = "ditan"
    ERGOT = "ergot"
    OPIOID = "opioid"
    COMBINATION = "combination"  # combination analgesics, e.g. paracetamol/aspirin/caffeine
    OTHER = "other"
    PREVENTIVE = "preventive"


# Classes that are acute treatment: the ones counted as "medication days".
ACUTE_CLASSES: frozenset[MedClass] = frozenset(MedClass) - {MedClass.PREVENTIVE}


# Migraine-specific acute medication for the proposed "migraine day" (clinical facts, section 7).
MIGRAINE_SPECIFIC: frozenset[MedClass] = frozenset({MedClass.TRIPTAN, MedClass.ERGOT, MedClass.GEPANT, MedClass.DITAN})


class Impact(StrEnum):
    """How much an attack stopped the user from doing what they meant to do."""

    NORMAL = "normal"
    LIMITED = "limited"
    UNABLE = "unable"


class Effect(StrEnum):
    """How well one dose worked, as the user judged it."""

    NONE = "none"
    SOME = "some"
    GOOD = "good"
    COMPLETE = "complete"


def _require_aware(name: str, value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


def _require_level(name: str, value: int) -> None:
    if isinstance(value, bool) or not 0 <= value <= 10:
        raise ValueError(f"{name} must be an integer 0-10, got {value!r}")


@dataclass(frozen=True, slots=True)
class AttackRecord:
    """One attack; ``ended_at`` is None while it is still going on.

    Peak 0 with an aura is an aura without headache (ICHD-3 1.2.1.2 "typical aura without headache"):
    not a headache day, but a migraine-like day when the aura lasted 5-60 min. ``impact`` None means the
    user never said, which is not the same as "carried on as normal".
    """

    id: int
    started_at: datetime
    ended_at: datetime | None
    peak_intensity: int  # 0-10 numeric scale: 1-3 mild, 4-6 moderate, 7-10 severe
    aura: bool = False
    aura_minutes: int | None = None
    symptoms: frozenset[str] = frozenset()  # nausea, vomiting, photophobia, phonophobia, vertigo, ...
    features: frozenset[str] = frozenset()  # one_sided, throbbing, worse_with_activity
    triggers: frozenset[str] = frozenset()
    impact: Impact | None = None
    aura_kinds: frozenset[str] = frozenset()

    @property
    def aura_only(self) -> bool:
        """An aura with no headache."""
        return self.aura and self.peak_intensity == 0

    def __post_init__(self) -> None:
        _require_aware("started_at", self.started_at)
        if self.ended_at is not None:
            _require_aware("ended_at", self.ended_at)
            if self.ended_at < self.started_at:
                raise ValueError("an attack cannot end before it starts")
        _require_level("peak_intensity", self.peak_intensity)
        if self.aura_minutes is not None and self.aura_minutes < 0:
            raise ValueError("aura_minutes cannot be negative")


@dataclass(frozen=True, slots=True)
class IntakeRecord:
    """One dose of acute medication. ``name`` is for the doctor report's table only."""

    taken_at: datetime
    med_class: MedClass
    name: str = ""
    effect: Effect | None = None
    attack_id: int | None = None  # the attack it was logged with (the doctor's report lists doses per attack)

    def __post_init__(self) -> None:
        _require_aware("taken_at", self.taken_at)


@dataclass(frozen=True, slots=True)
class CheckinRecord:
    """The daily check-in: the worst headache of that local day, 0 meaning none."""

    local_date: date
    headache_level: int

    def __post_init__(self) -> None:
        _require_level("headache_level", self.headache_level)


@dataclass(frozen=True, slots=True)
class OveruseWarning:
    """Acute medication taken on at least ``threshold`` days of one calendar month.

    ``med_class`` None means several classes together, none of them over its own limit.
    """

    month: date  # first day of the calendar month
    med_class: MedClass | None
    days: int
    threshold: int


@dataclass(frozen=True, slots=True)
class MonthCount:
    """Diary counts for one calendar month (only up to today for the current month)."""

    month: date  # first day of the calendar month
    days_counted: int  # days of the month up to today
    headache_days: int
    migraine_days: int
    logged_days: int
    medication_days: Mapping[MedClass, int] = field(default_factory=dict)
    # Distinct days with any class the ICHD-3 overuse rules cover (all but gepant, ditan, other).
    overuse_class_days: int = 0
    acute_days: int = 0  # distinct days with any acute medication (never a preventive)
    attacks: int = 0  # attacks with headache begun this month (local date), as PeriodCounts counts them
    aura_only_attacks: int = 0

    @property
    def has_data(self) -> bool:
        """Whether anything was recorded: a month without a diary is "no data", not zero headache days."""
        return self.logged_days > 0 or any(self.medication_days.values())


@dataclass(frozen=True, slots=True)
class PeriodCounts:
    """The numbers compared between a period and the one before it."""

    headache_days: int
    migraine_days: int
    medication_days: int
    unable_days: int
    limited_days: int
    attacks: int  # attacks with headache; auras without headache are counted apart
    logged_days: int
    average_peak_intensity: float | None
    aura_only_attacks: int = 0
    impact_unknown: int = 0  # attacks whose impact was never answered: left out of the impact counts
    preventive_days: int = 0  # days a preventive was recorded taken: never acute medication days

    @property
    def has_data(self) -> bool:
        """Whether anything was recorded in the period (a comparison with an empty one means nothing)."""
        return self.logged_days > 0 or self.medication_days > 0 or self.preventive_days > 0


@dataclass(frozen=True, slots=True)
class PeriodDeltas:
    """Current minus previous period; intensity is None unless both periods had attacks."""

    headache_days: int
    migraine_days: int
    medication_days: int
    unable_days: int
    limited_days: int
    attacks: int
    average_peak_intensity: float | None


@dataclass(frozen=True, slots=True)
class PeriodStats:
    """Everything /stats shows for the local dates [start, end]."""

    start: date
    end: date
    days: int  # days of the period up to today: the denominator of ``logged_fraction``
    counts: PeriodCounts
    previous: PeriodCounts  # the period of equal length just before ``start``
    deltas: PeriodDeltas
    medication_days_by_class: Mapping[MedClass, int]
    months: tuple[MonthCount, ...]  # whole calendar months the period touches
    overuse: tuple[OveruseWarning, ...]
    logged_fraction: float
    gap_warning: bool
    top_triggers: tuple[tuple[str, int], ...]
    top_symptoms: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class DayCell:
    """One day of the calendar chart. ``level`` is None when nothing was logged that day."""

    day: date
    level: int | None
    medication: bool
    migraine: bool
    future: bool
    classes: frozenset[MedClass] = frozenset()  # every class taken that day, preventives included


@dataclass(frozen=True, slots=True)
class SpanCount:
    """Diary counts for the local dates [first, last] (up to today): one bar of the /stats chart.

    ``medication_days`` holds days per class, preventives included (they stay apart from acute days).
    """

    first: date
    last: date
    headache_days: int
    migraine_days: int
    logged_days: int
    medication_days: Mapping[MedClass, int] = field(default_factory=dict)

    @property
    def has_data(self) -> bool:
        """Whether anything was recorded: a month without a diary is "no data", not zero headache days."""
        return self.logged_days > 0 or any(self.medication_days.values())


@dataclass(frozen=True, slots=True)
class PeriodChart:
    """What the /stats chart draws for the period [start, end]: days (short periods) and bars.

    ``days`` is empty for periods too long to draw day by day; ``bucket`` says what one bar covers.
    """

    start: date
    end: date
    days: tuple[DayCell, ...]
    bucket: str  # "week" or "month"
    bars: tuple[SpanCount, ...]
