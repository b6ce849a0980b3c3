"""bot/telegram_http.py: PTB's request contract on aiohttp, against the fake over HTTP and broken servers."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import NetworkError, RetryAfter, TimedOut

from bot.fake_telegram.http import FakeTelegramServer
from bot.telegram_http import AiohttpRequest

TOKEN = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
USER = 42


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer(token=TOKEN) as served:
        yield served


@pytest.fixture
async def silent_server() -> AsyncIterator[str]:
    """A server that accepts connections and reads requests but never answers; yields its base URL."""
    connections: list[asyncio.StreamWriter] = []

    async def swallow(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(writer)
        while await reader.read(65536):
            pass

    listener = await asyncio.start_server(swallow, "127.0.0.1", 0)
    port = listener.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/bot"
    finally:
        for writer in connections:
            writer.close()
        listener.close()
        await listener.wait_closed()


def closed_port() -> int:
    """A loopback port with nothing listening on it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_429_comes_back_as_retry_after_with_telegrams_delay(server: FakeTelegramServer) -> None:
    server.fake.fail_next("sendMessage", retry_after=7)
    async with Bot(TOKEN, base_url=server.base_url, request=AiohttpRequest()) as bot:
        with pytest.raises(RetryAfter) as raised:
            await bot.send_message(USER, "hi")
        await bot.send_message(USER, "again")

    assert raised.value.retry_after.total_seconds() == 7
    assert [m.text for m in server.fake.sent_to(USER)] == ["again"]


async def test_a_server_that_never_answers_times_out(silent_server: str) -> None:
    request = AiohttpRequest(read_timeout=0.2)
    await request.initialize()
    try:
        with pytest.raises(TimedOut):
            await request.post(f"{silent_server}{TOKEN}/getMe")
        patient = AiohttpRequest(read_timeout=None)
        await patient.initialize()
        try:
            with pytest.raises(TimedOut):  # a timeout passed for one call wins over the default (none)
                await patient.post(f"{silent_server}{TOKEN}/getMe", read_timeout=0.2)
        finally:
            await patient.shutdown()
    finally:
        await request.shutdown()


async def test_no_server_is_a_network_error_that_does_not_quote_the_token() -> None:
    request = AiohttpRequest(connect_timeout=2.0)
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as raised:
            await request.post(f"http://127.0.0.1:{closed_port()}/bot{TOKEN}/getMe")
    finally:
        await request.shutdown()

    assert not isinstance(raised.value, TimedOut)
    assert TOKEN not in str(raised.value) and TOKEN.split(":")[1] not in str(raised.value)
    assert raised.value.__cause__ is None and raised.value.__suppress_context__, "aiohttp's error may quote the URL"


async def test_it_works_before_initialize_refuses_calls_when_shut_down_and_works_again_once_initialized(
    server: FakeTelegramServer,
) -> None:
    request = AiohttpRequest()
    url = f"{server.base_url}{TOKEN}/getMe"
    status, _body = await request.do_request(url, "POST")  # like HTTPXRequest: usable before initialize()
    assert status == 200

    await request.shutdown()
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request(url, "POST")

    await request.initialize()
    try:
        status, body = await request.do_request(url, "POST")
    finally:
        await request.shutdown()
    assert status == 200 and b'"is_bot": true' in body.replace(b'"is_bot":true', b'"is_bot": true')


async def test_the_proxy_from_the_environment_is_used_unless_no_proxy_exempts_the_host(
    server: FakeTelegramServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"{server.base_url}{TOKEN}/getMe"
    for name in ("http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{closed_port()}")
    through_proxy = AiohttpRequest(connect_timeout=2.0)
    try:
        with pytest.raises(NetworkError):  # the dead proxy, not the fake, was asked
            await through_proxy.post(url)
    finally:
        await through_proxy.shutdown()

    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    direct = AiohttpRequest()
    try:
        assert (await direct.post(url))["is_bot"] is True
    finally:
        await direct.shutdown()


async def test_redirects_are_returned_not_followed() -> None:
    followed: list[str] = []

    async def redirect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = await reader.readuntil(b"\r\n\r\n")
        followed.append(request.split(b" ", 2)[1].decode())
        writer.write(b"HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nContent-Length: 0\r\n\r\n")
        await writer.drain()
        writer.close()

    listener = await asyncio.start_server(redirect, "127.0.0.1", 0)
    port = listener.sockets[0].getsockname()[1]
    request = AiohttpRequest()
    try:
        status, _body = await request.do_request(f"http://127.0.0.1:{port}/bot{TOKEN}/sendMessage", "POST")
    finally:
        await request.shutdown()
        listener.close()
        await listener.wait_closed()

    assert status == 302 and followed == [f"/bot{TOKEN}/sendMessage"]


async def test_parameters_arrive_whole_as_json_and_as_multipart_with_a_file(server: FakeTelegramServer) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Дальше → ✅", callback_data="lesson:go:a&b=1%")]])
    async with Bot(TOKEN, base_url=server.base_url, request=AiohttpRequest()) as bot:
        await bot.send_message(USER, "<b>¿Qué tal?</b> 頭痛 & 100%", parse_mode="HTML", reply_markup=keyboard)
        await bot.send_document(USER, b"%PDF-1.4 data", filename="report.pdf", caption="Informe", reply_markup=keyboard)

    text, document = server.fake.sent_to(USER)
    assert text.source_text == "<b>¿Qué tal?</b> 頭痛 & 100%" and text.parse_mode == "HTML"
    assert document.document_bytes == b"%PDF-1.4 data" and document.caption == "Informe"
    for message in (text, document):
        assert message.buttons == [[("Дальше → ✅", "lesson:go:a&b=1%")]]
