"""The HTTP side of webhook mode: tornado servers that never wait long for a client, and their quiet applications.

bot/webhook.py serves Telegram's updates on the public port through these; /healthz and /metrics answer on the
internal one.
"""

from __future__ import annotations

import asyncio
import time
from http import HTTPStatus
from typing import Any

import tornado.web
from tornado import httputil
from tornado.http1connection import HTTP1Connection
from tornado.httpserver import HTTPServer

from bot.health import observability_response
from bot.services import Services
from bot.settings import Settings

MAX_UPDATE_BYTES = 256 * 1024  # an update is a few KB; Telegram never sends files in it
MAX_HEADER_BYTES = 16 * 1024
SWEEPS_PER_TIMEOUT = 4  # a connection is cut off between 1 and 1.25 header timeouts after it began to wait


@tornado.web.stream_request_body
class NotFoundHandler(tornado.web.RequestHandler):
    """Any other path of the public port: 404 from the headers, as tornado's own, but its body never read.

    The public server leaves timing a body to its handlers (make_server): tornado's default 404 handler would read
    a body for as long as the client took.
    """

    def prepare(self) -> None:
        """Refuse before the body."""
        raise tornado.web.HTTPError(HTTPStatus.NOT_FOUND)


class ObservabilityHandler(tornado.web.RequestHandler):
    """GET /healthz and /metrics, answered by bot/health.py."""

    SUPPORTED_METHODS = ("GET",)

    def initialize(self, services: Services) -> None:
        """Receive the services."""
        self.services = services

    async def get(self) -> None:
        """Answer with the health report or the metrics."""
        accept = self.request.headers.get("Accept", "")
        found = await observability_response(self.services, self.request.path, accept)
        if found is None:
            raise tornado.web.HTTPError(HTTPStatus.NOT_FOUND)
        self.set_status(found.status)
        self.set_header("Content-Type", found.content_type)
        self.finish(found.body)


class QuietApplication(tornado.web.Application):
    """No access log: hundreds of updates a second would drown everything else; refusals log themselves."""

    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        """Log nothing."""


def make_internal_app(services: Services) -> tornado.web.Application:
    """The internal tornado application: /healthz and /metrics."""
    return QuietApplication([(r"/(?:healthz|metrics)/?", ObservabilityHandler, {"services": services})])


def make_server(
    app: tornado.web.Application, settings: Settings, *, handlers_time_the_body: bool = False
) -> HTTPServer:
    """An HTTP server that never waits long for a slow or silent client.

    Tornado's defaults wait an hour for headers and forever for a body that was announced but never
    sent; each such connection is held open. Here the headers (and an idle keep-alive connection) get
    WEBHOOK_TIMEOUT_SECONDS (HeaderDeadlineServer), and so does the body; a body over MAX_UPDATE_BYTES is refused
    from its Content-Length, before it is read.

    ``handlers_time_the_body``: every handler of ``app`` streams its body and either refuses before reading it or
    times it itself (the public port: TelegramUpdateHandler, NotFoundHandler). Tornado's body_timeout wraps each
    body's read in a task, a future and a timer (gen.with_timeout): ~120,000 instructions a request under
    callgrind in a bare tornado server, ~10 % of its work; a handler's deadline is one timer.
    """
    seconds = settings.webhook_timeout_seconds
    return HeaderDeadlineServer(
        app,
        idle_connection_timeout=seconds,
        body_timeout=None if handlers_time_the_body else seconds,
        max_body_size=MAX_UPDATE_BYTES,
        max_header_size=MAX_HEADER_BYTES,
    )


class HeaderDeadlineServer(HTTPServer):
    """Tornado's server, its connections cut off when their next request's headers take over idle_connection_timeout.

    Tornado times each request's headers with gen.with_timeout: a future chained to the read, a timer, and two
    callbacks through the event loop for every request. Here a request notes when its connection began to wait
    (start_request) and no longer waits once its headers are in (_HeadersIn); one sweep, every
    1/SWEEPS_PER_TIMEOUT of the timeout while any connection waits, closes those that waited the whole timeout,
    as tornado's timeout did (the connection closed, no answer). The body is timed as before (make_server).
    """

    def initialize(self, *args: Any, **kwargs: Any) -> None:
        """Take over the header timeout from tornado's connections (which would otherwise time it themselves)."""
        super().initialize(*args, **kwargs)
        self.header_seconds: float = self.conn_params.header_timeout or 3600.0  # tornado's own default
        self.conn_params.header_timeout = None
        # Each connection waiting for a request's headers: since when (time.monotonic), and that request's connection.
        self.waiting: dict[object, tuple[float, HTTP1Connection]] = {}
        self._sweep: asyncio.TimerHandle | None = None

    def start_request(self, server_conn: object, request_conn: httputil.HTTPConnection) -> httputil.HTTPMessageDelegate:
        """Note that the connection waits for a request's headers from now; tornado reads them next."""
        self.waiting[server_conn] = (time.monotonic(), request_conn)  # type: ignore[assignment]
        if self._sweep is None:
            self._sweep = asyncio.get_running_loop().call_later(self.header_seconds / SWEEPS_PER_TIMEOUT, self._cut)
        return _HeadersIn(super().start_request(server_conn, request_conn), self.waiting, server_conn)

    def on_close(self, server_conn: object) -> None:
        """The connection is gone: it waits for nothing."""
        self.waiting.pop(server_conn, None)
        super().on_close(server_conn)

    def _cut(self) -> None:
        """Close every connection that waited for headers the whole timeout; sweep again while any waits."""
        oldest = time.monotonic() - self.header_seconds
        for server_conn in [c for c, (since, _) in self.waiting.items() if since <= oldest]:
            _, request_conn = self.waiting.pop(server_conn)
            request_conn.close()  # the read of the headers fails; tornado ends the connection (on_close)
        self._sweep = None
        if self.waiting:
            self._sweep = asyncio.get_running_loop().call_later(self.header_seconds / SWEEPS_PER_TIMEOUT, self._cut)


class _HeadersIn(httputil.HTTPMessageDelegate):
    """A request's delegate that, once the headers are in, takes its connection off the waiting list."""

    __slots__ = ("delegate", "server_conn", "waiting")

    def __init__(self, delegate: httputil.HTTPMessageDelegate, waiting: dict[object, Any], server_conn: object) -> None:
        self.delegate = delegate
        self.waiting = waiting
        self.server_conn = server_conn

    def headers_received(
        self, start_line: httputil.RequestStartLine | httputil.ResponseStartLine, headers: httputil.HTTPHeaders
    ) -> Any:
        """The headers are in: no longer waiting for them."""
        self.waiting.pop(self.server_conn, None)
        return self.delegate.headers_received(start_line, headers)

    def data_received(self, chunk: bytes) -> Any:
        """Pass a part of the body on."""
        return self.delegate.data_received(chunk)

    def finish(self) -> None:
        """Pass the end of the request on."""
        self.delegate.finish()

    def on_connection_close(self) -> None:
        """Pass the closed connection on."""
        self.delegate.on_connection_close()
