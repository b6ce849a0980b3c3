"""The /reminders screens: pure text and keyboards built from the user's rows and preferences."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import datetime, time
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup

from bot import callbacks
from bot.keyboards import Row, inline
from bot.texts.catalog import Texts
from scheduler.kinds import ScheduleKind
from scheduler.rules import LocalRule
from scheduler.timeparse import TimeParseError, format_local_time
from storage.deliveries import Adherence
from storage.schedule_models import ReminderPrefs, Schedule

PREFIX = "rem"
Screen = tuple[str, InlineKeyboardMarkup]
WEEKDAYS = frozenset(range(5))


def data(action: str, *args: object) -> str:
    """Return the callback data of a /reminders button."""
    return callbacks.make(PREFIX, action, *args)


def times_text(t: Texts, times: Iterable[time]) -> str:
    """Write times of day as the language lists them: "08:00 and 20:00", "08:00 y 20:00", "08:00 и 20:00"."""
    return t.join([format_local_time(at) for at in times])


def days_text(t: Texts, weekdays: Iterable[int]) -> str:
    """Write weekdays as "every day", "Mon–Fri" or "Mon, Wed, Fri"."""
    days = frozenset(weekdays)
    if not days or len(days) == 7:
        return str(t.REM_EVERY_DAY)
    if days == WEEKDAYS:
        return str(t.REM_WEEKDAYS_ONLY)
    return ", ".join(t.weekday(day) for day in sorted(days))


def rule_of(row: Schedule) -> LocalRule:
    """Return a row's stored rule (rows shown here were written by this code, so they parse)."""
    return LocalRule.from_json(row.rule)


def menu_screen(
    t: Texts,
    *,
    zone: str,
    rows: Sequence[Schedule],
    prefs: ReminderPrefs,
    adherence: dict[int, Adherence],
) -> Screen:
    """Return the /reminders overview with its buttons."""
    by_kind = {kind: [r for r in rows if r.kind == kind and r.rule is not None] for kind in ScheduleKind}
    checkin = next(iter(by_kind[ScheduleKind.CHECKIN]), None)
    drip = next(iter(by_kind[ScheduleKind.LESSON_DRIP]), None)
    meds = by_kind[ScheduleKind.MEDICATION]
    lines = [t.REM_TITLE, ""]
    if checkin is not None and _on(checkin, prefs):
        lines.append(t.REM_CHECKIN_ON.format(time=times_text(t, rule_of(checkin).times)))
    else:
        lines.append(t.REM_CHECKIN_OFF)
    lines.append(t.REM_MEDS_HEADER if meds else t.REM_MEDS_NONE)
    for row in meds:
        rule = rule_of(row)
        line = t.REM_MED_LINE.format(
            name=html.escape(str(row.payload.get("name", ""))),
            times=times_text(t, rule.times),
            days=days_text(t, rule.weekdays),
            state="" if _on(row, prefs) else t.REM_MED_OFF,
        )
        score = adherence.get(row.id or 0)
        if score is not None and score.total:
            line += t.REM_MED_ADHERENCE.format(taken=score.taken, total=score.total)
        lines.append(line)
    if drip is not None and _on(drip, prefs):
        every = int(drip.payload.get("every_days", 1))
        # Only the choices are ever stored (press_drip checks); anything else is still not worded in English.
        label = t.DRIP_CHOICES.get(every) or t.unit(every, "day")
        lines.append(t.REM_DRIP_ON.format(every=label, time=times_text(t, rule_of(drip).times)))
    else:
        lines.append(t.REM_DRIP_OFF)
    if prefs.quiet_start is not None and prefs.quiet_end is not None:
        start, end = format_local_time(prefs.quiet_start), format_local_time(prefs.quiet_end)
        lines += [t.REM_QUIET_ON.format(start=start, end=end), f"<i>{t.REM_QUIET_NOTE}</i>"]
    else:
        lines.append(t.REM_QUIET_OFF)
    lines += ["", t.REM_ZONE_NOTE.format(zone=html.escape(t.zone_city(zone)))]
    if prefs.paused and prefs.paused_until is not None:
        lines += ["", t.REM_PAUSED_UNTIL_NOTE.format(day=day_text(prefs.paused_until, zone, t))]
    elif prefs.paused:
        lines += ["", t.REM_PAUSED_NOTE]
    return "\n".join(lines), inline(_menu_rows(t, checkin, meds, prefs))


def _on(row: Schedule, prefs: ReminderPrefs) -> bool:
    """Return whether a row counts as on: enabled, or only switched off by "pause everything"."""
    return row.enabled or (prefs.paused and row.disabled_reason == "paused")


def _menu_rows(t: Texts, checkin: Schedule | None, meds: Sequence[Schedule], prefs: ReminderPrefs) -> list[Row]:
    checkin_on = checkin is not None and _on(checkin, prefs)
    toggle = (t.BTN_REM_CHECKIN_OFF, data("ci", "off")) if checkin_on else (t.BTN_REM_CHECKIN_ON, data("ci", "on"))
    rows: list[Row] = [
        [(t.BTN_REM_CHECKIN_TIME, data("ci", "time")), toggle],
        [(t.BTN_REM_MED_ADD, data("med", "new"))],
    ]
    for row in meds:
        name = str(row.payload.get("name", ""))[:24]
        rows.append(
            [
                (t.BTN_REM_MED_EDIT.format(name=name), data("med", "edit", row.id)),
                (t.BTN_REM_MED_REMOVE.format(name=name), data("med", "del", row.id)),
            ]
        )
    rows.append([(t.BTN_REM_DRIP, data("drip", "ask")), (t.BTN_REM_QUIET, data("quiet", "ask"))])
    rows.append([(t.BTN_REM_RESUME, data("resume")) if prefs.paused else (t.BTN_REM_PAUSE, data("pause"))])
    return rows


def days_screen(t: Texts, selected: Iterable[int]) -> Screen:
    """Return the weekday picker of the medication flow."""
    chosen = frozenset(selected)
    marks = [(("✅ " if day in chosen else "▫️ ") + t.weekday(day), data("day", day)) for day in range(7)]
    rows: list[Row] = [
        marks[:4],
        marks[4:],
        [(t.BTN_DAYS_ALL, data("days", "all")), (t.BTN_DAYS_WEEKDAYS, data("days", "wk"))],
        [(t.BTN_DAYS_SAVE, data("days", "save"))],
    ]
    return t.REM_ASK_MED_DAYS.format(days=days_text(t, chosen) if chosen else "–"), inline(rows)


def drip_screen(t: Texts, at: time) -> Screen:
    """Return the lesson drip choices, with a button to change the time they come at."""
    choices = [(label.capitalize(), data("drip", "set", every)) for every, label in t.DRIP_CHOICES.items()]
    rows: list[Row] = [
        choices[:2],
        choices[2:],
        [(t.BTN_DRIP_TIME.format(time=format_local_time(at)), data("drip", "time"))],
        [(t.BTN_DRIP_OFF, data("drip", "off"))],
    ]
    return t.REM_ASK_DRIP.format(time=format_local_time(at)), inline(rows)


def pause_screen(t: Texts) -> Screen:
    """Return the choices of how long to pause every reminder."""
    spans = [(label, data("pause", days)) for days, label in t.PAUSE_FOR_DAYS.items()]
    rows: list[Row] = [
        spans[:2],
        spans[2:],
        [(t.BTN_PAUSE_UNTIL_DATE, data("pause", "date")), (t.BTN_PAUSE_UNTIL_RESUMED, data("pause", 0))],
        [(t.BTN_REM_MENU, data("menu"))],
    ]
    return t.REM_ASK_PAUSE, inline(rows)


def medication_screen(t: Texts, row: Schedule) -> Screen:
    """Return one medication reminder with buttons to change its times or days, or remove it."""
    rule = rule_of(row)
    name = html.escape(str(row.payload.get("name", "")))
    text = t.REM_MED_EDIT.format(name=name, times=times_text(t, rule.times), days=days_text(t, rule.weekdays))
    rows: list[Row] = [
        [(t.BTN_MED_EDIT_TIMES, data("med", "times", row.id)), (t.BTN_MED_EDIT_DAYS, data("med", "days", row.id))],
        [(t.BTN_MED_REMOVE, data("med", "del", row.id))],
        [(t.BTN_REM_MENU, data("menu"))],
    ]
    return text, inline(rows)


def day_text(at: datetime, zone: str, t: Texts) -> str:
    """Write the local day of a UTC instant in the reader's language: "Fri 27 Nov", "viernes 27 de noviembre",
    "27 ноября (пт)"."""
    return t.short_day(at.astimezone(ZoneInfo(zone)).date())


def quiet_screen(t: Texts) -> Screen:
    """Return the question for the start of quiet hours, with a button to turn them off."""
    return t.REM_ASK_QUIET_START, inline([[(t.BTN_QUIET_OFF, data("quiet", "off"))]])


def time_refusal(error: TimeParseError, t: Texts) -> str:
    """Word a refused time of day for the user, quoting (at most 20 characters of) what they typed."""
    shown = error.text.strip()
    shown = shown[:20] + "…" if len(shown) > 20 else shown
    return str(t.TIME_REFUSED[error.reason.value].format(text=html.escape(shown), example=t.TIME_EXAMPLE))
