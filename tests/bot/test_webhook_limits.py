"""The webhook server against slow, silent, oversized or unauthenticated clients, over raw sockets.

Tornado's defaults wait an hour for headers and forever for an announced body. The server must close
such connections after WEBHOOK_TIMEOUT_SECONDS (set short here), refuse a body over 256 KiB from its
Content-Length, and refuse a wrong secret or Content-Type from the headers, before any body is read.
A closed connection is asserted, never how fast it closed; HANG_GUARD only stops a test that would hang.
"""

from __future__ import annotations

import asyncio
import json

from test_webhook_mode import SECRET, Served, serving

from bot.webhook import MAX_UPDATE_BYTES, SECRET_HEADER
from support.databases import Database

HANG_GUARD = 60.0
SHORT = 0.5  # WEBHOOK_TIMEOUT_SECONDS in these tests


async def raw(served: Served, data: bytes) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """Open a TCP connection to the webhook port and send `data` as is."""
    host, port = served.root.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(data)
    await writer.drain()
    return reader, writer


async def everything_until_closed(reader: asyncio.StreamReader) -> bytes:
    """Read until the server closes the connection (the hang guard fails a server that never does)."""
    async with asyncio.timeout(HANG_GUARD):
        return await reader.read()


def request_head(served: Served, *, length: int, secret: str = SECRET, content_type: str = "application/json") -> bytes:
    """The request line and headers of a webhook POST announcing `length` bytes of body."""
    path = served.url.split(":", 2)[2].split("/", 1)[1]
    return (
        f"POST /{path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{SECRET_HEADER}: {secret}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


async def test_half_sent_headers_are_cut_off(database: Database) -> None:
    async with serving(database, webhook_timeout_seconds=SHORT) as served:
        reader, writer = await raw(served, b"POST /tg/hook HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        answer = await everything_until_closed(reader)
        writer.close()

    assert answer == b""  # closed without an answer


async def test_an_announced_body_that_never_comes_is_cut_off(database: Database) -> None:
    async with serving(database, webhook_timeout_seconds=SHORT) as served:
        reader, writer = await raw(served, request_head(served, length=500) + b'{"update_id": 1')
        answer = await everything_until_closed(reader)
        writer.close()
        # The server still answers everyone else.
        ok = await served.post(served.fake.user_sends(6201, "/help"))

    assert b"200 OK" not in answer
    assert ok.status_code == 200


async def test_a_body_over_256_kib_is_refused_before_it_is_read(database: Database) -> None:
    async with serving(database) as served:
        reader, writer = await raw(served, request_head(served, length=MAX_UPDATE_BYTES + 1))
        answer = await everything_until_closed(reader)
        writer.close()

    assert MAX_UPDATE_BYTES == 256 * 1024
    assert answer.startswith(b"HTTP/1.1 400")


async def test_a_wrong_secret_is_refused_from_the_headers_before_the_body(database: Database) -> None:
    async with serving(database) as served:
        reader, writer = await raw(served, request_head(served, length=1000, secret="guessed"))
        answer = await everything_until_closed(reader)
        writer.close()

    assert answer.startswith(b"HTTP/1.1 403")


async def test_only_json_is_accepted_as_ptb_does(database: Database) -> None:
    async with serving(database) as served:
        body = json.dumps(served.fake.user_sends(6202, "/help")).encode()
        for content_type in ("text/plain", "application/x-www-form-urlencoded"):
            headers = {SECRET_HEADER: SECRET, "Content-Type": content_type}
            refused = await served.client.post(served.url, content=body, headers=headers)
            assert refused.status_code == 403
        accepted = await served.client.post(
            served.url, content=body, headers={SECRET_HEADER: SECRET, "Content-Type": "application/json"}
        )

    assert accepted.status_code == 200
    assert served.fake.sent_to(6202) != []


async def test_another_path_is_refused_from_the_headers_before_the_body(database: Database) -> None:
    async with serving(database, webhook_timeout_seconds=SHORT) as served:
        head = request_head(served, length=500).replace(b"POST /", b"POST /elsewhere/", 1)
        reader, writer = await raw(served, head + b'{"update_id": 1')  # and the rest never comes
        answer = await everything_until_closed(reader)
        writer.close()

    assert answer.startswith(b"HTTP/1.1 404")


async def test_an_idle_keep_alive_connection_is_cut_off_after_its_request(database: Database) -> None:
    async with serving(database, webhook_timeout_seconds=SHORT) as served:
        body = json.dumps(served.fake.user_sends(6203, "/help")).encode()
        reader, writer = await raw(served, request_head(served, length=len(body)) + body)
        answer = await everything_until_closed(reader)  # answered, then nothing more is asked on it
        writer.close()

    assert answer.startswith(b"HTTP/1.1 200")
