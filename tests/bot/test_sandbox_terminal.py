"""The sandbox as the project's front door: the terminal program itself, driven through a pty and a pipe.

It shows what Telegram would show: formatting, the reply keyboard, pop-ups, keys for buttons that never
clash with labels, old messages' buttons. And it runs on its own database, never on DATABASE_URL.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import io
import os
import pty
import re
import select
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.fake_telegram import parse_html
from bot.sandbox import CUT_WARNING, SANDBOX_USER_ID, TERMINAL_LINE_BYTES, run_sandbox, sandbox_settings
from bot.sandbox_screen import render_entities
from bot.services import open_services
from bot.settings import Settings
from content.redflags import lexicon_names
from content.redflags.matcher import matcher_for
from support.broadcast_helpers import add_users, new_broadcast
from support.harness import make_settings
from support.terminal import HANG_SECONDS, press, run_program

ROOT = Path(__file__).resolve().parents[2]
PROMPT = "you › "
BOLD, UNBOLD = "\x1b[1m", "\x1b[22m"
LEAFLET = 'New <i>leaflet</i>: <a href="https://example.org/leaflet">read it</a>'


def _sandbox_env(tmp_path: Path) -> dict[str, str]:
    """The environment without any bot setting or NO_COLOR, in a directory without .env."""
    ours = {name.upper() for name in Settings.model_fields} | {"NO_COLOR"}
    env = {key: value for key, value in os.environ.items() if key not in ours}
    env.update(PYTHONPATH=str(ROOT), TERM="xterm")
    return env


def _turns(screen: str) -> list[tuple[str, str]]:
    """Split a transcript into (typed line, what the screen showed until the next prompt), in order."""
    turns = []
    for part in screen.split(PROMPT)[1:]:
        typed, _, shown = part.partition("\n")
        turns.append((typed, shown))
    return turns


def _shown_after(screen: str, step: int, typed: str | None = None) -> str:
    """What the screen showed after the script's line `step` (counted from 0), checking what was typed."""
    line, shown = _turns(screen)[step]
    assert typed is None or line == typed
    return shown


def _first_log_screen(screen: str) -> str:
    """Type the key of the first button of the first "When did this headache start?" message, by its number."""
    found = re.search(r"bot \[msg (\d+)\] › (?:\x1b\[1m)?\*?When did this headache start", screen)
    assert found is not None, screen
    return f"#{found.group(1)}.1"


def share_location(latitude: float, longitude: float) -> Callable[[str], str]:
    """Press the reply keyboard's "Share location" button with these coordinates."""

    def key(screen: str) -> str:
        found = re.findall(r"\[#k(\d+) 📍 Share location\]", screen)
        assert found, screen
        return f"#k{found[-1]} {latitude},{longitude}"

    return key


def test_a_new_patients_first_minutes_in_the_terminal(tmp_path: Path) -> None:
    # Onboard, press the reply keyboard, start over with /log, press the old screen's button (a pop-up),
    # then type 7 on the pain screen, which is the text 7 and no button's number. The attack starts "Now":
    # on the real clock, "1 h ago" between 00:00 and 01:00 began yesterday, and the bot then asks how long
    # it lasted (an attack of an earlier day), so the test failed in that hour.
    script = [
        "/start", press("Continue"), press("✅ I agree"), press("London"), "#k1",
        "/log", press("Cancel it and start"), _first_log_screen, press("Now"), "7", press("None of these"),
        "/quit",
    ]  # fmt: skip

    code, screen = run_program(
        [sys.executable, "-m", "bot", "sandbox"], cwd=tmp_path, env=_sandbox_env(tmp_path), lines=script,
        prompt=PROMPT, tty=True,
    )  # fmt: skip

    assert code == 0 and screen.rstrip().endswith("Bye.")
    assert "Traceback" not in screen
    banner = screen[: screen.index(PROMPT)]
    assert f"You are user {SANDBOX_USER_ID}, an operator here" in banner
    assert "sandbox.db" in banner and "DATABASE_URL is never opened" in banner
    # Formatting is rendered for the terminal: bold is bold, not tags or asterisks.
    assert f"{BOLD}Welcome to Migraine Companion.{UNBOLD}" in screen and "<b>" not in screen
    # The reply keyboard is shown as a labelled row once onboarding ends, and its key presses it.
    assert "keyboard: [#k1 🤕 Log headache]" in _shown_after(screen, 3)
    assert "When did this headache start?" in _shown_after(screen, 4, "#k1")
    # After starting over, the first log screen's old button answers with a pop-up.
    assert _shown_after(screen, 7).strip() == "▸ pop-up: This button is no longer active."
    # Typed 7 on the pain screen is the answer 7 (before, it pressed the 7th button, labelled "3").
    assert re.search(r"\[#(?!7\b)\d+ 7\]", _shown_after(screen, 8))
    assert "Worst: 7/10" in _shown_after(screen, 10)


def test_the_piped_sandbox_presses_number_labels_by_key_and_shows_links(tmp_path: Path) -> None:
    script = [
        "/start", press("Continue"), press("✅ I agree"), share_location(40.4168, -3.7038),  # Madrid
        "/log", press("Now"), press("7"), press("None of these"),  # the button labelled 7, by its key
        "/broadcast", LEAFLET, "#99", "\\#1", "/quit",
    ]  # fmt: skip

    code, screen = run_program(
        [sys.executable, "-m", "bot", "sandbox"], cwd=tmp_path, env=_sandbox_env(tmp_path), lines=script,
        prompt=PROMPT, tty=False,
    )  # fmt: skip

    assert code == 0
    # The reply keyboard's location button shares a place, as a phone would.
    assert "Time zone set to *Madrid*" in _shown_after(screen, 3, "#k1 40.4168,-3.7038")
    assert re.search(rf"{PROMPT}#\d+\n", screen)  # typed lines are echoed, so the transcript reads like a chat
    assert "Worst: 7/10" in _shown_after(screen, 7)
    # Without a terminal, marks a reader knows instead of ANSI; a link keeps its address.
    assert "*Welcome to Migraine Companion.*" in screen and "\x1b[" not in screen
    assert "New _leaflet_: read it (https://example.org/leaflet)" in _shown_after(screen, 9, LEAFLET)
    assert re.search(r"\(message \d+ has buttons #1 to #\d+\)", _shown_after(screen, 10, "#99"))
    # A backslash sends the rest as typed: the bot gets the text "#1", no button is pressed.
    assert _shown_after(screen, 11, "\\#1").lstrip().startswith("bot › ")


def test_the_sandbox_never_opens_database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    production = tmp_path / "production.db"
    settings = make_settings(
        f"sqlite+aiosqlite:///{production}", sandbox_database_url=f"sqlite+aiosqlite:///{tmp_path / 'own.db'}"
    )

    async def due_work_in_production() -> None:
        async with open_services(settings) as services:
            await add_users(services.sessions, [2001, 2002])
            await new_broadcast(services.sessions, text="A real announcement")  # due now

    asyncio.run(due_work_in_production())
    before = hashlib.sha256(production.read_bytes()).hexdigest()
    script = iter(["/start", "/broadcasts", "/quit"])
    out = io.StringIO()

    assert run_sandbox(settings, read=lambda _prompt: next(script), out=out, files_dir=tmp_path / "files") == 0

    assert hashlib.sha256(production.read_bytes()).hexdigest() == before
    assert not Path(f"{production}-wal").exists() and not Path(f"{production}-shm").exists()
    assert (tmp_path / "own.db").exists()
    assert "A real announcement" not in out.getvalue()


def test_a_typed_line_the_terminal_may_have_cut_is_sent_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Found in the sandbox: a long Russian message lost its last sentence (the urgent sign) to the terminal,
    # silently, and the screen seemed to miss it.
    monkeypatch.chdir(tmp_path)
    settings = make_settings(f"sqlite+aiosqlite:///{tmp_path / 'own.db'}")
    cut = "я" * (TERMINAL_LINE_BYTES // 2) + "!"  # 4,095 bytes: what the terminal leaves of a longer line
    # Cut in the middle of "я": input() reads the lone first byte as a surrogate (it crashed the sandbox once).
    mid_letter = "я" * (TERMINAL_LINE_BYTES // 2) + "\udcd1"
    script = iter(["голова болит с утра", cut, mid_letter, "/quit"])
    out = io.StringIO()

    assert run_sandbox(settings, read=lambda _prompt: next(script), out=out, files_dir=tmp_path / "files") == 0

    assert len(cut.encode()) == TERMINAL_LINE_BYTES
    assert out.getvalue().count(CUT_WARNING) == 2  # after the two long lines only


def test_sandbox_settings_swap_the_database_and_drop_telegram() -> None:
    settings = make_settings(
        "postgresql+asyncpg://companion:pw@db:5432/companion",
        bot_token="123456789:AAAA-the-right-token-from-botfather-0000",
        telegram_api_base_url="http://127.0.0.1:8081/bot",
        operator_ids="111,222",
    )

    sandboxed = sandbox_settings(settings)

    assert sandboxed.database_url == settings.sandbox_database_url == "sqlite+aiosqlite:///./data/sandbox.db"
    assert sandboxed.operator_ids == frozenset({SANDBOX_USER_ID})
    assert sandboxed.bot_token is None and sandboxed.telegram_api_base_url is None


def test_formatting_is_drawn_for_a_terminal_and_for_a_pipe() -> None:
    source = '🤕 <b>Bold <i>both</i></b> and <code>code</code>, <a href="https://example.org/x">a link</a>.'
    text, entities = parse_html(source)

    assert render_entities(text, entities, ansi=False) == "🤕 *Bold _both_* and `code`, a link (https://example.org/x)."
    assert render_entities(text, entities, ansi=True) == (
        "🤕 \x1b[1mBold \x1b[3mboth\x1b[23m\x1b[22m and \x1b[36mcode\x1b[39m, "
        "\x1b[4ma link\x1b[24m (https://example.org/x)."
    )


def test_quitting_at_once_leaves_the_screen_clean(tmp_path: Path) -> None:
    """/quit before the background jobs had their first turn: no warning about a worker started while stopping."""
    code, screen = run_program(
        [sys.executable, "-m", "bot", "sandbox"], cwd=tmp_path, env=_sandbox_env(tmp_path), lines=["/quit"],
        prompt=PROMPT, tty=False,
    )  # fmt: skip

    assert code == 0
    assert "Bye." in screen
    assert "Warning" not in screen and "Traceback" not in screen


def test_the_safety_screen_is_ready_before_the_first_line_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Found in the sandbox: the first message after onboarding waited ~30 s while every lexicon was built
    # (`python -m bot` builds them before its first update; the sandbox did not).
    monkeypatch.chdir(tmp_path)
    settings = make_settings(f"sqlite+aiosqlite:///{tmp_path / 'own.db'}")
    matcher_for.cache_clear()
    built_at_first_prompt: list[int] = []

    def read(_prompt: str) -> str:
        if not built_at_first_prompt:
            built_at_first_prompt.append(matcher_for.cache_info().currsize)
        return "/quit"

    assert run_sandbox(settings, read=read, out=io.StringIO(), files_dir=tmp_path / "files") == 0

    assert built_at_first_prompt == [len(lexicon_names())]


def test_one_ctrl_c_at_the_prompt_ends_the_sandbox(tmp_path: Path) -> None:
    """The terminal's Ctrl-C (SIGINT) while the sandbox waits for a line: "Bye." and the process ends.

    The typed line used to be read in asyncio's executor, which asyncio.run waits for on the way out: the
    process waited for Enter or a second Ctrl-C.
    """
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "sandbox"], cwd=tmp_path, env=_sandbox_env(tmp_path),
        stdin=slave, stdout=slave, stderr=slave, start_new_session=True,
    )  # fmt: skip
    os.close(slave)
    screen = bytearray()
    try:
        while PROMPT.encode() not in screen:
            ready, _, _ = select.select([master], [], [], HANG_SECONDS)
            assert ready, screen.decode(errors="replace")
            screen += os.read(master, 65536)
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=HANG_SECONDS)  # a hang guard, not a timing: it ends or the test fails
        with contextlib.suppress(OSError):  # the pty reports EIO once the program has gone
            while chunk := os.read(master, 65536):
                screen += chunk
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    assert code == 0
    assert "Bye." in screen.decode(errors="replace")
