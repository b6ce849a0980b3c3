"""Run a terminal program the way a person does: on a pseudo-terminal, typing a line at each prompt."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
import time
from collections.abc import Sequence
from pathlib import Path

# Only a guard against a hang: nothing here asserts how fast anything is.
HANG_SECONDS = 300.0


def run_on_pty(
    argv: Sequence[str], *, cwd: Path, env: dict[str, str], lines: Sequence[str], prompt: str
) -> tuple[int, str]:
    """Start `argv` on a pty, type each line after the next prompt appears, and return (exit code, screen).

    The screen is everything the terminal showed, typed lines included (the terminal echoes them),
    with the terminal's CR LF turned into LF.
    """
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))  # wide: nothing wraps
    process = subprocess.Popen(
        list(argv), cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave, start_new_session=True
    )
    os.close(slave)
    screen = bytearray()
    deadline = time.monotonic() + HANG_SECONDS
    try:
        for typed, line in enumerate(lines, start=1):
            while screen.decode("utf-8", "replace").count(prompt) < typed:
                if not _read_some(master, screen, deadline):
                    raise AssertionError(f"the program ended or hung before prompt {typed}:\n{_text(screen)}")
            os.write(master, line.encode("utf-8") + b"\n")
        while _read_some(master, screen, deadline):
            pass
        code = process.wait(timeout=max(deadline - time.monotonic(), 1.0))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    return code, _text(screen)


def _read_some(master: int, screen: bytearray, deadline: float) -> bool:
    """Append what the program printed next; False at its end (EOF) or at the hang guard."""
    while (remaining := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([master], [], [], min(remaining, 1.0))
        if not ready:
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the program closed the terminal
            return False
        if not chunk:
            return False
        screen.extend(chunk)
        return True
    return False


def _text(screen: bytearray) -> str:
    return screen.decode("utf-8", "replace").replace("\r\n", "\n")
