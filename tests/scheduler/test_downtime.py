"""What happens to reminders that came due while the bot was down, and the clocks tests run on."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduler.clock import ManualClock, SystemClock
from scheduler.downtime import Decision, decide_overdue, newest_missed_occurrence
from scheduler.kinds import ScheduleKind
from scheduler.rules import LocalRule, next_occurrence

LONDON = ZoneInfo("Europe/London")
DUE = datetime(2025, 6, 1, 8, tzinfo=UTC)
CHECKIN_SKIP_AFTER = timedelta(hours=6)
MEDICATION_GRACE = timedelta(hours=2)


def decide(kind: ScheduleKind, late: timedelta) -> Decision:
    return decide_overdue(
        kind, DUE, DUE + late, checkin_skip_after=CHECKIN_SKIP_AFTER, medication_grace=MEDICATION_GRACE
    )


@pytest.mark.parametrize("kind", list(ScheduleKind))
@pytest.mark.parametrize("late", [timedelta(0), timedelta(seconds=40), timedelta(minutes=4, seconds=59)])
def test_every_kind_is_sent_normally_when_barely_late(kind: ScheduleKind, late: timedelta) -> None:
    assert decide(kind, late) is Decision.SEND


@pytest.mark.parametrize(
    ("kind", "late", "decision"),
    [
        (ScheduleKind.CHECKIN, timedelta(hours=1), Decision.SEND_LATE),
        (ScheduleKind.CHECKIN, timedelta(hours=6), Decision.SEND_LATE),
        (ScheduleKind.CHECKIN, timedelta(hours=6, minutes=1), Decision.SKIP),
        (ScheduleKind.MEDICATION, timedelta(minutes=30), Decision.SEND_LATE),
        (ScheduleKind.MEDICATION, timedelta(hours=2), Decision.SEND_LATE),
        (ScheduleKind.MEDICATION, timedelta(hours=2, minutes=1), Decision.MISSED),
        (ScheduleKind.SNOOZE, timedelta(minutes=30), Decision.SEND_LATE),
        (ScheduleKind.SNOOZE, timedelta(hours=3), Decision.MISSED),
        (ScheduleKind.LESSON_DRIP, timedelta(hours=1), Decision.SEND_LATE),
        (ScheduleKind.LESSON_DRIP, timedelta(days=30), Decision.SEND_LATE),
        (ScheduleKind.FOLLOWUP, timedelta(hours=11), Decision.SEND_LATE),
        (ScheduleKind.FOLLOWUP, timedelta(hours=13), Decision.SKIP),
    ],
)
def test_late_rows_follow_the_policy_for_their_kind(kind: ScheduleKind, late: timedelta, decision: Decision) -> None:
    assert decide(kind, late) is decision


def test_row_due_in_the_future_is_sent_normally() -> None:
    assert decide(ScheduleKind.MEDICATION, -timedelta(minutes=1)) is Decision.SEND


def test_kind_may_be_its_stored_string() -> None:
    assert decide(ScheduleKind("medication"), timedelta(hours=5)) is Decision.MISSED


def test_naive_due_time_is_refused() -> None:
    with pytest.raises(ValueError, match="due_at must be timezone-aware"):
        decide_overdue(
            ScheduleKind.CHECKIN,
            datetime(2025, 6, 1, 8),
            DUE,
            checkin_skip_after=CHECKIN_SKIP_AFTER,
            medication_grace=MEDICATION_GRACE,
        )


EVENING_CHECKIN = LocalRule.of([time(20)])


def london(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=LONDON).astimezone(UTC)


def test_only_the_newest_of_several_missed_checkins_is_offered() -> None:
    clock = ManualClock(london(2025, 6, 3, 20))
    last_due = clock.now()
    clock.advance(timedelta(days=3, hours=1))  # down from Tuesday evening until Friday 21:00
    newest = newest_missed_occurrence(EVENING_CHECKIN, LONDON, last_due, clock.now())
    assert newest == london(2025, 6, 6, 20)


def test_newest_missed_is_yesterdays_when_todays_is_not_due_yet() -> None:
    newest = newest_missed_occurrence(EVENING_CHECKIN, LONDON, london(2025, 6, 3, 20), london(2025, 6, 6, 19))
    assert newest == london(2025, 6, 5, 20)


def test_newest_missed_is_the_stored_due_time_when_nothing_newer_is_due() -> None:
    last_due = london(2025, 6, 3, 20)
    assert newest_missed_occurrence(EVENING_CHECKIN, LONDON, last_due, last_due + timedelta(hours=1)) == last_due


def test_nothing_was_missed_when_the_row_is_not_due_yet() -> None:
    last_due = london(2025, 6, 3, 20)
    assert newest_missed_occurrence(EVENING_CHECKIN, LONDON, last_due, last_due - timedelta(seconds=1)) is None


def test_newest_missed_after_months_down_across_a_dst_change() -> None:
    newest = newest_missed_occurrence(EVENING_CHECKIN, LONDON, london(2025, 9, 1, 20), london(2025, 12, 24, 9))
    assert newest == london(2025, 12, 23, 20)
    assert newest.astimezone(LONDON).hour == 20


def test_newest_missed_of_a_weekly_rule_is_last_weeks() -> None:
    mondays = LocalRule.of([time(9)], [0])
    newest = newest_missed_occurrence(mondays, LONDON, london(2025, 6, 2, 9), london(2025, 6, 22, 12))
    assert newest == london(2025, 6, 16, 9)
    assert next_occurrence(mondays, LONDON, newest) == london(2025, 6, 23, 9)


def test_manual_clock_moves_only_when_told() -> None:
    clock = ManualClock(datetime(2025, 1, 1, 12, tzinfo=LONDON))
    assert clock.now() == datetime(2025, 1, 1, 12, tzinfo=UTC)
    assert clock.now().tzinfo is UTC
    assert clock.advance(timedelta(minutes=5)) == datetime(2025, 1, 1, 12, 5, tzinfo=UTC)
    with pytest.raises(ValueError, match="forward"):
        clock.advance(timedelta(seconds=-1))
    with pytest.raises(ValueError, match="timezone-aware"):
        ManualClock(datetime(2025, 1, 1))


def test_system_clock_is_aware_utc() -> None:
    assert SystemClock().now().tzinfo is UTC
