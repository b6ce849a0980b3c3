"""PTB hooks for metrics: an update processor that times every update, and a request wrapper.

The update processor is where PTB hands over each update fetched by polling or a webhook, so it sees
all of them (harness tests that call ``application.process_update`` directly bypass it). An update's
outcome is "error" when the error handler ran for it: handle_error calls ``mark_update_failed``, which
finds the update's record through a context variable (the error handler runs inside the update's task).
A handler registered with block=False finishes after its update was recorded, so its time and its
failures are not counted; the bot has none.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.ext import BaseUpdateProcessor
from telegram.request import BaseRequest, RequestData

from bot.logs import log_user
from bot.metrics import Metrics
from bot.telegram_http import AiohttpRequest
from storage.direct import leased_connections, release_leased_connection

log = logging.getLogger(__name__)

# PTB's defaults for the two request objects it would otherwise build itself (ApplicationBuilder).
DEFAULT_POOL_SIZE = 256
GET_UPDATES_POOL_SIZE = 1


@dataclass
class _UpdateRun:
    failed: bool = False


_current_run: ContextVar[_UpdateRun | None] = ContextVar("current_update_run", default=None)


def mark_update_failed() -> None:
    """Mark the update being handled as failed (called by the error handler); no-op outside one."""
    run = _current_run.get()
    if run is not None:
        run.failed = True


def update_type(update: object) -> str:
    """Name the kind of update ("message", "callback_query", ...) without any of its content."""
    if not isinstance(update, Update):
        return type(update).__name__
    for kind in Update.ALL_TYPES:  # UpdateType members: strings equal to the attribute names
        if getattr(update, kind, None) is not None:
            return str(kind)
    return "other"


class MeasuredUpdateProcessor(BaseUpdateProcessor):
    """Processes updates like PTB's SimpleUpdateProcessor, timing each and counting its outcome."""

    def __init__(self, metrics: Metrics, max_concurrent_updates: int = 1) -> None:
        super().__init__(max_concurrent_updates)
        self.metrics = metrics

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Await the update's handlers, then record type, outcome and duration."""
        run = _UpdateRun()
        token = _current_run.set(run)
        started = time.perf_counter()
        try:
            # The update's direct statements share one checkout of the read engine's pool (storage.direct).
            async with leased_connections():
                await coroutine
        except Exception:
            run.failed = True  # Application.process_update hands errors to the error handler; defensive
            raise
        finally:
            seconds = time.perf_counter() - started
            _current_run.reset(token)
            kind = update_type(update)
            outcome = "error" if run.failed else "ok"
            self.metrics.observe_update(kind, outcome, seconds)
            if log.isEnabledFor(logging.DEBUG):  # the keyed hash of the user id is worked out for this line only
                user = (
                    log_user(update.effective_user.id) if isinstance(update, Update) and update.effective_user else "-"
                )
                log.debug(
                    "%s update from %s handled in %.1f ms: %s",
                    kind,
                    user,
                    seconds * 1000,
                    outcome,
                    extra={"user": user, "update_type": kind, "outcome": outcome},
                )

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""


class MeasuredRequest(BaseRequest):
    """A BaseRequest that delegates to another (AiohttpRequest, the fake) and counts failed calls by code."""

    def __init__(self, inner: BaseRequest, metrics: Metrics) -> None:
        self.inner = inner
        self.metrics = metrics

    @property
    def read_timeout(self) -> float | None:
        """The wrapped request's default read timeout."""
        return self.inner.read_timeout

    async def initialize(self) -> None:
        """Initialize the wrapped request."""
        await self.inner.initialize()

    async def shutdown(self) -> None:
        """Shut the wrapped request down."""
        await self.inner.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Make the call through the wrapped request; count a non-2xx status, a timeout or a network error."""
        await release_leased_connection()  # no database connection kept while Telegram answers
        try:
            code, payload = await self.inner.do_request(
                url,
                method,
                request_data,
                read_timeout=read_timeout,
                write_timeout=write_timeout,
                connect_timeout=connect_timeout,
                pool_timeout=pool_timeout,
            )
        except TimedOut:
            self.metrics.observe_telegram_error("timeout")
            raise
        except NetworkError:
            self.metrics.observe_telegram_error("network")
            raise
        if not 200 <= code <= 299:
            self.metrics.observe_telegram_error(str(code))
        return code, payload


def measured_requests(
    metrics: Metrics, *, request: BaseRequest | None, get_updates_request: BaseRequest | None
) -> tuple[MeasuredRequest, MeasuredRequest]:
    """Return (request, get_updates_request) wrapped for metrics; PTB's own defaults when none are given."""
    if request is None:
        request = AiohttpRequest(connection_pool_size=DEFAULT_POOL_SIZE)
        get_updates_request = get_updates_request or AiohttpRequest(connection_pool_size=GET_UPDATES_POOL_SIZE)
    measured = MeasuredRequest(request, metrics)
    if get_updates_request is None or get_updates_request is request:
        return measured, measured
    return measured, MeasuredRequest(get_updates_request, metrics)
