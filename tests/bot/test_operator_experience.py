"""What a new operator runs into (issue 16): no dead ends, honest counts and times, refusals that explain.

The bot runs through the fake Bot API; the command line runs in-process on the same database.
"""

from __future__ import annotations

import asyncio
import io
import os
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from bot.catalog_holder import CONTENT_ROOT_KEY
from bot.operators.cli import build_parser, main
from bot.outbound.broadcast_worker import build_broadcast_worker
from bot.outbound.broadcasts import TelegramOperatorNotifier
from bot.services import open_services
from bot.settings import Settings
from content import default_root
from scheduler.broadcast import BroadcastWorker
from scheduler.broadcast_pacing import Unpaced
from scheduler.clock import ManualClock
from storage.db import transaction
from storage.models import User
from storage.reminder_prefs import set_quiet_hours
from support.audit_helpers import trail_rows
from support.broadcast_helpers import NOW, add_users, load_broadcast
from support.databases import Database
from support.harness import BotHarness, make_settings, running_bot

OPERATOR = 999
OTHER_OPERATOR = 998
PATIENTS = [2001, 2002, 2003]


@pytest.fixture
async def bot(database: Database, tmp_path: Path) -> AsyncIterator[BotHarness]:
    """A fresh install: three patients, nobody subscribed to updates, lessons in a private copy."""
    root = tmp_path / "lessons"
    shutil.copytree(default_root(), root)
    settings = make_settings(database.url)
    async with running_bot(settings, search_path=database.search_path, clock=ManualClock(NOW)) as harness:
        harness.services.extras[CONTENT_ROOT_KEY] = root
        await add_users(harness.services.sessions, PATIENTS)
        yield harness


def worker_for(bot: BotHarness) -> BroadcastWorker:
    """The bot's own broadcast worker (real Sender, real notifier), unpaced for speed."""
    sender: Any = bot.services.extras["sender"]
    notifier = TelegramOperatorNotifier(sender.broadcasts.bot, bot.services)
    return build_broadcast_worker(bot.services, sender=sender, notifier=notifier, pacer=Unpaced())


def cli(argv: list[str], settings: Settings, database: Database) -> tuple[int, str]:
    """Run `python -m bot broadcast ...` in-process with the clock at NOW; return (exit code, output)."""
    out = io.StringIO()
    code = main(argv, settings, out=out, clock=ManualClock(NOW), search_path=database.search_path)
    return code, out.getvalue()


async def test_announcing_with_no_subscribers_offers_the_other_audiences(bot: BotHarness, tmp_path: Path) -> None:
    lesson = tmp_path / "lessons" / "en" / "aura.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("title: Aura\n", "title: Aura, again\n", 1))
    await bot.send(OPERATOR, "/reload")

    await bot.press(OPERATOR, "📣 Announce to subscribers")

    offer = bot.fake.last_message(OPERATOR)
    assert "Nobody is in this audience right now: users subscribed to updates" in (offer.text or "")
    assert {"Everyone active", "By language", "With a reminder", "Active recently"} <= set(offer.button_labels)
    await bot.press(OPERATOR, "Everyone active")
    assert "<b>4</b> recipients: everyone active" in (bot.fake.last_message(OPERATOR).source_text or "")
    await bot.press(OPERATOR, "Send now")
    await bot.press(OPERATOR, "✅ Send")
    await worker_for(bot).run_until_idle()

    assert "Aura, again" in (bot.fake.sent_to(PATIENTS[0])[-1].text or "")
    stored = await load_broadcast(bot.services.sessions, 1)
    assert (stored.kind, stored.audience, stored.status) == ("announcement", {"kind": "all", "value": ""}, "done")


async def test_audiences_are_named_in_words_and_counts_agree_in_number(bot: BotHarness) -> None:
    await bot.send(OPERATOR, "/broadcast")
    await bot.send(OPERATOR, "Clinic closed on Monday")
    await bot.press(OPERATOR, "With a reminder")
    assert bot.fake.last_message(OPERATOR).button_labels[:3] == [
        "Daily check-in",
        "Medication reminder",
        "Lesson drip",
    ]
    await bot.press(OPERATOR, "Daily check-in")
    assert "Nobody is in this audience right now: users with the daily check-in on" in bot.last_text(OPERATOR)
    await bot.press(OPERATOR, "By language")
    await bot.press(OPERATOR, "Español")
    assert "users who read the bot in Spanish" in bot.last_text(OPERATOR)
    async with transaction(bot.services.sessions) as session:
        await session.execute(update(User).where(User.id == PATIENTS[0]).values(language="es"))
    await bot.press(OPERATOR, "By language")
    await bot.press(OPERATOR, "Español")

    shown = bot.fake.last_message(OPERATOR).source_text or ""
    assert "<b>1</b> recipient: users who read the bot in Spanish." in shown
    assert "checkin" not in "".join(m.text or "" for m in bot.fake.sent_to(OPERATOR))


async def test_command_line_refuses_unknown_audiences_no_operator_and_nobody(
    database: Database, tmp_path: Path
) -> None:
    settings = make_settings(database.url)
    async with running_bot(settings, search_path=database.search_path, clock=ManualClock(NOW)) as bot:
        await add_users(bot.services.sessions, PATIENTS)
    message = tmp_path / "notice.html"
    message.write_text("Clinic <b>closed</b> on Monday", encoding="utf-8")
    send = ["--text-file", str(message)]

    code, output = await asyncio.to_thread(cli, [*send, "--audience", "reminder:foo"], settings, database)
    assert (code, output) == (1, "error: no reminder kind 'foo'; use one of checkin, medication, lesson_drip\n")
    code, output = await asyncio.to_thread(cli, [*send, "--audience", "language:xx"], settings, database)
    assert code == 1 and "no language 'xx'; the bot speaks en, es, ru" in output
    code, output = await asyncio.to_thread(cli, [*send, "--audience", "subscribed"], settings, database)
    assert code == 1 and "nobody is in this audience right now (users subscribed to updates)" in output
    assert "--yes" in output

    no_operator = make_settings(database.url, operator_ids="")
    code, output = await asyncio.to_thread(cli, [*send, "--audience", "all"], no_operator, database)
    assert code == 1 and "no operator is configured (OPERATOR_IDS is empty)" in output
    code, output = await asyncio.to_thread(cli, ["status"], settings, database)
    assert output.endswith("no broadcasts\n")  # every refusal created nothing

    code, output = await asyncio.to_thread(cli, [*send, "--audience", "subscribed", "--yes"], settings, database)
    assert code == 0 and output.startswith("broadcast #1: 0 recipients (users subscribed to updates)")
    code, output = await asyncio.to_thread(
        cli, [*send, "--audience", "language:en", "--at", "tomorrow 09:00", "--yes"], no_operator, database
    )
    assert code == 0
    assert output.startswith(
        "broadcast #2: 3 recipients (users who read the bot in English), sending from 2026-11-22 09:00"
    )


def test_broadcast_help_names_status_pause_resume_and_cancel(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])

    shown = capsys.readouterr().out
    for command in ("broadcast status", "broadcast pause ID", "broadcast resume ID", "broadcast cancel ID", "--yes"):
        assert command in shown
    assert '--at "in 2h"' in shown and '--at "tomorrow 09:00"' in shown


async def test_waiting_for_quiet_hours_shows_until_when_and_counts_in_the_time_left(bot: BotHarness) -> None:
    async with transaction(bot.services.sessions) as session:
        # 12:00 in London: patient 2003 is quiet until 23:00.
        await set_quiet_hours(session=session, user_id=PATIENTS[2], window=(time(11, 0), time(23, 0)))
    await add_users(bot.services.sessions, [OPERATOR], timezone="Europe/Madrid")
    await bot.send(OPERATOR, "/broadcast")
    await bot.send(OPERATOR, "Clinic closed on Monday")
    await bot.press(OPERATOR, "Everyone active")
    await bot.press(OPERATOR, "Send now")
    await bot.press(OPERATOR, "✅ Send")
    await worker_for(bot).run_until_idle()

    await bot.send(OPERATOR, "/broadcasts")
    await bot.press(OPERATOR, "📣 #1")
    progress = bot.last_text(OPERATOR)
    assert "Sent 3 of 4" in progress
    # 23:00 in London is midnight in Madrid, the operator's zone: the next day, so with its date.
    assert "1 recipient waiting until 22 Nov 2026, 00:00 CET (quiet hours or a retry)" in progress
    assert "About 11 hrs left." in progress  # written as the diary writes durations

    await bot.press(OPERATOR, "✖ Cancel broadcast")
    assert "1 recipient has not got it yet" in bot.last_text(OPERATOR)
    await bot.press(OPERATOR, "✖ Yes, cancel it")
    cancelled = bot.last_text(OPERATOR)
    assert "cancelled" in cancelled and "waiting" not in cancelled and "left" not in cancelled


async def test_command_line_cancels_any_broadcast_and_the_trail_says_who(bot: BotHarness, database: Database) -> None:
    await bot.send(OPERATOR, "/broadcast")
    await bot.send(OPERATOR, "Clinic closed on Monday")
    await bot.press(OPERATOR, "Everyone active")
    await bot.press(OPERATOR, "Send now")
    await bot.press(OPERATOR, "✅ Send")
    settings = make_settings(bot.services.settings.database_url, operator_ids=f"{OPERATOR},{OTHER_OPERATOR}")

    code, output = await asyncio.to_thread(cli, ["pause", "1", "--operator", str(OTHER_OPERATOR)], settings, database)
    assert code == 0 and "broadcast #1: ⏸ paused" in output
    code, output = await asyncio.to_thread(cli, ["cancel", "1", "--operator", str(OTHER_OPERATOR)], settings, database)
    assert code == 0 and "broadcast #1: ✖ cancelled" in output
    code, output = await asyncio.to_thread(cli, ["cancel", "1"], settings, database)
    assert (code, output) == (1, "error: broadcast #1 is ✖ cancelled: it cannot be cancelled now\n")
    code, output = await asyncio.to_thread(cli, ["cancel", "1", "--operator", "5"], settings, database)
    assert (code, output) == (1, "error: 5 is not in OPERATOR_IDS\n")

    await worker_for(bot).run_until_idle()
    assert all(bot.fake.sent_to(patient) == [] for patient in PATIENTS)
    trail = await trail_rows(bot.services.sessions, OTHER_OPERATOR)
    assert [(a, d) for user, a, d in trail if user == OTHER_OPERATOR] == [
        ("broadcast.pause", "#1 (command line)"),
        ("broadcast.cancel", "#1 (command line)"),
    ]


async def test_a_broadcast_whose_author_is_no_longer_an_operator_is_held_until_an_operator_resumes_it(
    database: Database,
) -> None:
    before = make_settings(database.url)
    async with running_bot(before, search_path=database.search_path, clock=ManualClock(NOW)) as bot:
        await add_users(bot.services.sessions, PATIENTS)
        await bot.send(OPERATOR, "/broadcast")
        await bot.send(OPERATOR, "Clinic closed on Monday")
        await bot.press(OPERATOR, "Everyone active")
        await bot.press(OPERATOR, "Send now")
        await bot.press(OPERATOR, "✅ Send")
    # OPERATOR_IDS changed and the bot restarted: the author is not an operator any more.
    after = make_settings(database.url, operator_ids=str(OTHER_OPERATOR))
    async with running_bot(after, search_path=database.search_path, clock=ManualClock(NOW)) as bot:
        await worker_for(bot).run_until_idle()
        assert all(bot.fake.sent_to(patient) == [] for patient in PATIENTS)
        code, status = await asyncio.to_thread(cli, ["status", "1"], after, database)
        assert code == 0
        assert "broadcast #1: ✋ held: its author is no longer an operator" in status
        assert "resume it with: python -m bot broadcast resume 1" in status

        await bot.send(OTHER_OPERATOR, "/broadcasts")
        assert "✋ held" in bot.last_text(OTHER_OPERATOR)
        await bot.press(OTHER_OPERATOR, "📣 #1")
        assert bot.fake.last_message(OTHER_OPERATOR).button_labels == ["▶ Resume", "✖ Cancel broadcast"]
        await bot.press(OTHER_OPERATOR, "▶ Resume")
        await worker_for(bot).run_until_idle()

        assert all(bot.fake.sent_to(patient)[-1].text == "Clinic closed on Monday" for patient in PATIENTS)
        stored = await load_broadcast(bot.services.sessions, 1)
        assert (stored.status, stored.operator_id) == ("done", OTHER_OPERATOR)
        assert "Broadcast #1 finished." in bot.last_text(OTHER_OPERATOR)  # the one who resumed it is told
        trail = await trail_rows(bot.services.sessions, OTHER_OPERATOR)
        assert (OTHER_OPERATOR, "broadcast.resume", f"#1 (author {OPERATOR})") in trail


def test_the_installed_command_creates_follows_and_cancels_a_broadcast(tmp_path: Path) -> None:
    database = tmp_path / "bot.db"
    url = f"sqlite+aiosqlite:///{database}"

    async def prepare() -> None:
        async with open_services(make_settings(url)) as services:
            await add_users(services.sessions, PATIENTS)

    asyncio.run(prepare())
    notice = tmp_path / "notice.html"
    notice.write_text("Clinic <b>closed</b> on Monday", encoding="utf-8")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SANDBOX_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'sandbox.db'}",
        "OPERATOR_IDS": str(OPERATOR),
    }

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "bot", "broadcast", *argv]
        return subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)

    created = run("--text-file", str(notice), "--audience", "all", "--at", "in 2h")
    cancelled = run("cancel", "1")
    status = run("status", "1")
    unknown = run("--text-file", str(notice), "--audience", "reminder:foo")

    assert created.returncode == 0 and created.stdout.startswith("broadcast #1: 3 recipients (everyone active)")
    assert cancelled.returncode == 0 and "broadcast #1: ✖ cancelled" in cancelled.stdout
    assert status.returncode == 0 and "✖ cancelled" in status.stdout and "waiting" not in status.stdout
    assert "the sandbox's broadcasts are in its own database" in status.stdout
    assert unknown.returncode == 1 and "no reminder kind 'foo'" in unknown.stdout
