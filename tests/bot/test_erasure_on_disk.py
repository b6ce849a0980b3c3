"""/delete leaves no copy on disk: SQLite zeroes deleted rows and empties its WAL; the sandbox deletes its files.

Every file the bot writes is readable by its own user only (umask 077 in ``python -m bot``).
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from diary_factory import ALICE, add_attack, diary_harness
from test_sandbox_terminal import PROMPT, _sandbox_env

from bot.texts import en
from support.databases import Database
from support.terminal import press, run_program

MARKER = "zq-private-note-7741"
ROOT = Path(__file__).resolve().parents[2]


def sqlite_bytes(database: Database) -> bytes:
    """The database file and its WAL, as anyone who copies them would read them."""
    path = Path(database.url.split("///", 1)[1])
    wal = Path(f"{path}-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


async def test_delete_leaves_no_trace_of_the_rows_in_the_sqlite_files(sqlite_database: Database) -> None:
    async with diary_harness(sqlite_database) as bot:
        await bot.onboard(ALICE)
        await add_attack(bot, notes=MARKER)
        assert MARKER.encode() in sqlite_bytes(sqlite_database)

        await bot.send(ALICE, "/delete")
        await bot.press(ALICE, en.BTN_DELETE_CONFIRM)

        assert bot.last_text(ALICE) == en.DELETE_DONE
        assert MARKER.encode() not in sqlite_bytes(sqlite_database)


def test_the_readme_says_postgresql_keeps_deleted_rows_until_vacuum() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "PostgreSQL keeps deleted rows" in readme and "VACUUM" in readme


def _sandbox(tmp_path: Path, script: list[object]) -> str:
    old = os.umask(0o022)  # a usual shell umask: the bot must not rely on it
    try:
        code, screen = run_program(
            [sys.executable, "-m", "bot", "sandbox"], cwd=tmp_path, env=_sandbox_env(tmp_path), lines=script,
            prompt=PROMPT, tty=False,
        )  # fmt: skip
    finally:
        os.umask(old)
    assert code == 0, screen
    return screen


def test_the_sandbox_writes_private_files_and_deletes_them_on_delete(tmp_path: Path) -> None:
    _sandbox(tmp_path, ["/start", press("Continue"), press("✅ I agree"), press("London"), "/export", "/quit"])

    [export] = (tmp_path / "sandbox-files").iterdir()
    written = [export, tmp_path / "data" / "sandbox.db", tmp_path / "data" / "sandbox.log"]
    assert {path.name: stat.S_IMODE(path.stat().st_mode) for path in written} == {
        path.name: 0o600 for path in written
    }

    screen = _sandbox(tmp_path, ["/delete", press("🗑 Yes, delete everything"), "/quit"])

    assert en.DELETE_DONE.split(".")[0] in screen
    assert list((tmp_path / "sandbox-files").iterdir()) == []
