"""CPU per update of the full bot, in-process, by step of bench/load.py's round (issue 16).

Run: .venv/bin/python -m bench.presses [--rounds 40] [--chats 20] [--pg-url URL] [--profile FILE] [--trace]
     [--stats] [--callgrind] (under valgrind --tool=callgrind --instr-atstart=no: instructions of the measured rounds)

The real Application and database (SQLite file, or a fresh PostgreSQL database from --pg-url), the
in-process fake Bot API. Each chat goes round bench/load.py's ROUND (without /stats): /log and its
presses to a saved attack that then ends, a check-in answer, /lessons and three lesson presses, a free
text and, when asked, "no" to the safety question. An update is handled as the webhook handles it (the
pressed message trimmed, Update.de_json, the update processor), and timed in process CPU time; the
fake's own CPU (answering each Bot API call) is measured apart and taken out. The first rounds warm up
and are not counted. --stats adds /stats to the round, before the free text, where bench/load.py's round has it
(its per-user budget lifted: the chats go round faster than a person could ask); its chart renders in a
thread, whose CPU the process time counts. Printed by step: CPU ms per update, SQL statements (BEGIN and COMMIT do not
count; SQLite's BEGIN IMMEDIATE goes with the first statement) and Bot API calls per update. --trace prints them for one
chat's last round. No HTTP: bench/load.py measures the webhook server and the transport too. On a shared
machine, compare figures of runs made one after the other, several times.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import random
import re
import statistics
import subprocess
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Table, event, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from telegram import Update

import storage.db
from bot import budgets
from bot.app import build_application
from bot.diary.checkin import checkin_prompt
from bot.fake_telegram import FakeRequest, FakeTelegram
from bot.fake_telegram import request as fake_request
from bot.services import open_services
from bot.settings import load_settings
from bot.webhook import trim_pressed_message
from storage import direct
from storage.db import transaction
from storage.models import User

FIRST_USER = 70_000
WARM_ROUNDS = 3
# bench/load.py's ROUND without /stats: (kind, text) or, for a press, (kind, the pattern its data matches).
ROUND: list[tuple[str, str]] = [
    ("/log", "/log"),
    ("log: now", r"log:now:"),
    ("log: intensity", r"log:i:\w+:([7-9]|10)$"),
    ("log: none (save)", r"log:none:"),
    ("attack: end", r"atk:end:"),
    ("attack: ended now", r"atk:en:\d+:0$"),
    ("check-in answer", ""),
    ("/lessons", "/lessons"),
    ("lesson: module", r"lesson:mod:"),
    ("lesson: open", r"lesson:open:"),
    ("lesson: go", r"lesson:go:"),
    ("free text", ""),
    ("safety answer", r"sf:n:"),
]
STATS_STEP = ("/stats", "/stats")
FREE_TEXT = ["what helps a migraine", "is coffee a trigger", "aura", "sleep and headaches", "hello"]


class FakeClock:
    """CPU seconds spent answering Bot API calls in the fake, to take out of the bot's; calls and statements."""

    seconds = 0.0
    calls = 0
    statements = 0
    trace = False


def count_statements(*engines: Any) -> None:
    """Count every statement sent to the database (BEGIN and COMMIT are not statements here).

    Counted as SQLAlchemy connections execute them ("before_execute"), and those asyncpg runs by itself on
    PostgreSQL (the read of the sender, the statements of read_once and write_repeatable), or sqlite3 on SQLite
    (the transactions of read_once, write_repeatable and run_transaction), as they are sent: a
    "before_cursor_execute" listener would make storage.db run them through SQLAlchemy instead, and so
    measure another path than the bot's.
    """

    def counted(_conn: Any, statement: Any, *_args: Any) -> None:
        FakeClock.statements += 1
        if FakeClock.trace:
            print("   SQL", " ".join(str(statement).split())[:160])

    for engine in engines:
        if engine is not None:
            event.listen(engine.sync_engine, "before_execute", counted)
    # The statements asyncpg or sqlite3 runs by itself (storage.direct, storage.direct_sqlite), counted once
    # each as sent; the listener above must not send them through SQLAlchemy
    # (storage.db.statements_watched), as it would a listener that records what is sent. A statement that
    # asyncpg cannot run is not sent (NotDirect): SQLAlchemy runs it, and the listener counts it there.
    run = direct.DirectConnection.execute

    async def counted_run(connection: Any, statement: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            result = await run(connection, statement, *args, **kwargs)
        except direct.NotDirect:
            raise
        except BaseException:
            counted(None, statement)  # sent, then failed (or, rarely, refused by asyncpg before sending): counted
            raise
        counted(None, statement)
        return result

    direct.DirectConnection.execute = counted_run  # type: ignore[method-assign]
    storage.db.statements_watched = lambda engine: False


def time_the_fake() -> None:
    """Wrap the fake's answer so that its CPU time is counted apart."""
    answer = fake_request.answer_call

    async def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        FakeClock.calls += 1
        if FakeClock.trace:
            print("   API", args[1])
        try:
            return await answer(*args, **kwargs)
        finally:
            FakeClock.seconds += time.process_time() - started

    fake_request.answer_call = timed  # type: ignore[assignment]


@asynccontextmanager
async def database(pg_url: str | None) -> AsyncIterator[str]:
    """A SQLite file, or a fresh PostgreSQL database dropped afterwards."""
    if pg_url is None:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite+aiosqlite:///{Path(folder) / 'presses.db'}"
        return
    name = f"mc_presses_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(make_url(pg_url), isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


def next_update(fake: FakeTelegram, chat: int, kind: str, what: str, rng: random.Random) -> dict[str, Any] | None:
    """The chat's update for this step; None when the screen has no such button."""
    if kind == "check-in answer":
        day = datetime.now(UTC).date() - timedelta(days=rng.randrange(5))
        prompt, markup = checkin_prompt(day, "en")
        content = {"text": prompt, "reply_markup": markup.to_dict()}
        stored = fake.store_message(fake.chats[chat], content, from_bot=False)
        stored.from_bot, stored.raw["from"] = True, fake.bot_user
        return fake.user_presses(chat, stored.raw["message_id"], f"ci:none:{day.isoformat()}")
    if what.startswith("/") or kind == "free text":
        return fake.user_sends(chat, rng.choice(FREE_TEXT) if kind == "free text" else what)
    pattern = re.compile(what)
    for stored in reversed(fake.chats[chat].messages.values()):
        if not stored.from_bot:
            continue
        rows = (stored.raw.get("reply_markup") or {}).get("inline_keyboard", [])
        choices = [d for row in rows for b in row if (d := b.get("callback_data")) and pattern.match(d)]
        if choices:
            return fake.user_presses(chat, stored.raw["message_id"], rng.choice(choices))
        if kind == "safety answer":
            return None  # only the newest message
    return None


async def run(args: argparse.Namespace) -> None:
    """Onboard the chats, go round, print CPU ms per update by step."""
    time_the_fake()
    if args.stats:
        ROUND.insert(ROUND.index(("free text", "")), STATS_STEP)
        budgets.BUDGETS["stats"] = (10**9, timedelta(seconds=1))
    async with database(args.pg_url) as url:
        settings = load_settings(
            env_file=None, database_url=url, operator_ids="999", telegram_overall_max_rate=0, log_level="WARNING"
        )
        fake = FakeTelegram(limits=None)
        async with open_services(settings) as services:
            now = datetime.now(UTC)
            table: Table = User.__table__  # type: ignore[attr-defined]
            rows = [
                {
                    "id": FIRST_USER + n, "language": "en", "timezone": "Europe/London", "subscribed_updates": False,
                    "is_active": True, "created_at": now, "updated_at": now, "last_seen_at": now,
                    "onboarded_at": now, "consent_version": 1, "consent_at": now,
                }
                for n in range(args.chats)
            ]  # fmt: skip
            async with transaction(services.sessions) as session:
                await session.execute(insert(table), rows)
            count_statements(services.engine, services.reads)
            app = build_application(services, request=FakeRequest(fake))
            async with app:
                await run_rounds(app, fake, args)


async def run_rounds(app: Any, fake: FakeTelegram, args: argparse.Namespace) -> None:
    """Every chat goes round ROUND args.rounds times; the first WARM_ROUNDS are not counted."""
    rng = random.Random(7)
    cpu: dict[str, list[float]] = defaultdict(list)
    calls: dict[str, int] = defaultdict(int)
    statements: dict[str, int] = defaultdict(int)
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    for chat in range(FIRST_USER, FIRST_USER + args.chats):
        fake.add_user(chat)
    for round_number in range(args.rounds):
        measured = round_number >= WARM_ROUNDS
        if measured and round_number == WARM_ROUNDS:
            if profiler is not None:
                profiler.enable()
            if args.callgrind:  # under valgrind --tool=callgrind --instr-atstart=no: count the measured rounds only
                subprocess.run(["callgrind_control", "--instr=on", str(os.getpid())], check=True, capture_output=True)
        for kind, what in ROUND:
            for chat in range(FIRST_USER, FIRST_USER + args.chats):
                data = next_update(fake, chat, kind, what, rng)
                if data is None:
                    continue
                FakeClock.trace = args.trace and round_number == args.rounds - 1 and chat == FIRST_USER
                if FakeClock.trace:
                    print(kind)
                fake_before, calls_before, statements_before = FakeClock.seconds, FakeClock.calls, FakeClock.statements
                started = time.process_time()
                trim_pressed_message(data)
                update = Update.de_json(data, app.bot)
                await app.update_processor.process_update(update, app.process_update(update))
                spent = time.process_time() - started - (FakeClock.seconds - fake_before)
                if measured:
                    cpu[kind].append(spent)
                    calls[kind] += FakeClock.calls - calls_before
                    statements[kind] += FakeClock.statements - statements_before
    if args.callgrind:
        subprocess.run(["callgrind_control", "--instr=off", str(os.getpid())], check=True, capture_output=True)
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    total = [s for times in cpu.values() for s in times]
    print(f"{'step':<20} {'n':>5} {'mean ms':>8} {'median':>7} {'SQL':>5} {'API':>5}")
    for kind, _ in ROUND:
        times = cpu.get(kind, [])
        if times:
            n = len(times)
            print(
                f"{kind:<20} {n:>5} {statistics.mean(times) * 1000:>8.2f} {statistics.median(times) * 1000:>7.2f}"
                f" {statements[kind] / n:>5.1f} {calls[kind] / n:>5.1f}"
            )
    n = len(total)
    print(
        f"{'all':<20} {n:>5} {statistics.mean(total) * 1000:>8.2f} {statistics.median(total) * 1000:>7.2f}"
        f" {sum(statements.values()) / n:>5.1f} {sum(calls.values()) / n:>5.1f}"
    )


def main() -> None:
    """Parse the arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--chats", type=int, default=20)
    parser.add_argument("--pg-url", default=None, help="PostgreSQL server (a fresh database is made); SQLite if none")
    parser.add_argument("--callgrind", action="store_true", help="callgrind counts the measured rounds only")
    parser.add_argument("--trace", action="store_true", help="print the SQL and Bot API calls of one chat's last round")
    parser.add_argument("--profile", type=Path, default=None, help="cProfile (CPU time) the measured rounds here")
    parser.add_argument("--stats", action="store_true", help="/stats in the round too, as in bench/load.py")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
