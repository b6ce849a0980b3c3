"""A realistic synthetic diary: a woman with episodic migraine, her cycle, her factors and her medicines.

Used by bench/diary.py (5 years of daily data) and bench/render_report.py (a 6-month report to look at).
Attacks are more likely around day 1 of her period, after poor sleep, on high-stress days and after
alcohol, so the insights have something real to find; the rest is noise.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from storage.diary_queries import DiaryRecords
from storage.diary_types import AttackRecord, CheckinRecord, Effect, Impact, IntakeRecord, MedClass
from storage.factors import Factor
from storage.midas import MidasResult, score_midas
from storage.report_data import RegularMedicine

TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 6, 20, 15, 0, tzinfo=UTC)
SYMPTOMS = ("nausea", "photophobia", "phonophobia", "vomiting", "vertigo", "neck_pain")
FEATURES = ("one_sided", "throbbing", "worse_with_activity")


@dataclass(frozen=True, slots=True)
class SyntheticDiary:
    """Records, factors by date, MIDAS history and regular medicines of one synthetic user."""

    records: DiaryRecords
    factors: dict[date, dict[Factor, int]]
    midas: tuple[MidasResult, ...]
    regular: tuple[RegularMedicine, ...]


def _effect(rng: random.Random, weights: tuple[float, float, float, float, float]) -> Effect | None:
    return rng.choices((Effect.COMPLETE, Effect.GOOD, Effect.SOME, Effect.NONE, None), weights)[0]


def synthetic_diary(days: int, *, seed: int = 13, now: datetime = NOW, tz: ZoneInfo = TZ) -> SyntheticDiary:
    """Build ``days`` days of diary ending today (local), reproducibly from ``seed``."""
    rng = random.Random(seed)
    today = now.astimezone(tz).date()
    first = today - timedelta(days=days - 1)
    factors: dict[date, dict[Factor, int]] = {}
    attacks: list[AttackRecord] = []
    intakes: list[IntakeRecord] = []
    checkins: list[CheckinRecord] = []
    cycle_day_one = first - timedelta(days=rng.randrange(28))
    next_start = cycle_day_one
    busy_until = datetime.min.replace(tzinfo=UTC)
    for offset in range(days):
        day = first + timedelta(days=offset)
        while day >= next_start + timedelta(days=rng.choice((26, 27, 28, 28, 29, 30))):
            next_start += timedelta(days=28)
        if day >= next_start:
            cycle_day_one, next_start = next_start, next_start + timedelta(days=rng.choice((26, 27, 28, 28, 29, 30)))
        cycle = (day - cycle_day_one).days  # 0 on day 1 of the period
        until_next = (next_start - day).days
        today_factors = {
            Factor.SLEEP: rng.choices((0, 1, 2), (0.2, 0.45, 0.35))[0],
            Factor.STRESS: rng.choices((0, 1, 2), (0.35, 0.45, 0.2))[0],
            Factor.PERIOD: 2 if cycle == 0 else 1 if cycle < 5 else 0,
            Factor.CAFFEINE: int(rng.random() < 0.8),
            Factor.ALCOHOL: int(rng.random() < 0.15),
            Factor.EXERCISE: int(rng.random() < 0.35),
        }
        if rng.random() < 0.9:
            factors[day] = today_factors
        risk = 0.07
        risk *= 4.0 if cycle <= 2 or until_next <= 2 else 1.0
        risk *= 2.2 if today_factors[Factor.SLEEP] == 0 else 1.0
        risk *= 1.7 if today_factors[Factor.STRESS] == 2 else 1.0
        risk *= 1.6 if today_factors[Factor.ALCOHOL] else 1.0
        start = datetime(
            day.year, day.month, day.day, rng.choice((6, 7, 9, 11, 14, 16, 19)), rng.randrange(60), tzinfo=tz
        )
        start_utc = start.astimezone(UTC)
        if rng.random() < risk and start_utc > busy_until and start_utc < now - timedelta(hours=3):
            hours = rng.choice((3, 5, 8, 12, 20, 30, 46))
            end = start_utc + timedelta(hours=hours, minutes=rng.randrange(60))
            aura = rng.random() < 0.12
            attack = AttackRecord(
                id=len(attacks) + 1,
                started_at=start_utc,
                ended_at=None if end > now else end,
                peak_intensity=rng.choices(range(3, 11), (1, 3, 5, 6, 6, 5, 3, 1))[0],
                aura=aura,
                aura_minutes=rng.choice((15, 20, 30, 45)) if aura else None,
                symptoms=frozenset(rng.sample(SYMPTOMS[:4], rng.randrange(1, 4))),
                features=frozenset(rng.sample(FEATURES, rng.randrange(1, 4))),
                triggers=frozenset(rng.sample(("stress", "sleep", "alcohol", "weather", "period"), 1)),
                impact=rng.choice(list(Impact)),
            )
            attacks.append(attack)
            busy_until = end
            if rng.random() < 0.75:
                taken = start_utc + timedelta(minutes=rng.choice((20, 45, 90)))
                intakes.append(
                    IntakeRecord(taken, MedClass.TRIPTAN, "Sumatriptan 50 mg", _effect(rng, (5, 3, 1, 1, 1)), attack.id)
                )
            if rng.random() < 0.45:
                taken = start_utc + timedelta(minutes=rng.choice((10, 30, 240)))
                intakes.append(
                    IntakeRecord(
                        taken, MedClass.SIMPLE_ANALGESIC, "Ibuprofen 400 mg", _effect(rng, (1, 2, 4, 3, 1)), attack.id
                    )
                )
            if rng.random() < 0.08:
                taken = start_utc + timedelta(hours=3)
                intakes.append(
                    IntakeRecord(taken, MedClass.COMBINATION, "Thomapyrin", _effect(rng, (1, 1, 2, 2, 2)), attack.id)
                )
            level = attack.peak_intensity
        else:
            level = rng.choices((0, 0, 0, 0, 0, 0, 2, 3), k=1)[0]
        if rng.random() < 0.93:
            checkins.append(CheckinRecord(day, 0 if level < 2 else level))
    midas = []
    for back in range(days // 91, -1, -1):
        done = today - timedelta(days=back * 91 + 3)
        if done < first + timedelta(days=30):
            continue
        answers = {
            "missed_work": rng.randrange(0, 4),
            "work_halved": rng.randrange(1, 7),
            "missed_housework": rng.randrange(0, 5),
            "housework_halved": rng.randrange(1, 6),
            "missed_social": rng.randrange(0, 4),
            "headache_days": rng.randrange(12, 24),
            "average_pain": rng.randrange(5, 8),
        }
        midas.append(score_midas(answers, completed_on=done))
    regular = (RegularMedicine("Propranolol 80 mg", 158, 181, True), RegularMedicine("Magnesium", 40, 90, False))
    return SyntheticDiary(DiaryRecords(tuple(attacks), tuple(intakes), tuple(checkins)), factors, tuple(midas), regular)
