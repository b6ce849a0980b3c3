"""MIDAS scoring, grades at their boundaries, and answer validation."""

from __future__ import annotations

from datetime import date

import pytest

from storage.midas import (
    SCORED_ITEMS,
    MidasGrade,
    MidasItem,
    MidasValidationError,
    grade_for_score,
    score_midas,
)


def answers(score: object = 0, **overrides: object) -> dict[str, object]:
    """Spread ``score`` over the five scored items, then apply overrides."""
    result: dict[str, object] = {item.value: 0 for item in MidasItem}
    result[MidasItem.MISSED_SOCIAL] = score
    result[MidasItem.HEADACHE_DAYS] = 30
    result[MidasItem.AVERAGE_PAIN] = 6
    result.update(overrides)
    return result


@pytest.mark.parametrize(
    ("score", "grade", "severity"),
    [
        (0, MidasGrade.I, "little_or_none"),
        (5, MidasGrade.I, "little_or_none"),
        (6, MidasGrade.II, "mild"),
        (10, MidasGrade.II, "mild"),
        (11, MidasGrade.III, "moderate"),
        (20, MidasGrade.III, "moderate"),
        (21, MidasGrade.IV, "severe"),
        (90, MidasGrade.IV, "severe"),
    ],
)
def test_grades_at_their_boundaries(score: int, grade: MidasGrade, severity: str) -> None:
    result = score_midas(answers(score))
    assert (result.score, result.grade, result.grade.severity) == (score, grade, severity)
    assert grade_for_score(score) is grade


def test_score_is_the_sum_of_the_five_scored_items_only() -> None:
    given: dict[MidasItem, object] = {item: i + 1 for i, item in enumerate(SCORED_ITEMS)}  # 1+2+3+4+5
    result = score_midas(
        {**given, MidasItem.HEADACHE_DAYS: 60, MidasItem.AVERAGE_PAIN: 9}, completed_on=date(2026, 5, 1)
    )
    assert result.score == 15
    assert result.grade is MidasGrade.III
    assert (result.headache_days, result.average_pain) == (60, 9)
    assert result.completed_on == date(2026, 5, 1)
    assert result.answers[MidasItem.HOUSEWORK_HALVED] == 4


def test_string_keys_from_stored_dialog_data_are_accepted() -> None:
    stored = {
        "missed_work": 2,
        "work_halved": 2,
        "missed_housework": 2,
        "housework_halved": 1,
        "missed_social": 0,
        "headache_days": 10,
        "average_pain": 5,
    }
    assert score_midas(stored).score == 7


@pytest.mark.parametrize(
    ("item", "value", "message"),
    [
        (MidasItem.MISSED_WORK, -1, "between 0 and 90"),
        (MidasItem.MISSED_SOCIAL, 91, "between 0 and 90"),
        (MidasItem.HEADACHE_DAYS, 91, "between 0 and 90"),
        (MidasItem.AVERAGE_PAIN, 11, "between 0 and 10"),
        (MidasItem.AVERAGE_PAIN, -1, "between 0 and 10"),
        (MidasItem.WORK_HALVED, 2.5, "whole number"),
        (MidasItem.WORK_HALVED, "3", "whole number"),
        (MidasItem.MISSED_HOUSEWORK, True, "whole number"),
    ],
)
def test_out_of_range_answers_are_rejected_naming_the_item(item: MidasItem, value: object, message: str) -> None:
    with pytest.raises(MidasValidationError, match=message) as caught:
        score_midas(answers(**{item.value: value}))
    assert caught.value.item is item


def test_boundary_answers_are_accepted() -> None:
    result = score_midas(answers(90, headache_days=90, average_pain=10))
    assert (result.score, result.headache_days, result.average_pain) == (90, 90, 10)
    assert score_midas(answers(0, headache_days=0, average_pain=0)).score == 0


def test_missing_answer_is_rejected() -> None:
    incomplete = answers()
    del incomplete[MidasItem.AVERAGE_PAIN]
    with pytest.raises(MidasValidationError, match="missing") as caught:
        score_midas(incomplete)
    assert caught.value.item is MidasItem.AVERAGE_PAIN


def test_missed_and_halved_days_cannot_overlap_beyond_ninety_days() -> None:
    # Item 2 excludes the days counted in item 1, so both fit in the same 3 months.
    assert score_midas(answers(missed_work=45, work_halved=45)).score == 90
    with pytest.raises(MidasValidationError, match="exceeds 90") as caught:
        score_midas(answers(missed_housework=60, housework_halved=31))
    assert caught.value.item is MidasItem.HOUSEWORK_HALVED


def test_negative_score_has_no_grade() -> None:
    with pytest.raises(ValueError, match="negative"):
        grade_for_score(-1)
