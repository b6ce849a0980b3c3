"""`python -m bot broadcast`: the same rows as /broadcast, sent by the running bot's worker."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest

from bot.__main__ import main as bot_main
from bot.operators.cli import database_note, main
from bot.outbound.broadcast_worker import build_broadcast_worker
from bot.outbound.broadcasts import TelegramOperatorNotifier
from bot.services import open_services
from bot.settings import Settings
from scheduler.broadcast_pacing import Unpaced
from scheduler.clock import ManualClock
from support.broadcast_helpers import NOW, add_users, load_broadcast
from support.databases import Database
from support.harness import make_settings, running_bot

OPERATOR = 999


def run(argv: list[str], settings: Settings) -> tuple[int, str]:
    """Run the command line with a clock at NOW; return (exit code, output)."""
    out = io.StringIO()
    code = main(argv, settings, out=out, clock=ManualClock(NOW))
    return code, out.getvalue()


def prepare(settings: Settings) -> None:
    """Create the schema and three users, one subscribed."""

    async def setup() -> None:
        async with open_services(settings) as services:
            await add_users(services.sessions, [2001], subscribed_updates=True)
            await add_users(services.sessions, [2002, 2003])

    asyncio.run(setup())


def test_dry_run_counts_and_create_then_status(sqlite_database: Database, tmp_path: Path) -> None:
    settings = make_settings(sqlite_database.url)
    prepare(settings)
    message = tmp_path / "message.html"
    message.write_text("<b>New lessons</b> are out", encoding="utf-8")

    assert run(["--text-file", str(message), "--audience", "subscribed", "--dry-run"], settings) == (
        0,
        "dry run: 1 recipient (users subscribed to updates); nothing created\n",
    )
    code, output = run(["--text-file", str(message), "--audience", "all", "--at", "in 2h"], settings)
    assert code == 0 and output.startswith(
        "broadcast #1: 3 recipients (everyone active), sending from 2026-11-21 14:00"
    )
    code, status = run(["status", "1"], settings)
    assert code == 0 and "broadcast #1: scheduled" in status and "total 3" in status


def test_bad_html_or_audience_is_refused_before_anything_is_created(sqlite_database: Database, tmp_path: Path) -> None:
    settings = make_settings(sqlite_database.url)
    prepare(settings)
    broken = tmp_path / "broken.html"
    broken.write_text("<b>unclosed", encoding="utf-8")

    assert run(["--text-file", str(broken), "--audience", "all"], settings)[0] == 1
    assert run(["--text-file", str(broken), "--audience", "everyone"], settings)[0] == 1
    code, output = run(["status"], settings)
    assert code == 0 and output.endswith("no broadcasts\n")


def test_status_says_it_reads_database_url_and_not_the_sandboxs_database(
    sqlite_database: Database, tmp_path: Path
) -> None:
    sandbox_url = f"sqlite+aiosqlite:///{tmp_path / 'sandbox.db'}"
    settings = make_settings(sqlite_database.url, sandbox_database_url=sandbox_url)
    prepare(settings)

    code, output = run(["status"], settings)

    first, second, *_ = output.splitlines()
    assert code == 0
    assert first == f"database: {sqlite_database.url} (DATABASE_URL)"
    assert f"the sandbox's broadcasts are in its own database, {sandbox_url}, not shown here" in second
    assert f"DATABASE_URL={sandbox_url} python -m bot broadcast status" in second


def test_the_database_note_never_shows_a_password() -> None:
    settings = make_settings("postgresql+asyncpg://companion:s3cret-pw@db.internal:5432/companion")

    note = database_note(settings)

    assert "s3cret-pw" not in note and "companion:***@db.internal:5432/companion" in note


def test_python_m_bot_has_a_broadcast_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        bot_main(["broadcast", "--help"])

    assert exit_.value.code == 0
    assert "--text-file" in capsys.readouterr().out


async def test_the_running_bots_worker_sends_a_command_line_broadcast(
    sqlite_database: Database, tmp_path: Path
) -> None:
    settings = make_settings(sqlite_database.url)
    message = tmp_path / "message.html"
    message.write_text("Clinic <i>closed</i> on Monday", encoding="utf-8")
    async with running_bot(settings, clock=ManualClock(NOW)) as bot:
        await add_users(bot.services.sessions, [2001, 2002])
        await bot.send(OPERATOR, "/help")
        code = await asyncio.to_thread(run, ["--text-file", str(message), "--audience", "all"], settings)
        assert code[0] == 0
        sender = bot.services.extras["sender"]
        worker = build_broadcast_worker(
            bot.services, sender=sender, notifier=TelegramOperatorNotifier(sender.broadcasts.bot), pacer=Unpaced()
        )
        await worker.run_until_idle()

        assert [m.text for m in bot.fake.sent_to(2001)] == ["Clinic closed on Monday"]
        assert (await load_broadcast(bot.services.sessions, 1)).status == "done"
        # No progress message existed (no chat): the worker sent one, then the summary.
        assert "Broadcast #1 finished." in bot.last_text(OPERATOR)


def test_status_says_so_when_the_sandbox_shares_database_url(sqlite_database: Database) -> None:
    settings = make_settings(sqlite_database.url, sandbox_database_url=sqlite_database.url)

    assert database_note(settings) == f"database: {sqlite_database.url} (DATABASE_URL, which the sandbox uses too)\n"


def test_at_reads_today_and_tomorrow_in_the_default_zone_and_refuses_a_past_or_impossible_time(
    sqlite_database: Database, tmp_path: Path
) -> None:
    settings = make_settings(sqlite_database.url, default_timezone="Europe/Madrid")
    prepare(settings)
    message = tmp_path / "message.html"
    message.write_text("Clinic closed on Monday", encoding="utf-8")
    send = ["--text-file", str(message), "--audience", "all"]

    # NOW is 13:00 in Madrid.
    assert run([*send, "--at", "today 09:00"], settings) == (
        1,
        "error: --at 'today 09:00' is not a time in the future\n",
    )
    assert run([*send, "--at", "tomorrow 25:00"], settings)[0] == 1
    code, output = run([*send, "--at", "today 18:30"], settings)
    assert code == 0 and "sending from 2026-11-21 18:30 CET" in output
    code, output = run([*send, "--at", "tomorrow 9:00"], settings)
    assert code == 0 and "sending from 2026-11-22 09:00 CET" in output
