"""A follow-up safety question answered late: "yes" still brings urgent care, an old "no" is not taken as
current, and a typed "yes" or "no" answers the question just asked."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from diary_factory import diary_harness
from sqlalchemy import select, update

from bot.diary.common import FLOW_LOG
from bot.safety.dialog import KEY, SAFETY_FLOW
from bot.texts import en
from scheduler.clock import ManualClock
from storage.db import transaction
from storage.models import Dialog, SafetyEvent
from support.databases import Database
from support.harness import BotHarness

ALICE = 6101
SAME_DAY_START = "⚠️ Please see a doctor today."
PREGNANT_HEADACHE = "I'm 24 weeks pregnant and have a headache"
OLD_NO = "That safety question was about what you wrote earlier"
SOMETHING_ELSE = "Which lesson is about triggers?"


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    async with diary_harness(database) as harness:
        await harness.onboard(ALICE)
        yield harness


def clock(bot: BotHarness) -> ManualClock:
    assert isinstance(bot.services.clock, ManualClock)
    return bot.services.clock


async def dialog_of(bot: BotHarness) -> Dialog | None:
    async with transaction(bot.services.sessions) as session:
        return await session.get(Dialog, ALICE)


async def event_codes(bot: BotHarness) -> list[str]:
    async with transaction(bot.services.sessions) as session:
        return [e.codes for e in (await session.scalars(select(SafetyEvent).order_by(SafetyEvent.id))).all()]


async def asked(bot: BotHarness) -> tuple[int, str, str]:
    """Ask the first pregnancy question; its message id and its Yes and No data."""
    await bot.send(ALICE, PREGNANT_HEADACHE)
    question = bot.fake.last_message(ALICE)
    assert en.SAFETY_QUESTIONS["severe"] in (question.text or "")
    return question.message_id, question.button_data("Yes"), question.button_data("No")


async def test_a_no_after_other_messages_says_the_question_is_old_and_goes_no_further(bot: BotHarness) -> None:
    message_id, _yes, no = await asked(bot)
    await bot.send(ALICE, SOMETHING_ELSE)
    assert await dialog_of(bot) is None  # new words closed the question

    replies = await bot.press_data(ALICE, message_id, no)

    assert len(replies) == 1 and (replies[0].text or "").startswith(OLD_NO)
    assert "999 or 112" in (replies[0].text or "")
    texts = [m.text or "" for m in bot.fake.visible_messages(ALICE)]
    assert not any(en.SAFETY_QUESTIONS["different"] in text for text in texts)  # no next question
    answered = next(m for m in bot.fake.visible_messages(ALICE) if m.message_id == message_id)
    assert answered.button_labels == [] and (answered.text or "").endswith(" No")
    assert await dialog_of(bot) is None and await event_codes(bot) == []


@pytest.mark.parametrize("command", ["/stats", "/lessons", "/help", "/nosuchcommand", "/Stats@SomeBot"])
async def test_a_command_makes_the_question_old_as_new_words_do(bot: BotHarness, command: str) -> None:
    message_id, _yes, no = await asked(bot)
    await bot.send(ALICE, command)
    assert await dialog_of(bot) is None  # the command closed the question, and then ran
    assert bot.fake.last_message(ALICE).message_id != message_id

    replies = await bot.press_data(ALICE, message_id, no)

    assert len(replies) == 1 and (replies[0].text or "").startswith(OLD_NO)
    assert "999 or 112" in (replies[0].text or "")
    texts = [m.text or "" for m in bot.fake.visible_messages(ALICE)]
    assert not any(en.SAFETY_QUESTIONS["different"] in text for text in texts)  # no next question
    assert await event_codes(bot) == []


async def test_a_command_beside_a_diary_flow_closes_the_question_and_keeps_the_flow(bot: BotHarness) -> None:
    message_id, _yes, no = await asked(bot)
    async with transaction(bot.services.sessions) as session:  # as if asked beside a diary note
        await session.execute(update(Dialog).where(Dialog.user_id == ALICE).values(flow=FLOW_LOG))

    await bot.send(ALICE, "/help")

    dialog = await dialog_of(bot)
    assert dialog is not None and KEY not in dialog.data and dialog.flow == FLOW_LOG  # the flow stays
    replies = await bot.press_data(ALICE, message_id, no)
    assert (replies[0].text or "").startswith(OLD_NO)


async def test_a_yes_after_other_messages_still_brings_urgent_care(bot: BotHarness) -> None:
    message_id, yes, _no = await asked(bot)
    await bot.send(ALICE, SOMETHING_ELSE)
    clock(bot).advance(timedelta(days=1))

    replies = await bot.press_data(ALICE, message_id, yes)

    assert (replies[0].text or "").startswith(SAME_DAY_START)
    assert await event_codes(bot) == ["pregnancy"]


async def test_a_no_hours_later_is_old_but_within_the_hour_it_goes_on(bot: BotHarness) -> None:
    message_id, _yes, no = await asked(bot)
    clock(bot).advance(timedelta(minutes=50))

    await bot.press_data(ALICE, message_id, no)

    assert en.SAFETY_QUESTIONS["different"] in bot.last_text(ALICE)  # the next question, in place
    clock(bot).advance(timedelta(hours=3))
    replies = await bot.press(ALICE, "No")
    assert (replies[0].text or "").startswith(OLD_NO)
    assert await dialog_of(bot) is None


async def test_an_old_no_to_an_earlier_question_keeps_the_current_one_open(bot: BotHarness) -> None:
    message_id, _yes, no = await asked(bot)
    await bot.press(ALICE, "No")  # on to question 2

    replies = await bot.press_data(ALICE, message_id, no, check_button=False)  # question 1's No, again

    assert (replies[0].text or "").startswith(OLD_NO)
    dialog = await dialog_of(bot)
    assert dialog is not None and dialog.flow == SAFETY_FLOW and dialog.data[KEY]["step"] == 1


async def test_a_typed_yes_or_no_answers_the_question_just_asked(bot: BotHarness) -> None:
    await asked(bot)

    replies = await bot.send(ALICE, "no.")
    assert en.SAFETY_QUESTIONS["different"] in (replies[0].text or "")
    replies = await bot.send(ALICE, "Yes")
    assert (replies[0].text or "").startswith(SAME_DAY_START)
    assert await event_codes(bot) == ["pregnancy"] and await dialog_of(bot) is None


async def test_a_typed_yes_in_spanish_or_russian_is_a_yes(bot: BotHarness) -> None:
    await bot.send(ALICE, PREGNANT_HEADACHE)

    replies = await bot.send(ALICE, "Sí")
    assert (replies[0].text or "").startswith(SAME_DAY_START)
    await bot.send(ALICE, PREGNANT_HEADACHE)
    replies = await bot.send(ALICE, "да!")
    assert (replies[0].text or "").startswith(SAME_DAY_START)


async def test_yes_with_no_question_open_is_ordinary_chat(bot: BotHarness) -> None:
    replies = await bot.send(ALICE, "yes")

    assert replies and not (replies[0].text or "").startswith(SAME_DAY_START)
    assert await event_codes(bot) == []
