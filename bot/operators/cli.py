"""``python -m bot broadcast``: create a broadcast, follow it, pause, resume or cancel it, from a shell.

    python -m bot broadcast --text-file FILE --audience AUDIENCE [--at TIME] [--urgent] [--dry-run] [--yes]
    python -m bot broadcast status [ID]
    python -m bot broadcast pause|resume|cancel ID

It writes the same rows through the same storage functions as /broadcast; the running bot's worker
sends them and reports to the operator in Telegram. Creating refuses what would go wrong silently: an
audience the bot has no such users for (a language it does not speak, a reminder kind it does not
have), nobody to report to (no OPERATOR_IDS), or nobody to send to; --yes creates the last two anyway.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.operators.broadcast_views import ENGLISH, audience_label, audience_problem, format_when
from bot.operators.cli_control import CONTROL_ACTIONS, change_status, database_note, show_status
from bot.operators.send_time import parse_send_time
from bot.services import open_services
from bot.settings import Settings
from content import utf16_length
from content.html import markup_problems
from scheduler.clock import Clock, SystemClock
from storage.audit import record_audit
from storage.broadcasts import Audience, BroadcastContent, count_audience, create_broadcast
from storage.db import transaction

__all__ = ["build_parser", "database_note", "main"]

TEXT_LIMIT = 4096
OTHER_COMMANDS = """other commands:
  python -m bot broadcast status [ID]   recent broadcasts, or one broadcast's counts and time left
  python -m bot broadcast pause ID      pause a broadcast (any operator's)
  python -m bot broadcast resume ID     resume a paused or held broadcast; it reports to --operator from then on
  python -m bot broadcast cancel ID     cancel a broadcast: nobody else gets it

examples:
  python -m bot broadcast --text-file notice.html --audience subscribed --at "in 2h" --dry-run
  python -m bot broadcast --text-file notice.html --audience language:es --at "tomorrow 09:00"
"""


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for creating a broadcast (`status`, `pause`, `resume` and `cancel` have their own)."""
    parser = argparse.ArgumentParser(
        prog="python -m bot broadcast",
        description="Create a broadcast; the running bot sends it.",
        epilog=OTHER_COMMANDS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--text-file", type=Path, required=True, help="message in Telegram HTML")
    parser.add_argument(
        "--audience",
        required=True,
        help="all | subscribed | language:en|es|ru | reminder:checkin|medication|lesson_drip | active_days:N",
    )
    parser.add_argument(
        "--at",
        help='"in 2h", "in 1d 3h", "tomorrow 09:00" or ISO (DEFAULT_TIMEZONE unless it has an offset); default now',
    )
    parser.add_argument("--urgent", action="store_true", help="urgent safety notice: ignore quiet hours")
    parser.add_argument("--operator", type=int, help="operator id to report to (default: the first OPERATOR_IDS)")
    parser.add_argument("--dry-run", action="store_true", help="check and count recipients, create nothing")
    parser.add_argument(
        "--yes", action="store_true", help="create it even with no operator configured or with 0 recipients"
    )
    return parser


def main(
    argv: list[str],
    settings: Settings,
    *,
    out: TextIO = sys.stdout,
    clock: Clock | None = None,
    search_path: str | None = None,
) -> int:
    """Run `broadcast ...` and return the exit code (search_path: a PostgreSQL schema, for tests)."""
    if argv[:1] == ["status"]:
        status = argparse.ArgumentParser(prog="python -m bot broadcast status", description="Broadcast progress.")
        status.add_argument("id", nargs="?", type=int, help="one broadcast; default: the recent ones")
        broadcast_id = status.parse_args(argv[1:]).id
        out.write(database_note(settings))
        return asyncio.run(show_status(settings, broadcast_id, out=out, clock=clock, search_path=search_path))
    if argv[:1] and argv[0] in CONTROL_ACTIONS:
        action = argv[0]
        control = argparse.ArgumentParser(prog=f"python -m bot broadcast {action}", description=CONTROL_ACTIONS[action])
        control.add_argument("id", type=int, help="the broadcast's number (see: python -m bot broadcast status)")
        control.add_argument("--operator", type=int, help="operator id acting (default: the first OPERATOR_IDS)")
        args = control.parse_args(argv[1:])
        return asyncio.run(
            change_status(settings, action, args.id, args.operator, out=out, clock=clock, search_path=search_path)
        )
    args = build_parser().parse_args(argv)
    return asyncio.run(create_from_file(settings, args, out=out, clock=clock, search_path=search_path))


def _fail(out: TextIO, message: str) -> int:
    out.write(f"error: {message}\n")
    return 1


async def create_from_file(
    settings: Settings,
    args: argparse.Namespace,
    *,
    out: TextIO,
    clock: Clock | None = None,
    search_path: str | None = None,
) -> int:
    """Check the text and audience, then create the broadcast (or only count it with --dry-run)."""
    clock = clock or SystemClock()
    try:
        text = args.text_file.read_text(encoding="utf-8").strip()
        audience = Audience.parse(args.audience)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        return _fail(out, str(error))
    unknown = audience_problem(audience.kind, audience.value)
    if unknown is not None:
        return _fail(out, unknown)
    # Telegram checks the HTML only when the worker sends; catch what we can before anything is created.
    problems = markup_problems(text) if text else ["the text file is empty"]
    if utf16_length(text) > TEXT_LIMIT:
        problems.append(f"the text is longer than Telegram's {TEXT_LIMIT} characters")
    if problems:
        return _fail(out, "; ".join(problems))
    operator_id = args.operator if args.operator is not None else min(settings.operator_ids, default=0)
    if settings.operator_ids and operator_id not in settings.operator_ids:
        return _fail(out, f"{operator_id} is not in OPERATOR_IDS")
    if not settings.operator_ids and not (args.yes or args.dry_run):
        return _fail(
            out,
            "no operator is configured (OPERATOR_IDS is empty): nobody would be told how it goes, and only "
            "this command line could pause or cancel it. Set OPERATOR_IDS, or add --yes to create it anyway",
        )
    now = clock.now()
    zone = ZoneInfo(settings.default_timezone)
    send_at = now
    if args.at:
        parsed = parse_send_time(args.at, now=now, zone=zone)
        if parsed is None or parsed <= now:
            return _fail(out, f"--at {args.at!r} is not a time in the future")
        send_at = parsed
    async with (
        open_services(settings, clock=clock, search_path=search_path) as services,
        transaction(services.sessions) as session,
    ):
        count = await count_audience(session=session, audience=audience, now=now)
        label = audience_label(audience.as_json())
        if args.dry_run:
            out.write(ENGLISH.CLI_DRY_RUN(count).format(count=count, audience=label) + "\n")
            return 0
        if count == 0 and not args.yes:
            return _fail(out, ENGLISH.CLI_NOBODY.format(audience=label))
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
    total = broadcast.total
    out.write(
        ENGLISH.CLI_CREATED(total).format(id=broadcast.id, count=total, audience=label, when=format_when(send_at, zone))
        + "\n"
    )
    return 0
