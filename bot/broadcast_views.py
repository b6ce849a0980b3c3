"""How broadcasts look to operators: the progress message with its buttons, summaries, list lines."""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from telegram import InlineKeyboardMarkup

from bot import callbacks
from bot.keyboards import inline
from bot.texts import en
from scheduler.broadcast_progress import BroadcastProgress
from storage.broadcast_models import Broadcast, BroadcastStatus

BAR_WIDTH = 16
PREFIX = "bc"  # progress buttons: bc:pause:<id>, bc:resume:<id>, bc:cancel:<id>


def progress_bar(fraction: float) -> str:
    """Return a fixed-width bar such as ▓▓▓▓░░░░."""
    filled = round(max(0.0, min(fraction, 1.0)) * BAR_WIDTH)
    return "▓" * filled + "░" * (BAR_WIDTH - filled)


def format_duration(seconds: float) -> str:
    """Return a rough duration: 40 s, 3 min, 2 h 5 min."""
    seconds = max(round(seconds), 0)
    if seconds < 90:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 90:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"


def format_when(moment: datetime, zone: Any = None) -> str:
    """Return an instant as the operator reads it, in their zone when given."""
    local = moment.astimezone(zone) if zone is not None else moment
    return local.strftime("%Y-%m-%d %H:%M %Z")


def audience_label(audience: dict[str, Any]) -> str:
    """Describe a stored audience in words."""
    kind, value = str(audience.get("kind", "all")), html.escape(str(audience.get("value", "")))
    labels = {
        "all": en.BC_AUDIENCE_ALL,
        "subscribed": en.BC_AUDIENCE_SUBSCRIBED,
        "language": en.BC_AUDIENCE_LANGUAGE,
        "reminder": en.BC_AUDIENCE_REMINDER,
        "active_days": en.BC_AUDIENCE_RECENT,
    }
    return labels.get(kind, kind).format(value=value)


def status_name(status: str, send_at: datetime) -> str:
    """Name a broadcast status, with the send time for scheduled ones."""
    return en.BC_STATUS_NAMES.get(status, status).format(when=format_when(send_at))


def progress_buttons(broadcast_id: int, status: str) -> InlineKeyboardMarkup | None:
    """Pause or resume, and cancel, while the broadcast can still change; none once it is over."""
    cancel = (en.BC_BTN_CANCEL, callbacks.make(PREFIX, "cancel", broadcast_id))
    if status in {BroadcastStatus.SENDING, BroadcastStatus.SCHEDULED}:
        return inline([[(en.BC_BTN_PAUSE, callbacks.make(PREFIX, "pause", broadcast_id)), cancel]])
    if status == BroadcastStatus.PAUSED:
        return inline([[(en.BC_BTN_RESUME, callbacks.make(PREFIX, "resume", broadcast_id)), cancel]])
    return None


def progress_view(progress: BroadcastProgress) -> tuple[str, InlineKeyboardMarkup | None]:
    """Return the progress message text (bar, counts, ETA) and its buttons."""
    waiting = en.BC_PROGRESS_WAITING.format(count=progress.waiting) if progress.waiting else ""
    live = progress.status == BroadcastStatus.SENDING and progress.eta_seconds is not None
    eta = en.BC_PROGRESS_ETA.format(duration=format_duration(progress.eta_seconds or 0)) if live else ""
    text = en.BC_PROGRESS.format(
        id=progress.broadcast_id,
        status=status_name(progress.status, progress.send_at),
        bar=progress_bar(progress.fraction),
        percent=int(progress.fraction * 100),
        sent=progress.sent,
        total=progress.total,
        blocked=progress.blocked,
        failed=progress.failed,
        waiting=waiting,
        eta=eta,
    )
    return text.rstrip(), progress_buttons(progress.broadcast_id, progress.status)


def final_summary(progress: BroadcastProgress) -> str:
    """Return the summary sent when a broadcast finishes or is stopped."""
    if progress.status == BroadcastStatus.STOPPED:
        return en.BC_SUMMARY_STOPPED.format(
            id=progress.broadcast_id, error=html.escape(progress.error), sent=progress.sent, total=progress.total
        )
    duplicates = (
        en.BC_SUMMARY_DUPLICATES.format(count=progress.possible_duplicates) if progress.possible_duplicates else ""
    )
    return en.BC_SUMMARY_DONE.format(
        id=progress.broadcast_id,
        sent=progress.sent,
        total=progress.total,
        blocked=progress.blocked,
        failed=progress.failed,
        duplicates=duplicates,
    )


def list_line(broadcast: Broadcast) -> str:
    """Return one line of /broadcasts."""
    return en.BC_LIST_LINE.format(
        id=broadcast.id,
        created=broadcast.created_at.strftime("%Y-%m-%d %H:%M"),
        status=status_name(broadcast.status, broadcast.send_at),
        sent=broadcast.sent,
        total=broadcast.total,
        blocked=broadcast.blocked,
        failed=broadcast.failed,
        audience=audience_label(broadcast.audience),
    )
