"""Connecting to Telegram at start: one clear line instead of tracebacks when it cannot be done.

When getMe fails inside PTB's Application.initialize (run_polling, or ``async with application``),
PTB logs the failure with a traceback (its network retry loop, and its JSON parser for an answer
that is not JSON), raises an exception whose message contains the token (InvalidToken), and leaves
the bot's HTTP sessions open, because Application.shutdown skips a bot that never finished
initializing ("Unclosed client session" at exit). So `python -m bot` connects first, here: getMe with
PTB's loggers quiet, the sessions closed whatever happens, and the reason said in one line that
names the setting to check and never the token.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from telegram import Bot
from telegram.error import Forbidden, InvalidToken, NetworkError, TelegramError, TimedOut

from bot.settings import Settings

TELEGRAM_HOST = "api.telegram.org"
# PTB's own wording for an answer that is not JSON (telegram.request.BaseRequest.parse_json_payload).
_NOT_JSON = "Invalid server response"
# Telegram's descriptions for a refused token; any other text is not repeated (it could be anything).
_REFUSALS = {"Unauthorized": "401 Unauthorized", "Not Found": "404 Not Found"}


def telegram_host(settings: Settings) -> str:
    """Name the server the bot talks to (host and port only: never a path, which could hold a token)."""
    if not settings.telegram_api_base_url:
        return TELEGRAM_HOST
    parts = urlsplit(settings.telegram_api_base_url)
    return f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)


def describe_failure(error: BaseException, settings: Settings) -> str:
    """Return the one line that says why the bot could not talk to Telegram, and what to check."""
    host = telegram_host(settings)
    base_url = " and TELEGRAM_API_BASE_URL" if settings.telegram_api_base_url else ""
    chain = list(_chain(error))
    if any(type(link) is TelegramError and str(link) == _NOT_JSON for link in chain):
        return (
            f"Cannot start: {host} did not answer like the Telegram Bot API (not JSON); "
            "check TELEGRAM_API_BASE_URL (leave it empty for Telegram itself)"
        )
    if isinstance(error, InvalidToken):
        answer = next((_REFUSALS[str(link)] for link in chain if str(link) in _REFUSALS), "refused")
        return (
            f"Cannot start: {host} refused BOT_TOKEN ({answer}); "
            f"copy the token again from @BotFather and check BOT_TOKEN{base_url}"
        )
    if isinstance(error, TimedOut | NetworkError):
        return (
            f"Cannot start: Telegram is unreachable at {host} ({type(error).__name__}); "
            f"check the network, HTTPS_PROXY{base_url}"
        )
    if isinstance(error, Forbidden):
        return f"Cannot start: {host} answered 403 Forbidden; check BOT_TOKEN{base_url}"
    return f"Cannot start: {host} answered with an error ({type(error).__name__}); check BOT_TOKEN{base_url}"


def _chain(error: BaseException) -> Iterator[BaseException]:
    current: BaseException | None = error
    seen: set[int] = set()
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Silence a library's logger for a moment: the failure is reported once, by us."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


async def connect_to_telegram(bot: Bot, settings: Settings) -> str | None:
    """Call getMe through the bot's own request objects, then close them; None when it worked."""
    try:
        with _quiet("telegram"):
            await bot.initialize()
    except TelegramError as error:
        return describe_failure(error, settings)
    finally:
        await bot.shutdown()
    return None


def check_telegram(bot: Bot, settings: Settings) -> str | None:
    """Run connect_to_telegram on a loop of its own (before PTB starts its own)."""
    return asyncio.run(connect_to_telegram(bot, settings))
