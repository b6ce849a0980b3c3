"""What to do with a schedule row found overdue, e.g. after the bot was down for a while.

Policy, by kind, for a row `lateness = now - due_at` late:

* any kind, lateness under ON_TIME_TOLERANCE (ticks run late by seconds): SEND.
* checkin: SEND_LATE up to `checkin_skip_after`, then SKIP; yesterday's "how was your day?" asked this
  afternoon is noise. When several daily check-ins were missed, offer only the newest
  (newest_missed_occurrence) and decide on that one.
* medication: SEND_LATE inside `medication_grace` (the user may still take it), then MISSED: recorded,
  not sent, because a very late dose prompt could lead to doses too close together.
* lesson_drip: always SEND_LATE; lessons are not time-critical.
* followup ("did the medicine help?"): SEND_LATE up to FOLLOWUP_USEFUL_FOR (12 h), then SKIP, because
  the user no longer remembers the attack well enough to answer.
* snooze: treated as medication (snoozes are mostly of dose reminders; keep one rule).
* pause_end: always SEND_LATE; however late, the pause is over and the reminders must come back.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from scheduler.clock import as_utc
from scheduler.kinds import ScheduleKind
from scheduler.rules import LocalRule, next_occurrence

ON_TIME_TOLERANCE = timedelta(minutes=5)
FOLLOWUP_USEFUL_FOR = timedelta(hours=12)
# Any rule fires at least weekly, so the newest occurrence before `now` is less than 8 days old.
_NEWEST_WITHIN = timedelta(days=8)


class Decision(StrEnum):
    """What the tick does with an overdue row."""

    SEND = "send"
    SEND_LATE = "send_late"
    SKIP = "skip"
    MISSED = "missed"


def decide_overdue(
    kind: ScheduleKind,
    due_at: datetime,
    now: datetime,
    *,
    checkin_skip_after: timedelta,
    medication_grace: timedelta,
    on_time_tolerance: timedelta = ON_TIME_TOLERANCE,
    followup_useful_for: timedelta = FOLLOWUP_USEFUL_FOR,
) -> Decision:
    """Return what to do with a row of `kind` due at `due_at`, seen at `now` (module docstring)."""
    lateness = as_utc(now, name="now") - as_utc(due_at, name="due_at")
    if lateness < on_time_tolerance:
        return Decision.SEND
    match ScheduleKind(kind):
        case ScheduleKind.CHECKIN:
            return Decision.SEND_LATE if lateness <= checkin_skip_after else Decision.SKIP
        case ScheduleKind.MEDICATION | ScheduleKind.SNOOZE:
            return Decision.SEND_LATE if lateness <= medication_grace else Decision.MISSED
        case ScheduleKind.LESSON_DRIP | ScheduleKind.PAUSE_END:
            return Decision.SEND_LATE
        case ScheduleKind.FOLLOWUP:
            return Decision.SEND_LATE if lateness <= followup_useful_for else Decision.SKIP


def newest_missed_occurrence(rule: LocalRule, tz: ZoneInfo, last_due: datetime, now: datetime) -> datetime | None:
    """Return the newest occurrence due by `now`, counting from the row's unsent `last_due`.

    `last_due` is the row's stored next_run_at, itself missed; the result is it or a later occurrence
    at or before `now`, and None when `last_due` is still in the future (nothing was missed).
    """
    last_due, now = as_utc(last_due, name="last_due"), as_utc(now, name="now")
    if last_due > now:
        return None
    newest = last_due
    cursor = max(last_due, now - _NEWEST_WITHIN)
    while (candidate := next_occurrence(rule, tz, cursor)) <= now:
        newest = cursor = candidate
    return newest
