"""Bot API error responses and the fault-injection rules that produce them on demand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram.error import NetworkError, TimedOut

# Descriptions Telegram uses for each status when a test doesn't pick one.
DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    413: "Request Entity Too Large",
    500: "Internal Server Error",
    502: "Bad Gateway",
}

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
BLOCKED = "Forbidden: bot was blocked by the user"

# Polling would swallow a catch-all fault on its next long poll, so method=None skips getUpdates.
POLLING_METHOD = "getupdates"


class ApiError(Exception):
    """A Bot API error response: raised inside method handlers, turned into JSON by the dispatcher."""

    def __init__(self, status: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    @classmethod
    def bad_request(cls, detail: str) -> ApiError:
        """A 400 with Telegram's "Bad Request: ..." prefix."""
        return cls(400, f"Bad Request: {detail}")

    def payload(self) -> dict[str, Any]:
        """The JSON body Telegram sends with this error."""
        body: dict[str, Any] = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


@dataclass
class Fault:
    """A pending injected failure; matches calls by method and chat until its count runs out."""

    method: str | None
    chat_id: int | None
    status: int
    description: str
    retry_after: int | None
    network_error: bool
    timed_out: bool
    remaining: int

    def matches(self, method: str, chat_id: int | None) -> bool:
        """Whether this fault applies to a call of `method` addressed to `chat_id`."""
        if self.remaining <= 0:
            return False
        if self.method is None:
            if method.lower() == POLLING_METHOD:
                return False
        elif self.method.lower() != method.lower():
            return False
        return self.chat_id is None or self.chat_id == chat_id

    def transport_error(self) -> NetworkError | None:
        """The exception to raise instead of answering, for transport-level faults."""
        if self.timed_out:
            return TimedOut("Timed out (injected by FakeTelegram)")
        if self.network_error:
            return NetworkError("httpx.ConnectError: connection reset (injected by FakeTelegram)")
        return None

    def as_error(self) -> ApiError:
        """The HTTP error response this fault produces."""
        return ApiError(self.status, self.description, retry_after=self.retry_after)


def make_fault(
    method: str | None,
    *,
    status: int | None,
    description: str | None,
    retry_after: int | None,
    chat_id: int | None,
    times: int,
    network_error: bool,
    timed_out: bool,
) -> Fault:
    """Build a Fault, filling in Telegram's usual status and description."""
    if status is None:
        status = 429 if retry_after is not None else 400
    if description is None:
        if status == 429:
            description = f"Too Many Requests: retry after {retry_after or 1}"
        else:
            description = DEFAULT_DESCRIPTIONS.get(status, "Unknown error")
    if status == 429 and retry_after is None:
        retry_after = 1
    return Fault(
        method=method,
        chat_id=chat_id,
        status=status,
        description=description,
        retry_after=retry_after,
        network_error=network_error,
        timed_out=timed_out,
        remaining=times,
    )
