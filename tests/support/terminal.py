"""Run a terminal program the way a person does: read the screen, type a line at each prompt.

On a pseudo-terminal (what a person's terminal is) or through pipes (what a script gets). A line to type
can be computed from the screen so far, e.g. `press("Continue")` types the key of the newest button with
that label, so a test does not depend on where a button sits.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import termios
import time
from collections.abc import Callable, Sequence
from pathlib import Path

# Only a guard against a hang: nothing here asserts how fast anything is.
HANG_SECONDS = 300.0
Line = str | Callable[[str], str]


def press(label: str) -> Callable[[str], str]:
    """Type the key ("#3") of the newest button on the screen labelled exactly `label`."""

    def key(screen: str) -> str:
        found = re.findall(r"\[(#\d+) " + re.escape(label) + r"\]", screen)
        if not found:
            raise AssertionError(f"no button [{label}] on the screen:\n{screen}")
        return str(found[-1])

    return key


def run_program(
    argv: Sequence[str], *, cwd: Path, env: dict[str, str], lines: Sequence[Line], prompt: str, tty: bool
) -> tuple[int, str]:
    """Start `argv`, type each line after the next prompt appears, and return (exit code, screen).

    With `tty`, on a pty: the screen then includes what the terminal echoes of the typed lines, and its
    CR LF become LF. Without, through pipes: stdout only (stderr must stay empty).
    """
    if tty:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))  # wide: nothing wraps
        process = subprocess.Popen(
            list(argv), cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave, start_new_session=True
        )
        os.close(slave)
        reader, writer = master, master
    else:
        process = subprocess.Popen(
            list(argv), cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert process.stdin is not None and process.stdout is not None
        reader, writer = process.stdout.fileno(), process.stdin.fileno()
    screen = bytearray()
    deadline = time.monotonic() + HANG_SECONDS
    try:
        for typed, line in enumerate(lines, start=1):
            while _text(screen).count(prompt) < typed:
                if not _read_some(reader, screen, deadline):
                    raise AssertionError(f"the program ended or hung before prompt {typed}:\n{_text(screen)}")
            text = line if isinstance(line, str) else line(_text(screen))
            os.write(writer, text.encode("utf-8") + b"\n")
        if not tty:
            assert process.stdin is not None
            process.stdin.close()  # end of input, as a finished script
        while _read_some(reader, screen, deadline):
            pass
        code = process.wait(timeout=max(deadline - time.monotonic(), 1.0))
        if not tty:
            assert process.stderr is not None
            errors = process.stderr.read().decode("utf-8", "replace")
            assert errors == "", errors
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if tty:
            os.close(master)
        else:
            for stream in (process.stdin, process.stdout, process.stderr):
                if stream is not None and not stream.closed:
                    stream.close()
    return code, _text(screen)


def _read_some(reader: int, screen: bytearray, deadline: float) -> bool:
    """Append what the program printed next; False at its end (EOF) or at the hang guard."""
    while (remaining := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([reader], [], [], min(remaining, 1.0))
        if not ready:
            continue
        try:
            chunk = os.read(reader, 65536)
        except OSError:  # EIO: the program closed the terminal
            return False
        if not chunk:
            return False
        screen.extend(chunk)
        return True
    return False


def _text(screen: bytearray) -> str:
    return screen.decode("utf-8", "replace").replace("\r\n", "\n")
