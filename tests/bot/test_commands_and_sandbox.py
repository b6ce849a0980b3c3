"""Command menus per scope, and the terminal sandbox end to end."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest

from bot.app import register_commands
from bot.logs import log_user
from bot.sandbox import chat_loop
from support.databases import Database
from support.harness import BotHarness, make_settings, running_bot


async def test_commands_are_registered_per_scope_with_operator_extras(bot: BotHarness) -> None:
    bot.fake.add_user(999)  # the operator has opened the bot: Telegram knows their chat
    await register_commands(bot.app)

    everyone = [c["command"] for c in bot.fake.commands()]
    operator = [c["command"] for c in bot.fake.commands({"type": "chat", "chat_id": 999})]
    assert {"start", "help", "settings", "privacy", "export", "delete"} <= set(everyone)
    assert set(everyone) <= set(operator)


async def test_an_operator_who_never_opened_the_bot_does_not_stop_the_start(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(database.url, operator_ids="999,998")
    async with running_bot(settings, search_path=database.search_path) as bot:
        await bot.send(998, "/start")  # 998 has opened the bot; 999 never has

        with caplog.at_level(logging.WARNING, logger="bot"):
            await register_commands(bot.app)

        refused = [c for c in bot.fake.calls("setMyCommands") if not c.ok]
        assert [c.description for c in refused] == ["Bad Request: chat not found"]
        assert {"start", "help"} <= {c["command"] for c in bot.fake.commands()}
        assert "broadcast" in {c["command"] for c in bot.fake.commands({"type": "chat", "chat_id": 998})}
        assert bot.fake.commands({"type": "chat", "chat_id": 999}) == []
        [line] = [r.getMessage() for r in caplog.records if "has not opened the bot" in r.getMessage()]
        assert log_user(999) in line and "999" not in line.replace(log_user(999), "")
        # The bot goes on: the operator who never opened it can start now, and is an operator.
        help_text = (await bot.send(999, "/help"))[0].text or ""
        assert "/broadcast" in help_text


async def test_sandbox_chat_numbers_buttons_and_saves_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    script = iter(["/start", "#1", "#1", "#1", "/export", "/help", "/quit"])
    out = io.StringIO()

    def read(_prompt: str) -> str:
        return next(script)

    settings = make_settings(f"sqlite+aiosqlite:///{tmp_path / 'sandbox.db'}")
    await chat_loop(settings, read=read, out=out, files_dir=tmp_path / "files")

    screen = out.getvalue()
    assert "Welcome to Migraine Companion" in screen
    assert "[#1 Continue]" in screen
    assert "[#1 ✅ I agree]" in screen
    assert "You're all set" in screen
    saved = list((tmp_path / "files").glob("*.zip"))
    assert len(saved) == 1 and saved[0].stat().st_size > 0
    assert f"[file saved: {saved[0]}]" in screen
    assert "What I can do" in screen
    assert screen.rstrip().endswith("Bye.")
