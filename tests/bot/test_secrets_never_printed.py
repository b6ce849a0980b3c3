"""The bot token (and every other secret) never reaches a log line, a traceback or the terminal.

PTB's InvalidToken quotes the token ("The token `123:ABC` was rejected by the server."), and every
Bot API URL contains it. The scrubbing is install-wide: a record factory for every logger and handler,
and sys.excepthook for what escapes.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from telegram.error import InvalidToken

from bot import logs
from bot.app import build_application
from bot.fake_telegram import FakeRequest, FakeTelegram
from bot.logs import configure_logging, install_secret_scrubbing, secrets_of, user_key_for
from bot.services import create_services
from bot.webhook import run_webhook_until_signalled
from support.harness import make_settings
from support.instances import REPO, free_port

TOKEN = "123456789:AAHsecretPartOfTheTokenThatMustNeverShow"
SECRET_PART = TOKEN.partition(":")[2]


@pytest.fixture
def scrubbing() -> Iterator[None]:
    """Install the scrubbing for the test; restore logging and the hooks afterwards."""
    factory, hook, thread_hook = logging.getLogRecordFactory(), sys.excepthook, logs.threading.excepthook
    secrets, root_handlers, root_level = logs._secrets, logging.getLogger().handlers[:], logging.getLogger().level
    try:
        yield
    finally:
        logging.setLogRecordFactory(factory)
        sys.excepthook, logs.threading.excepthook = hook, thread_hook
        logs._secrets = secrets
        root = logging.getLogger()
        for handler in root.handlers:
            if handler not in root_handlers:
                handler.close()
        root.handlers[:], root.level = root_handlers, root_level


def rejected() -> InvalidToken:
    """The error PTB raises when getMe is refused: its message quotes the token."""
    try:
        try:
            raise InvalidToken("Not Found")
        except InvalidToken as cause:
            raise InvalidToken(f"The token `{TOKEN}` was rejected by the server.") from cause
    except InvalidToken as error:
        return error


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_no_log_line_of_any_logger_or_formatter_shows_the_token(
    tmp_path: Path, scrubbing: None, log_format: str
) -> None:
    settings = make_settings("sqlite+aiosqlite:///x.db", bot_token=TOKEN, webhook_secret="hook_secret_value_1")
    path = tmp_path / "bot.log"
    configure_logging("DEBUG", log_file=path, log_format=log_format)
    install_secret_scrubbing(secrets_of(settings))
    # A foreign handler with the standard formatter, which prints exception messages.
    foreign = io.StringIO()
    plain = logging.StreamHandler(foreign)
    plain.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    logging.getLogger().addHandler(plain)

    library = logging.getLogger("telegram.ext.Updater")
    library.error("Error while getting Updates: %s", rejected())
    library.error("Exception happened while polling for updates.", exc_info=rejected())
    logging.getLogger("httpx").warning("HTTP Request: POST https://api.telegram.org/bot%s/getMe", TOKEN)
    logging.getLogger("bot.webhook").error("secret part alone: %s, hook: %s", SECRET_PART, "hook_secret_value_1")
    for handler in logging.getLogger().handlers:
        handler.flush()

    written, shown = path.read_text(encoding="utf-8"), foreign.getvalue()
    for output in (written, shown):
        assert SECRET_PART not in output and "hook_secret_value_1" not in output
        assert output.count("<secret>") >= 4
        assert "InvalidToken" in output  # the traceback still names what went wrong
    if log_format == "json":
        assert all(json.loads(line)["level"] in {"ERROR", "WARNING"} for line in written.splitlines())


def test_an_escaping_exception_prints_the_safe_traceback_without_the_token(tmp_path: Path) -> None:
    script = textwrap.dedent(f"""
        from bot.logs import install_secret_scrubbing
        from telegram.error import InvalidToken
        install_secret_scrubbing([{TOKEN!r}, {SECRET_PART!r}])
        def start():
            raise InvalidToken("The token `{TOKEN}` was rejected by the server.")
        try:
            start()
        except InvalidToken as error:
            raise RuntimeError("could not start with https://api.telegram.org/bot{TOKEN}/getMe") from error
    """)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )

    assert done.returncode == 1
    assert SECRET_PART not in done.stderr and SECRET_PART not in done.stdout
    assert "telegram.error.InvalidToken" in done.stderr and "builtins.RuntimeError" in done.stderr
    assert "in start" in done.stderr  # the frames are kept


def test_webhook_mode_stopping_on_a_refused_token_logs_no_token(scrubbing: None, tmp_path: Path) -> None:
    port = free_port()
    settings = make_settings(
        f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        bot_token=TOKEN,
        webhook_url=f"http://127.0.0.1:{port}/tg/hook",
        webhook_secret="s3cret_Token-for-tests",
        webhook_listen="127.0.0.1",
        webhook_port=port,
        internal_port=free_port(),
    )
    path = tmp_path / "bot.log"
    configure_logging("INFO", log_file=path)
    install_secret_scrubbing(secrets_of(settings))
    fake = FakeTelegram()
    # The token was revoked between the start-up check and the application's own getMe.
    fake.fail_next("getMe", status=401, description="Unauthorized")
    services = create_services(settings)
    application = build_application(services, request=FakeRequest(fake))
    try:
        code = run_webhook_until_signalled(application, services)
    finally:
        asyncio.run(services.dispose())
    for handler in logging.getLogger().handlers:
        handler.flush()

    written = path.read_text(encoding="utf-8")
    assert code == 1
    assert "webhook mode stopped: Cannot start: api.telegram.org refused BOT_TOKEN (401 Unauthorized)" in written
    assert SECRET_PART not in written and "<secret>" not in written  # worded without it, not just scrubbed


def test_without_a_salt_the_log_key_is_generated_once_and_kept_in_the_database(tmp_path: Path) -> None:
    from bot.__main__ import load_log_secret, prepare_database

    unsalted = make_settings(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", bot_token=TOKEN)
    salted = make_settings(unsalted.database_url, bot_token=TOKEN, log_hash_salt="0123456789abcdef-salt")
    assert prepare_database(unsalted) is None

    first, again = load_log_secret(unsalted), load_log_secret(unsalted)

    assert first is not None and first == again and len(first) == 64  # stored on the first start, then reused
    assert SECRET_PART not in first
    assert user_key_for(unsalted, first) == user_key_for(unsalted, again) != user_key_for(salted, first)
    assert load_log_secret(salted) is None  # a given salt is used as is
