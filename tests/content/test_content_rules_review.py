"""The review record: a role, what was checked and a date per lesson; warnings before expiry; `check --due`."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from lesson_factory import DROP, TODAY, LessonFolder
from test_content_cli import run_content

from content import load_catalog, reviews_due


def review(day: date, **changes: object) -> dict[str, object]:
    return {"by": "clinical content reviewer", "checked": "Facts against the fact sheet", "date": day, **changes}


@pytest.mark.parametrize("missing", ["by", "checked", "date"])
def test_review_needs_a_role_what_was_checked_and_a_date(lessons: LessonFolder, missing: str) -> None:
    record = review(date(2026, 6, 1))
    del record[missing]
    lessons.write("beta", order=2, review=record)
    assert lessons.reasons("beta.md", f"review.{missing}") == ["required field is missing"]


def test_a_batch_stamp_field_is_not_a_review(lessons: LessonFolder) -> None:
    lessons.write("beta", order=2, review=DROP, reviewed_on=date(2026, 6, 1))
    assert lessons.reasons("beta.md", "reviewed_on") == ["unknown field (check the spelling)"]


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (date(2026, 11, 22), "2026-11-22 is in the future (today is 2026-11-21)"),
        (date(2024, 11, 20), "2024-11-20 is more than 2 years ago; review it"),
    ],
)
def test_review_date_must_be_recent_and_not_in_the_future(lessons: LessonFolder, day: date, reason: str) -> None:
    lessons.write("beta", order=2, review=review(day))
    assert lessons.reasons("beta.md", "review.date") == [reason]


def test_review_expiring_within_60_days_is_a_warning_that_does_not_block_loading(lessons: LessonFolder) -> None:
    lessons.write("beta", order=2, review=review(date(2025, 1, 10)))  # expires 2027-01-10, in 50 days

    problems = lessons.problems()

    assert [(p.field, p.reason, p.severity) for p in problems] == [
        ("review.date", "review expires on 2027-01-10 (in 50 days); re-check the lesson", "warning")
    ]
    assert str(problems[0]).endswith(
        "beta.md:review.date: warning: review expires on 2027-01-10 (in 50 days); re-check the lesson"
    )
    assert lessons.load().get_lesson("beta") is not None


def test_review_expiring_in_61_days_gives_no_warning(lessons: LessonFolder) -> None:
    lessons.write("beta", order=2, review=review(date(2025, 1, 21)))  # expires 2027-01-21, in 61 days
    assert lessons.problems() == []


def test_review_exactly_two_years_ago_is_still_valid_but_due(lessons: LessonFolder) -> None:
    lessons.write("beta", order=2, review=review(date(2024, 11, 21)))
    assert [p.severity for p in lessons.problems()] == ["warning"]


def test_reviews_due_lists_expired_and_expiring_lessons_soonest_first(lessons: LessonFolder) -> None:
    lessons.write("alpha", order=1, related=["beta"], review=review(date(2025, 1, 10)))
    lessons.write("beta", order=2, review=review(date(2024, 11, 1)))

    due = reviews_due(lessons.root, today=TODAY)

    assert [(item.lesson_id, item.reviewed, item.expires) for item in due] == [
        ("beta", date(2024, 11, 1), date(2026, 11, 1)),
        ("alpha", date(2025, 1, 10), date(2027, 1, 10)),
    ]


def test_check_due_prints_one_line_per_lesson_and_a_count(lessons: LessonFolder) -> None:
    # The command uses the real date, so the lesson is made due relative to any day the test runs.
    path = lessons.write("beta", order=2, review=review(date(2000, 1, 1)))

    result = run_content("check", "--due", lessons.root)

    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{path.as_posix()}: reviewed 2000-01-01, expired 2002-01-01 (")
    assert lines[-1] == "1 lesson due for review"


def test_check_reports_warnings_but_exits_zero(lessons: LessonFolder) -> None:
    # The command uses the real date: a review 700 days old expires in about 30 days.
    lessons.write("beta", order=2, review=review(datetime.now(UTC).date() - timedelta(days=700)))

    result = run_content("check", lessons.root)

    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == "3 lessons OK, 1 warning"
    assert ":review.date: warning: review expires on" in result.stdout


def test_the_shipped_lessons_each_carry_their_own_review_record() -> None:
    catalog = load_catalog()
    assert all(lesson.review.by and lesson.review.checked for lesson in catalog.lessons)
    # Not one batch stamp: a full review may check every lesson on one day, but each lesson says what was checked
    # in it, so no two lessons share the same account.
    checked = [lesson.review.checked for lesson in catalog.lessons]
    assert len(set(checked)) == len(checked)
