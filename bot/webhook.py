"""Webhook mode: our own tornado server feeds Telegram's updates to the Application; /healthz and /metrics internal.

Why not ``Application.run_webhook``: PTB's server logs an unparsable body at CRITICAL, reads a whole
body before checking the secret, and keeps tornado's timeouts (an hour for headers, none for a body).
So this module serves the port itself and does what PTB's webhook handler does (check the secret and
the Content-Type, parse the update, put it on ``application.update_queue``, which
``Application.start`` consumes), with these differences: the secret is checked from the headers,
before the body is read, and in constant time; slow or silent clients are cut off after
WEBHOOK_TIMEOUT_SECONDS; a body over 256 KiB is refused; a refused request is logged at WARNING
(caller address and reason; never the body or the token it sent). /healthz and /metrics answer on a
second, internal server (INTERNAL_LISTEN:INTERNAL_PORT, 127.0.0.1 by default), never on the public
port (both servers: bot/webhook_http.py). The Updater is left unused.
Updates are handled several at a time, one user's in order and at most one of theirs at once
(bot/fair_updates.py), as in polling mode.

setWebhook: every instance calls it on start with the same URL, secret, max_connections and
allowed_updates (WEBHOOK_SET=true, the default). Telegram keeps one webhook per bot, so the calls
from N replicas behind one load balancer agree and repeat harmlessly, and whichever instance
restarts re-registers it. Pending updates are never dropped, and no instance deletes the webhook on
shutdown (that would deafen the others). WEBHOOK_SET=false leaves the registration to someone else.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
import signal
from http import HTTPStatus
from typing import Any, cast
from urllib.parse import urlsplit

import tornado.web
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ExtBot
from tornado.http1connection import HTTP1Connection

from bot.context import BotApplication
from bot.fair_updates import FairUpdateProcessor
from bot.services import Services
from bot.settings import Settings
from bot.startup import describe_failure
from bot.webhook_http import MAX_UPDATE_BYTES as MAX_UPDATE_BYTES
from bot.webhook_http import NotFoundHandler, QuietApplication, make_internal_app, make_server
from bot.webhook_reply import REPLY_WAIT_SECONDS, expire_slot, open_slot

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
JSON_CONTENT_TYPE = "application/json"  # exactly what Telegram sends, and all PTB's webhook handler accepts
OBSERVABILITY_PATHS = ("/healthz", "/metrics")


def webhook_path(settings: Settings) -> str:
    """The path the server listens on: the path of WEBHOOK_URL ("/" when it has none)."""
    return urlsplit(settings.webhook_url or "").path.rstrip("/") or "/"


def webhook_config_problem(settings: Settings) -> str | None:
    """Return the one-line configuration error that stops webhook mode from starting, if any."""
    if not settings.webhook_url:
        return "Configuration error: WEBHOOK_URL: is required in webhook mode (the public https URL of the bot)"
    if settings.webhook_secret is None:
        return "Configuration error: WEBHOOK_SECRET: is required in webhook mode (1-256 of A-Z a-z 0-9 _ -)"
    if webhook_path(settings) in OBSERVABILITY_PATHS:
        return "Configuration error: WEBHOOK_URL: its path must not be /healthz or /metrics"
    return None


# The processor of both modes (bot/fair_updates.py); the name is kept for callers of webhook mode.
PerUserOrderedProcessor = FairUpdateProcessor


@tornado.web.stream_request_body
class TelegramUpdateHandler(tornado.web.RequestHandler):
    """POST <webhook path>: one update from Telegram, checked against the secret token before its body is read.

    With stream_request_body, tornado calls prepare() once the headers are in, before any of the body:
    a caller without the secret (or with another Content-Type) is refused and disconnected without
    being read. The server's limits (make_webhook_server) bound the size and the time of the rest.
    """

    SUPPORTED_METHODS = ("POST",)

    def initialize(self, bot_application: BotApplication, secret: str, body_seconds: float) -> None:
        """Receive the application, the secret and the body's time limit (tornado's per-request hook)."""
        self.bot_application = bot_application
        self.secret = secret.encode("utf-8")
        self.body_seconds = body_seconds
        self.chunks: list[bytes] = []
        self.deadline: asyncio.TimerHandle | None = None

    def prepare(self) -> None:
        """Refuse a request without the secret token, or not JSON, from its headers alone; else time its body."""
        sent = self.request.headers.get(SECRET_HEADER, "").encode("utf-8")
        if not hmac.compare_digest(sent, self.secret):
            reason = "wrong secret token" if sent else "no secret token"
            log.warning("webhook request refused (403): %s, from %s", reason, self.request.remote_ip)
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        if self.request.headers.get("Content-Type") != JSON_CONTENT_TYPE:
            log.warning("webhook request refused (403): Content-Type is not %s", JSON_CONTENT_TYPE)
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        # The body gets body_seconds from here, as tornado's body_timeout gave it from the same moment (make_server).
        self.deadline = asyncio.get_running_loop().call_later(self.body_seconds, self._body_too_slow)

    def _body_too_slow(self) -> None:
        self.deadline = None
        log.info(
            "webhook request cut off: no whole body within %s s, from %s", self.body_seconds, self.request.remote_ip
        )
        cast(HTTP1Connection, self.request.connection).close()  # the body's read fails; tornado drops the request

    def _stop_deadline(self) -> None:
        if self.deadline is not None:
            self.deadline.cancel()
            self.deadline = None

    def on_connection_close(self) -> None:
        """The client went (or the body took too long): no deadline left behind."""
        self._stop_deadline()

    def on_finish(self) -> None:
        """Answered: no deadline left behind."""
        self._stop_deadline()

    def data_received(self, chunk: bytes) -> None:
        """Collect the body (at most MAX_UPDATE_BYTES: the server refuses more)."""
        self.chunks.append(chunk)

    async def post(self) -> None:
        """Parse the update and queue it; reply 200, with the answer to a press when it comes in time."""
        self._stop_deadline()  # the whole body is in
        bot = self.bot_application.bot
        try:
            data = json.loads(b"".join(self.chunks))
            if not isinstance(data, dict):
                raise TypeError("not a JSON object")
            trim_pressed_message(data)
            update = Update.de_json(data, bot)
        except Exception as exc:  # not JSON, or not an update: say so without quoting the body
            log.warning("webhook request refused (400): not an update (%s)", type(exc).__name__)
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST) from None
        if isinstance(bot, ExtBot):
            bot.insert_callback_data(update)  # a no-op unless arbitrary callback data is on; PTB does it too
        slot = open_slot(update)
        await self.bot_application.update_queue.put(update)
        self.set_status(HTTPStatus.OK)
        if slot is None:
            self.finish()
            return
        # A press: its answer may come back in this reply (bot/webhook_reply.py).
        timer = asyncio.get_running_loop().call_later(REPLY_WAIT_SECONDS, expire_slot, update, slot)
        method = await slot
        timer.cancel()
        if method is None:
            self.finish()
            return
        self.set_header("Content-Type", JSON_CONTENT_TYPE)
        self.finish(json.dumps(method).encode())


# What handlers read of the message a pressed button sits on: where it is (to edit or delete it) and that it is
# still accessible (a date of 0 makes it an InaccessibleMessage).
PRESSED_MESSAGE_KEYS = frozenset({"message_id", "date", "chat", "message_thread_id", "business_connection_id"})


def trim_pressed_message(data: dict[str, Any]) -> None:
    """Keep only the id, date and chat of the message a pressed button sits on, before the update is parsed.

    No handler reads the rest (a press is handled by its callback data, and a screen is rebuilt, not edited
    from the old one): parsing its keyboard into PTB objects cost about as much CPU as the rest of a press,
    and a lesson's text with its formatting entities (a MessageEntity each) as much again as the whole
    update without them.
    """
    query = data.get("callback_query")
    message = query.get("message") if isinstance(query, dict) else None
    if isinstance(message, dict):
        for key in message.keys() - PRESSED_MESSAGE_KEYS:
            del message[key]


def make_webhook_app(application: BotApplication, services: Services) -> tornado.web.Application:
    """The public tornado application: the webhook path from WEBHOOK_URL, nothing else."""
    settings = services.settings
    assert settings.webhook_secret is not None, "checked by webhook_config_problem"
    path = webhook_path(settings)
    routes: list[Any] = [
        (
            rf"{re.escape(path.rstrip('/'))}/?",
            TelegramUpdateHandler,
            {
                "bot_application": application,
                "secret": settings.webhook_secret.get_secret_value(),
                "body_seconds": settings.webhook_timeout_seconds,
            },
        ),
    ]
    return QuietApplication(routes, default_handler_class=NotFoundHandler)


async def register_webhook(application: BotApplication, settings: Settings) -> None:
    """Tell Telegram where to send updates (idempotent: every instance sends the same values)."""
    assert settings.webhook_url is not None and settings.webhook_secret is not None
    await application.bot.set_webhook(
        url=settings.webhook_url,
        secret_token=settings.webhook_secret.get_secret_value(),
        max_connections=settings.webhook_max_connections,
        allowed_updates=Update.ALL_TYPES,
    )


async def serve_webhook(application: BotApplication, services: Services, *, stop: asyncio.Event) -> None:
    """Run the application and the webhook server until `stop` is set, then shut both down in order.

    The order mirrors PTB's run_webhook: initialize, post_init, start the application, listen, then
    register the webhook (so Telegram's first call finds a listener); on stop, stop listening first,
    let the application finish what it queued, then post_stop, shutdown, post_shutdown.
    """
    settings = services.settings
    server = make_server(make_webhook_app(application, services), settings, handlers_time_the_body=True)
    internal = make_server(make_internal_app(services), settings)
    async with application:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        try:
            internal.listen(settings.internal_port, address=settings.internal_listen)
            log.info("/healthz and /metrics on %s:%d", settings.internal_listen, settings.internal_port)
            server.listen(settings.webhook_port, address=settings.webhook_listen)
            log.info("webhook server listening on %s:%d", settings.webhook_listen, settings.webhook_port)
            if settings.webhook_set:
                await register_webhook(application, settings)
            await stop.wait()
        finally:
            server.stop()
            await server.close_all_connections()
            internal.stop()
            await internal.close_all_connections()
            await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
    if application.post_shutdown is not None:
        await application.post_shutdown(application)


def run_webhook_until_signalled(application: BotApplication, services: Services) -> int:
    """Serve until SIGINT or SIGTERM (Docker's stop); return the exit code."""

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await serve_webhook(application, services, stop=stop)

    try:
        asyncio.run(run())
    except TelegramError as exc:
        # Never the exception's text: PTB's InvalidToken quotes the token (bot/startup.py words the reason).
        log.error("webhook mode stopped: %s", describe_failure(exc, services.settings))
        return 1
    except OSError as exc:  # e.g. the port is taken
        log.error("webhook mode stopped: cannot listen on %s:%d (%s)", *_address(services), type(exc).__name__)
        return 1
    return 0


def _address(services: Services) -> tuple[str, int]:
    return services.settings.webhook_listen, services.settings.webhook_port
