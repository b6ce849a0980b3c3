"""The menstrual migraine pattern of the ICHD-3 appendix (A1.1), read from period days in the diary.

Clinical facts, sections 7 and 10: attacks on day -2 to +3 of menstruation (day 1 is the first day of
bleeding; there is no day 0, so the window is the five dates day1-2 .. day1+2) in at least 2 of 3
cycles. *Pure* menstrual migraine has attacks only then; *menstrually related* migraine has them at
other times too. The appendix needs a prospective diary over at least 3 cycles, and its criteria are
for migraine without aura, so attacks with an aura are left out here.

This is a pattern to discuss with a clinician, never a diagnosis: the bot words it that way.

Cycle starts come from the check-in: "period began" (value 2) marks one; otherwise the first period
day after a day without one starts a cycle. Starts closer than ``MIN_CYCLE_DAYS`` to the previous one
belong to the same period (a missed tap in the middle of bleeding does not make a new cycle).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from storage.diary_types import AttackRecord
from storage.factors import CYCLE_START, PERIOD_DAY

WINDOW_BEFORE, WINDOW_AFTER = 2, 2  # dates before and after day 1: ICHD-3 days -2..-1 and 1..3
CYCLES_CHECKED = 3  # the rule looks at 3 cycles
CYCLES_NEEDED = 2  # attacks in at least 2 of them
MIN_CYCLE_DAYS = 15


@dataclass(frozen=True, slots=True)
class CycleWindow:
    """The window around one cycle's day 1, and whether an attack began in it."""

    day_one: date
    first: date
    last: date
    attacks: int


@dataclass(frozen=True, slots=True)
class MenstrualPattern:
    """What the diary shows about attacks and periods.

    ``cycles`` are the complete windows recorded (oldest first); the rule judges the last three.
    ``meets`` says attacks began in the window in at least 2 of those 3 cycles; ``other_times`` says
    attacks also began outside every window over the same span (menstrually related, not pure).
    """

    cycles: tuple[CycleWindow, ...]
    checked: tuple[CycleWindow, ...]
    with_attacks: int
    meets: bool
    other_times: int

    @property
    def enough(self) -> bool:
        """Tell whether at least 3 cycles were recorded, so the rule can be applied."""
        return len(self.checked) == CYCLES_CHECKED

    @property
    def pure(self) -> bool:
        """Tell whether the attacks came only in the windows (ICHD-3 A1.1.1 rather than A1.1.2)."""
        return self.meets and self.other_times == 0


def cycle_starts(period: Mapping[date, int]) -> tuple[date, ...]:
    """Return each cycle's day 1 from the period values by date (see the module doc)."""
    starts: list[date] = []
    for day in sorted(period):
        value = period[day]
        if value not in (PERIOD_DAY, CYCLE_START):
            continue
        previous = period.get(day - timedelta(days=1), 0)
        begins = value == CYCLE_START or previous not in (PERIOD_DAY, CYCLE_START)
        if begins and (not starts or (day - starts[-1]).days >= MIN_CYCLE_DAYS):
            starts.append(day)
    return tuple(starts)


def menstrual_pattern(
    period: Mapping[date, int], attacks: Iterable[AttackRecord], *, tz: ZoneInfo, today: date
) -> MenstrualPattern:
    """Apply the ICHD-3 appendix rule to the diary; windows that reach past today are not judged yet."""
    begun = sorted(a.started_at.astimezone(tz).date() for a in attacks if not a.aura)
    windows = []
    for day_one in cycle_starts(period):
        first, last = day_one - timedelta(days=WINDOW_BEFORE), day_one + timedelta(days=WINDOW_AFTER)
        if last <= today:
            windows.append(CycleWindow(day_one, first, last, sum(1 for d in begun if first <= d <= last)))
    checked = tuple(windows[-CYCLES_CHECKED:])
    with_attacks = sum(1 for w in checked if w.attacks)
    other = _outside(begun, checked) if checked else 0
    meets = len(checked) == CYCLES_CHECKED and with_attacks >= CYCLES_NEEDED
    return MenstrualPattern(tuple(windows), checked, with_attacks, meets, other)


def _outside(begun: Sequence[date], windows: Sequence[CycleWindow]) -> int:
    """Count attacks that began between the first checked window and the last, outside every window."""
    span_first, span_last = windows[0].first, windows[-1].last
    inside = [(w.first, w.last) for w in windows]
    return sum(1 for d in begun if span_first <= d <= span_last and not any(lo <= d <= hi for lo, hi in inside))
