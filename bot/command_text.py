"""The command a message starts with, read in one place: "/Log@OurBot 3" is "log"."""

from __future__ import annotations

import re

# Telegram's command names: 1-32 Latin letters, digits and underscores; "@botname" may follow.
_COMMAND = re.compile(r"/([A-Za-z0-9_]{1,32})(?:@\w+)?(?=\s|$)")


def command_name(text: str | None) -> str | None:
    """The lower-case command name a message starts with, or None when it does not start with one."""
    found = _COMMAND.match(text or "")
    return found.group(1).casefold() if found else None
