"""/reminders as a new user expected it: saved medicines, one name limit, editing, the drip time, a dated pause."""

from __future__ import annotations

from datetime import time

from sqlalchemy import select

from bot.reminders.medication import MAX_NAME
from bot.texts import en
from storage.db import transaction
from storage.diary import MEDICINE_NAME_LIMIT, add_medicine
from storage.diary_types import MedClass
from storage.schedule_models import ReminderPrefs, Schedule
from support.databases import Database
from support.harness import BotHarness
from support.scheduling import bot_at, bot_schedules, bot_tick, utc

ALICE = 4301
MALLORY = 4302
MONDAY_NOON = utc(2025, 6, 2, 12)  # 13:00 in London (summer time)


async def prefs_of(bot: BotHarness) -> ReminderPrefs | None:
    async with transaction(bot.services.sessions) as session:
        return await session.get(ReminderPrefs, ALICE)


async def add_reminder(bot: BotHarness, name: str = "Sumatriptan", times: str = "8:00") -> Schedule:
    await bot.send(ALICE, "/reminders")
    await bot.press(ALICE, "💊 Add a medication reminder")
    await bot.send(ALICE, name)
    await bot.send(ALICE, times)
    await bot.press(ALICE, "💾 Save")
    return (await bot_schedules(bot, ALICE))[-1]


async def test_a_medicine_saved_in_the_diary_is_offered_with_one_tap(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        async with transaction(bot.services.sessions) as session:
            await add_medicine(
                session=session, user_id=ALICE, name="Propranolol 40 mg", med_class=MedClass.OTHER, now=MONDAY_NOON
            )
        await bot.send(ALICE, "/reminders")

        offered = await bot.press(ALICE, "💊 Add a medication reminder")

        assert offered[-1].button_labels == ["Propranolol 40 mg"]
        assert "Tap one of yours, or type another name" in (offered[-1].text or "")
        await bot.press(ALICE, "Propranolol 40 mg")
        await bot.send(ALICE, "8:00")
        await bot.press(ALICE, "💾 Save")
        [row] = await bot_schedules(bot, ALICE)
        assert row.payload == {"name": "Propranolol 40 mg"}


async def test_a_foreign_medicine_id_is_a_stale_button(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        await bot.onboard(MALLORY)
        async with transaction(bot.services.sessions) as session:
            medicine = await add_medicine(
                session=session, user_id=ALICE, name="Secret", med_class=MedClass.OTHER, now=MONDAY_NOON
            )
        await bot.send(MALLORY, "/reminders")
        await bot.press(MALLORY, "💊 Add a medication reminder")
        prompt = bot.fake.last_message(MALLORY)

        await bot.press_data(MALLORY, prompt.message_id, f"rem:med:pick:{medicine.id}", check_button=False)

        assert bot.callback_answers()[-1] == en.STALE_BUTTON
        assert "Secret" not in bot.last_text(MALLORY)


async def test_the_name_limit_is_the_diarys_everywhere(database: Database) -> None:
    assert MAX_NAME == MEDICINE_NAME_LIMIT
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        await bot.send(ALICE, "/reminders")
        asked = await bot.press(ALICE, "💊 Add a medication reminder")
        assert f"up to {MEDICINE_NAME_LIMIT} characters" in (asked[-1].text or "")

        too_long = await bot.send(ALICE, "x" * (MEDICINE_NAME_LIMIT + 1))
        assert f"up to {MEDICINE_NAME_LIMIT} characters" in (too_long[-1].text or "")
        fits = await bot.send(ALICE, "y" * MEDICINE_NAME_LIMIT)
        assert "At what time should I remind you" in (fits[-1].text or "")


async def test_reminder_times_stay_strict(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        await bot.send(ALICE, "/reminders")
        await bot.press(ALICE, "💊 Add a medication reminder")
        await bot.send(ALICE, "Topiramate")

        for vague in ("noon", "in 2 hours", "tonight", "8"):
            replies = await bot.send(ALICE, vague)
            assert "Please send a time like 07:30" in (replies[-1].text or "")
        assert await bot_schedules(bot, ALICE) == []


async def test_a_medication_reminder_can_change_its_times_and_days(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        row = await add_reminder(bot)

        await bot.press(ALICE, "✏️ Sumatriptan")
        assert "What would you like to change?" in bot.last_text(ALICE)
        await bot.press(ALICE, "🕑 Times")
        await bot.send(ALICE, "9:00, 21:00")
        [changed] = await bot_schedules(bot, ALICE)
        assert changed.id == row.id and changed.rule == {"times": ["09:00", "21:00"], "weekdays": []}
        assert changed.next_run_at == utc(2025, 6, 2, 20)  # 21:00 in London today
        assert "Sumatriptan now at 09:00 and 21:00, every day" in bot.last_text(ALICE)

        await bot.press(ALICE, "✏️ Sumatriptan")
        await bot.press(ALICE, "📅 Days")
        await bot.press(ALICE, "Mon–Fri")
        await bot.press(ALICE, "💾 Save")
        [changed] = await bot_schedules(bot, ALICE)
        assert changed.rule == {"times": ["09:00", "21:00"], "weekdays": [0, 1, 2, 3, 4]}
        assert changed.payload == {"name": "Sumatriptan"}


async def test_another_users_reminder_cannot_be_edited(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        row = await add_reminder(bot)
        await bot.onboard(MALLORY)
        await bot.send(MALLORY, "/reminders")
        menu = bot.fake.last_message(MALLORY)

        for action in ("edit", "times", "days"):
            await bot.press_data(MALLORY, menu.message_id, f"rem:med:{action}:{row.id}", check_button=False)
            assert bot.callback_answers()[-1] == en.STALE_BUTTON
        [unchanged] = await bot_schedules(bot, ALICE)
        assert unchanged.rule == row.rule


async def test_the_lesson_drip_time_can_be_chosen(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        await bot.send(ALICE, "/reminders")
        await bot.press(ALICE, "📚 Lesson drip")
        await bot.press(ALICE, "🕙 Change the time (10:00)")
        refused = await bot.send(ALICE, "noon")
        assert "Please send a time like 07:30" in (refused[-1].text or "")
        await bot.send(ALICE, "7pm")
        prefs = await prefs_of(bot)
        assert prefs is not None and prefs.drip_time == time(19)

        await bot.press(ALICE, "📚 Lesson drip")
        await bot.press(ALICE, "Every day")
        assert "a new lesson every day, at 19:00" in bot.last_text(ALICE)
        [row] = await bot_schedules(bot, ALICE)
        assert row.next_run_at == utc(2025, 6, 2, 18)

        await bot.press(ALICE, "📚 Lesson drip")
        await bot.press(ALICE, "🕙 Change the time (19:00)")
        await bot.send(ALICE, "08:30")
        [row] = await bot_schedules(bot, ALICE)
        assert row.rule == {"times": ["08:30"], "weekdays": []} and row.next_run_at == utc(2025, 6, 3, 7, 30)


async def test_a_pause_with_an_end_date_resumes_on_its_own(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        await bot.send(ALICE, "/reminders")
        await bot.press(ALICE, "📝 Check-in time")
        await bot.send(ALICE, "20:00")
        await bot.press(ALICE, "⏸ Pause everything")

        await bot.press(ALICE, "For 3 days")

        thursday = utc(2025, 6, 4, 23)  # 00:00 on Thursday 5 June in London
        prefs = await prefs_of(bot)
        assert prefs is not None and prefs.paused and prefs.paused_until == thursday
        assert "paused until Thu 5 Jun" in bot.last_text(ALICE)
        assert (await bot_tick(bot, utc(2025, 6, 3, 19))).sent == 0  # Tuesday's check-in: paused

        await bot_tick(bot, thursday)
        prefs = await prefs_of(bot)
        assert prefs is not None and not prefs.paused and prefs.paused_until is None
        ended = bot.fake.calls("sendMessage")[-1]
        assert "Your pause is over" in str(ended.params["text"]) and ended.params.get("disable_notification")
        await bot_tick(bot, utc(2025, 6, 4, 23, 1))  # the next tick plans the restored rows
        assert (await bot_tick(bot, utc(2025, 6, 5, 19))).sent == 1  # Thursday's check-in comes again
        async with transaction(bot.services.sessions) as session:
            kinds = (await session.scalars(select(Schedule.kind).where(Schedule.user_id == ALICE))).all()
        assert list(kinds) == ["checkin"]


async def test_a_pause_until_a_typed_day_and_an_early_resume(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        await bot.send(ALICE, "/reminders")
        await bot.press(ALICE, "⏸ Pause everything")
        await bot.press(ALICE, "📅 Until a date…")
        refused = await bot.send(ALICE, "last Monday")
        assert "between tomorrow and a year from now" in (refused[-1].text or "")

        await bot.send(ALICE, "Friday")

        prefs = await prefs_of(bot)
        assert prefs is not None and prefs.paused_until == utc(2025, 6, 5, 23)  # Friday 6 June, 00:00 BST
        assert [row.kind for row in await bot_schedules(bot, ALICE)] == ["pause_end"]
        await bot.send(ALICE, "/reminders")
        await bot.press(ALICE, "▶️ Resume")
        prefs = await prefs_of(bot)
        assert prefs is not None and not prefs.paused
        assert await bot_schedules(bot, ALICE) == []
