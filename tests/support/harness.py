"""Drive the real Application through the fake Bot API, the way a user would."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram import Update

from bot.app import BotApplication, build_application
from bot.fake_telegram import FakeRequest, FakeTelegram
from bot.fake_telegram.records import SentMessage
from bot.services import Services, open_services
from bot.settings import Settings, load_settings
from scheduler.clock import Clock
from storage.db import transaction
from storage.users import set_language


def make_settings(database_url: str, **overrides: Any) -> Settings:
    """Settings for tests: never read .env, no rate limiter delays, one operator."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "operator_ids": "999",
        "emergency_number": "112",
        "telegram_overall_max_rate": 0,
    }
    values.update(overrides)
    return load_settings(env_file=None, **values)


class BotHarness:
    """A user-level view of the bot: send text, press buttons, read what came back."""

    def __init__(self, app: BotApplication, fake: FakeTelegram, services: Services) -> None:
        self.app = app
        self.fake = fake
        self.services = services

    async def feed(self, update: dict[str, Any]) -> None:
        """Process one Bot-API-shaped update dict through the real application, as polling would.

        The update processor is the path production takes: it times the update for the metrics.
        """
        parsed = Update.de_json(update, self.app.bot)
        await self.app.update_processor.process_update(parsed, self.app.process_update(parsed))

    async def send(self, user_id: int, text: str) -> list[SentMessage]:
        """Send a message as the user; return what the bot sent in response."""
        before = len(self.fake.sent_to(user_id))
        await self.feed(self.fake.user_sends(user_id, text))
        return self.fake.sent_to(user_id)[before:]

    async def press(self, user_id: int, label: str) -> list[SentMessage]:
        """Press the button with this label on the newest message that has it."""
        for message in reversed(self.fake.visible_messages(user_id)):
            if label in message.button_labels:
                return await self.press_data(user_id, message.message_id, message.button_data(label))
        raise AssertionError(f"no visible button {label!r}; buttons: {self.buttons(user_id)}")

    async def press_data(
        self, user_id: int, message_id: int, data: str, *, check_button: bool = True
    ) -> list[SentMessage]:
        """Press a button by its callback data (check_button=False forges one)."""
        before = len(self.fake.sent_to(user_id))
        await self.feed(self.fake.user_presses(user_id, message_id, data, check_button=check_button))
        return self.fake.sent_to(user_id)[before:]

    def buttons(self, user_id: int) -> list[str]:
        """Every button label visible in the chat, newest message last."""
        return [label for m in self.fake.visible_messages(user_id) for label in m.button_labels]

    def last_text(self, user_id: int) -> str:
        """The text of the newest visible bot message."""
        message = self.fake.last_message(user_id)
        return message.text or message.caption or ""

    def callback_answers(self) -> list[str]:
        """The texts of answerCallbackQuery calls so far (empty string for a silent answer)."""
        return [str(c.params.get("text") or "") for c in self.fake.calls("answerCallbackQuery")]

    async def onboard(
        self, user_id: int, *, consent: bool = True, zone: str = "Europe/London", language: str | None = None
    ) -> None:
        """Walk through /start, the disclaimer, consent and a time zone button; then, given a language, store it as
        the user's (as /language does) and drop the user's cached snapshot so the next update reads it."""
        await self.send(user_id, "/start")
        await self.press(user_id, "Continue")
        await self.press(user_id, "✅ I agree" if consent else "No thanks")
        await self.press(user_id, zone.split("/")[-1].replace("_", " "))
        if language is not None:
            async with transaction(self.services.sessions) as session:
                await set_language(session=session, user_id=user_id, language=language)
            if self.services.snapshots is not None:
                self.services.snapshots.invalidate(user_id)


@asynccontextmanager
async def running_bot(
    settings: Settings,
    *,
    search_path: str | None = None,
    clock: Clock | None = None,
    fake: FakeTelegram | None = None,
    request: FakeRequest | None = None,
) -> AsyncIterator[BotHarness]:
    """Open the services and an initialized application on a fresh fake Bot API (or the given request's).

    The fresh fake does not enforce Telegram's flood limits: the people in these tests tap and type
    within milliseconds of each other, faster than anyone can, and a limit would only make every test
    wait out 429s. The tests of pacing bring a fake that enforces them (tests/bot/test_shared_rate_budget.py).
    """
    fake = request.fake if request is not None else fake or FakeTelegram(limits=None)
    async with open_services(settings, search_path=search_path, clock=clock) as services:
        app = build_application(services, request=request or FakeRequest(fake))
        async with app:
            yield BotHarness(app, fake, services)
