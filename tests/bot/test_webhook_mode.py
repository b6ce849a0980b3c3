"""Webhook mode: the secret token, setWebhook, /healthz and /metrics on the internal address, and its settings."""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram import Update

from bot.app import build_application, freeze_startup_objects
from bot.fair_updates import CONCURRENT_UPDATES, SQLITE_CONCURRENT_UPDATES, concurrent_updates_for
from bot.fake_telegram import FakeRequest, FakeTelegram
from bot.fake_telegram.methods import carry_out_webhook_reply
from bot.services import create_services, open_services
from bot.settings import SettingsError
from bot.texts import en
from bot.webhook import (
    SECRET_HEADER,
    PerUserOrderedProcessor,
    serve_webhook,
    trim_pressed_message,
    webhook_config_problem,
)
from bot.webhook_reply import close_slot, expire_slot, offer_answer, open_slot
from support.databases import Database
from support.harness import make_settings
from support.instances import REPO, free_port

SECRET = "s3cret_Token-for-tests"
ALICE = 6101
MALLORY = 6102


@dataclass
class Served:
    """A bot serving its webhook on a loopback port, and the fake Bot API it answers through."""

    url: str
    root: str
    fake: FakeTelegram
    client: httpx.AsyncClient
    internal: str  # the root of /healthz and /metrics

    async def post(self, update: dict[str, Any], secret: str | None = SECRET) -> httpx.Response:
        """POST an update as Telegram does (with the secret header unless None), and carry out a method in the reply."""
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        response = await self.client.post(self.url, json=update, headers=headers)
        if response.status_code == 200:
            await carry_out_webhook_reply(self.fake, response.content)
        return response


@asynccontextmanager
async def serving(database: Database, **overrides: Any) -> AsyncIterator[Served]:
    """Run serve_webhook in the test's loop until the block ends."""
    port, internal_port = free_port(), free_port()
    values = {
        "webhook_url": f"http://127.0.0.1:{port}/tg/hook",
        "webhook_secret": SECRET,
        "webhook_listen": "127.0.0.1",
        "webhook_port": port,
        "internal_port": internal_port,
        **overrides,
    }
    settings = make_settings(database.url, **values)
    fake = FakeTelegram()
    async with open_services(settings, search_path=database.search_path) as services:
        application = build_application(services, request=FakeRequest(fake))
        stop = asyncio.Event()
        server = asyncio.create_task(serve_webhook(application, services, stop=stop))
        try:
            async with httpx.AsyncClient(timeout=30.0) as client:  # a hang guard; a loaded machine is slow
                root, internal = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{internal_port}"
                await wait_for_listener(client, internal, server)
                yield Served(f"{root}/tg/hook", root, fake, client, internal)
        finally:
            stop.set()
            await asyncio.wait_for(server, timeout=60)


async def wait_for_listener(client: httpx.AsyncClient, root: str, server: asyncio.Task[None]) -> None:
    """Poll /healthz until the server answers (a failed start re-raises its error); a minute is a hang."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 60
    while loop.time() < deadline:
        if server.done():
            server.result()
        try:
            await client.get(f"{root}/healthz")
            return
        except httpx.TransportError:
            await asyncio.sleep(0.05)
    raise AssertionError("the webhook server did not start listening")


async def test_an_update_with_the_secret_is_answered_and_the_webhook_registered(database: Database) -> None:
    async with serving(database, webhook_max_connections=80) as served:
        response = await served.post(served.fake.user_sends(ALICE, "/start"))
        assert response.status_code == 200

        [welcome] = (await served.fake.wait_for_calls(1, "sendMessage"))[:1]
        assert welcome.params["chat_id"] == ALICE
        assert "Welcome to Migraine Companion" in (served.fake.last_message(ALICE).text or "")
        [registered] = served.fake.calls("setWebhook")
        assert registered.params["url"] == served.url
        assert registered.params["secret_token"] == SECRET
        assert registered.params["max_connections"] == 80
        assert set(registered.params["allowed_updates"]) == set(Update.ALL_TYPES)
    # Stopping one instance must not deafen the others.
    assert served.fake.calls("deleteWebhook") == []


async def test_a_press_is_handled_without_parsing_the_pressed_message_beyond_where_it_is(
    database: Database,
) -> None:
    async with serving(database) as served:
        await served.post(served.fake.user_sends(ALICE, "/start"))
        await served.fake.wait_for_calls(1, "sendMessage")
        welcome = served.fake.last_message(ALICE)
        assert welcome.button_labels, "the welcome has a button to press"
        press = served.fake.user_presses(ALICE, welcome.message_id, welcome.button_data(welcome.button_labels[0]))
        assert press["callback_query"]["message"]["reply_markup"]["inline_keyboard"]

        response = await served.post(press)

        assert response.status_code == 200
        await served.fake.wait_for_calls(1, "answerCallbackQuery")
        assert served.fake.last_message(ALICE).text != welcome.text  # the next onboarding screen
    parsed = json.loads(json.dumps(press))
    trim_pressed_message(parsed)
    pressed = press["callback_query"]["message"]
    assert pressed["text"] and pressed["from"]
    assert parsed["callback_query"]["message"] == {key: pressed[key] for key in ("message_id", "date", "chat")}
    assert parsed["callback_query"]["data"] == press["callback_query"]["data"]


async def test_a_press_is_answered_in_the_webhook_reply_not_by_a_call_of_its_own(database: Database) -> None:
    async with serving(database) as served:
        await served.post(served.fake.user_sends(ALICE, "/start"))
        await served.fake.wait_for_calls(1, "sendMessage")
        welcome = served.fake.last_message(ALICE)
        press = served.fake.user_presses(ALICE, welcome.message_id, welcome.button_data(welcome.button_labels[0]))
        headers = {SECRET_HEADER: SECRET}

        response = await served.client.post(served.url, json=press, headers=headers)

        assert response.status_code == 200
        assert response.headers["Content-Type"] == "application/json"
        assert response.json() == {"method": "answerCallbackQuery", "callback_query_id": press["callback_query"]["id"]}
        async with asyncio.timeout(10):  # the next onboarding screen
            while served.fake.last_message(ALICE).text == welcome.text:
                await asyncio.sleep(0.01)

        # An answer with a text (a button no handler takes) carries its text; a message gets an empty 200.
        stale = served.fake.user_presses(ALICE, welcome.message_id, "gone:1", check_button=False)
        stale_response = await served.client.post(served.url, json=stale, headers=headers)
        message = served.fake.user_sends(ALICE, "/help")
        help_response = await served.client.post(served.url, json=message, headers=headers)

    assert stale_response.json() == {
        "method": "answerCallbackQuery", "callback_query_id": stale["callback_query"]["id"], "text": en.STALE_BUTTON,
    }  # fmt: skip
    assert (help_response.status_code, help_response.content) == (200, b"")
    assert served.fake.calls("answerCallbackQuery") == []


def test_an_answer_after_the_reply_has_gone_is_a_call_of_its_own() -> None:
    async def scenario() -> tuple[bool, object, bool]:
        user = {"id": ALICE, "is_bot": False, "first_name": "Alice"}
        query = {"id": "q1", "from": user, "chat_instance": "1"}
        press = Update.de_json({"update_id": 1, "callback_query": query}, None)
        slot = open_slot(press)
        assert slot is not None
        close_slot(press)  # the update is done, or the reply waited REPLY_WAIT_SECONDS
        late = offer_answer(press.callback_query.id, None)  # type: ignore[union-attr]
        again = open_slot(press)
        assert again is not None
        return late, slot.result(), offer_answer(press.callback_query.id, None)  # type: ignore[union-attr]

    late, first_reply, in_time = asyncio.run(scenario())
    assert (late, first_reply, in_time) == (False, None, True)


def test_a_press_delivered_twice_leaves_no_reply_waiting() -> None:
    async def scenario() -> tuple[object, object, object]:
        user = {"id": ALICE, "is_bot": False, "first_name": "Alice"}
        query = {"id": "q2", "from": user, "chat_instance": "1"}
        press = Update.de_json({"update_id": 2, "callback_query": query}, None)
        first, again = open_slot(press), open_slot(press)  # Telegram got no reply in time and sent it again
        assert first is not None and again is not None
        expire_slot(press, first)  # the first reply's timer: the second is still open
        answered = offer_answer("q2", None)
        return first.result(), again.result(), answered

    first_reply, second_reply, answered = asyncio.run(scenario())
    assert first_reply is None
    assert second_reply == {"method": "answerCallbackQuery", "callback_query_id": "q2"}
    assert answered is True


async def test_a_wrong_or_missing_secret_gets_403_and_is_logged_without_the_body(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with serving(database) as served:
        forged = served.fake.user_sends(MALLORY, "/start my diary says migraine")

        wrong = await served.post(forged, secret="guessed-secret")
        missing = await served.post(forged, secret=None)
        await served.post(served.fake.user_sends(ALICE, "/help"))
        await served.fake.wait_for_calls(1, "sendMessage")

    assert (wrong.status_code, missing.status_code) == (403, 403)
    assert served.fake.sent_to(MALLORY) == []
    refusals = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert refusals == [
        "webhook request refused (403): wrong secret token, from 127.0.0.1",
        "webhook request refused (403): no secret token, from 127.0.0.1",
    ]
    everything = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("alembic"))
    assert "diary says" not in everything and "guessed-secret" not in everything
    assert SECRET not in everything


async def test_a_body_that_is_not_an_update_gets_400_without_being_quoted(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    async with serving(database) as served:
        headers = {SECRET_HEADER: SECRET, "Content-Type": "application/json"}
        broken = await served.client.post(served.url, content=b'{"text": "my aura started', headers=headers)
        not_update = await served.client.post(served.url, content=json.dumps(["aura"]).encode(), headers=headers)

    assert (broken.status_code, not_update.status_code) == (400, 400)
    everything = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("alembic"))
    assert "webhook request refused (400): not an update (JSONDecodeError)" in everything
    assert "aura" not in everything


async def test_healthz_and_metrics_answer_on_the_internal_address_only(database: Database) -> None:
    async with serving(database) as served:
        health = await served.client.get(f"{served.internal}/healthz")
        metrics = await served.client.get(f"{served.internal}/metrics")
        public = [await served.client.get(f"{served.root}/{path}") for path in ("healthz", "metrics")]
        wrong_method = await served.client.get(served.url)

    assert health.status_code == 200
    assert health.json()["database"]["ok"] is True
    assert metrics.status_code == 200
    assert "migraine_updates" in metrics.text
    assert [response.status_code for response in public] == [404, 404]
    assert wrong_method.status_code == 405
    assert make_settings("sqlite+aiosqlite:///x.db").internal_listen == "127.0.0.1"


async def test_webhook_set_false_leaves_the_registration_to_another_instance(database: Database) -> None:
    async with serving(database, webhook_set=False) as served:
        response = await served.post(served.fake.user_sends(ALICE, "/help"))
        await served.fake.wait_for_calls(1, "sendMessage")

    assert response.status_code == 200
    assert served.fake.calls("setWebhook") == []


async def test_one_users_updates_run_in_order_while_other_users_overlap(sqlite_database: Database) -> None:
    services = create_services(make_settings(sqlite_database.url))
    processor = PerUserOrderedProcessor(services, max_concurrent_updates=4)
    fake = FakeTelegram()
    log: list[str] = []
    slow_step = asyncio.Event()

    async def handle(name: str, slow: bool) -> None:
        log.append(f"start {name}")
        if slow:
            await slow_step.wait()
        log.append(f"end {name}")

    def update(user_id: int) -> Update:
        return Update.de_json(fake.user_sends(user_id, "hello"), None)

    try:
        tasks = [
            asyncio.create_task(processor.process_update(update(ALICE), handle("alice 1", slow=True))),
            asyncio.create_task(processor.process_update(update(ALICE), handle("alice 2", slow=False))),
            asyncio.create_task(processor.process_update(update(MALLORY), handle("mallory", slow=False))),
        ]
        for _ in range(20):
            await asyncio.sleep(0)
        assert log == ["start alice 1", "start mallory", "end mallory"]

        slow_step.set()
        await asyncio.gather(*tasks)
        assert log[3:] == ["end alice 1", "start alice 2", "end alice 2"]
    finally:
        await services.dispose()


def test_updates_overlap_more_on_postgresql_than_on_sqlite() -> None:
    assert concurrent_updates_for(make_settings("sqlite+aiosqlite:///x.db")) == SQLITE_CONCURRENT_UPDATES
    assert concurrent_updates_for(make_settings("postgresql+asyncpg://u@h/db")) == CONCURRENT_UPDATES
    assert CONCURRENT_UPDATES > SQLITE_CONCURRENT_UPDATES > 1


def test_webhook_secret_must_follow_telegrams_rule_and_is_never_echoed() -> None:
    url = "https://bot.example.org/telegram"
    for bad in ("has spaces", "x" * 257, "ümlaut", "semi;colon"):
        with pytest.raises(SettingsError) as caught:
            make_settings("sqlite+aiosqlite:///x.db", webhook_url=url, webhook_secret=bad)
        assert "WEBHOOK_SECRET: must be 1-256 characters" in str(caught.value)
        assert bad not in str(caught.value)
    with pytest.raises(SettingsError, match="WEBHOOK_SECRET: is required when WEBHOOK_URL is set"):
        make_settings("sqlite+aiosqlite:///x.db", webhook_url=url)
    with pytest.raises(SettingsError, match="WEBHOOK_URL: must be the bot's public URL"):
        make_settings("sqlite+aiosqlite:///x.db", webhook_url="bot.example.org", webhook_secret="ok")

    settings = make_settings("sqlite+aiosqlite:///x.db", webhook_url=url, webhook_secret="A-z_0-9" * 36)
    assert (settings.webhook_listen, settings.webhook_port, settings.webhook_max_connections) == ("0.0.0.0", 8443, 40)
    assert settings.webhook_set is True
    assert webhook_config_problem(settings) is None
    assert make_settings("sqlite+aiosqlite:///x.db").webhook_url is None  # polling stays the default


def test_webhook_path_may_not_shadow_healthz_or_metrics() -> None:
    settings = make_settings(
        "sqlite+aiosqlite:///x.db", webhook_url="https://bot.example.org/healthz", webhook_secret="s"
    )
    assert "must not be /healthz or /metrics" in (webhook_config_problem(settings) or "")


def test_python_m_bot_webhook_without_a_url_stops_with_one_line(tmp_path: Path) -> None:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(REPO),
        "BOT_TOKEN": "123456789:AAHfakeTokenForWebhookInstances000000",
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot", "--webhook"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )

    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "Configuration error: WEBHOOK_URL: is required in webhook mode (the public https URL of the bot)"
    ]


def test_start_up_objects_are_frozen_out_of_the_garbage_collectors_sight() -> None:
    before = gc.get_freeze_count()
    try:
        freeze_startup_objects()
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
