"""/reminders in the chat: check-in time, medication reminders, lesson drip, quiet hours, pause, time zones."""

from __future__ import annotations

from datetime import time

from sqlalchemy import select

from storage.db import transaction
from storage.models import Dialog
from storage.schedule_models import Delivery, ReminderPrefs, Schedule
from support.databases import Database
from support.scheduling import bot_at, bot_schedules, bot_tick, utc

ALICE = 4101
BOB = 4102
MONDAY_NOON = utc(2025, 6, 2, 12)  # 13:00 in London


async def test_check_in_time_typed_as_7pm_is_stored_in_the_users_zone(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        await bot.send(ALICE, "/reminders")
        assert "Daily check-in: <b>off</b>" in (bot.fake.last_message(ALICE).source_text or "")

        await bot.press(ALICE, "📝 Check-in time")
        replies = await bot.send(ALICE, "7pm")

        assert "I'll ask about your day every day at <b>19:00</b>" in (replies[-1].source_text or "")
        assert "Daily check-in: <b>19:00</b>" in (replies[-1].source_text or "")
        [row] = await bot_schedules(bot, ALICE)
        assert (row.kind, row.rule, row.timezone) == ("checkin", {"times": ["19:00"], "weekdays": []}, "Europe/London")
        assert row.next_run_at == utc(2025, 6, 2, 18)


async def test_a_time_that_is_not_a_time_gets_an_example_and_may_be_retyped(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        await bot.send(ALICE, "/reminders")
        await bot.press(ALICE, "📝 Check-in time")

        [problem] = await bot.send(ALICE, "after dinner")
        assert "I couldn't read “after dinner” as a time" in (problem.text or "")
        assert "07:30, 19:05 or 7:30pm" in (problem.text or "")

        await bot.send(ALICE, "19:05")
        [row] = await bot_schedules(bot, ALICE)
        assert row.rule == {"times": ["19:05"], "weekdays": []}


async def test_check_in_switches_off_and_back_on_at_the_same_time(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        await bot.send(ALICE, "/reminders")
        await bot.press(ALICE, "📝 Check-in time")
        await bot.send(ALICE, "21:00")

        await bot.press(ALICE, "📝 Check-in off")
        assert "Daily check-in switched off" in bot.last_text(ALICE)
        [row] = await bot_schedules(bot, ALICE)
        assert (row.enabled, row.next_run_at) == (False, None)

        await bot.press(ALICE, "📝 Check-in on")
        [row] = await bot_schedules(bot, ALICE)
        assert (row.enabled, row.next_run_at) == (True, utc(2025, 6, 2, 20))


async def test_medication_reminder_with_two_times_on_weekdays(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        await bot.send(ALICE, "/reminders")
        await bot.press(ALICE, "💊 Add a medication reminder")
        await bot.send(ALICE, "Topiramate <25mg>")
        [days] = await bot.send(ALICE, "8am, 8pm")
        assert "✅ Sat" in days.button_labels

        await bot.press(ALICE, "Mon–Fri")
        assert "▫️ Sat" in bot.buttons(ALICE)
        await bot.press(ALICE, "▫️ Sat")
        await bot.press(ALICE, "💾 Save")

        text = bot.fake.last_message(ALICE).source_text or ""
        assert (
            "I'll remind you about <b>Topiramate &lt;25mg&gt;</b> at 08:00 and 20:00, "
            "Mon, Tue, Wed, Thu, Fri, Sat" in text
        )
        [row] = await bot_schedules(bot, ALICE)
        assert row.kind == "medication" and row.payload == {"name": "Topiramate <25mg>"}
        assert row.rule == {"times": ["08:00", "20:00"], "weekdays": [0, 1, 2, 3, 4, 5]}
        assert row.next_run_at == utc(2025, 6, 2, 19)


async def test_medication_reminders_need_consent(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE, consent=False)
        await bot.send(ALICE, "/reminders")

        replies = await bot.press(ALICE, "💊 Add a medication reminder")

        assert "health data" in (replies[-1].text or "")
        assert replies[-1].button_labels == ["✅ Allow diary storage"]
        assert await bot_schedules(bot, ALICE) == []


async def test_medication_reminder_can_be_removed(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        await bot.send(ALICE, "/reminders")
        await bot.press(ALICE, "💊 Add a medication reminder")
        await bot.send(ALICE, "Propranolol")
        await bot.send(ALICE, "9:00")
        await bot.press(ALICE, "💾 Save")

        await bot.press(ALICE, "🗑 Propranolol")

        assert "Removed the reminder for <b>Propranolol</b>" in (bot.fake.last_message(ALICE).source_text or "")
        assert await bot_schedules(bot, ALICE) == []


async def test_lesson_drip_every_two_days(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        await bot.send(ALICE, "/reminders")
        await bot.press(ALICE, "📚 Lesson drip")

        await bot.press(ALICE, "Every 2 days")

        assert "a new lesson every 2 days, at 10:00" in bot.last_text(ALICE)
        [row] = await bot_schedules(bot, ALICE)
        assert (row.kind, row.payload, row.next_run_at) == ("lesson_drip", {"every_days": 2}, utc(2025, 6, 3, 9))


async def test_quiet_hours_are_typed_as_start_and_end(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        await bot.send(ALICE, "/reminders")
        await bot.press(ALICE, "🌙 Quiet hours")
        await bot.send(ALICE, "10pm")
        [same] = await bot.send(ALICE, "22:00")
        assert "can't start and end at the same time" in (same.text or "")

        replies = await bot.send(ALICE, "7:30")

        assert "Quiet hours: <b>22:00–07:30</b>" in (replies[-1].source_text or "")
        async with transaction(bot.services.sessions) as session:
            prefs = await session.get(ReminderPrefs, ALICE)
            assert prefs is not None and (prefs.quiet_start, prefs.quiet_end) == (time(22), time(7, 30))
            assert (await session.scalars(select(Dialog))).first() is None

        await bot.press(ALICE, "🌙 Quiet hours")
        await bot.press(ALICE, "Turn quiet hours off")
        assert "Quiet hours: <b>off</b>" in (bot.fake.last_message(ALICE).source_text or "")


async def test_pause_everything_and_resume(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        await bot.send(ALICE, "/reminders")
        await bot.press(ALICE, "📝 Check-in time")
        await bot.send(ALICE, "20:00")

        await bot.press(ALICE, "⏸ Pause everything")
        await bot.press(ALICE, "Until I resume")
        assert "Everything is paused" in bot.last_text(ALICE)
        [row] = await bot_schedules(bot, ALICE)
        assert (row.enabled, row.disabled_reason) == (False, "paused")
        assert (await bot_tick(bot, utc(2025, 6, 2, 19))).sent == 0

        await bot.press(ALICE, "▶️ Resume")
        assert "Reminders resumed" in bot.last_text(ALICE)
        await bot_tick(bot, utc(2025, 6, 2, 19, 30))
        [row] = await bot_schedules(bot, ALICE)
        assert (row.enabled, row.next_run_at) == (True, utc(2025, 6, 3, 19))


async def test_changing_time_zone_keeps_every_reminder_at_its_local_time(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        await bot.send(ALICE, "/reminders")
        await bot.press(ALICE, "📝 Check-in time")
        await bot.send(ALICE, "20:00")
        assert (await bot_schedules(bot, ALICE))[0].next_run_at == utc(2025, 6, 2, 19)

        await bot.send(ALICE, "/settings")
        await bot.press(ALICE, "🌍 Change time zone")
        await bot.send(ALICE, "tokyo")

        [row] = await bot_schedules(bot, ALICE)
        assert (row.timezone, row.next_run_at) == ("Asia/Tokyo", utc(2025, 6, 3, 11))  # 20:00 JST
        await bot.send(ALICE, "/reminders")
        assert "Daily check-in: <b>20:00</b>" in (bot.fake.last_message(ALICE).source_text or "")


async def test_removing_another_users_reminder_is_a_stale_button(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        await bot.onboard(BOB)
        await bot.send(ALICE, "/reminders")
        await bot.press(ALICE, "💊 Add a medication reminder")
        await bot.send(ALICE, "Propranolol")
        await bot.send(ALICE, "9:00")
        await bot.press(ALICE, "💾 Save")
        [row] = await bot_schedules(bot, ALICE)
        menu = (await bot.send(BOB, "/reminders"))[-1]

        await bot.press_data(BOB, menu.message_id, f"rem:med:del:{row.id}", check_button=False)
        await bot.press_data(BOB, menu.message_id, "rem:days:save", check_button=False)

        assert bot.callback_answers()[-2:] == ["This button is no longer active."] * 2
        assert [r.id for r in await bot_schedules(bot, ALICE)] == [row.id]


async def test_delete_erases_reminders_deliveries_and_preferences(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        await bot.send(ALICE, "/reminders")
        await bot.press(ALICE, "💊 Add a medication reminder")
        await bot.send(ALICE, "Propranolol")
        await bot.send(ALICE, "20:00")
        await bot.press(ALICE, "💾 Save")
        await bot.press(ALICE, "🌙 Quiet hours")
        await bot.send(ALICE, "23:00")
        await bot.send(ALICE, "6:00")
        await bot_tick(bot, utc(2025, 6, 2, 19))

        await bot.send(ALICE, "/delete")
        await bot.press(ALICE, "🗑 Yes, delete everything")

        async with transaction(bot.services.sessions) as session:
            for table in (Schedule, Delivery, ReminderPrefs):
                assert (await session.scalars(select(table))).all() == []
