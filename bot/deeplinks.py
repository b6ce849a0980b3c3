"""Deep links: ``t.me/<bot>?start=<kind>_<value>`` arrive as ``/start <kind>_<value>``."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from telegram import Update

if TYPE_CHECKING:
    from bot.context import BotContext

# Telegram allows A-Z, a-z, 0-9, _ and - in start parameters, up to 64 characters.
_PAYLOAD = re.compile(r"^([a-z]{1,16})_([A-Za-z0-9_-]{1,47})$")

DeepLinkOpener = Callable[[Update, "BotContext", str], Awaitable[bool]]


@dataclass(frozen=True, slots=True)
class StartPayload:
    """A parsed start parameter such as ``lesson_aura``."""

    kind: str
    value: str

    @property
    def raw(self) -> str:
        """Return the parameter as Telegram sends it."""
        return f"{self.kind}_{self.value}"


def parse_start_payload(args: Sequence[str] | None) -> StartPayload | None:
    """Parse the /start argument, or return None when there is none or it is malformed."""
    if not args or len(args) != 1:
        return None
    match = _PAYLOAD.match(args[0])
    return StartPayload(kind=match.group(1), value=match.group(2)) if match else None


def deep_link(bot_username: str, kind: str, value: str) -> str:
    """Build the t.me link that opens the bot with a start payload."""
    return f"https://t.me/{bot_username}?start={kind}_{value}"


async def open_deep_link(update: Update, context: BotContext, payload: StartPayload) -> bool:
    """Open a deep link with the opener registered for its kind; False when nothing handles it."""
    openers: dict[str, DeepLinkOpener] = context.services.extras.get("deep_links", {})
    opener = openers.get(payload.kind)
    return await opener(update, context, payload.value) if opener is not None else False
