"""Onboarding's buttons pressed on an old message: a clear pop-up, nothing lost, consent never asked again."""

from __future__ import annotations

from sqlmodel import select

from bot.texts import texts_for
from storage.db import transaction
from storage.models import Dialog, User
from support.harness import BotHarness

ALICE = 1001
en = texts_for("en")
ZONE_QUESTION = "Which time zone are you in?"
CONSENT_QUESTION = "May I store your health diary?"


async def get_user(bot: BotHarness, user_id: int) -> User:
    async with transaction(bot.services.sessions) as session:
        user = await session.get(User, user_id)
    assert user is not None
    return user


async def open_dialogs(bot: BotHarness) -> list[Dialog]:
    async with transaction(bot.services.sessions) as session:
        return list((await session.scalars(select(Dialog))).all())


def welcome_id(bot: BotHarness, user_id: int) -> int:
    """The id of the welcome message (the first one the bot sent)."""
    return bot.fake.sent_to(user_id)[0].message_id


async def test_the_welcomes_continue_after_onboarding_changes_nothing(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    consented_at = (await get_user(bot, ALICE)).consent_at

    replies = await bot.press(ALICE, en.CONTINUE)  # still on the welcome message, as in Telegram

    assert replies == []  # no consent question
    assert bot.callback_answers()[-1] == en.OLD_WELCOME_BUTTON
    user = await get_user(bot, ALICE)
    assert user.has_consent and user.consent_at == consented_at and user.onboarded_at is not None
    assert await open_dialogs(bot) == []
    assert en.CONTINUE not in bot.buttons(ALICE)  # the old button goes


async def test_an_old_no_thanks_after_onboarding_keeps_the_diary_on(bot: BotHarness) -> None:
    await bot.send(ALICE, "/start")
    await bot.press(ALICE, en.CONTINUE)
    await bot.press(ALICE, en.CONTINUE)  # tapped twice: two consent questions
    await bot.press(ALICE, en.CONSENT_YES)  # answers the newer one
    await bot.press(ALICE, "London")
    older = next(m for m in bot.fake.visible_messages(ALICE) if en.CONSENT_NO in m.button_labels)

    replies = await bot.press_data(ALICE, older.message_id, older.button_data(en.CONSENT_NO))

    assert replies == []
    assert bot.callback_answers()[-1] == en.OLD_CONSENT_BUTTON_ON
    assert (await get_user(bot, ALICE)).has_consent
    assert en.CONSENT_NO not in bot.buttons(ALICE)


async def test_continue_again_after_the_consent_answer_goes_on_to_the_time_zone(bot: BotHarness) -> None:
    await bot.send(ALICE, "/start")
    await bot.press(ALICE, en.CONTINUE)
    await bot.press(ALICE, en.CONSENT_YES)
    consented_at = (await get_user(bot, ALICE)).consent_at

    replies = await bot.press_data(ALICE, welcome_id(bot, ALICE), "onb:consent")

    assert bot.callback_answers()[-1] == en.CONSENT_ALREADY_ANSWERED
    texts = [m.text or "" for m in replies]
    assert not any(CONSENT_QUESTION in text for text in texts)
    assert ZONE_QUESTION in texts[-1]
    assert (await get_user(bot, ALICE)).consent_at == consented_at
    await bot.press(ALICE, "Berlin")
    user = await get_user(bot, ALICE)
    assert user.has_consent and user.timezone == "Europe/Berlin" and user.onboarded_at is not None


async def test_start_again_after_the_consent_answer_resumes_at_the_time_zone(bot: BotHarness) -> None:
    await bot.send(ALICE, "/start")
    await bot.press(ALICE, en.CONTINUE)
    await bot.press(ALICE, en.CONSENT_YES)

    replies = await bot.send(ALICE, "/start")

    assert replies[0].text == en.ONBOARDING_RESUMED
    assert ZONE_QUESTION in (replies[-1].text or "") and "London" in replies[-1].button_labels
    assert not any(en.CONTINUE in m.button_labels for m in replies)
    await bot.press(ALICE, "London")
    user = await get_user(bot, ALICE)
    assert user.has_consent and user.onboarded_at is not None


async def test_after_cancel_during_onboarding_continue_does_not_ask_consent_again(bot: BotHarness) -> None:
    await bot.send(ALICE, "/start")
    await bot.press(ALICE, en.CONTINUE)
    await bot.press(ALICE, en.CONSENT_YES)
    await bot.send(ALICE, "/cancel")

    replies = await bot.press_data(ALICE, welcome_id(bot, ALICE), "onb:consent")

    assert not any(CONSENT_QUESTION in (m.text or "") for m in replies)
    assert ZONE_QUESTION in (replies[-1].text or "")
    await bot.press(ALICE, "Madrid")
    user = await get_user(bot, ALICE)
    assert user.has_consent and user.onboarded_at is not None


async def test_an_old_busy_continue_says_so_and_asks_nothing(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, "/log")
    busy = (await bot.send(ALICE, "/midas"))[0]
    await bot.press(ALICE, en.BTN_BUSY_CONTINUE)  # carries on with the log: the busy message becomes it
    await bot.send(ALICE, "/cancel")

    replies = await bot.press_data(ALICE, busy.message_id, busy.button_data(en.BTN_BUSY_CONTINUE), check_button=False)

    assert replies == []
    assert bot.callback_answers()[-1] == en.STALE_BUTTON
    assert (await get_user(bot, ALICE)).has_consent
