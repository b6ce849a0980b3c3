"""The fake Bot API over real HTTP: ``/bot<token>/<method>`` on a loopback port, answered by a FakeTelegram.

Bot processes started with ``TELEGRAM_API_BASE_URL=http://127.0.0.1:<port>/bot`` reach it through PTB's
own HTTPXRequest (form fields, JSON-encoded unless they are strings; multipart when uploading), so the
whole network path is real. The method table and dispatcher are the ones the in-process FakeRequest uses.

The controller for tests and benchmarks: in the same process, ``server.fake`` is the FakeTelegram
(sent_to, calls, user_sends, user_presses, ...) and ``server.sent_log`` when each bot message arrived;
from another process, ``GET /fake/sent`` returns that log as JSON and ``GET /fake/events`` streams it,
one JSON object per line, as it grows; ``GET /fake/limits`` says whether Telegram's flood limits are
enforced (bot/fake_telegram/limits.py; ``--no-limits`` lifts them) and lists every call refused for
them; ``POST /fake/press`` builds a button press on the bot's messages as they are now (PressHandler);
``POST /fake/webhook-reply`` carries out the method a bot put in its reply to a webhook update.
Times are ``time.monotonic()``: one clock for every process on the machine (Linux CLOCK_MONOTONIC), so a
client can subtract its own readings. Several bot processes on one token can be told apart: give each
its own base URL, ``server.base_url_for("A")`` = ``http://127.0.0.1:<port>/via/A/bot``, and each stamp
names the `via` its call came through.

Run on its own: ``python -m bot.fake_telegram.http --port 8081`` (prints its base URL, stops on Ctrl-C).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import ipaddress
import json
import re
import signal
import sys
import time
from contextvars import ContextVar
from dataclasses import asdict, dataclass
from typing import Any

import tornado.web
from telegram.error import NetworkError, TimedOut
from tornado.httpserver import HTTPServer
from tornado.iostream import StreamClosedError
from tornado.netutil import bind_sockets

from bot.fake_telegram.errors import ApiError
from bot.fake_telegram.limits import RateLimits
from bot.fake_telegram.methods import answer_call, carry_out_webhook_reply
from bot.fake_telegram.records import JSONDict, SentMessage, UploadPart
from bot.fake_telegram.state import FakeTelegram

# Parameters that are strings in the Bot API: sent as they are, never JSON-decoded (a text "123" stays text).
# fmt: off
TEXT_PARAMS = frozenset({
    "text", "caption", "parse_mode", "callback_query_id", "action", "url", "secret_token", "language_code",
    "business_connection_id", "message_effect_id", "ip_address", "inline_message_id", "emoji", "title",
    "description", "short_description", "name", "question", "explanation",
})
# fmt: on
MAX_BODY_BYTES = 64 * 1024 * 1024  # Telegram's own limit for bot uploads is 50 MB
STREAM_POLL_SECONDS = 1.0
FREEZE_SECONDS = 1.0  # see freeze_the_heap_every
# Which base URL the call being answered came through ("" for plain /bot...); read when stamping.
_current_via: ContextVar[str] = ContextVar("fake_telegram_via", default="")


@dataclass(frozen=True, slots=True)
class SentStamp:
    """When a bot message reached the fake ("sent", "edited" or "deleted"), by monotonic clock."""

    event: str
    chat_id: int
    message_id: int
    at: float
    via: str = ""


def decode_fields(fields: dict[str, str]) -> JSONDict:
    """Turn form fields back into parameters: PTB JSON-encodes every value that is not a string."""
    params: JSONDict = {}
    for name, raw in fields.items():
        if name in TEXT_PARAMS:
            params[name] = raw
            continue
        try:
            params[name] = json.loads(raw)
        except ValueError:
            params[name] = raw  # "@channel", a file_id, "attach://name"
    return params


class BotApiHandler(tornado.web.RequestHandler):
    """``/bot<token>/<method>``: decode the call, run the shared dispatcher, answer like Telegram."""

    def initialize(self, server: FakeTelegramServer) -> None:
        """Receive the server (tornado's per-request hook)."""
        self.server = server

    async def get(self, via: str | None, token: str, method: str) -> None:
        """Bot API methods may be called with GET and query parameters."""
        await self.post(via, token, method)

    async def post(self, via: str | None, token: str, method: str) -> None:
        """Answer one Bot API call."""
        _current_via.set(via or "")  # this handler's own task: the stamps of this call see it
        self.set_header("Content-Type", "application/json")
        if self.server.token is not None and token != self.server.token:
            self._answer(401, ApiError(401, "Unauthorized").payload())
            return
        params, uploads = self._decode()
        try:
            status, body = await answer_call(self.server.fake, method, params, uploads)
        except TimedOut:
            self._answer(504, ApiError(504, "Gateway Timeout").payload())
            return
        except NetworkError:
            self._answer(502, ApiError(502, "Bad Gateway").payload())
            return
        self.set_status(status)
        self.finish(body)

    def _decode(self) -> tuple[JSONDict, dict[str, UploadPart]]:
        request = self.request
        content_type = request.headers.get("Content-Type", "")
        fields = {name: values[-1].decode("utf-8") for name, values in request.query_arguments.items()}
        if content_type.startswith("application/json") and request.body:
            body = json.loads(request.body)
            params = {**decode_fields(fields), **(body if isinstance(body, dict) else {})}
            return params, {}
        fields.update({name: values[-1].decode("utf-8") for name, values in request.body_arguments.items()})
        uploads = {
            name: UploadPart(filename=part.filename, content=part.body, mime_type=part.content_type)
            for name, parts in request.files.items()
            for part in parts[-1:]
        }
        return decode_fields(fields), uploads

    def _answer(self, status: int, payload: JSONDict) -> None:
        self.set_status(status)
        self.finish(json.dumps(payload))


class SentLogHandler(tornado.web.RequestHandler):
    """``GET /fake/sent?since=N``: the sent log from entry N on, as a JSON list."""

    def initialize(self, server: FakeTelegramServer) -> None:
        """Receive the server."""
        self.server = server

    def get(self) -> None:
        """Answer with the log."""
        since = int(self.get_query_argument("since", "0"))
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps([asdict(stamp) for stamp in self.server.sent_log[since:]]))


class LimitsHandler(tornado.web.RequestHandler):
    """``GET /fake/limits``: whether Telegram's flood limits are enforced, and every call refused for them."""

    def initialize(self, server: FakeTelegramServer) -> None:
        """Receive the server."""
        self.server = server

    def get(self) -> None:
        """Answer with the refusals so far."""
        keeper = self.server.fake.limits
        refusals = [asdict(refusal) for refusal in keeper.refusals] if keeper is not None else []
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"enforced": keeper is not None, "refusals": refusals}))


class WebhookReplyHandler(tornado.web.RequestHandler):
    """``POST /fake/webhook-reply``: carry out the method a bot put in its reply to a webhook update, for another
    process playing Telegram's side of the webhook (the body is that reply, as the bot sent it). Answers 204."""

    def initialize(self, server: FakeTelegramServer) -> None:
        """Receive the server."""
        self.server = server

    async def post(self) -> None:
        """Carry the method out."""
        await carry_out_webhook_reply(self.server.fake, self.request.body)
        self.set_status(204)
        self.finish()


class PressHandler(tornado.web.RequestHandler):
    """``POST /fake/press``: build a `callback_query` update, as ``fake.user_presses`` does, for another process.

    The JSON body names the ``user_id`` and either
    * ``pattern`` (a regular expression matched at the start of the callback data) and ``pick``: press the
      matching button number ``pick`` (modulo their count) on the newest bot message that has one; with
      ``forge`` true and no such button, press the newest bot message with ``forge_data`` unchecked; with
      ``newest`` true, only the newest bot message is searched (a question answered only while it is the last);
    * or ``message`` (``text`` and ``reply_markup``) and ``data``: put that message in the chat as one the
      bot sent earlier (no sent event: the scheduler's check-in, say), then press ``data`` on it.
    Answers 200 with the update, or 404 when there is no such button or no bot message at all.
    """

    def initialize(self, server: FakeTelegramServer) -> None:
        """Receive the server."""
        self.server = server

    def post(self) -> None:
        """Build the press."""
        fake = self.server.fake
        spec = json.loads(self.request.body)
        user_id = int(spec["user_id"])
        fake.add_user(user_id)
        chat = fake.chats[user_id]
        self.set_header("Content-Type", "application/json")
        if "message" in spec:
            stored = fake.store_message(chat, dict(spec["message"]), from_bot=False)
            stored.from_bot, stored.raw["from"] = True, fake.bot_user  # sent earlier: no event now
            self.finish(json.dumps(fake.user_presses(user_id, stored.raw["message_id"], str(spec["data"]))))
            return
        pattern = re.compile(str(spec["pattern"]))
        newest = None
        for stored in reversed(chat.messages.values()):
            if not stored.from_bot:
                continue
            if newest is not None and spec.get("newest"):
                break
            newest = newest or stored
            rows = (stored.raw.get("reply_markup") or {}).get("inline_keyboard", [])
            choices = [data for row in rows for b in row if (data := b.get("callback_data")) and pattern.match(data)]
            if choices:
                data = choices[int(spec.get("pick", 0)) % len(choices)]
                self.finish(json.dumps(fake.user_presses(user_id, stored.raw["message_id"], data)))
                return
        if spec.get("forge") and newest is not None:
            update = fake.user_presses(user_id, newest.raw["message_id"], str(spec["forge_data"]), check_button=False)
            self.finish(json.dumps(update))
            return
        self.set_status(404)
        self.finish(json.dumps({"error": "no such button"}))


class EventStreamHandler(tornado.web.RequestHandler):
    """``GET /fake/events``: every new sent-log entry as one JSON line, until either side closes."""

    def initialize(self, server: FakeTelegramServer) -> None:
        """Receive the server."""
        self.server = server
        self.closed = False

    def on_connection_close(self) -> None:
        """The client went away: end the stream."""
        self.closed = True

    async def get(self) -> None:
        """Stream the log from entry `since` (default: from now on)."""
        position = int(self.get_query_argument("since", str(len(self.server.sent_log))))
        self.set_header("Content-Type", "application/x-ndjson")
        while not self.closed and self.server.serving:
            log = self.server.sent_log
            if len(log) > position:
                self.write("".join(json.dumps(asdict(stamp)) + "\n" for stamp in log[position:]))
                position = len(log)
                try:
                    await self.flush()
                except StreamClosedError:
                    return
            await self.server.wait_for_stamp(STREAM_POLL_SECONDS)
        self.finish()


class FakeTelegramServer:
    """A FakeTelegram served over HTTP on a loopback port (0: any free one)."""

    def __init__(
        self, fake: FakeTelegram | None = None, *, token: str | None = None, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        if not ipaddress.ip_address(host).is_loopback:
            raise ValueError("the fake Bot API only listens on a loopback address")
        self.fake = fake or FakeTelegram()
        self.token = token  # None: any token is accepted
        self.host = host
        self.port = port
        self.sent_log: list[SentStamp] = []
        self.serving = False
        self._server: HTTPServer | None = None
        self._stamped: asyncio.Event | None = None
        self.fake.listeners.append(self._stamp)

    @property
    def base_url(self) -> str:
        """The value for TELEGRAM_API_BASE_URL."""
        return f"http://{self.host}:{self.port}/bot"

    def base_url_for(self, via: str) -> str:
        """A base URL that marks the calls made through it (one per bot process), e.g. "A"."""
        return f"http://{self.host}:{self.port}/via/{via}/bot"

    @property
    def root_url(self) -> str:
        """The server's root, for the /fake/... controller endpoints."""
        return f"http://{self.host}:{self.port}"

    def application(self) -> tornado.web.Application:
        """The tornado application: the Bot API plus the controller endpoints."""
        routes: list[Any] = [
            (
                r"(?:/via/(?P<via>[A-Za-z0-9_-]+))?/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)/?",
                BotApiHandler,
                {"server": self},
            ),
            (r"/fake/sent", SentLogHandler, {"server": self}),
            (r"/fake/events", EventStreamHandler, {"server": self}),
            (r"/fake/limits", LimitsHandler, {"server": self}),
            (r"/fake/press", PressHandler, {"server": self}),
            (r"/fake/webhook-reply", WebhookReplyHandler, {"server": self}),
        ]
        return _QuietApplication(routes)

    async def start(self) -> None:
        """Bind the port and serve on the running loop."""
        sockets = bind_sockets(self.port, self.host)
        self.port = sockets[0].getsockname()[1]
        self._server = HTTPServer(self.application(), max_body_size=MAX_BODY_BYTES)
        self._server.add_sockets(sockets)
        self._stamped = asyncio.Event()
        self.serving = True

    async def stop(self) -> None:
        """Stop listening and close every connection."""
        self.serving = False
        if self._stamped is not None:
            self._stamped.set()  # end the event streams
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None

    async def __aenter__(self) -> FakeTelegramServer:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def _stamp(self, event: str, message: SentMessage) -> None:
        stamp = SentStamp(event, message.chat_id, message.message_id, time.monotonic(), _current_via.get())
        self.sent_log.append(stamp)
        if self._stamped is not None:
            self._stamped.set()

    async def wait_for_stamp(self, timeout: float) -> None:
        """Sleep until the next bot message arrives or `timeout` seconds pass."""
        if self._stamped is None:
            return
        self._stamped.clear()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                await self._stamped.wait()

    async def wait_for_messages(self, chat_id: int, count: int, *, timeout: float = 10.0) -> list[SentMessage]:
        """Wait until the bot has sent `count` messages to the chat; AssertionError after `timeout` s."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while len(sent := self.fake.sent_to(chat_id)) < count:
            remaining = deadline - loop.time()
            if remaining <= 0:
                texts = [m.text for m in sent]
                raise AssertionError(f"waited {timeout}s for {count} message(s) to {chat_id}; got {texts}")
            await self.wait_for_stamp(remaining)
        return sent


class _QuietApplication(tornado.web.Application):
    """No access log: a benchmark sends thousands of calls a second."""

    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        """Log nothing."""


async def serve_until_stopped(port: int, token: str | None, *, limits: RateLimits | None = RateLimits()) -> None:  # noqa: B008
    """Serve a fresh FakeTelegram (with Telegram's flood limits unless `limits` is None) until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with FakeTelegramServer(FakeTelegram(limits=limits), token=token, port=port) as server:
        print(server.base_url, flush=True)  # noqa: T201 - the parent process reads the port from here
        freezer = asyncio.create_task(freeze_the_heap_every(FREEZE_SECONDS))
        try:
            await stop.wait()
        finally:
            freezer.cancel()


async def freeze_the_heap_every(seconds: float) -> None:
    """Freeze every object alive, every `seconds`, so garbage collections only walk what came since.

    The fake keeps every message, so its heap only grows, and a full collection walked all of it: up to
    300 ms under bench/load.py, during which no bot call was answered and the replies it times waited.
    Frozen objects are still freed by reference counting; cycles among them stay, which a fake that
    forgets nothing can afford.
    """
    while True:
        await asyncio.sleep(seconds)
        gc.freeze()


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and serve."""
    parser = argparse.ArgumentParser(prog="python -m bot.fake_telegram.http", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8081, help="0 picks a free port (printed on start)")
    parser.add_argument("--token", default=None, help="accept only this bot token (default: any)")
    parser.add_argument(
        "--no-limits", action="store_true", help="lift Telegram's flood limits (benchmarks of CPU cost)"
    )
    args = parser.parse_args(argv)
    asyncio.run(serve_until_stopped(args.port, args.token, limits=None if args.no_limits else RateLimits()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
