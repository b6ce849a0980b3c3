"""Command menus per scope, and the terminal sandbox end to end."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.app import register_commands
from bot.sandbox import chat_loop
from support.harness import BotHarness, make_settings


async def test_commands_are_registered_per_scope_with_operator_extras(bot: BotHarness) -> None:
    await register_commands(bot.app)

    everyone = [c["command"] for c in bot.fake.commands()]
    operator = [c["command"] for c in bot.fake.commands({"type": "chat", "chat_id": 999})]
    assert {"start", "help", "settings", "privacy", "export", "delete"} <= set(everyone)
    assert set(everyone) <= set(operator)


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
