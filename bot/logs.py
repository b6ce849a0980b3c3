"""Logging set-up: our messages at the chosen level, text or JSON, and nothing a user wrote.

Rules every log line follows (tests/bot/test_logs_have_no_health_data.py checks them on a session):

* users appear only as ``log_user(user_id)``: a keyed hash (HMAC-SHA256 with LOG_HASH_SALT, or with
  a secret the install generated and stored on its first start) that lines of one install can be
  correlated by, but that a reader of
  the logs cannot turn back into a Telegram id (ids are few enough to try them all without the key);
* never message text, diary content, notes or medication names;
* exceptions are rendered by ``safe_traceback``: the frames (file, line, function, our source line)
  and the exception classes, never the exception messages, because those can quote user text
  (``int("my words")``, pydantic's input_value, SQLAlchemy's "[parameters: ...]", a zone name typed by
  a user). That is what keeps a traceback safe to print at ERROR, where operators need it;
* libraries that log payloads are capped whatever LOG_LEVEL says: PTB logs every update and every
  Bot API call's parameters at DEBUG, SQLAlchemy logs SQL parameters at INFO, aiosqlite at DEBUG;
* secrets (the bot token, the webhook secret, the salt, the database password) never appear: PTB's
  InvalidToken quotes the token, and so does any URL of the Bot API. ``install_secret_scrubbing``
  (called by ``python -m bot`` before anything else) rewrites every log record of the process, from
  any library and for any handler, and replaces ``sys.excepthook`` so an exception that escapes
  prints the safe traceback, scrubbed, instead of Python's.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import sys
import threading
import traceback
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from telegram import TelegramObject
from telegram.error import RetryAfter

from bot.settings import Settings

OUR_PACKAGES = ("bot", "content", "scheduler", "storage")
# The most each library may say, whatever LOG_LEVEL is: these are the loggers that print payloads
# (or, for the HTTP clients, URLs that contain the bot token) below the given level.
LIBRARY_CAPS = {
    "telegram": logging.INFO,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "aiohttp": logging.WARNING,
    "sqlalchemy": logging.WARNING,
    "aiosqlite": logging.WARNING,
    "asyncpg": logging.WARNING,
    "apscheduler": logging.WARNING,
    "tornado.access": logging.WARNING,
    "matplotlib": logging.WARNING,
    "fontTools": logging.WARNING,  # the PDF report's font subsetting logs a line per table at INFO
    "PIL": logging.WARNING,
}
_STANDARD_ATTRIBUTES = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}

# Until configure_logging installs the install's key, a random one: hashes then only correlate
# within this process, which is still never reversible.
_user_key: bytes = os.urandom(32)


# Secrets the process knows, longest first; scrub() replaces each with SCRUBBED.
_secrets: tuple[str, ...] = ()
SCRUBBED = "<secret>"
# Shorter pieces would be replaced in innocent text too (a bot id is 8-10 digits and not secret).
_MIN_SECRET = 8


def log_user(user_id: int | None) -> str:
    """Return the pseudonym logs use for a Telegram user: a keyed hash, never the id itself."""
    if user_id is None:
        return "u:-"
    digest = hmac.new(_user_key, str(int(user_id)).encode("ascii"), hashlib.sha256).hexdigest()
    return "u:" + digest[:16]


def user_key_for(settings: Settings, stored_secret: str | None = None) -> bytes | None:
    """Return the key for log_user: from LOG_HASH_SALT when set, else from the install's stored secret.

    Never from the bot token: a token is rotated (the pseudonyms would change) and is shared with
    Telegram. `python -m bot` generates the stored secret on the first start (storage.audit.install_secret)
    when no salt is given. None (the sandbox) keeps the random per-process key.
    """
    if settings.log_hash_salt is not None:
        secret, purpose = settings.log_hash_salt.get_secret_value(), b"salt"
    elif stored_secret is not None:
        secret, purpose = stored_secret, b"install"
    else:
        return None
    return hashlib.sha256(b"migraine-companion/log-user/" + purpose + b"/" + secret.encode("utf-8")).digest()


def use_user_key(key: bytes | None) -> None:
    """Key log_user with this install's key from now on (None: keep the current one)."""
    global _user_key
    if key is not None:
        _user_key = key


def describe_error(error: BaseException | None) -> str:
    """Name an exception without its message: the class, plus Telegram's wait for a RetryAfter."""
    if error is None:
        return "None"
    # Not even a TelegramError's description: some quote a fragment of what we sent ("can't parse
    # entities: unsupported start tag ..."), and what we sent can contain what the user wrote.
    name = type(error).__name__
    if isinstance(error, RetryAfter):
        return f"{name}(retry_after={error.retry_after})"
    return name


def safe_traceback(error: BaseException) -> str:
    """Render the traceback (frames and exception classes, cause chain included) without any message."""
    blocks: list[str] = []
    for link in reversed(list(_chain(error))):
        frames = "".join(traceback.format_list(traceback.extract_tb(link.__traceback__)))
        kind = type(link)
        blocks.append(f"Traceback (most recent call last):\n{frames}{kind.__module__}.{kind.__qualname__}")
    return "\n\nThe above led to:\n\n".join(blocks)


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)


def secrets_of(settings: Settings) -> list[str]:
    """Every secret in the settings, as it could appear in text: the token, and its part after the colon."""
    found: list[str] = []
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if isinstance(value, SecretStr):
            found.append(value.get_secret_value())
    if settings.bot_token is not None:
        found.append(settings.bot_token.get_secret_value().partition(":")[2])
    for url in (settings.database_url, settings.sandbox_database_url):
        try:
            password = make_url(url).password
        except ArgumentError:
            password = None
        if password:
            found.append(str(password))
    return found


def scrub(text: str) -> str:
    """Replace every known secret in the text."""
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, SCRUBBED)
    return text


def install_secret_scrubbing(secrets: Iterable[str]) -> None:
    """Scrub these secrets from every log record of the process and from uncaught exceptions."""
    global _secrets
    known = {secret for secret in (*_secrets, *secrets) if len(secret) >= _MIN_SECRET}
    _secrets = tuple(sorted(known, key=len, reverse=True))
    if not getattr(logging.getLogRecordFactory(), "scrubs_secrets", False):
        logging.setLogRecordFactory(_scrubbing_factory(logging.getLogRecordFactory()))
    sys.excepthook = print_uncaught
    threading.excepthook = _print_uncaught_in_thread


def _scrubbing_factory(base: Any) -> Any:
    """Wrap a log record factory: every record leaves it with its text, arguments and traceback scrubbed."""

    def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record: logging.LogRecord = base(*args, **kwargs)
        if _secrets:
            scrub_record(record)
        return record

    make_record.scrubs_secrets = True  # type: ignore[attr-defined]
    return make_record


def scrub_record(record: logging.LogRecord) -> None:
    """Rewrite a record in place so no handler or formatter, ours or a library's, can print a secret."""
    HideTelegramObjects().filter(record)  # before formatting: an update's text must never be formatted in
    try:
        message = record.getMessage()
    except Exception:  # a library's bad format string: leave it to logging's own error report
        return
    cleaned = scrub(message)
    if cleaned != message:
        record.msg, record.args = cleaned, None
    if record.exc_info and record.exc_info[1] is not None:
        # Formatters print exc_text when it is set: even a foreign formatter prints the safe traceback.
        record.exc_text = scrub(safe_traceback(record.exc_info[1]))
    if record.stack_info:
        record.stack_info = scrub(record.stack_info)


def print_uncaught(kind: type[BaseException], error: BaseException, trace: Any) -> None:
    """sys.excepthook: print the safe traceback (no exception messages), scrubbed, instead of Python's."""
    if error.__traceback__ is None and trace is not None:
        error = error.with_traceback(trace)
    sys.stderr.write(scrub(safe_traceback(error)) + "\n")


def _print_uncaught_in_thread(hook_args: Any) -> None:
    if hook_args.exc_value is not None:
        print_uncaught(hook_args.exc_type, hook_args.exc_value, hook_args.exc_traceback)


class SafeTextFormatter(logging.Formatter):
    """The text format, with tracebacks that name exceptions but never print their messages."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        """Format, then scrub the line (a last guard for text no record factory saw)."""
        return scrub(super().format(record))

    def formatException(self, ei: Any) -> str:
        """Render exc_info through safe_traceback."""
        return safe_traceback(ei[1]) if ei and ei[1] is not None else ""


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, safe traceback and `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        """Serialise the record."""
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | float | bool | None) else str(value)
        if record.exc_info and record.exc_info[1] is not None:
            entry["error"] = describe_error(record.exc_info[1])
            entry["traceback"] = safe_traceback(record.exc_info[1])
        return scrub(json.dumps(entry, ensure_ascii=False))


class HideTelegramObjects(logging.Filter):
    """Replace Telegram objects in a record's arguments by their class name.

    PTB's few logs above DEBUG that take an update ("Error while building CallbackContext for update
    %s") would otherwise print the user's message.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the arguments; never drop the record."""
        if isinstance(record.args, tuple) and any(isinstance(arg, TelegramObject) for arg in record.args):
            record.args = tuple(
                f"<{type(arg).__name__}>" if isinstance(arg, TelegramObject) else arg for arg in record.args
            )
        return True


def configure_logging(
    level: str,
    *,
    log_file: Path | None = None,
    log_format: str = "text",
    user_key: bytes | None = None,
) -> None:
    """Log to stderr, or to a file when the terminal belongs to someone (the sandbox)."""
    global _user_key
    if user_key is not None:
        _user_key = user_key
    handler: logging.Handler
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(log_file, encoding="utf-8")
    else:
        handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if log_format == "json" else SafeTextFormatter())
    handler.addFilter(HideTelegramObjects())
    root = logging.getLogger()
    for replaced in root.handlers:
        if isinstance(replaced, logging.FileHandler):  # a second configuration (a test) closes the first's file
            replaced.close()
    root.handlers[:] = [handler]
    # DEBUG is for our own code; any library we did not list stays at INFO at most.
    numeric = logging.getLevelName(level)
    root.setLevel(max(numeric, logging.INFO))
    for package in OUR_PACKAGES:
        logging.getLogger(package).setLevel(numeric)
    for name, cap in LIBRARY_CAPS.items():
        logging.getLogger(name).setLevel(max(numeric, cap))
