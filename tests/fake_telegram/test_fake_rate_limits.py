"""The fake enforces Telegram's documented flood limits, on a clock the test moves."""

from __future__ import annotations

import datetime as dtm
import json
from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import Bot
from telegram.error import RetryAfter

from bot.fake_telegram import FakeRequest, FakeTelegram, RateLimits
from bot.fake_telegram.http import FakeTelegramServer
from bot.fake_telegram.methods import answer_call
from bot.fake_telegram.server import ChatState


class Ticks:
    """A monotonic clock that only moves when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def ticks() -> Ticks:
    """The fake's limit clock."""
    return Ticks()


@pytest.fixture
def fake(ticks: Ticks) -> FakeTelegram:
    """A fake with Telegram's limits on the test's clock."""
    return FakeTelegram(limits=RateLimits(), limit_clock=ticks)


async def send(fake: FakeTelegram, chat_id: int, text: str = "hi") -> tuple[int, dict[str, object]]:
    """One sendMessage as any transport would make it: the status and the JSON body."""
    status, body = await answer_call(fake, "sendMessage", {"chat_id": chat_id, "text": text}, {})
    return status, json.loads(body)


async def test_thirty_messages_a_second_pass_and_the_next_is_answered_429_with_retry_after(
    fake: FakeTelegram, ticks: Ticks
) -> None:
    for chat_id in range(1, 31):
        status, _ = await send(fake, chat_id)
        assert status == 200

    status, body = await send(fake, 31)

    assert status == 429
    assert body == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }
    assert fake.limits is not None
    assert [(r.limit, r.chat_id) for r in fake.limits.refusals] == [("overall", 31)]
    ticks.now += 1.0
    status, _ = await send(fake, 31)
    assert status == 200


async def test_a_private_chat_allows_a_short_burst_then_one_a_second(fake: FakeTelegram, ticks: Ticks) -> None:
    statuses = [(await send(fake, 42))[0] for _ in range(4)]
    assert statuses == [200, 200, 200, 429]

    ticks.now += 0.5
    assert (await send(fake, 42))[0] == 429
    ticks.now += 0.5
    assert (await send(fake, 42))[0] == 200
    # Another chat is not held up by this one.
    assert (await send(fake, 43))[0] == 200


async def test_a_group_gets_twenty_messages_a_minute(fake: FakeTelegram, ticks: Ticks) -> None:
    fake.chats[-100] = ChatState(chat={"id": -100, "type": "group", "title": "Clinic"})
    for _ in range(20):
        assert (await send(fake, -100))[0] == 200
        ticks.now += 0.1  # under 30 a second overall

    status, body = await send(fake, -100)

    assert status == 429
    parameters = body["parameters"]
    assert isinstance(parameters, dict) and 55 <= parameters["retry_after"] <= 60
    ticks.now += 60
    assert (await send(fake, -100))[0] == 200


async def test_edits_count_and_service_calls_are_free(fake: FakeTelegram, ticks: Ticks) -> None:
    status, body = await send(fake, 42)
    result = body["result"]
    assert status == 200 and isinstance(result, dict)
    for _ in range(10):
        status, _ = await answer_call(fake, "sendChatAction", {"chat_id": 42, "action": "typing"}, {})
        assert status == 200
    edit = {"chat_id": 42, "message_id": result["message_id"], "text": "edited"}
    assert (await answer_call(fake, "editMessageText", edit, {}))[0] == 200
    assert (await answer_call(fake, "editMessageText", {**edit, "text": "again"}, {}))[0] == 200
    assert (await answer_call(fake, "editMessageText", {**edit, "text": "and again"}, {}))[0] == 429


async def test_ptb_sees_a_retry_after(fake: FakeTelegram, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    async with Bot("123:ABC", request=FakeRequest(fake)) as bot:
        for _ in range(3):
            await bot.send_message(42, "hi")
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(42, "hi")
    assert caught.value.retry_after == dtm.timedelta(seconds=1)


async def test_lifted_limits_refuse_nothing() -> None:
    fake = FakeTelegram(limits=None)
    statuses = [(await send(fake, 42))[0] for _ in range(100)]
    assert set(statuses) == {200}


@pytest.fixture
async def server(fake: FakeTelegram) -> AsyncIterator[FakeTelegramServer]:
    """The same fake over HTTP."""
    async with FakeTelegramServer(fake) as served:
        yield served


async def test_over_http_the_429_has_the_bot_api_shape_and_the_refusals_are_served(
    server: FakeTelegramServer,
) -> None:
    async with httpx.AsyncClient() as client:
        statuses = []
        for _ in range(4):
            response = await client.post(f"{server.base_url}123:ABC/sendMessage", data={"chat_id": "42", "text": "x"})
            statuses.append(response.status_code)
        refused = response.json()
        stats = (await client.get(f"{server.root_url}/fake/limits")).json()

    assert statuses == [200, 200, 200, 429]
    assert refused["parameters"] == {"retry_after": 1} and refused["error_code"] == 429
    assert stats["enforced"] is True
    assert [(r["limit"], r["chat_id"]) for r in stats["refusals"]] == [("private chat", 42)]
