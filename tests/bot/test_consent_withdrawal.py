"""Withdrawing consent: asked first, health reminders off and checked when sent and answered, diary deleted or kept."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.texts import en
from storage.db import transaction
from storage.diary_models import Attack, MedicationIntake
from storage.lesson_models import LessonProgress
from storage.models import SafetyEvent, User
from storage.schedule_models import Delivery
from storage.users import set_consent
from support.databases import Database
from support.harness import BotHarness
from support.scheduling import bot_at, bot_schedules, bot_tick, utc

ALICE = 4301
MONDAY_NOON = utc(2025, 6, 2, 12)
EIGHT_PM = utc(2025, 6, 2, 19)  # 20:00 in London


async def rows(bot: BotHarness, model: type, user_id: int = ALICE) -> list:  # type: ignore[type-arg]
    """The user's rows of one table."""
    async with transaction(bot.services.sessions) as session:
        return list((await session.scalars(select(model).where(model.user_id == user_id))).all())  # type: ignore[attr-defined]


async def has_consent(bot: BotHarness) -> bool:
    """Whether Alice's consent is on record."""
    async with transaction(bot.services.sessions) as session:
        user = await session.get(User, ALICE)
    return user is not None and user.has_consent


async def log_attack_with_medicine(bot: BotHarness, user_id: int) -> None:
    """Log and end a first attack, then log a second one and record a dose for it."""
    for step in ("🤕 Log headache", "1 h ago", "Moderate", "None of these", "It ended", "Just now"):
        await (bot.send(user_id, step) if step.startswith("🤕") else bot.press(user_id, step))
    for step in ("🤕 Log headache", "Now", "Moderate", "💊 Took medicine", "➕ Add a medicine"):
        await (bot.send(user_id, step) if step.startswith("🤕") else bot.press(user_id, step))
    await bot.send(user_id, "Ibuprofen")
    await bot.press(user_id, "✅ Yes, ibuprofen")  # the medicine dictionary knows the name (issue 13 item 7)
    await bot.press(user_id, "Now")  # when it was taken (issue 13 item 3)


async def set_up(bot: BotHarness) -> None:
    """Alice: a diary with a dose, a medication reminder at 20:00, a check-in at 19:00, a lesson read."""
    await bot.onboard(ALICE)
    await log_attack_with_medicine(bot, ALICE)
    await bot.send(ALICE, "/reminders")
    await bot.press(ALICE, "💊 Add a medication reminder")
    await bot.send(ALICE, "Sumatriptan")
    await bot.send(ALICE, "20:00")
    await bot.press(ALICE, "💾 Save")
    await bot.send(ALICE, "/reminders")
    await bot.press(ALICE, "📝 Check-in time")
    await bot.send(ALICE, "19:00")
    await bot.send(ALICE, "/lessons")
    await bot.press(ALICE, bot.fake.last_message(ALICE).button_labels[0])


async def withdraw(bot: BotHarness) -> None:
    """Withdraw consent from /settings and confirm."""
    await bot.send(ALICE, "/settings")
    await bot.press(ALICE, en.BTN_WITHDRAW_CONSENT)
    await bot.press(ALICE, en.BTN_WITHDRAW_CONFIRM)


async def test_withdrawing_asks_first_and_cancel_changes_nothing(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await set_up(bot)
        await bot.send(ALICE, "/settings")

        await bot.press(ALICE, en.BTN_WITHDRAW_CONSENT)

        assert bot.last_text(ALICE).startswith("Withdraw your consent to health data?")
        assert await has_consent(bot)
        await bot.press(ALICE, en.BTN_KEEP_CONSENT)
        assert bot.last_text(ALICE) == en.CONSENT_KEPT
        assert await has_consent(bot) and all(row.enabled for row in await bot_schedules(bot, ALICE))


async def test_withdrawal_switches_health_reminders_off_and_consent_brings_them_back(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await set_up(bot)

        await withdraw(bot)

        assert not await has_consent(bot)
        kinds = {row.kind: (row.enabled, row.disabled_reason) for row in await bot_schedules(bot, ALICE)}
        assert kinds["medication"] == (False, "consent") and kinds["checkin"] == (False, "consent")
        assert all(state == (False, "consent") for kind, state in kinds.items() if kind in {"followup", "snooze"})
        before = len(bot.fake.sent_to(ALICE))
        await bot_tick(bot, EIGHT_PM + timedelta(minutes=5))
        assert bot.fake.sent_to(ALICE)[before:] == []  # no check-in, no dose reminder, no follow-up

        await bot.send(ALICE, "/settings")
        await bot.press(ALICE, en.BTN_GIVE_CONSENT)
        kinds = {row.kind: (row.enabled, row.disabled_reason) for row in await bot_schedules(bot, ALICE)}
        assert kinds["medication"] == (True, None) and kinds["checkin"] == (True, None)


async def test_a_reminder_is_checked_for_consent_when_sent_and_when_answered(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await set_up(bot)
        await bot_tick(bot, EIGHT_PM)  # the dose reminder arrives while consent is on
        reminder = next(m for m in bot.fake.visible_messages(ALICE) if "✅ Taken" in m.button_labels)
        assert "Sumatriptan" in (reminder.text or "")
        # Consent withdrawn elsewhere (another instance, or straight in storage): rows still enabled.
        async with transaction(bot.services.sessions) as session:
            await set_consent(session=session, user_id=ALICE, given=False)
        assert any(row.enabled and row.kind == "checkin" for row in await bot_schedules(bot, ALICE))

        await bot.press_data(ALICE, reminder.message_id, reminder.button_data("✅ Taken"))

        assert bot.callback_answers()[-1] == en.CONSENT_NEEDED
        assert [d.response for d in await rows(bot, Delivery) if d.kind == "medication"] == [None]
        before = len(bot.fake.sent_to(ALICE))
        await bot_tick(bot, utc(2025, 6, 3, 19))  # the next evening: check-in and dose are due
        assert bot.fake.sent_to(ALICE)[before:] == []


async def test_delete_my_diary_now_erases_health_data_and_keeps_the_rest(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await set_up(bot)
        await bot.send(ALICE, "worst headache of my life, sudden like a thunderclap")  # a safety event
        await withdraw(bot)
        assert bot.last_text(ALICE).startswith("Consent withdrawn.")

        await bot.press(ALICE, en.BTN_DELETE_DIARY)

        assert bot.last_text(ALICE) == en.DIARY_ERASED
        assert await rows(bot, Attack) == [] and await rows(bot, MedicationIntake) == []
        assert {row.kind for row in await bot_schedules(bot, ALICE)} <= {"lesson_drip", "pause_end"}
        assert [d for d in await rows(bot, Delivery) if d.kind in {"medication", "checkin", "followup"}] == []
        assert await rows(bot, LessonProgress) != [] and await rows(bot, SafetyEvent) != []
        async with transaction(bot.services.sessions) as session:
            assert await session.get(User, ALICE) is not None


async def test_keep_it_keeps_the_diary_unused(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        await set_up(bot)
        await withdraw(bot)

        await bot.press(ALICE, en.BTN_KEEP_DIARY)

        assert bot.last_text(ALICE) == en.DIARY_KEPT
        assert len(await rows(bot, Attack)) == 2
        # Consent given again: the old "delete my diary" button no longer deletes anything.
        await bot.send(ALICE, "/settings")
        await bot.press(ALICE, en.BTN_GIVE_CONSENT)
        message = next(m for m in bot.fake.visible_messages(ALICE) if m.text == en.DIARY_KEPT)
        await bot.press_data(ALICE, message.message_id, "set:diary:erase", check_button=False)
        assert len(await rows(bot, Attack)) == 2


async def test_privacy_says_what_is_kept_and_on_what_basis(database: Database) -> None:
    async with bot_at(database, MONDAY_NOON) as bot:
        text = (await bot.send(ALICE, "/privacy"))[0].text or ""

    for phrase in ("explicit consent", "safety", "never your words", "365 days", "pseudonym", "Withdraw"):
        assert phrase in text, phrase
