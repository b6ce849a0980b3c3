"""Group 0's buttons and commands are found by prefix and name, and by the same handler PTB's scan would pick."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from telegram import Update

import bot.app
from bot.app import build_application
from bot.dispatch import HandlerIndex
from bot.fake_telegram import FakeRequest, FakeTelegram
from bot.services import open_services
from tests.support.harness import make_settings

USER = {"id": 5001, "is_bot": False, "first_name": "Ann", "language_code": "en"}
CHAT = {"id": 5001, "type": "private", "first_name": "Ann"}


def press(data: str | None) -> dict[str, Any]:
    query: dict[str, Any] = {"id": "77", "from": USER, "chat_instance": "-1", "message": {
        "message_id": 9, "date": 1765000000, "chat": CHAT}}  # fmt: skip
    if data is not None:
        query["data"] = data
    return {"update_id": 1, "callback_query": query}


def message(text: str) -> dict[str, Any]:
    body: dict[str, Any] = {"message_id": 10, "from": USER, "chat": CHAT, "date": 1765000000, "text": text}
    if text.startswith("/"):
        body["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": 2, "message": body}


def chosen(handlers: list[Any], update: Update) -> str | None:
    """The callback PTB's scan of a group picks (through the index, the handler it found), or None.

    By name: operator commands are wrapped afresh in each application.
    """
    for handler in handlers:
        check = handler.check_update(update)
        if check is None or check is False:
            continue
        callback = check[0].callback if isinstance(handler, HandlerIndex) else handler.callback
        return f"{callback.__module__}.{callback.__qualname__}"
    return None


PREFIXES = "onb consent tz set fac del lesson bc bcc reload rem med log atk diary stats rep midas ci fu cf busy go sf"
COMMANDS = (
    "start help cancel settings language privacy export delete lessons progress ask broadcast broadcasts reload"
    " reminders log diary stats report midas insights"
)
ODD_PRESSES = ["lesson", "bcc", "nosuch:x", "", None, "lesson:"]
ODD_MESSAGES = ["/LOG", "/log@SandboxBot", "/log@otherbot", "/nosuch", "/help me", "hello", "Log headache"]


@pytest.mark.parametrize(
    "update",
    [
        *(press(f"{prefix}:x:1") for prefix in PREFIXES.split()),
        *(press(data) for data in ODD_PRESSES),
        *(message(f"/{name}") for name in COMMANDS.split()),
        *(message(text) for text in ODD_MESSAGES),
    ],
)
async def test_the_index_picks_the_handler_the_scan_of_the_whole_group_picks(
    update: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = make_settings(f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
    async with open_services(settings) as services:
        indexed = build_application(services, request=FakeRequest(FakeTelegram(limits=None)))
        monkeypatch.setattr(bot.app, "route_group", lambda application: None)
        scanned = build_application(services, request=FakeRequest(FakeTelegram(limits=None)))
        async with indexed, scanned:
            assert isinstance(indexed.handlers[0][0], HandlerIndex)
            assert len(indexed.handlers[0]) < len(scanned.handlers[0])
            parsed = Update.de_json(update, indexed.bot)
            assert chosen(indexed.handlers[0], parsed) == chosen(scanned.handlers[0], parsed)
