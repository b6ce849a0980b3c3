"""Medication reminders in the chat: Taken / Snooze / Skip, snooze chains, adherence, forged buttons."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.outbound.reminders import dose_keyboard
from bot.texts import en
from storage.db import transaction
from storage.schedule_models import Delivery
from support.databases import Database
from support.harness import BotHarness
from support.scheduling import bot_at, bot_schedules, bot_tick, clock_of, utc

ALICE = 4201
BOB = 4202
MONDAY_NOON = utc(2025, 6, 2, 12)
EIGHT_PM = utc(2025, 6, 2, 19)  # 20:00 in London
DOSE_BUTTONS = ["✅ Taken", "⏰ Snooze 15 min", "⏰ Snooze 1 h", "Skip"]
STALE = "This button is no longer active."


async def add_medication(bot: BotHarness, user_id: int, name: str = "Sumatriptan", times: str = "20:00") -> None:
    """Add a medication reminder through the menu."""
    await bot.send(user_id, "/reminders")
    await bot.press(user_id, "💊 Add a medication reminder")
    await bot.send(user_id, name)
    await bot.send(user_id, times)
    await bot.press(user_id, "💾 Save")


async def doses(bot: BotHarness) -> list[Delivery]:
    """Every medication delivery row."""
    async with transaction(bot.services.sessions) as session:
        query = select(Delivery).where(Delivery.kind == "medication").order_by(Delivery.id)  # type: ignore[arg-type]
        return list((await session.scalars(query)).all())


async def test_dose_reminder_arrives_at_its_time_with_four_buttons(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        await add_medication(bot, ALICE)

        assert (await bot_tick(bot, EIGHT_PM - timedelta(minutes=1))).sent == 0
        assert (await bot_tick(bot, EIGHT_PM)).sent == 1

        reminder = bot.fake.last_message(ALICE)
        assert (reminder.source_text or "") == "💊 Time for <b>Sumatriptan</b> (20:00)."
        assert reminder.button_labels == DOSE_BUTTONS


async def test_snooze_fifteen_then_an_hour_then_taken_counts_the_dose_once(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        await add_medication(bot, ALICE)
        await bot_tick(bot, EIGHT_PM)

        await bot.press(ALICE, "⏰ Snooze 15 min")
        assert "I'll remind you again at 20:15" in bot.last_text(ALICE)
        assert bot.last_text(ALICE).startswith("⏰ Sumatriptan (20:00)")
        assert (await bot_tick(bot, EIGHT_PM + timedelta(minutes=14))).sent == 0
        await bot_tick(bot, EIGHT_PM + timedelta(minutes=15))
        assert bot.last_text(ALICE) == "⏰ Reminder: Sumatriptan (due at 20:00)."
        assert bot.fake.last_message(ALICE).button_labels == DOSE_BUTTONS

        await bot.press(ALICE, "⏰ Snooze 1 h")
        assert "again at 21:15" in bot.last_text(ALICE)
        await bot_tick(bot, EIGHT_PM + timedelta(minutes=75))
        await bot.press(ALICE, "✅ Taken")

        assert bot.last_text(ALICE) == "✅ Sumatriptan (20:00): taken."
        [dose] = await doses(bot)
        assert (dose.response, dose.responded_at) == ("taken", EIGHT_PM + timedelta(minutes=75))
        assert [row.kind for row in await bot_schedules(bot, ALICE)] == ["medication"]  # snoozes are gone
        await bot.send(ALICE, "/reminders")
        assert "taken 1 of 1 this month" in bot.last_text(ALICE)


async def test_taken_on_the_first_message_cancels_a_pending_snooze(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        await add_medication(bot, ALICE)
        await bot_tick(bot, EIGHT_PM)
        reminder = bot.fake.last_message(ALICE)
        await bot.press(ALICE, "⏰ Snooze 1 h")

        data = reminder.button_data("✅ Taken")
        await bot.press_data(ALICE, reminder.message_id, data, check_button=False)

        assert (await bot_tick(bot, EIGHT_PM + timedelta(hours=1))).sent == 0
        assert [d.response for d in await doses(bot)] == ["taken"]


async def test_skipped_and_missed_doses_count_against_taken(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        await add_medication(bot, ALICE)
        await bot_tick(bot, EIGHT_PM)
        await bot.press(ALICE, "Skip")
        assert bot.last_text(ALICE) == "Sumatriptan (20:00): skipped."
        await bot_tick(bot, EIGHT_PM + timedelta(days=1, hours=3))  # Tuesday's dose: 3 h late, missed

        await bot_tick(bot, EIGHT_PM + timedelta(days=2))
        await bot.press(ALICE, "✅ Taken")
        await bot.send(ALICE, "/reminders")

        assert "taken 1 of 3 this month" in bot.last_text(ALICE)
        assert [d.status for d in await doses(bot)] == ["sent", "missed", "sent"]


async def test_late_dose_reminder_says_it_is_late_without_advising_a_dose(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        await add_medication(bot, ALICE)

        await bot_tick(bot, EIGHT_PM + timedelta(minutes=40))

        text = bot.last_text(ALICE)
        assert "this reminder is late: it was due at 20:00" in text
        assert "ask your pharmacist" in text


async def test_another_users_dose_button_gets_the_stale_notice(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        await bot.onboard(BOB)
        await add_medication(bot, ALICE)
        await bot_tick(bot, EIGHT_PM)
        [alice_dose] = await doses(bot)
        assert alice_dose.id is not None
        bob_message = bot.fake.last_message(BOB)

        for data in (
            dose_keyboard(en, alice_dose.id).inline_keyboard[0][0].callback_data,
            f"med:snooze:{alice_dose.id}:15",
            f"med:snooze:{alice_dose.id}:5",
            "med:taken:999999",
            "med:taken:abc",
        ):
            await bot.press_data(BOB, bob_message.message_id, str(data), check_button=False)

        assert bot.callback_answers()[-5:] == [STALE] * 5
        assert [d.response for d in await doses(bot)] == [None]
        assert [row.kind for row in await bot_schedules(bot, ALICE)] == ["medication"]
        assert clock_of(bot).now() == EIGHT_PM
