"""`python -m bot` as a newcomer meets it: every subcommand answers --help, and a bot that cannot reach
Telegram says why in one line and exits non-zero, with no traceback and no unclosed sessions."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import sys
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.fake_telegram.http import FakeTelegramServer
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456789:AAAA-the-right-token-from-botfather-0000"
WRONG_TOKEN = "123456789:AAAA-a-mistyped-token-from-botfather-00"


@pytest.mark.parametrize(
    ("argv", "usage"),
    [
        (["--help"], "usage: python -m bot [-h] [--webhook] COMMAND"),
        (["run", "--help"], "usage: python -m bot run"),
        (["sandbox", "--help"], "usage: python -m bot sandbox"),
        (["health", "--help"], "usage: python -m bot health"),
        (["broadcast", "--help"], "usage: python -m bot broadcast"),
        (["broadcast", "status", "--help"], "usage: python -m bot broadcast status"),
    ],
)
def test_every_subcommand_answers_help(
    argv: list[str], usage: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env

    with pytest.raises(SystemExit) as exited:
        main(argv)

    assert exited.value.code == 0
    assert capsys.readouterr().out.startswith(usage)


def test_the_top_level_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])

    listed = capsys.readouterr().out
    assert all(re.search(rf"^ +{name}\b", listed, re.MULTILINE) for name in ("run", "sandbox", "health", "broadcast"))


def test_an_unknown_argument_is_refused_with_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["health", "--verbose"])

    assert exited.value.code == 2
    assert "unrecognized arguments: --verbose" in capsys.readouterr().err


def _clean_env(tmp_path: Path, **settings: str) -> dict[str, str]:
    """The environment without any of the bot's settings, plus the given ones."""
    ours = {name.upper() for name in Settings.model_fields}
    env = {key: value for key, value in os.environ.items() if key not in ours}
    env.update(PYTHONPATH=str(ROOT), DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", **settings)
    return env


async def _run_bot(tmp_path: Path, **settings: str) -> tuple[int, str, str]:
    """Start `python -m bot` in a directory without .env; wait for it to exit (it must, by itself)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run",
        cwd=tmp_path, env=_clean_env(tmp_path, **settings),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        async with asyncio.timeout(120):  # a hang is the failure here, not slowness
            out, err = await process.communicate()
    except TimeoutError:
        process.kill()
        await process.wait()
        raise AssertionError("python -m bot did not exit by itself") from None
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def _assert_one_clean_line(code: int, out: str, err: str) -> str:
    assert code == 1
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and "Unclosed" not in err and "Task was destroyed" not in err
    assert TOKEN not in err and WRONG_TOKEN not in err and "AAAA" not in err
    return lines[0]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_unreachable_telegram_is_one_line_and_a_non_zero_exit(tmp_path: Path) -> None:
    port = _closed_port()

    code, out, err = await _run_bot(
        tmp_path, BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{port}/bot"
    )

    line = _assert_one_clean_line(code, out, err)
    assert line.startswith(f"Cannot start: Telegram is unreachable at 127.0.0.1:{port}")
    assert "TELEGRAM_API_BASE_URL" in line


async def test_a_wrong_token_is_one_line_and_a_non_zero_exit(tmp_path: Path) -> None:
    async with FakeTelegramServer(token=TOKEN) as server:
        code, out, err = await _run_bot(tmp_path, BOT_TOKEN=WRONG_TOKEN, TELEGRAM_API_BASE_URL=server.base_url)

    line = _assert_one_clean_line(code, out, err)
    assert f"127.0.0.1:{server.port} refused BOT_TOKEN (401 Unauthorized)" in line
    assert "@BotFather" in line


async def test_a_base_url_that_is_no_bot_api_is_one_line_and_a_non_zero_exit(tmp_path: Path) -> None:
    async with FakeTelegramServer(token=TOKEN) as server:
        wrong_path = f"{server.root_url}/not-the-bot-api"
        code, out, err = await _run_bot(tmp_path, BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=wrong_path)

    line = _assert_one_clean_line(code, out, err)
    assert "did not answer like the Telegram Bot API" in line and "TELEGRAM_API_BASE_URL" in line
