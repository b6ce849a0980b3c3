"""What the tick does with one due schedule row, and when the row is due next; pure, no database.

Quiet hours: check-ins, lesson drip and follow-ups wait until quiet hours end. Medication reminders (and
their snoozes) are sent at the time the user chose, even inside quiet hours: the user set that time
themselves, and a dose reminder that waits until morning is worse than one that arrives at night.

Several missed occurrences (the bot was down): a check-in offers only the newest (downtime.py); a
medication reminder records each missed dose of the last REPLAY_WINDOW, so adherence stays honest, and
sends only a dose still inside its grace window; a lesson drip sends one lesson, then goes on from now.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from scheduler.downtime import Decision, decide_overdue, newest_missed_occurrence
from scheduler.kinds import ScheduleKind
from scheduler.quiet import QuietHours, defer_past_quiet, is_quiet
from scheduler.rules import LocalRule, next_occurrence
from scheduler.wallclock import resolve_wall_time

# The end of a pause is on time too: waiting for quiet hours to end would keep the morning's doses paused.
URGENT_KINDS = frozenset({ScheduleKind.MEDICATION, ScheduleKind.SNOOZE, ScheduleKind.PAUSE_END})
# Missed medication doses older than this are not replayed one by one after a long outage.
REPLAY_WINDOW = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Policy:
    """The tick's tunables; the defaults are the product decisions."""

    checkin_skip_after: timedelta = timedelta(hours=6)
    medication_grace: timedelta = timedelta(hours=2)
    lease: timedelta = timedelta(minutes=2)  # how long a claimed row stays off-limits to other workers
    max_attempts: int = 5
    retry_backoff: timedelta = timedelta(seconds=30)  # doubled per attempt, at least Telegram's retry_after


DEFAULT_POLICY = Policy()


class Action(StrEnum):
    """What the tick does with a due row."""

    SEND = "send"
    RECORD = "record"  # skipped or missed: write the delivery, send nothing
    WAIT = "wait"  # move next_run_at (to the end of quiet hours, say) and write nothing


@dataclass(frozen=True, slots=True)
class RowPlan:
    """The plan for one due row: what to do now, and the row's next (due_at, next_run_at)."""

    action: Action
    decision: Decision
    occurrence: datetime  # the occurrence handled now (a check-in may jump to its newest missed one)
    local_date: date  # the occurrence's date in the user's zone, e.g. the day a check-in asks about
    next_due: datetime | None  # None: a one-off that is finished with this
    next_run: datetime | None


@functools.lru_cache(maxsize=4096)
def _rule_from_key(key: str) -> LocalRule:
    return LocalRule.from_json(json.loads(key))


def stored_rule(data: object) -> LocalRule:
    """Return LocalRule.from_json(data), memoised: a peak minute brings thousands of rows with one rule."""
    try:
        key = json.dumps(data, sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"a stored rule must be JSON, got {type(data).__name__}") from exc
    return _rule_from_key(key)


@functools.lru_cache(maxsize=16384)
def _next(rule: LocalRule, tz: ZoneInfo, after: datetime) -> datetime:
    """next_occurrence, memoised for the same reason (rows of one rule share their due instant)."""
    return next_occurrence(rule, tz, after)


def waits_for_quiet_hours(kind: ScheduleKind) -> bool:
    """Return whether rows of this kind wait for quiet hours to end (see the module docstring)."""
    return kind not in URGENT_KINDS


def first_run(rule: LocalRule, tz: ZoneInfo, after: datetime) -> datetime:
    """Return a new or re-enabled recurring row's first occurrence after `after`."""
    return _next(rule, tz, after)


def following_run(
    kind: ScheduleKind, rule: LocalRule, tz: ZoneInfo, occurrence: datetime, now: datetime, every_days: int = 1
) -> datetime:
    """Return the occurrence after `occurrence`; only medication may return one already past `now`."""
    if kind is ScheduleKind.MEDICATION:
        return _next(rule, tz, max(occurrence, now - REPLAY_WINDOW))
    if kind is ScheduleKind.LESSON_DRIP and every_days > 1:
        day = occurrence.astimezone(tz).date() + timedelta(days=every_days)
        candidate = resolve_wall_time(day, rule.times[0], tz)
        if candidate > now:
            return candidate
    return _next(rule, tz, max(occurrence, now))


def plan_due_row(
    *,
    kind: ScheduleKind,
    rule: LocalRule | None,
    tz: ZoneInfo,
    due_at: datetime,
    next_run_at: datetime,
    now: datetime,
    quiet: QuietHours,
    every_days: int = 1,
    policy: Policy = DEFAULT_POLICY,
) -> RowPlan:
    """Decide what to do with a row whose next_run_at has come (module docstring for the rules)."""
    occurrence, scheduled = due_at, next_run_at
    if rule is not None and kind is ScheduleKind.CHECKIN and _next(rule, tz, due_at) <= now:
        newest = newest_missed_occurrence(rule, tz, due_at, now)
        if newest is not None and newest > due_at:
            occurrence = scheduled = newest
    elif rule is not None and kind is ScheduleKind.MEDICATION and due_at < now - REPLAY_WINDOW:
        occurrence = scheduled = _next(rule, tz, now - REPLAY_WINDOW)
        if occurrence > now:  # nothing due inside the window: just wait for the next dose
            return RowPlan(
                Action.WAIT, Decision.SEND, occurrence, occurrence.astimezone(tz).date(), occurrence, occurrence
            )
    decision = decide_overdue(
        kind,
        scheduled,
        now,
        checkin_skip_after=policy.checkin_skip_after,
        medication_grace=policy.medication_grace,
    )
    local_date = occurrence.astimezone(tz).date()
    sending = decision in {Decision.SEND, Decision.SEND_LATE}
    if sending and waits_for_quiet_hours(kind) and is_quiet(now, quiet, tz):
        wake = defer_past_quiet(now, quiet, tz)
        return RowPlan(Action.WAIT, decision, occurrence, local_date, occurrence, wake)
    next_due = None if rule is None else following_run(kind, rule, tz, occurrence, now, every_days)
    action = Action.SEND if sending else Action.RECORD
    return RowPlan(action, decision, occurrence, local_date, next_due, next_due)
