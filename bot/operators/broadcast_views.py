"""How broadcasts look to operators: the progress message with its buttons, summaries, list lines."""

from __future__ import annotations

import html
from datetime import datetime, timedelta
from typing import Any

from babel import Locale, UnknownLocaleError
from telegram import InlineKeyboardMarkup

from bot import callbacks
from bot.keyboards import inline
from bot.texts import LANGUAGES, texts_for
from bot.texts.catalog import Texts
from scheduler.broadcast_progress import BroadcastProgress
from storage.broadcast_models import Broadcast, BroadcastStatus

ENGLISH = texts_for("en")  # the operator CLI's language
BAR_WIDTH = 16
PREFIX = "bc"  # progress buttons: bc:pause:<id>, bc:resume:<id>, bc:cancel:<id>
# Reminder kinds an audience may name: the ones a user switches on (not follow-ups, snoozes or pause ends).
REMINDER_KINDS = ("checkin", "medication", "lesson_drip")


def progress_bar(fraction: float) -> str:
    """Return a fixed-width bar such as ▓▓▓▓░░░░."""
    filled = round(max(0.0, min(fraction, 1.0)) * BAR_WIDTH)
    return "▓" * filled + "░" * (BAR_WIDTH - filled)


def format_duration(seconds: float, t: Texts = ENGLISH) -> str:
    """Return a rough duration as the diary and the report write one: "40 s", "3 min", "2 h 5 min" (Texts.duration)."""
    seconds = max(round(seconds), 0)
    if seconds < 90:
        return t.unit(seconds, "second")
    return t.duration(timedelta(minutes=round(seconds / 60)))


def format_when(moment: datetime, zone: Any = None, t: Texts | None = None) -> str:
    """Return an instant as the operator reads it, in their zone when given (the same on every screen).

    In the reader's language through CLDR ("4 декабря 2026 г., 23:14 MSK") when `t` is given; the command line
    (no `t`) keeps ISO, which its users paste back into --at.
    """
    local = local_time(moment, zone)
    if t is None:
        return local.strftime("%Y-%m-%d %H:%M %Z")
    return f"{t.date_time(local)} {local.strftime('%Z')}".rstrip()


def format_until(moment: datetime, now: datetime, zone: Any = None, t: Texts | None = None) -> str:
    """Return a time later today as 23:00 CET, a later day with its date."""
    if not is_same_day(moment, now, zone):
        return format_when(moment, zone, t)
    local = local_time(moment, zone)
    return local.strftime("%H:%M %Z") if t is None else f"{t.time(local)} {local.strftime('%Z')}".rstrip()


def local_time(moment: datetime, zone: Any = None) -> datetime:
    """Return `moment` in the reader's zone when given (never the machine's), else as it is."""
    return moment.astimezone(zone) if zone is not None else moment


def is_same_day(moment: datetime, now: datetime, zone: Any = None) -> bool:
    """Whether `moment` falls on the reader's today, so that a time alone names it."""
    return local_time(moment, zone).date() == local_time(now, zone).date()


def until_words(moment: datetime, now: datetime, zone: Any = None, t: Texts | None = None) -> str:
    """Return "until 23:00 CET" (a time today) or "until 21 Nov 2026, 13:00 CET", worded as each language needs."""
    texts, until = t or ENGLISH, format_until(moment, now, zone, t)
    if is_same_day(moment, now, zone):
        # Counted by the hour: Spanish says "hasta la 1:30" but "hasta las 13:30".
        return str(texts.BC_PROGRESS_WAITING_AT(local_time(moment, zone).hour).format(until=until))
    return str(texts.BC_PROGRESS_WAITING_ON.format(until=until))


def audience_problem(kind: str, value: str) -> str | None:
    """Say what is wrong with a language or reminder audience the bot has no such thing for; None if fine."""
    if kind == "language" and value not in LANGUAGES:
        return f"no language {value!r}; the bot speaks {', '.join(LANGUAGES)}"
    unknown = [code for code in value.split(",") if code not in LANGUAGES] if kind == "subscribed" and value else []
    if unknown:
        return f"no language {unknown[0]!r}; the bot speaks {', '.join(LANGUAGES)}"
    if kind == "reminder" and value not in REMINDER_KINDS:
        return f"no reminder kind {value!r}; use one of {', '.join(REMINDER_KINDS)}"
    return None


def language_name(code: str, t: Texts = ENGLISH) -> str:
    """Name a language in the reader's language: "Spanish", "inglés", "русский"."""
    try:
        return str(Locale.parse(code).get_display_name(t.language) or code)
    except (UnknownLocaleError, ValueError):
        return code


def audience_label(audience: dict[str, Any], t: Texts = ENGLISH) -> str:
    """Describe a stored audience in words, without the bot's internal names."""
    kind, value = str(audience.get("kind", "all")), str(audience.get("value", ""))
    if kind == "active_days":
        return str(t.BC_AUDIENCE_RECENT(int(value) if value.isdigit() else 0).format(value=value))
    if kind == "language":
        return str(t.BC_AUDIENCE_LANGUAGE.format(language=html.escape(language_name(value, t))))
    if kind == "reminder":
        return str(t.BC_AUDIENCE_REMINDERS.get(value) or html.escape(value))
    if kind == "subscribed" and value:
        names = t.join([language_name(code, t) for code in value.split(",") if code])
        return str(t.BC_AUDIENCE_SUBSCRIBED_IN.format(languages=html.escape(names)))
    labels = {"all": t.BC_AUDIENCE_ALL, "subscribed": t.BC_AUDIENCE_SUBSCRIBED}
    return str(labels.get(kind) or html.escape(kind))


def status_name(
    status: str, send_at: datetime, t: Texts | None = None, zone: Any = None, *, due_by: datetime | None = None
) -> str:
    """Name a broadcast status, with the send time (in the reader's zone) for scheduled ones.

    A scheduled broadcast whose time is not after `due_by` (now, or its creation for one sent at once) is
    named as started, not "scheduled for" a time that has come: the worker picks it up within seconds.
    """
    texts = t or ENGLISH
    if status == BroadcastStatus.SCHEDULED and due_by is not None and send_at <= due_by:
        now = due_by if due_by > send_at else send_at
        when = format_until(send_at, now, zone, t)
        if is_same_day(send_at, now, zone):
            # Counted by the hour: Spanish says "desde la 1:30" but "desde las 13:30".
            return str(texts.BC_STATUS_STARTED_AT(local_time(send_at, zone).hour).format(when=when))
        return str(texts.BC_STATUS_STARTED_ON.format(when=when))
    return str(texts.BC_STATUS_NAMES.get(status, status).format(when=format_when(send_at, zone, t)))


def progress_buttons(broadcast_id: int, status: str, t: Texts = ENGLISH) -> InlineKeyboardMarkup | None:
    """Pause or resume, and cancel, while the broadcast can still change; none once it is over."""
    cancel = (t.BC_BTN_CANCEL, callbacks.make(PREFIX, "cancel", broadcast_id))
    if status in {BroadcastStatus.SENDING, BroadcastStatus.SCHEDULED}:
        return inline([[(t.BC_BTN_PAUSE, callbacks.make(PREFIX, "pause", broadcast_id)), cancel]])
    if status in {BroadcastStatus.PAUSED, BroadcastStatus.HELD}:
        return inline([[(t.BC_BTN_RESUME, callbacks.make(PREFIX, "resume", broadcast_id)), cancel]])
    return None


def cancel_question(progress: BroadcastProgress, t: Texts = ENGLISH) -> tuple[str, InlineKeyboardMarkup]:
    """Ask before cancelling: how many would not get it, Yes or Keep it."""
    count = progress.remaining
    keyboard = inline(
        [
            [(t.BC_BTN_CANCEL_YES, callbacks.make(PREFIX, "cancelok", progress.broadcast_id))],
            [(t.BC_BTN_CANCEL_NO, callbacks.make(PREFIX, "keep", progress.broadcast_id))],
        ]
    )
    return t.BC_CANCEL_ASK(count).format(id=progress.broadcast_id, count=count), keyboard


def progress_view(
    progress: BroadcastProgress, t: Texts = ENGLISH, zone: Any = None
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Return the progress message text (bar, counts, ETA) and its buttons, times in the reader's zone."""
    waiting = ""
    # After a cancel nobody waits for anything; before the send time everyone does, as the status says.
    if progress.waiting and progress.is_open and progress.send_at <= progress.as_of:
        until = until_words(progress.waiting_until or progress.as_of, progress.as_of, zone, t)
        waiting = t.BC_PROGRESS_WAITING(progress.waiting).format(count=progress.waiting, until=until)
    live = progress.status == BroadcastStatus.SENDING and progress.eta_seconds is not None
    eta = t.BC_PROGRESS_ETA.format(duration=format_duration(progress.eta_seconds or 0, t)) if live else ""
    text = t.BC_PROGRESS.format(
        id=progress.broadcast_id,
        status=status_name(progress.status, progress.send_at, t, zone, due_by=progress.as_of),
        bar=progress_bar(progress.fraction),
        percent=int(progress.fraction * 100),
        sent=progress.sent,
        total=progress.total,
        blocked=progress.blocked,
        failed=progress.failed,
        waiting=waiting,
        eta=eta,
    )
    return text.rstrip(), progress_buttons(progress.broadcast_id, progress.status, t)


def final_summary(progress: BroadcastProgress, t: Texts = ENGLISH) -> str:
    """Return the summary sent when a broadcast finishes or is stopped."""
    if progress.status == BroadcastStatus.STOPPED:
        return str(t.BC_SUMMARY_STOPPED).format(
            id=progress.broadcast_id, error=html.escape(progress.error), sent=progress.sent, total=progress.total
        )
    duplicates = (
        t.BC_SUMMARY_DUPLICATES.format(count=progress.possible_duplicates) if progress.possible_duplicates else ""
    )
    return str(t.BC_SUMMARY_DONE).format(
        id=progress.broadcast_id,
        sent=progress.sent,
        total=progress.total,
        blocked=progress.blocked,
        failed=progress.failed,
        duplicates=duplicates,
    )


def list_line(broadcast: Broadcast, t: Texts | None = None, zone: Any = None) -> str:
    """Return one line of /broadcasts (ISO dates for the command line, which passes no `t`)."""
    created = broadcast.created_at.astimezone(zone) if zone is not None else broadcast.created_at
    texts = t or ENGLISH
    return str(texts.BC_LIST_LINE).format(
        id=broadcast.id,
        created=created.strftime("%Y-%m-%d %H:%M") if t is None else t.date_time(created),
        status=status_name(broadcast.status, broadcast.send_at, t, zone, due_by=broadcast.created_at),
        sent=broadcast.sent,
        total=broadcast.total,
        blocked=broadcast.blocked,
        failed=broadcast.failed,
        audience=audience_label(broadcast.audience, texts),
    )
