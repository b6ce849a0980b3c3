"""Bot processes in webhook mode against the fake Bot API over HTTP, and a PostgreSQL database of their own."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.fake_telegram.http import FakeTelegramServer
from bot.fake_telegram.methods import carry_out_webhook_reply
from bot.webhook import SECRET_HEADER

REPO = Path(__file__).resolve().parents[2]
PG_ENV = "TEST_DATABASE_URL"
TOKEN = "123456789:AAHfakeTokenForWebhookInstances000000"
SECRET = "webhook-test-secret_0123456789"
# Hang guards, not speed targets: a bot process starts in about 2 s on a quiet machine, but took over 20 s
# under the load of several test runs on 2 cores (CI failed there); PTB and matplotlib imports dominate.
START_TIMEOUT = 120.0
STOP_TIMEOUT = 10.0


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def postgres_url_or_skip() -> str:
    """TEST_DATABASE_URL; skipped without it, except under CI=true where it is required."""
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{PG_ENV} is not set; CI requires the PostgreSQL run")
        pytest.skip(f"{PG_ENV} not set: PostgreSQL run skipped")
    return url


@asynccontextmanager
async def temporary_database() -> AsyncIterator[str]:
    """CREATE DATABASE a fresh PostgreSQL database next to TEST_DATABASE_URL's; DROP it afterwards.

    A database of their own (not a schema) because the bot processes read DATABASE_URL only.
    Unreachable PostgreSQL skips the test, or fails it under CI=true.
    """
    url = make_url(postgres_url_or_skip())
    name = f"mc_instances_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
    except OSError as exc:
        await admin.dispose()
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {PG_ENV} is unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@dataclass
class BotProcess:
    """One `python -m bot --webhook` subprocess and where to reach it."""

    name: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path
    internal_port: int = 0  # /healthz and /metrics

    @property
    def url(self) -> str:
        """The webhook URL (the instance's own address: the test plays the load balancer)."""
        return f"http://127.0.0.1:{self.port}/telegram"

    def log(self) -> str:
        """Everything the process logged so far."""
        return self.log_path.read_text(errors="replace")


def bot_environment(
    name: str, database_url: str, fake: FakeTelegramServer, port: int, internal_port: int, **extra: str
) -> dict[str, str]:
    """The environment of one instance: only these settings, never a .env file (the cwd is a temp dir).

    Each instance reaches the fake through a base URL of its own, so the fake knows who sent what.
    """
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")}
    return {
        **keep,
        "PYTHONPATH": str(REPO),
        "BOT_TOKEN": TOKEN,
        "DATABASE_URL": database_url,
        "TELEGRAM_API_BASE_URL": fake.base_url_for(name),
        "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
        "WEBHOOK_LISTEN": "127.0.0.1",
        "WEBHOOK_PORT": str(port),
        "WEBHOOK_SECRET": SECRET,
        "INTERNAL_PORT": str(internal_port),
        "OPERATOR_IDS": "999",
        "TELEGRAM_OVERALL_MAX_RATE": "0",
        "LOG_LEVEL": "INFO",
        **extra,
    }


@asynccontextmanager
async def bot_processes(
    count: int, database_url: str, fake: FakeTelegramServer, folder: Path, **extra: str
) -> AsyncIterator[list[BotProcess]]:
    """Start `count` instances, wait until each answers /healthz; always stop (or kill) them afterwards."""
    started: list[BotProcess] = []
    try:
        for index in range(count):
            port, internal_port = free_port(), free_port()
            name = "AB"[index] if count <= 2 else str(index)
            log_path = folder / f"bot-{name}.log"
            with log_path.open("wb") as log_file:
                process = subprocess.Popen(
                    [sys.executable, "-m", "bot", "--webhook"],
                    cwd=folder,
                    env=bot_environment(name, database_url, fake, port, internal_port, **extra),
                    stdout=log_file,
                    stderr=subprocess.STDOUT,
                )
            started.append(BotProcess(name, port, process, log_path, internal_port))
        async with httpx.AsyncClient() as client:
            await asyncio.gather(*(wait_until_healthy(client, bot) for bot in started))
        yield started
    finally:
        for bot in started:
            with contextlib.suppress(ProcessLookupError):
                bot.process.send_signal(signal.SIGTERM)
        for bot in started:
            try:
                await asyncio.to_thread(bot.process.wait, STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                bot.process.kill()
                await asyncio.to_thread(bot.process.wait, STOP_TIMEOUT)


async def wait_until_healthy(client: httpx.AsyncClient, bot: BotProcess) -> None:
    """Poll /healthz until it answers 200; fail with the process's log when it exits or takes too long."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + START_TIMEOUT
    while loop.time() < deadline:
        if bot.process.poll() is not None:
            raise AssertionError(f"instance {bot.name} exited with {bot.process.returncode}:\n{bot.log()}")
        with contextlib.suppress(httpx.TransportError):
            response = await client.get(f"http://127.0.0.1:{bot.internal_port}/healthz", timeout=2.0)
            if response.status_code == 200:
                return
        await asyncio.sleep(0.1)
    raise AssertionError(f"instance {bot.name} did not become healthy in {START_TIMEOUT}s:\n{bot.log()}")


async def post_update(
    client: httpx.AsyncClient,
    bot: BotProcess,
    update: dict[str, Any],
    *,
    fake: FakeTelegramServer,
    secret: str = SECRET,
) -> httpx.Response:
    """POST one Bot-API-shaped update to an instance's webhook; carry out a method in the reply, as Telegram would."""
    response = await client.post(bot.url, json=update, headers={SECRET_HEADER: secret}, timeout=60.0)
    if response.status_code == 200:
        await carry_out_webhook_reply(fake.fake, response.content)
    return response


async def wait_until(condition: Callable[[], bool], fake: FakeTelegramServer, *, timeout: float = 60.0) -> None:
    """Wait until `condition()` holds, re-checking whenever the bot sends something; AssertionError on timeout."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        remaining = deadline - loop.time()
        if remaining <= 0:
            raise AssertionError(f"condition not met within {timeout}s")
        await fake.wait_for_stamp(min(remaining, 0.5))
