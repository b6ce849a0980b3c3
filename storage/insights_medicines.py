"""What works for me: for each acute medicine, what the 2-hour follow-up said and how often it was used.

Doses are grouped by name (case and spacing ignored). "Pain gone" is the follow-up answer
``complete``; "better" is ``good`` or ``some``; "no help" is ``none``; doses never rated are counted
apart and left out of the shares. Days of use are distinct local dates per calendar month, set against
the ICHD-3 overuse limit of the medicine's class (storage/diary_stats.py OVERUSE_LIMITS); a class with
no limit (gepants, ditans, preventives, other) shows none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from storage.diary_stats import OVERUSE_LIMITS, month_start
from storage.diary_types import Effect, IntakeRecord, MedClass


@dataclass(frozen=True, slots=True)
class MedicineEffect:
    """One medicine's follow-up answers and days of use per calendar month."""

    name: str
    med_class: MedClass
    doses: int
    gone: int
    better: int
    no_help: int
    unrated: int
    days_by_month: tuple[tuple[date, int], ...]  # (first of month, days used), oldest first
    limit: int | None

    @property
    def rated(self) -> int:
        """Doses with a follow-up answer."""
        return self.gone + self.better + self.no_help

    @property
    def max_days(self) -> int:
        """The most days of use in one calendar month."""
        return max((days for _, days in self.days_by_month), default=0)

    @property
    def months_at_limit(self) -> int:
        """Calendar months with use on at least the class's overuse-limit days."""
        return sum(1 for _, days in self.days_by_month if self.limit is not None and days >= self.limit)


def what_works(intakes: Iterable[IntakeRecord], *, tz: ZoneInfo, first: date, last: date) -> tuple[MedicineEffect, ...]:
    """Summarise each medicine taken in the local dates [first, last], most used first."""
    groups: dict[str, list[tuple[date, IntakeRecord]]] = {}
    for intake in intakes:
        day = intake.taken_at.astimezone(tz).date()
        if first <= day <= last:
            groups.setdefault(" ".join(intake.name.casefold().split()) or "?", []).append((day, intake))
    months = _months(first, last)
    result = []
    for doses in groups.values():
        names = Counter(i.name.strip() or "?" for _, i in doses)
        classes = Counter(i.med_class for _, i in doses)
        med_class = classes.most_common(1)[0][0]
        effects = Counter(i.effect for _, i in doses)
        days_used = {day for day, _ in doses}
        per_month = tuple((m, sum(1 for d in days_used if month_start(d) == m)) for m in months)
        result.append(
            MedicineEffect(
                name=names.most_common(1)[0][0],
                med_class=med_class,
                doses=len(doses),
                gone=effects[Effect.COMPLETE],
                better=effects[Effect.GOOD] + effects[Effect.SOME],
                no_help=effects[Effect.NONE],
                unrated=effects[None],
                days_by_month=per_month,
                limit=OVERUSE_LIMITS.get(med_class),
            )
        )
    return tuple(sorted(result, key=lambda m: (-m.doses, m.name.casefold())))


def _months(first: date, last: date) -> list[date]:
    months, cursor = [], month_start(first)
    while cursor <= last:
        months.append(cursor)
        cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
    return months
