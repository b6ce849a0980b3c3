"""Edited messages never re-run a command or re-submit a typed answer; a text edit is told so."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from diary_factory import ALICE, URGENT_START, add_attack, attacks, diary_harness, rows, safety_events

from bot.texts import en
from storage.models import User
from support.databases import Database
from support.harness import BotHarness


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    async with diary_harness(database) as harness:
        yield harness


async def edit(bot: BotHarness, message_id: int, text: str) -> list[str]:
    """Edit one of Alice's messages; return the texts the bot sent in answer."""
    before = len(bot.fake.sent_to(ALICE))
    await bot.feed(bot.fake.user_edits(ALICE, message_id, text))
    return [m.text or "" for m in bot.fake.sent_to(ALICE)[before:]]


def last_own_message_id(bot: BotHarness) -> int:
    """The id of Alice's newest message in her chat."""
    return [m for m in bot.fake.visible_messages(ALICE, include_user=True) if not m.from_bot][-1].message_id


async def test_editing_a_command_into_another_runs_neither(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await add_attack(bot)
    await bot.send(ALICE, "/help")
    help_message = last_own_message_id(bot)
    bot.fake.reset_calls()

    answers = await edit(bot, help_message, "/delete")
    answers += await edit(bot, help_message, "/export")

    assert answers == [en.EDITS_NOT_APPLIED, en.EDITS_NOT_APPLIED]
    assert bot.fake.calls("sendDocument") == []
    assert "Delete" not in " ".join(bot.buttons(ALICE)[-3:])
    assert len(await attacks(bot)) == 1


async def test_editing_a_typed_note_does_not_submit_it_again(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await add_attack(bot)
    await bot.send(ALICE, "/diary")
    await bot.press(ALICE, bot.fake.last_message(ALICE).button_labels[0])
    await bot.press(ALICE, "✏️ Change details")
    await bot.press(ALICE, "📝 Note")
    await bot.send(ALICE, "skipped lunch")
    note_message = last_own_message_id(bot)
    await bot.press(ALICE, "📝 Note")  # the note step is open again

    answers = await edit(bot, note_message, "skipped lunch and dinner")

    assert answers == [en.EDITS_NOT_APPLIED]
    assert (await attacks(bot))[0].notes == "skipped lunch"
    await bot.send(ALICE, "skipped lunch and breakfast")  # a new message is the way to change it
    assert (await attacks(bot))[0].notes == "skipped lunch and breakfast"


async def test_an_emergency_written_into_an_edit_is_still_answered_first(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await add_attack(bot)
    await bot.send(ALICE, "/diary")
    await bot.press(ALICE, bot.fake.last_message(ALICE).button_labels[0])
    await bot.press(ALICE, "✏️ Change details")
    await bot.press(ALICE, "📝 Note")
    await bot.send(ALICE, "skipped lunch")
    note_message = last_own_message_id(bot)

    answers = await edit(bot, note_message, "now the worst headache of my life, sudden like a thunderclap")

    assert answers[0].startswith(URGENT_START) and answers[1:] == [en.EDITS_NOT_APPLIED]
    assert [e.source for e in await safety_events(bot)] == ["edited_text"]
    assert (await attacks(bot))[0].notes == "skipped lunch"


async def test_an_edit_from_someone_new_starts_nothing_and_stores_no_user(bot: BotHarness) -> None:
    sent = bot.fake.user_sends(ALICE, "hello")  # never delivered to the bot: only its edit is
    answers = await edit(bot, sent["message"]["message_id"], "/start")

    assert answers == [en.EDITS_NOT_APPLIED]
    assert bot.buttons(ALICE) == []
    assert await rows(bot, User) == []
