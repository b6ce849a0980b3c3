"""Shared scenes for the robustness suite: a user with data behind every kind of button, and snapshots."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from scheduler.clock import ManualClock
from storage.db import transaction
from storage.diary_models import Attack, MedicationIntake
from storage.personal_data import collect_user_data
from storage.schedule_models import Delivery, Schedule
from support.harness import BotHarness
from support.scheduling import bot_tick, utc

MONDAY_NOON = utc(2025, 6, 2, 12)
LOG = "🤕 Log headache"
STALE = "This button is no longer active."


async def log_attack_with_medicine(bot: BotHarness, user_id: int, medicine: str = "Ibuprofen") -> None:
    """Log and end a first attack, then log a second one and record a dose for it."""
    await bot.send(user_id, LOG)
    await bot.press(user_id, "1 h ago")
    await bot.press(user_id, "Moderate")
    await bot.press(user_id, "None of these")
    await bot.press(user_id, "It ended")
    await bot.press(user_id, "Just now")
    await bot.send(user_id, LOG)
    await bot.press(user_id, "Now")
    await bot.press(user_id, "Moderate")
    await bot.press(user_id, "💊 Took medicine")
    await bot.press(user_id, "➕ Add a medicine")
    await bot.send(user_id, medicine)
    if "Choose the kind myself" in bot.fake.last_message(user_id).button_labels:  # a name the dictionary knows
        await bot.press(user_id, "Choose the kind myself")
    await bot.press(user_id, "Simple painkiller / NSAID")
    await bot.press(user_id, "Now")


async def add_medication_reminder(
    bot: BotHarness, user_id: int, times: str = "20:00", name: str = "Sumatriptan"
) -> None:
    """Add a daily medication reminder through the /reminders menu."""
    await bot.send(user_id, "/reminders")
    await bot.press(user_id, "💊 Add a medication reminder")
    await bot.send(user_id, name)
    await bot.send(user_id, times)
    await bot.press(user_id, "💾 Save")


ALICE_PRIVATE = ("Naproxen", "Zolmitriptan")


async def seed_user(bot: BotHarness, user_id: int) -> None:
    """Give a user a diary, a dose with a follow-up question, a dose reminder, lessons and a delete prompt.

    The bot's clock must stand at MONDAY_NOON; it ends at 20:00 London with every reminder delivered.
    """
    await bot.onboard(user_id)
    await log_attack_with_medicine(bot, user_id, ALICE_PRIVATE[0])
    await add_medication_reminder(bot, user_id, name=ALICE_PRIVATE[1])
    clock = bot.services.clock
    assert isinstance(clock, ManualClock)
    await bot_tick(bot, clock.now() + timedelta(hours=2, minutes=1))  # the follow-up "did it help?"
    await bot_tick(bot, utc(2025, 6, 2, 19))  # 20:00 in London: the dose reminder
    await bot.send(user_id, "/lessons")
    await bot.press(user_id, bot.fake.last_message(user_id).button_labels[0])
    await bot.send(user_id, "/diary")
    await bot.send(user_id, "/delete")


def offered_callback_data(bot: BotHarness, user_id: int) -> list[str]:
    """Every callback data the bot ever put on a button in this chat (sent or edited), oldest first."""
    seen: dict[str, None] = {}
    for call in bot.fake.calls():
        if str(call.params.get("chat_id")) != str(user_id):
            continue
        markup = call.params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                if "callback_data" in button:
                    seen[button["callback_data"]] = None
    return list(seen)


async def own_ids(bot: BotHarness, user_id: int) -> dict[str, list[int]]:
    """The ids of the user's attacks, doses, schedules and deliveries (to forge buttons against)."""
    found: dict[str, list[int]] = {}
    async with transaction(bot.services.sessions) as session:
        for name, model in (
            ("attack", Attack),
            ("intake", MedicationIntake),
            ("schedule", Schedule),
            ("delivery", Delivery),
        ):
            table = model.__table__  # type: ignore[union-attr]
            query = select(table.c.id).where(table.c.user_id == user_id)
            found[name] = [int(i) for i in (await session.scalars(query)).all()]
    return found


async def snapshot(bot: BotHarness, user_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every personal row about the user, as /export sees them."""
    async with transaction(bot.services.sessions) as session:
        return await collect_user_data(session=session, user_id=user_id)
