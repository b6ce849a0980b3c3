"""Logging past attacks, e.g. copying a paper diary: a date picker for past months, the end or duration.

An attack that started on an earlier local date is not assumed to be still going on: after the worst
pain the log flow asks when it ended (a duration, a typed time, or "still going on" within the 14-day
limit). Nor is it assumed to be over when its start was typed ("2 hours ago" at 00:30, "yesterday 23:00"):
that is how someone in the middle of an attack answers, so the question is whether it is still going on,
that answer first. A day picked on the calendar is a past one being copied: how long did it last. Saved
past attacks offer "log another past headache", opening the picker on the same month, so several attacks
go in one after another. Buttons are ``log:<action>:<token>:<value>`` like the rest
of the log flow (bot/diary/log.py).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton

from bot import callbacks
from bot.diary.common import Screen
from bot.keyboards import Row, inline
from bot.texts.catalog import Texts
from storage.diary import MAX_ATTACK
from storage.diary_stats import add_months, month_start

# How far back the picker goes: long enough for any paper diary a clinic asks about.
OLDEST_MONTHS = 60


def is_past_start(started: datetime, *, now: datetime, tz: ZoneInfo) -> bool:
    """Tell whether an attack started on an earlier local date than today."""
    return started.astimezone(tz).date() < now.astimezone(tz).date()


def is_past_attack(data: Mapping[str, Any], *, now: datetime, tz: ZoneInfo) -> bool:
    """Tell whether the log flow's attack is one of an earlier day, whose end is asked.

    A start on an earlier local date, unless it was given as "Now" or "1 h ago" (``recent``): those
    log an attack going on, and "1 h ago" at 00:20 is last evening's attack, not yesterday's past one.
    """
    started = datetime.fromisoformat(str(data["started_at"]))
    return not data.get("recent") and is_past_start(started, now=now, tz=tz)


def parse_month(value: str, *, today: date) -> date | None:
    """Read "YYYY-MM" as the first of that month, if it is within the picker's range."""
    try:
        first = date.fromisoformat(value + "-01")
    except ValueError:
        return None
    oldest = add_months(month_start(today), -OLDEST_MONTHS)
    return first if oldest <= first <= month_start(today) else None


def parse_day(value: str, *, today: date) -> date | None:
    """Read "YYYY-MM-DD" if it is a day the picker offers (not in the future, not too old)."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if parse_month(f"{day:%Y-%m}", today=today) is not None and day <= today else None


def calendar_screen(t: Texts, token: str, month: date, *, today: date) -> Screen:
    """One month of day buttons (no future days), with the months before and after."""

    def make(action: str, *args: object) -> str:
        return callbacks.make("log", action, token, *args)

    rows: list[Row] = [[(t.weekday(i, "short"), make("noop")) for i in range(7)]]
    for week in calendar.Calendar().monthdatescalendar(month.year, month.month):
        row: list[tuple[str, str]] = []
        for day in week:
            if day.month != month.month or day > today:
                row.append((" ", make("noop")))
            else:
                row.append((str(day.day), make("day", day.isoformat())))
        rows.append(row)
    navigation: list[tuple[str, str]] = []
    previous = add_months(month, -1)
    if parse_month(f"{previous:%Y-%m}", today=today) is not None:
        navigation.append((f"« {t.month_abbr(previous.month)}", make("cal", f"{previous:%Y-%m}")))
    following = add_months(month, 1)
    if following <= month_start(today):
        navigation.append((f"{t.month_abbr(following.month)} »", make("cal", f"{following:%Y-%m}")))
    if navigation:
        rows.append(navigation)
    rows.append([(t.BTN_DIARY_CANCEL, make("cancel"))])
    text = t.PICK_DAY.format(month=t.month_year(month))
    return Screen(text, inline(rows))


def end_screen(t: Texts, token: str, started: datetime, *, now: datetime, typed: bool = False) -> Screen:
    """Ask how long a past attack lasted, or when it ended; "still going on" only within 14 days.

    A `typed` start (not a day picked on the calendar) asks first whether it is still going on.
    """

    def make(action: str, *args: object) -> str:
        return callbacks.make("log", action, token, *args)

    last = now - started
    buttons = [(label, make("dur", m)) for m, label in t.DURATIONS.items() if timedelta(minutes=m) <= last]
    rows: list[Row] = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    rows.append([(t.BTN_END_TYPE, make("endpick"))])
    if last > MAX_ATTACK:
        return Screen(t.END_ASK_PAST, inline([*rows, [(t.BTN_DIARY_CANCEL, make("cancel"))]]))
    still: Row = [(t.BTN_STILL_GOING, make("still"))]
    if typed:
        return Screen(t.END_ASK_STILL, inline([still, *rows, [(t.BTN_DIARY_CANCEL, make("cancel"))]]))
    return Screen(t.END_ASK_PAST, inline([*rows, still, [(t.BTN_DIARY_CANCEL, make("cancel"))]]))


def start_was_typed(data: Mapping[str, Any]) -> bool:
    """Tell whether the log flow's start was typed or given as "Now"/"1 h ago", not picked on the calendar."""
    return not data.get("day")


def another_past_button(t: Texts, started: datetime, tz: ZoneInfo) -> InlineKeyboardButton:
    """The button under a saved past attack that logs the next one, starting from the same month."""
    data = callbacks.make("log", "past", f"{started.astimezone(tz):%Y-%m}")
    return InlineKeyboardButton(t.BTN_LOG_ANOTHER_PAST, callback_data=data)
