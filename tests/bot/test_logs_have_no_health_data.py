"""Logs never carry what users wrote or who they are: a whole session at DEBUG, and the log formats."""

from __future__ import annotations

import json
import logging
import re
import traceback
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.ext import MessageHandler, filters

import bot.logs
from bot.logs import LIBRARY_CAPS, OUR_PACKAGES, configure_logging, log_user, safe_traceback, user_key_for
from bot.texts import en
from scheduler.clock import ManualClock
from storage.db import transaction
from storage.diary_models import Attack, MedicationIntake
from support.databases import Database
from support.harness import BotHarness, make_settings, running_bot

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
USER = 718293645  # distinctive, so it cannot turn up in a log by accident
KEY = b"k" * 32
SECRETS = ("SECRET-PHRASE-xyz", "SECRET-TZ-xyz", "SECRET-NOTE-xyz", "SECRET-MED-xyz", "SECRET-ERROR-xyz")


@pytest.fixture
def configured_logs(tmp_path: Path) -> Iterator[Path]:
    """Logging as `python -m bot` sets it up with LOG_LEVEL=DEBUG and LOG_FORMAT=json; restored afterwards."""
    names = ["", *OUR_PACKAGES, *LIBRARY_CAPS]
    levels = {name: logging.getLogger(name).level for name in names}
    root = logging.getLogger()
    handlers, key = root.handlers[:], bot.logs._user_key
    path = tmp_path / "bot.log"
    configure_logging("DEBUG", log_file=path, log_format="json", user_key=KEY)
    yield path
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers[:] = handlers
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    bot.logs._user_key = key


def through_update_processor(harness: BotHarness) -> BotHarness:
    """Feed updates through the application's update processor, as polling and webhooks do."""
    app = harness.app

    async def feed(update: dict[str, Any]) -> None:
        parsed = Update.de_json(update, app.bot)
        await app.update_processor.process_update(parsed, app.process_update(parsed))

    harness.feed = feed  # type: ignore[method-assign]
    return harness


def everything_in(record: logging.LogRecord) -> str:
    """Message, arguments, extras and the exception with its message, as any handler could print them."""
    parts = [record.getMessage(), repr(record.args), repr(vars(record)), record.exc_text or ""]
    if record.exc_info and record.exc_info[1] is not None:
        parts.append("".join(traceback.format_exception(record.exc_info[1])))
    return "\n".join(parts)


async def crash_on_purpose(update: Update, context: Any) -> None:
    """A handler bug whose exception quotes the user's words, as int("...") or pydantic would."""
    assert update.effective_message is not None and update.effective_message.text is not None
    words = update.effective_message.text
    raise ValueError(f"could not read {words!r}") from KeyError(words)


async def a_session_with_secrets(bot: BotHarness) -> None:
    """Onboarding with a typed zone, free text, a headache with a note and a medicine, and a handler bug."""
    await bot.send(USER, "/start")
    await bot.press(USER, "Continue")
    await bot.press(USER, "✅ I agree")
    await bot.press(USER, en.TIMEZONE_OTHER)
    await bot.send(USER, "Atlantis SECRET-TZ-xyz")
    replies = await bot.send(USER, "Madrid")
    assert any("You're all set" in (m.text or "") for m in replies)

    await bot.send(USER, "my neighbour's SECRET-PHRASE-xyz makes my head hurt")

    await bot.send(USER, en.LOG_BUTTON)
    await bot.press(USER, "1 h ago")
    await bot.press(USER, "Moderate")
    await bot.press(USER, "None of these")
    await bot.press(USER, "It ended")
    await bot.press(USER, "Just now")
    await bot.send(USER, "/diary")
    await bot.press(USER, bot.fake.last_message(USER).button_labels[0])
    await bot.press(USER, "✏️ Change details")
    await bot.press(USER, "📝 Note")
    await bot.send(USER, "SECRET-NOTE-xyz: after the argument with my boss")
    await bot.press(USER, "💊 Medicine")
    await bot.press(USER, "➕ Add a medicine")
    await bot.send(USER, "SECRET-MED-xyz 50 mg")
    await bot.press(USER, "Triptan")
    await bot.press(USER, "1 h in")
    # Two hours later the scheduler asks whether it helped, naming the medicine (outbound Bot, tick glue).
    clock = bot.services.clock
    assert isinstance(clock, ManualClock)
    clock.advance(timedelta(hours=2, minutes=1))
    await bot.services.extras["scheduler_tick"]()
    assert "SECRET-MED-xyz" in bot.last_text(USER)

    bot.app.add_handler(MessageHandler(filters.Regex("^/crash"), crash_on_purpose), group=-2)
    await bot.send(USER, "/crash SECRET-ERROR-xyz")


async def test_a_whole_session_at_debug_logs_no_text_and_no_telegram_id(
    database: Database, configured_logs: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # the root logger too: only the explicit caps hold the libraries back
    settings = make_settings(database.url, log_level="DEBUG")
    async with running_bot(settings, search_path=database.search_path, clock=ManualClock(NOW)) as harness:
        await a_session_with_secrets(through_update_processor(harness))
        async with transaction(harness.services.sessions) as session:  # the secrets did reach the database
            attack = await session.get(Attack, 1)
            dose = await session.get(MedicationIntake, 1)
        assert attack is not None and "SECRET-NOTE-xyz" in (attack.notes or "")
        assert dose is not None and dose.name == "SECRET-MED-xyz 50 mg"

    captured = [everything_in(record) for record in caplog.records]
    written = configured_logs.read_text(encoding="utf-8")
    for secret in (*SECRETS, str(USER)):
        assert not [text for text in captured if secret in text], secret
        assert secret not in written, secret
    # DEBUG really was on for our code, and the user is there under their pseudonym.
    assert any(r.name == "bot.instrumentation" and r.levelno == logging.DEBUG for r in caplog.records)
    assert any(log_user(USER) in text for text in captured)
    failure = next(r for r in caplog.records if r.name == "bot.chat.errors")
    assert f"message update from {log_user(USER)}: ValueError" in failure.getMessage()
    assert "builtins.KeyError" in failure.getMessage() and failure.exc_info is None
    # The libraries that print payloads stayed quiet below their caps, although the root logger was at DEBUG.
    noisy = [r for r in caplog.records if r.name.split(".")[0] in {"telegram", "sqlalchemy", "aiosqlite", "httpx"}]
    assert all(r.levelno >= logging.INFO for r in noisy)
    assert logging.getLogger("sqlalchemy.engine").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("telegram.ext.Application").getEffectiveLevel() == logging.INFO
    for line in written.splitlines():
        json.loads(line)


def test_json_lines_parse_and_carry_hashed_user_ids(configured_logs: Path) -> None:
    log = logging.getLogger("bot.diary.example")
    user = log_user(USER)
    log.info("diary opened by %s", user, extra={"user": user, "update_type": "message"})
    typed = SECRETS[4]
    try:
        int(typed)
    except ValueError:
        log.exception("parsing failed for %s", user)

    entries = [json.loads(line) for line in configured_logs.read_text(encoding="utf-8").splitlines()]

    assert [e["message"] for e in entries] == [f"diary opened by {user}", f"parsing failed for {user}"]
    assert entries[0]["user"] == user and entries[0]["update_type"] == "message" and entries[0]["level"] == "INFO"
    assert re.fullmatch(r"u:[0-9a-f]{16}", user)
    assert entries[1]["error"] == "ValueError" and "builtins.ValueError" in entries[1]["traceback"]
    assert "SECRET-ERROR-xyz" not in configured_logs.read_text(encoding="utf-8")
    assert str(USER) not in configured_logs.read_text(encoding="utf-8")


def test_text_format_names_exceptions_but_never_prints_their_messages(tmp_path: Path) -> None:
    path = tmp_path / "bot.log"
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        configure_logging("INFO", log_file=path)
        note = SECRETS[2]  # a variable: a traceback shows source lines, and ours never hold user text
        try:
            try:
                {}[note]
            except KeyError as exc:
                raise RuntimeError(f"while saving {note}") from exc
        except RuntimeError:
            logging.getLogger("scheduler.example").exception("tick failed")
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:] = handlers
        root.setLevel(level)

    text = path.read_text(encoding="utf-8")
    assert "ERROR scheduler.example: tick failed" in text
    assert "builtins.KeyError" in text and "builtins.RuntimeError" in text and "test_logs_have_no" in text
    assert "SECRET-NOTE-xyz" not in text


def test_safe_traceback_follows_the_cause_chain_without_messages() -> None:
    medicine = SECRETS[3]
    try:
        try:
            raise KeyError(medicine)
        except KeyError:
            raise ValueError(f"{medicine} again")  # noqa: B904 - the implicit context is the point
    except ValueError as exc:
        rendered = safe_traceback(exc)

    assert rendered.index("builtins.KeyError") < rendered.index("builtins.ValueError")
    assert "SECRET-MED-xyz" not in rendered


def test_telegram_objects_in_library_log_arguments_are_reduced_to_their_type(configured_logs: Path) -> None:
    update = Update.de_json(
        {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": USER, "type": "private"},
                "from": {"id": USER, "is_bot": False, "first_name": "A"},
                "text": "SECRET-PHRASE-xyz",
            },
        },
        None,
    )
    logging.getLogger("telegram.ext.Application").critical("Error while building CallbackContext for update %s", update)

    text = configured_logs.read_text(encoding="utf-8")
    assert "for update <Update>" in text
    assert "SECRET-PHRASE-xyz" not in text and str(USER) not in text


def test_log_user_is_a_keyed_hash_never_the_id(configured_logs: Path) -> None:
    first = log_user(USER)
    bot.logs._user_key = b"another install" * 2
    second = log_user(USER)
    bot.logs._user_key = KEY

    assert first == log_user(USER) and first != second
    assert str(USER) not in first and log_user(None) == "u:-"


def test_the_log_key_comes_from_the_salt_or_else_the_installs_stored_secret_never_the_token() -> None:
    token = "123456789:AAAAbbbbCCCCddddEEEEffffGGGGhhhhIII"
    salted = make_settings("sqlite+aiosqlite:///x.db", bot_token=token, log_hash_salt="0123456789abcdef-salt")
    unsalted = make_settings("sqlite+aiosqlite:///x.db", bot_token=token)
    sandbox = make_settings("sqlite+aiosqlite:///x.db")

    keys = user_key_for(salted, "stored-secret"), user_key_for(unsalted, "stored-secret")

    assert None not in keys and keys[0] != keys[1]
    assert user_key_for(salted) == keys[0]  # the salt wins over a stored secret
    assert user_key_for(unsalted, "stored-secret") == keys[1]  # stable across restarts
    assert user_key_for(unsalted) is None  # no salt, no stored secret: never derived from the token
    assert user_key_for(sandbox) is None  # the sandbox keeps a random per-process key
