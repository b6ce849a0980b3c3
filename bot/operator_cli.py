"""``python -m bot broadcast``: create a broadcast, or see how broadcasts are going, from a shell.

    python -m bot broadcast --text-file FILE --audience AUDIENCE [--at TIME] [--urgent] [--dry-run]
    python -m bot broadcast status [ID]

It writes the same rows through the same storage functions as /broadcast; the running bot's worker
sends them and reports to the operator in Telegram. AUDIENCE is all, subscribed, language:en,
reminder:checkin or active_days:30; TIME is ISO (in DEFAULT_TIMEZONE unless it has an offset) or "in 2h".
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from sqlalchemy.engine import make_url

from bot.broadcast_views import audience_label, format_duration, format_when, list_line
from bot.handlers.broadcast_schedule import parse_send_time
from bot.services import open_services
from bot.settings import Settings
from content import utf16_length
from content.html import markup_problems
from scheduler.broadcast_progress import load_progress
from scheduler.clock import Clock, SystemClock
from storage.audit import record_audit
from storage.broadcasts import Audience, BroadcastContent, count_audience, create_broadcast, recent_broadcasts
from storage.db import transaction

TEXT_LIMIT = 4096


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for creating a broadcast (`status` has its own, below)."""
    parser = argparse.ArgumentParser(prog="python -m bot broadcast", description="Create a broadcast.")
    parser.add_argument("--text-file", type=Path, required=True, help="message in Telegram HTML")
    parser.add_argument(
        "--audience", required=True, help="all | subscribed | language:en | reminder:KIND | active_days:N"
    )
    parser.add_argument("--at", help='ISO time (DEFAULT_TIMEZONE unless it has an offset) or "in 2h"; default now')
    parser.add_argument("--urgent", action="store_true", help="urgent safety notice: ignore quiet hours")
    parser.add_argument("--operator", type=int, help="operator id to report to (default: the first OPERATOR_IDS)")
    parser.add_argument("--dry-run", action="store_true", help="check and count recipients, create nothing")
    return parser


def main(argv: list[str], settings: Settings, *, out: TextIO = sys.stdout, clock: Clock | None = None) -> int:
    """Run `broadcast ...` and return the exit code."""
    if argv[:1] == ["status"]:
        status = argparse.ArgumentParser(prog="python -m bot broadcast status", description="Broadcast progress.")
        status.add_argument("id", nargs="?", type=int, help="one broadcast; default: the recent ones")
        broadcast_id = status.parse_args(argv[1:]).id
        out.write(database_note(settings))
        return asyncio.run(show_status(settings, broadcast_id, out=out, clock=clock))
    args = build_parser().parse_args(argv)
    return asyncio.run(create_from_file(settings, args, out=out, clock=clock))


def database_note(settings: Settings) -> str:
    """Say which database the status comes from: DATABASE_URL, never the sandbox's own (bot/sandbox.py)."""
    database = _shown(settings.database_url)
    sandbox = _shown(settings.sandbox_database_url)
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


async def create_from_file(
    settings: Settings, args: argparse.Namespace, *, out: TextIO, clock: Clock | None = None
) -> int:
    """Check the text and audience, then create the broadcast (or only count it with --dry-run)."""
    clock = clock or SystemClock()
    try:
        text = args.text_file.read_text(encoding="utf-8").strip()
        audience = Audience.parse(args.audience)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        return _fail(out, str(error))
    # Telegram checks the HTML only when the worker sends; catch what we can before anything is created.
    problems = markup_problems(text) if text else ["the text file is empty"]
    if utf16_length(text) > TEXT_LIMIT:
        problems.append(f"the text is longer than Telegram's {TEXT_LIMIT} characters")
    if problems:
        return _fail(out, "; ".join(problems))
    operator_id = args.operator if args.operator is not None else min(settings.operator_ids, default=0)
    if settings.operator_ids and operator_id not in settings.operator_ids:
        return _fail(out, f"{operator_id} is not in OPERATOR_IDS")
    now = clock.now()
    send_at = now
    if args.at:
        parsed = parse_send_time(args.at, now=now, zone=ZoneInfo(settings.default_timezone))
        if parsed is None or parsed <= now:
            return _fail(out, f"--at {args.at!r} is not a time in the future")
        send_at = parsed
    async with open_services(settings, clock=clock) as services, transaction(services.sessions) as session:
        count = await count_audience(session=session, audience=audience, now=now)
        label = audience_label(audience.as_json())
        if args.dry_run:
            out.write(f"dry run: {count} recipients ({label}); nothing created\n")
            return 0
        broadcast = await create_broadcast(
            session=session,
            operator_id=operator_id,
            content=BroadcastContent(text=text),
            audience=audience,
            send_at=send_at,
            now=now,
            ignore_quiet_hours=args.urgent,
        )
        detail = f"#{broadcast.id} {audience} {broadcast.total} recipients (command line)"
        await record_audit(session=session, user_id=operator_id, action="broadcast.create", detail=detail)
    out.write(
        f"broadcast #{broadcast.id}: {broadcast.total} recipients ({label}), sending from {format_when(send_at)}; "
        "the running bot sends it. Follow it with: python -m bot broadcast status "
        f"{broadcast.id}\n"
    )
    return 0


async def show_status(settings: Settings, broadcast_id: int | None, *, out: TextIO, clock: Clock | None = None) -> int:
    """Print recent broadcasts, or one broadcast's counts and ETA."""
    clock = clock or SystemClock()
    rate = settings.broadcast_rate_per_second
    async with open_services(settings, clock=clock) as services, transaction(services.sessions) as session:
        if broadcast_id is None:
            broadcasts = await recent_broadcasts(session=session, limit=20)
            out.write("\n".join(_plain(list_line(b)) for b in broadcasts) + "\n" if broadcasts else "no broadcasts\n")
            return 0
        progress = await load_progress(
            session=session, broadcast_id=broadcast_id, now=clock.now(), rate_per_second=rate
        )
    if progress is None:
        return _fail(out, f"no broadcast #{broadcast_id}")
    eta = format_duration(progress.eta_seconds) if progress.eta_seconds and progress.status == "sending" else "-"
    out.write(
        f"broadcast #{progress.broadcast_id}: {progress.status}\n"
        f"total {progress.total}  sent {progress.sent}  blocked {progress.blocked}  failed {progress.failed}  "
        f"waiting {progress.waiting}  possible duplicates {progress.possible_duplicates}\n"
        f"eta {eta}{'  error: ' + progress.error if progress.error else ''}\n"
    )
    return 0


def _plain(html_line: str) -> str:
    """Drop the few tags list lines carry, for a terminal."""
    for tag in ("<b>", "</b>", "<code>", "</code>"):
        html_line = html_line.replace(tag, "")
    return html_line
