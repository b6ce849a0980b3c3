"""Callback data: short prefixed strings such as ``lesson:next:aura``, parsed and validated in one place.

Callback data is never trusted. It only says which button was pressed; who pressed it always comes
from the update, and every id in it is checked against that user's own rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 64  # Telegram's limit for callback_data
_PART = re.compile(r"^[A-Za-z0-9_./+-]{0,48}$")


@dataclass(frozen=True, slots=True)
class Callback:
    """A parsed button press: ``prefix:action:arg1:arg2``."""

    prefix: str
    action: str
    args: tuple[str, ...]

    def arg(self, index: int, default: str = "") -> str:
        """Return one argument, or the default when it is missing."""
        return self.args[index] if index < len(self.args) else default

    def int_arg(self, index: int) -> int | None:
        """Return an argument as a non-negative int, or None when it is missing or malformed."""
        value = self.arg(index)
        return int(value) if value.isdigit() and len(value) <= 18 else None


def make(prefix: str, action: str, *args: object) -> str:
    """Build callback data and check it fits Telegram's 64-byte limit."""
    data = ":".join([prefix, action, *(str(a) for a in args)])
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def parse(data: str | None) -> Callback | None:
    """Parse callback data, or return None when it is empty, too long or malformed."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    parts = data.split(":")
    if len(parts) < 2 or not all(_PART.match(p) for p in parts) or not parts[0]:
        return None
    return Callback(prefix=parts[0], action=parts[1], args=tuple(parts[2:]))


def pattern(prefix: str) -> str:
    """Return the handler pattern for one prefix."""
    return rf"^{re.escape(prefix)}:"
