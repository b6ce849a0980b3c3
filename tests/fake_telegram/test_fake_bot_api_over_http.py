"""The fake Bot API served over real HTTP, driven by a PTB Bot through PTB's HTTPXRequest and through ours.

The bot itself calls Telegram through bot/telegram_http.py (aiohttp); both must read the fake the same way.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError
from telegram.request import HTTPXRequest

from bot.fake_telegram.http import FakeTelegramServer, decode_fields
from bot.telegram_http import AiohttpRequest

TOKEN = "123:ABC"
USER = 42


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    """A fake Bot API on a free loopback port that accepts only TOKEN."""
    async with FakeTelegramServer(token=TOKEN) as served:
        yield served


@pytest.fixture(params=["httpx", "aiohttp"])
async def bot(request: pytest.FixtureRequest, server: FakeTelegramServer) -> AsyncIterator[Bot]:
    """A real Bot whose requests go over HTTP to the fake, through PTB's HTTPXRequest or our AiohttpRequest."""
    transport = HTTPXRequest() if request.param == "httpx" else AiohttpRequest()
    async with Bot(TOKEN, base_url=server.base_url, request=transport) as real_bot:
        yield real_bot


async def test_send_message_with_html_and_buttons_arrives_as_over_the_in_process_fake(
    server: FakeTelegramServer, bot: Bot
) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Aura", callback_data="lesson:aura")]])

    sent = await bot.send_message(USER, "<b>Hello</b> 123", parse_mode=ParseMode.HTML, reply_markup=keyboard)

    message = server.fake.last_message(USER)
    assert (sent.message_id, sent.text) == (message.message_id, "Hello 123")
    assert message.source_text == "<b>Hello</b> 123"
    assert message.buttons == [[("Aura", "lesson:aura")]]
    assert [(s.event, s.chat_id, s.message_id) for s in server.sent_log] == [("sent", USER, sent.message_id)]


async def test_texts_that_look_like_json_stay_texts(server: FakeTelegramServer, bot: Bot) -> None:
    await bot.send_message(USER, "123")
    await bot.send_message(USER, "[1]")

    assert [m.text for m in server.fake.sent_to(USER)] == ["123", "[1]"]
    assert decode_fields({"chat_id": "-100", "text": "true", "reply_markup": '{"a": 1}'}) == {
        "chat_id": -100,
        "text": "true",
        "reply_markup": {"a": 1},
    }


async def test_uploads_arrive_as_multipart_files(server: FakeTelegramServer, bot: Bot) -> None:
    await bot.send_document(USER, InputFile(b"a,b\n1,2\n", filename="diary.csv"), caption="Your export")

    message = server.fake.last_message(USER)
    assert (message.document_name, message.document_bytes, message.caption) == (
        "diary.csv",
        b"a,b\n1,2\n",
        "Your export",
    )


async def test_errors_come_back_as_telegrams_error_answers(server: FakeTelegramServer, bot: Bot) -> None:
    server.fake.block_user(USER)
    with pytest.raises(Forbidden):
        await bot.send_message(USER, "hi")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(-5, "hi")
    server.fake.fail_next("sendMessage", network_error=True)
    with pytest.raises(NetworkError):
        await bot.send_message(USER + 1, "hi")
    with pytest.raises(InvalidToken):
        async with Bot("999:WRONG", base_url=server.base_url) as stranger:
            await stranger.get_me()


async def test_each_base_url_marks_who_sent_and_the_log_is_readable_over_http(server: FakeTelegramServer) -> None:
    async with Bot(TOKEN, base_url=server.base_url_for("A")) as a, Bot(TOKEN, base_url=server.base_url_for("B")) as b:
        await a.send_message(USER, "from A")
        await b.send_message(USER, "from B")

    async with httpx.AsyncClient() as client:
        log = (await client.get(f"{server.root_url}/fake/sent")).json()
        tail = (await client.get(f"{server.root_url}/fake/sent?since=1")).json()
        async with client.stream("GET", f"{server.root_url}/fake/events?since=0") as stream:
            first = json.loads(await anext(stream.aiter_lines()))

    assert [(entry["via"], entry["chat_id"]) for entry in log] == [("A", USER), ("B", USER)]
    assert [entry["via"] for entry in tail] == ["B"]
    assert first == log[0]


async def test_a_press_is_built_on_the_newest_matching_button_or_on_a_message_put_in_first(
    server: FakeTelegramServer, bot: Bot
) -> None:
    older = InlineKeyboardMarkup([[InlineKeyboardButton("Aura", callback_data="lesson:open:aura")]])
    newer = InlineKeyboardMarkup([[InlineKeyboardButton(n, callback_data=f"log:i:{n}") for n in ("7", "8", "9")]])
    await bot.send_message(USER, "lessons", reply_markup=older)
    screen = await bot.send_message(USER, "how bad?", reply_markup=newer)
    checkin = {
        "text": "Any headache?",
        "reply_markup": {"inline_keyboard": [[{"text": "No", "callback_data": "ci:none"}]]},
    }

    async with httpx.AsyncClient() as client:

        async def press(spec: dict[str, object]) -> httpx.Response:
            return await client.post(f"{server.root_url}/fake/press", json={"user_id": USER, **spec})

        severe = (await press({"pattern": r"log:i:[89]$", "pick": 3})).json()["callback_query"]
        lesson = (await press({"pattern": "lesson:"})).json()["callback_query"]
        missing = await press({"pattern": "stats:"})
        not_newest = await press({"pattern": "lesson:", "newest": True})
        on_newest = (await press({"pattern": r"log:i:7$", "newest": True})).json()["callback_query"]
        forged = (await press({"pattern": "stats:", "forge": True, "forge_data": "echo"})).json()["callback_query"]
        answered = (await press({"message": checkin, "data": "ci:none"})).json()["callback_query"]
    sent_log = len(server.sent_log)

    assert (severe["message"]["message_id"], severe["data"]) == (screen.message_id, "log:i:9")
    assert lesson["data"] == "lesson:open:aura"
    assert missing.status_code == 404
    assert not_newest.status_code == 404  # the lesson button is on an older message
    assert (on_newest["message"]["message_id"], on_newest["data"]) == (screen.message_id, "log:i:7")
    assert (forged["message"]["message_id"], forged["data"]) == (screen.message_id, "echo")
    assert answered["message"]["text"] == "Any headache?" and answered["message"]["from"]["is_bot"]
    assert sent_log == 2  # the check-in put in the chat is no new message from the bot
    assert await bot.answer_callback_query(answered["id"])  # a query the fake knows, as Telegram would


def test_only_loopback_addresses_are_served() -> None:
    with pytest.raises(ValueError, match="loopback"):
        FakeTelegramServer(host="0.0.0.0")
