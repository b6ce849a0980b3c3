"""What goes with my attacks: each daily factor compared between attack days and attack-free days.

For every tracked factor, the days on which it was recorded fall in a 2x2 table:

                    attack began   no headache
    exposed              a              b
    not exposed          c              d

Attack days are local dates on which an attack began; attack-free days are dates with neither an attack
nor a check-in above 0. Days in the middle of a longer attack, and headache days without a logged
attack, are left out of both columns. "Exposed" is storage/factors.py EXPOSED (poor sleep, high stress,
a period day, any caffeine, alcohol or exercise that day).

The odds ratio and its 95% interval come from scipy (``scipy.stats.contingency.odds_ratio`` with
``kind="sample"``: the sample odds ratio ad/bc and the Woolf log interval), not from formulas here.
A table with an empty cell has no finite interval, so it is reported as "too few days" instead.

Nothing is shown before ``MIN_LOGGED_DAYS`` days of diary and ``MIN_ATTACKS`` attacks, and the words
are "linked with", never "causes": a diary shows association, and many factors travel together. Both
figures are counted as /stats and the report's months table count them (days with records: a check-in
or any date an attack covered; attacks with headache), because the patient and the doctor read the
"so far" figures next to those and they must agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, cast
from zoneinfo import ZoneInfo

from storage.diary_stats import attack_dates
from storage.diary_types import AttackRecord, CheckinRecord
from storage.factors import EXPOSED, Factor

MIN_LOGGED_DAYS = 60
MIN_ATTACKS = 8
MIN_DAYS_EACH_SIDE = 5  # exposed and unexposed days a factor needs before it is compared
CONFIDENCE = 0.95


@dataclass(frozen=True, slots=True)
class FactorRow:
    """One factor's 2x2 table and, when every cell has days, its odds ratio with the 95% interval."""

    factor: Factor
    exposed_attack: int  # a
    exposed_free: int  # b
    unexposed_attack: int  # c
    unexposed_free: int  # d
    odds_ratio: float | None = None
    low: float | None = None
    high: float | None = None

    @property
    def linked(self) -> bool:
        """Tell whether the interval lies wholly above 1 (more attacks with the factor)."""
        return self.low is not None and self.low > 1

    @property
    def inverse(self) -> bool:
        """Tell whether the interval lies wholly below 1 (fewer attacks with the factor)."""
        return self.high is not None and self.high < 1


@dataclass(frozen=True, slots=True)
class FactorTable:
    """The factor comparison, or why it is not shown yet (``ready`` False)."""

    logged_days: int
    attacks: int
    rows: tuple[FactorRow, ...]

    @property
    def ready(self) -> bool:
        """Tell whether there is enough diary to compare: 60 days and 8 attacks."""
        return self.logged_days >= MIN_LOGGED_DAYS and self.attacks >= MIN_ATTACKS


def day_outcomes(
    attacks: Iterable[AttackRecord], checkins: Iterable[CheckinRecord], *, tz: ZoneInfo, first: date, last: date
) -> tuple[dict[date, bool], int, set[date]]:
    """Return True for attack days, False for attack-free days in [first, last], the attacks, the dates covered.

    Attacks are counted as /stats counts them (with headache; auras without headache apart), and the
    dates an attack covers are storage/diary_stats.py ``attack_dates``: over midnight on both dates,
    an ongoing one up to ``last``.
    """
    begun: set[date] = set()
    covered: set[date] = set()
    count = 0
    ongoing_until = datetime.combine(last, time(12), tzinfo=tz)  # any moment of ``last`` will do
    for attack in attacks:
        start, end = attack_dates(attack.started_at, attack.ended_at or max(ongoing_until, attack.started_at), tz)
        if first <= start <= last:
            begun.add(start)
            count += not attack.aura_only
        covered.update(date.fromordinal(o) for o in range(start.toordinal(), end.toordinal() + 1))
    outcome: dict[date, bool] = {day: True for day in begun}
    for checkin in checkins:
        day = checkin.local_date
        if first <= day <= last and day not in covered and checkin.headache_level == 0:
            outcome[day] = False
    return outcome, count, covered


def factor_table(
    factors: Mapping[date, Mapping[Factor, int]],
    attacks: Iterable[AttackRecord],
    checkins: Iterable[CheckinRecord],
    *,
    tz: ZoneInfo,
    first: date,
    last: date,
    tracked: Iterable[Factor] = tuple(Factor),
) -> FactorTable:
    """Compare every tracked factor between attack days and attack-free days in [first, last].

    Its days of diary are the days with records of /stats and the report's months table: a check-in,
    or any date an attack covered (auras without headache too).
    """
    checkins = tuple(checkins)
    outcome, attack_count, covered = day_outcomes(attacks, checkins, tz=tz, first=first, last=last)
    logged = {day for day in {c.local_date for c in checkins} | covered if first <= day <= last}
    rows = []
    for factor in tracked:
        cells = [0, 0, 0, 0]
        for day, hit in outcome.items():
            value = factors.get(day, {}).get(factor)
            if value is not None:
                cells[(0 if value in EXPOSED[factor] else 2) + (0 if hit else 1)] += 1
        rows.append(_row(factor, *cells))
    return FactorTable(len(logged), attack_count, tuple(rows))


def load_statistics_library() -> Callable[..., Any]:
    """Import scipy's odds ratio on first use and return it.

    scipy.stats takes 0.5 s (seconds on a busy machine) and about 40 MB to import, so the bot does not
    import it at start-up; handlers call this through ``asyncio.to_thread`` first, so the import never
    blocks the event loop.
    """
    from scipy.stats.contingency import odds_ratio

    return cast(Callable[..., Any], odds_ratio)


def _row(factor: Factor, a: int, b: int, c: int, d: int) -> FactorRow:
    enough = a + b >= MIN_DAYS_EACH_SIDE and c + d >= MIN_DAYS_EACH_SIDE and min(a, b, c, d) > 0
    if not enough:
        return FactorRow(factor, a, b, c, d)
    result = load_statistics_library()([[a, b], [c, d]], kind="sample")
    interval = result.confidence_interval(confidence_level=CONFIDENCE)
    return FactorRow(factor, a, b, c, d, float(result.statistic), float(interval.low), float(interval.high))
