"""``python -m bot broadcast status|pause|resume|cancel``: follow and steer broadcasts from a shell.

Pausing, resuming and cancelling go through the same storage function as the progress message's
buttons, and are audited the same way (as the operator given with --operator, else the first of
OPERATOR_IDS, else the command line itself, id 0).
"""

from __future__ import annotations

import sys
from typing import TextIO
from zoneinfo import ZoneInfo

from sqlalchemy.engine import make_url

from bot.operators.broadcast_views import ENGLISH, format_duration, list_line, status_name, until_words
from bot.services import open_services
from bot.settings import Settings
from scheduler.broadcast_progress import BroadcastProgress, load_progress
from scheduler.clock import Clock, SystemClock
from storage.audit import record_audit
from storage.broadcast_models import BroadcastStatus
from storage.broadcasts import change_broadcast_status, recent_broadcasts
from storage.db import transaction

DONE = {"pause": "paused", "resume": "resumed", "cancel": "cancelled"}
CONTROL_ACTIONS = {
    "pause": "Pause a broadcast.",
    "resume": "Resume a paused or held broadcast.",
    "cancel": "Cancel a broadcast: nobody else gets it.",
}


def database_note(settings: Settings) -> str:
    """Say which database the status comes from: DATABASE_URL, never the sandbox's own (bot/sandbox.py)."""
    database = _shown(settings.database_url)
    sandbox = _shown(settings.sandbox_database_url)
    if sandbox == database:
        return f"database: {database} (DATABASE_URL, which the sandbox uses too)\n"
    return (
        f"database: {database} (DATABASE_URL)\n"
        f"the sandbox's broadcasts are in its own database, {sandbox}, not shown here "
        f"(to see them: DATABASE_URL={sandbox} python -m bot broadcast status)\n"
    )


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _fail(out: TextIO, message: str) -> int:
    out.write(f"error: {message}\n")
    return 1


async def show_status(
    settings: Settings,
    broadcast_id: int | None,
    *,
    out: TextIO = sys.stdout,
    clock: Clock | None = None,
    search_path: str | None = None,
) -> int:
    """Print recent broadcasts, or one broadcast's counts and time left."""
    clock = clock or SystemClock()
    rate = settings.broadcast_rate_per_second
    zone = ZoneInfo(settings.default_timezone)
    async with (
        open_services(settings, clock=clock, search_path=search_path) as services,
        transaction(services.sessions) as session,
    ):
        if broadcast_id is None:
            broadcasts = await recent_broadcasts(session=session, limit=20)
            lines = [_plain(list_line(b, zone=zone)) for b in broadcasts]
            out.write("\n".join(lines) + "\n" if lines else "no broadcasts\n")
            return 0
        progress = await load_progress(
            session=session, broadcast_id=broadcast_id, now=clock.now(), rate_per_second=rate
        )
    if progress is None:
        return _fail(out, f"no broadcast #{broadcast_id}")
    out.write(status_text(progress, clock, zone))
    return 0


def status_text(progress: BroadcastProgress, clock: Clock, zone: ZoneInfo) -> str:
    """One broadcast's status for a terminal."""
    now = clock.now()
    lines = [
        f"broadcast #{progress.broadcast_id}: {_plain(status_name(progress.status, progress.send_at, zone=zone))}",
        f"total {progress.total}  sent {progress.sent}  blocked {progress.blocked}  failed {progress.failed}  "
        f"possible duplicates {progress.possible_duplicates}",
    ]
    if progress.waiting and progress.is_open:
        until = until_words(progress.waiting_until or now, now, zone)  # now: as_of, this process's clock
        lines.append(ENGLISH.BC_PROGRESS_WAITING(progress.waiting).format(count=progress.waiting, until=until).strip())
    if progress.status == BroadcastStatus.HELD:
        lines.append(f"resume it with: python -m bot broadcast resume {progress.broadcast_id} [--operator ID]")
    if progress.status == BroadcastStatus.SENDING and progress.eta_seconds is not None:
        lines.append(f"eta {format_duration(progress.eta_seconds)}")
    if progress.error:
        lines.append(f"error: {progress.error}")
    return "\n".join(lines) + "\n"


async def change_status(
    settings: Settings,
    action: str,
    broadcast_id: int,
    operator: int | None,
    *,
    out: TextIO = sys.stdout,
    clock: Clock | None = None,
    search_path: str | None = None,
) -> int:
    """Pause, resume or cancel a broadcast as an operator (or as the command line); audited."""
    clock = clock or SystemClock()
    operator_id = operator if operator is not None else min(settings.operator_ids, default=0)
    if operator is not None and operator not in settings.operator_ids:
        return _fail(out, f"{operator} is not in OPERATOR_IDS")
    now = clock.now()
    async with (
        open_services(settings, clock=clock, search_path=search_path) as services,
        transaction(services.sessions) as session,
    ):
        changed = await change_broadcast_status(
            session=session, broadcast_id=broadcast_id, operator_id=operator_id, action=action, now=now
        )
        if changed is not None:
            await record_audit(
                session=session,
                user_id=operator_id,
                action=f"broadcast.{action}",
                detail=f"#{broadcast_id} (command line)",
            )
        progress = await load_progress(
            session=session, broadcast_id=broadcast_id, now=now, rate_per_second=settings.broadcast_rate_per_second
        )
    if progress is None:
        return _fail(out, f"no broadcast #{broadcast_id}")
    if changed is None:
        status = _plain(status_name(progress.status, progress.send_at, zone=ZoneInfo(settings.default_timezone)))
        return _fail(out, f"broadcast #{broadcast_id} is {status}: it cannot be {DONE[action]} now")
    out.write(status_text(progress, clock, ZoneInfo(settings.default_timezone)))
    return 0


def _plain(html_line: str) -> str:
    """Drop the few tags list lines carry, for a terminal."""
    for tag in ("<b>", "</b>", "<code>", "</code>"):
        html_line = html_line.replace(tag, "")
    return html_line
