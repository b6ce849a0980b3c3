"""`python -m bot` stopped by a signal, as a terminal (SIGINT) or Docker (SIGTERM) stops it, with a broadcast in flight.

It must exit 0 with nothing alarming in its log (no traceback, no "Task was destroyed but it is
pending" for the broadcast worker, no unclosed connection), and a message Telegram received must be
recorded as sent.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.fake_telegram import FakeTelegram
from bot.fake_telegram.http import FakeTelegramServer
from bot.services import open_services
from support.broadcast_helpers import add_users, delivery_statuses, new_broadcast
from support.harness import make_settings
from support.instances import START_TIMEOUT, TOKEN, bot_environment, free_port

PATIENTS = list(range(5001, 5041))
TEXT = "Our helpline hours change next week"
POLLING_ONLY = ("WEBHOOK_URL", "WEBHOOK_LISTEN", "WEBHOOK_PORT", "WEBHOOK_SECRET")
ALARMS = ("Task was destroyed", "Traceback", "Unclosed", "unclosed", "ERROR", "CRITICAL")


async def exited_or_held(process: subprocess.Popen[bytes], fake: FakeTelegram, log: Path) -> None:
    """Wait until the bot has a broadcast message held at the fake; fail with its log if it exits first."""
    held = fake.holds[0]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + START_TIMEOUT
    while not held.waiting:
        if process.poll() is not None:
            raise AssertionError(f"the bot exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        if loop.time() > deadline:
            raise AssertionError(f"no broadcast send in {START_TIMEOUT}s:\n{log.read_text(errors='replace')}")
        await asyncio.sleep(0.05)


@pytest.mark.parametrize(
    ("mode", "signum"),
    [("polling", signal.SIGINT), ("webhook", signal.SIGTERM)],
)
async def test_a_signal_stops_the_bot_cleanly_and_records_the_sends_in_flight(
    mode: str, signum: signal.Signals, tmp_path: Path
) -> None:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    async with open_services(make_settings(database_url)) as services:  # the schema, patients and a broadcast
        await add_users(services.sessions, PATIENTS)
        broadcast = await new_broadcast(services.sessions, text=TEXT)
    assert broadcast.id is not None
    fake = FakeTelegram(limits=None)
    held = fake.hold_answers("sendMessage")  # delivered, answered only once the bot is told to stop
    log = tmp_path / "bot.log"
    async with FakeTelegramServer(fake, token=TOKEN) as server:
        env = bot_environment("A", database_url, server, free_port(), free_port(), BROADCAST_RATE_PER_SECOND="1000")
        command = [sys.executable, "-m", "bot", "--webhook" if mode == "webhook" else "run"]
        if mode == "polling":
            env = {key: value for key, value in env.items() if key not in POLLING_ONLY}
        with log.open("wb") as output:
            process = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            await exited_or_held(process, fake, log)
            process.send_signal(signum)
            held.release()
            code = await asyncio.to_thread(process.wait, START_TIMEOUT)
        finally:
            if process.poll() is None:
                process.kill()
                await asyncio.to_thread(process.wait)

    output_text = log.read_text(errors="replace")
    assert code == 0, output_text
    assert not [alarm for alarm in ALARMS if alarm in output_text], output_text
    assert "broadcast worker stopped" in output_text
    received = {user for user in PATIENTS if any(m.text == TEXT for m in fake.sent_to(user))}
    assert received  # the stop came with sends in flight
    async with open_services(make_settings(database_url)) as services:
        statuses = await delivery_statuses(services.sessions, broadcast.id)
    assert {user for user, status in statuses.items() if status == "sent"} == received
