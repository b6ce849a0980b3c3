"""Reminders reaching the chat through the bot's own Sender: blocked users, lessons, wiring."""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy import select

from bot.app import build_application
from bot.fake_telegram import FakeRequest, FakeTelegram
from bot.outbound import OutboundSender
from bot.services import open_services
from scheduler.clock import ManualClock
from scheduler.reminders import set_daily_checkin
from storage.db import transaction
from storage.diary import add_medicine, create_attack, record_intake
from storage.diary_types import MedClass
from storage.models import CONSENT_VERSION, User
from storage.schedule_models import Delivery
from support.databases import Database
from support.harness import make_settings
from support.scheduling import bot_at, bot_schedules, bot_tick, utc

ALICE = 4301
MONDAY_NOON = utc(2025, 6, 2, 12)
EIGHT_PM = utc(2025, 6, 2, 19)


async def test_blocking_the_bot_switches_reminders_off_and_start_brings_them_back(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        await bot.send(ALICE, "/reminders")
        await bot.press(ALICE, "💊 Add a medication reminder")
        await bot.send(ALICE, "Sumatriptan")
        await bot.send(ALICE, "20:00")
        await bot.press(ALICE, "💾 Save")
        bot.fake.block_user(ALICE)

        report = await bot_tick(bot, EIGHT_PM)

        assert report.blocked == 1
        [row] = await bot_schedules(bot, ALICE)
        assert (row.enabled, row.disabled_reason) == (False, "blocked")
        async with transaction(bot.services.sessions) as session:
            user = await session.get(User, ALICE)
            assert user is not None and not user.is_active
            assert [d.status for d in (await session.scalars(select(Delivery))).all()] == ["blocked"]

        bot.fake.unblock_user(ALICE)
        await bot.send(ALICE, "/start")
        await bot_tick(bot, utc(2025, 6, 3, 12))
        [row] = await bot_schedules(bot, ALICE)
        assert (row.enabled, row.next_run_at) == (True, utc(2025, 6, 3, 19))

        await bot_tick(bot, utc(2025, 6, 3, 19))
        assert "Time for <b>Sumatriptan</b>" in (bot.fake.last_message(ALICE).source_text or "")


async def test_lesson_drip_sends_the_next_unread_lesson(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        await bot.send(ALICE, "/reminders")
        await bot.press(ALICE, "📚 Lesson drip")
        await bot.press(ALICE, "Every day")

        await bot_tick(bot, utc(2025, 6, 3, 9))
        first = bot.fake.last_message(ALICE)
        await bot_tick(bot, utc(2025, 6, 4, 9))
        second = bot.fake.last_message(ALICE)

        assert (first.text or "").startswith("📚 Your next lesson\n\n📖 ")
        assert (second.text or "").startswith("📚 Your next lesson\n\n📖 ")
        assert first.text != second.text
        assert first.button_labels  # the lesson's own navigation


async def test_the_application_wires_one_sender_and_does_not_tick_in_tests(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        assert isinstance(bot.services.extras["sender"], OutboundSender)
        assert bot.app.job_queue is not None
        assert bot.app.job_queue.jobs() == ()


async def test_the_tick_job_sends_due_reminders_once_the_application_starts(database: Database) -> None:
    fake = FakeTelegram()
    settings = make_settings(database.url, scheduler_tick_seconds=0.05)
    clock = ManualClock(MONDAY_NOON)
    async with open_services(settings, search_path=database.search_path, clock=clock) as services:
        app = build_application(services, request=FakeRequest(fake), start_ticking=True)
        assert app.job_queue is not None
        [tick_job] = app.job_queue.get_jobs_by_name("scheduler-tick")
        assert tick_job.job.trigger.interval.total_seconds() == 0.05
        async with app:
            fake.add_user(ALICE)
            async with transaction(services.sessions) as session:
                # A check-in is a health reminder: sent only with consent (tests/bot/test_consent_withdrawal.py).
                session.add(
                    User(id=ALICE, timezone="Europe/London", consent_version=CONSENT_VERSION, consent_at=MONDAY_NOON)
                )
                await set_daily_checkin(
                    session=session, user_id=ALICE, zone="Europe/London", at=time(13, 30), now=clock.now()
                )
            clock.set(utc(2025, 6, 2, 12, 30))
            await app.start()
            try:
                await fake.wait_for_calls(1, "sendMessage")
            finally:
                await app.stop()
                if app.post_stop is not None:  # as run_polling does: closes the PostgreSQL listener
                    await app.post_stop(app)
        assert "check-in" in (fake.last_message(ALICE).text or "").lower()


async def test_check_in_prompt_carries_the_diarys_buttons_for_the_local_date(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE, zone="Asia/Kolkata")
        await bot.send(ALICE, "/reminders")
        await bot.press(ALICE, "📝 Check-in time")
        await bot.send(ALICE, "11pm")

        await bot_tick(bot, utc(2025, 6, 2, 17, 30))  # 23:00 in Kolkata

        prompt = bot.fake.last_message(ALICE)
        assert [data for row in prompt.buttons for _label, data in row] == ["ci:none:2025-06-02", "ci:yes:2025-06-02"]


async def test_followup_scheduled_by_the_diary_asks_whether_the_dose_helped(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await bot.onboard(ALICE)
        async with transaction(bot.services.sessions) as session:
            attack = await create_attack(
                session=session, user_id=ALICE, started_at=MONDAY_NOON, peak_intensity=6, now=MONDAY_NOON
            )
            medicine = await add_medicine(
                session=session, user_id=ALICE, name="Ibuprofen", med_class=MedClass.SIMPLE_ANALGESIC, now=MONDAY_NOON
            )
            intake = await record_intake(
                session=session, attack=attack, medicine=medicine, taken_at=MONDAY_NOON, now=MONDAY_NOON
            )

        assert (await bot_tick(bot, MONDAY_NOON + timedelta(hours=1, minutes=59))).sent == 0
        assert (await bot_tick(bot, MONDAY_NOON + timedelta(hours=2))).sent == 1

        question = bot.fake.last_message(ALICE)
        assert "Ibuprofen" in (question.text or "") and "Did it help?" in (question.text or "")
        assert [data for row in question.buttons for _label, data in row] == [
            f"fu:{effect}:{intake.id}" for effect in ("none", "some", "good", "complete")
        ]
        assert await bot_schedules(bot, ALICE) == []  # the one-off is gone once asked
