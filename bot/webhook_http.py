"""The HTTP side of webhook mode: tornado servers that never wait long for a client, and their quiet applications.

bot/webhook.py serves Telegram's updates on the public port through these; /healthz and /metrics answer on the
internal one.
"""

from __future__ import annotations

from http import HTTPStatus

import tornado.web
from tornado.httpserver import HTTPServer

from bot.health import observability_response
from bot.services import Services
from bot.settings import Settings

MAX_UPDATE_BYTES = 256 * 1024  # an update is a few KB; Telegram never sends files in it
MAX_HEADER_BYTES = 16 * 1024


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
    WEBHOOK_TIMEOUT_SECONDS, and so does the body; a body over MAX_UPDATE_BYTES is refused from its
    Content-Length, before it is read.

    ``handlers_time_the_body``: every handler of ``app`` streams its body and either refuses before reading it or
    times it itself (the public port: TelegramUpdateHandler, NotFoundHandler). Tornado's body_timeout wraps each
    body's read in a task, a future and a timer (gen.with_timeout): ~120,000 instructions a request under
    callgrind in a bare tornado server, ~10 % of its work; a handler's deadline is one timer.
    """
    seconds = settings.webhook_timeout_seconds
    return HTTPServer(
        app,
        idle_connection_timeout=seconds,
        body_timeout=None if handlers_time_the_body else seconds,
        max_body_size=MAX_UPDATE_BYTES,
        max_header_size=MAX_HEADER_BYTES,
    )
