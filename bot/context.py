"""The typed context every handler receives."""

from __future__ import annotations

from typing import Any, cast

from telegram.ext import Application, CallbackContext, ExtBot

from bot.services import Services
from storage.snapshots import UserState


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """CallbackContext with typed access to our services.

    PTB builds one context per update and passes it to every handler group, so it also carries the
    sender's state read for this update, with the process's commit count at the time (bot/access.py).
    """

    user_state: tuple[int, UserState] | None = None

    @property
    def services(self) -> Services:
        """Return the services the composition root stored on the application."""
        return cast(Services, self.bot_data["services"])


# The application type lives here, below bot/app.py and the handlers, so they import it without a circle.
BotApplication = Application[Any, BotContext, Any, Any, Any, Any]
