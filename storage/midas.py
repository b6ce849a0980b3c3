"""MIDAS (Migraine Disability Assessment) scoring; the question texts live with the bot.

Stewart, Lipton et al., Neurology 2001: five items count days in the last 3 months and are summed;
two more (headache days, average pain 0-10) are recorded but not scored.
Grades: I 0-5 little or no disability, II 6-10 mild, III 11-20 moderate, IV 21+ severe.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

MAX_DAYS = 90  # "in the last 3 months"
MAX_PAIN = 10


class MidasItem(StrEnum):
    """Stable keys of the seven MIDAS questions, in questionnaire order."""

    MISSED_WORK = "missed_work"  # 1: days of work or school missed
    WORK_HALVED = "work_halved"  # 2: days work/school productivity was halved (not counting 1)
    MISSED_HOUSEWORK = "missed_housework"  # 3: days no household work was done
    HOUSEWORK_HALVED = "housework_halved"  # 4: days household productivity was halved (not counting 3)
    MISSED_SOCIAL = "missed_social"  # 5: days family, social or leisure activities were missed
    HEADACHE_DAYS = "headache_days"  # A: headache days (not scored)
    AVERAGE_PAIN = "average_pain"  # B: average pain 0-10 (not scored)


SCORED_ITEMS: tuple[MidasItem, ...] = (
    MidasItem.MISSED_WORK,
    MidasItem.WORK_HALVED,
    MidasItem.MISSED_HOUSEWORK,
    MidasItem.HOUSEWORK_HALVED,
    MidasItem.MISSED_SOCIAL,
)
# Item 2 excludes the days of item 1 (and 4 those of 3), so each pair fits in the 90 days.
_EXCLUSIVE_PAIRS = (
    (MidasItem.MISSED_WORK, MidasItem.WORK_HALVED),
    (MidasItem.MISSED_HOUSEWORK, MidasItem.HOUSEWORK_HALVED),
)


class MidasGrade(StrEnum):
    """MIDAS disability grade."""

    I = "I"  # noqa: E741 - the grade's own name
    II = "II"
    III = "III"
    IV = "IV"

    @property
    def severity(self) -> str:
        """Return a stable key for the grade's description (the bot owns the words)."""
        return {"I": "little_or_none", "II": "mild", "III": "moderate", "IV": "severe"}[self.value]


class MidasValidationError(ValueError):
    """An answer is missing or out of range; ``item`` says which, for the bot to re-ask."""

    def __init__(self, item: MidasItem, message: str) -> None:
        super().__init__(f"{item.value}: {message}")
        self.item = item


@dataclass(frozen=True, slots=True)
class MidasResult:
    """A scored MIDAS questionnaire."""

    score: int
    grade: MidasGrade
    headache_days: int
    average_pain: int
    answers: Mapping[MidasItem, int] = field(default_factory=dict)
    completed_on: date | None = None


def grade_for_score(score: int) -> MidasGrade:
    """Return the MIDAS grade of a total score."""
    if score < 0:
        raise ValueError("a MIDAS score cannot be negative")
    if score <= 5:
        return MidasGrade.I
    if score <= 10:
        return MidasGrade.II
    if score <= 20:
        return MidasGrade.III
    return MidasGrade.IV


def validate_answer(item: MidasItem, value: object) -> int:
    """Return ``value`` as a valid answer to ``item`` or raise MidasValidationError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise MidasValidationError(item, "must be a whole number")
    limit = MAX_PAIN if item is MidasItem.AVERAGE_PAIN else MAX_DAYS
    if not 0 <= value <= limit:
        raise MidasValidationError(item, f"must be between 0 and {limit}")
    return value


def score_midas(
    answers: Mapping[MidasItem, object] | Mapping[str, object], *, completed_on: date | None = None
) -> MidasResult:
    """Validate all seven answers (keyed by MidasItem or its string value) and score them."""
    valid: dict[MidasItem, int] = {}
    for item in MidasItem:
        if item not in answers:
            raise MidasValidationError(item, "is missing")
        valid[item] = validate_answer(item, answers[item])  # a StrEnum key also finds its str key
    for whole, part in _EXCLUSIVE_PAIRS:
        if valid[whole] + valid[part] > MAX_DAYS:
            raise MidasValidationError(part, f"together with {whole.value} exceeds {MAX_DAYS} days")
    score = sum(valid[item] for item in SCORED_ITEMS)
    return MidasResult(
        score=score,
        grade=grade_for_score(score),
        headache_days=valid[MidasItem.HEADACHE_DAYS],
        average_pain=valid[MidasItem.AVERAGE_PAIN],
        answers=valid,
        completed_on=completed_on,
    )
