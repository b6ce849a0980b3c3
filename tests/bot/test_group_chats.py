"""Groups, supergroups and channels: nothing personal is posted there, nothing said there is kept.

Every non-private update ends in the first handler group (bot/chat/guard.py) before any
database statement; the only reply is a short "message me privately" note, at most once per group
per interval.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from diary_factory import ALICE, add_attack, attacks, clock, diary_harness, rows, safety_events
from sqlalchemy import event

from bot.chat.guard import NOTE_INTERVAL
from bot.texts import en
from storage.models import SafetyEvent, User
from support.databases import Database
from support.harness import BotHarness

STRANGER = 2077
GROUP = -100_2001
PERSONAL_COMMANDS = ["/export", "/report", "/stats", "/diary", "/settings", "/reminders", "/privacy", "/delete"]
RED_FLAG = "worst headache of my life, it came on suddenly like a thunderclap and my neck is stiff"


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    async with diary_harness(database) as harness:
        yield harness


@contextmanager
def statements(bot: BotHarness) -> Iterator[list[str]]:
    """Collect every SQL statement the bot's engines run inside the block."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    engines = [e.sync_engine for e in (bot.services.engine, bot.services.reads) if e is not None]
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)


def group_notes(bot: BotHarness, chat_id: int = GROUP) -> list[str]:
    """The texts the bot posted in a group."""
    return [m.text or m.caption or "" for m in bot.fake.sent_to(chat_id)]


@pytest.mark.parametrize("chat_type", ["group", "supergroup"])
async def test_personal_commands_in_a_group_post_nothing_personal_and_touch_no_rows(
    bot: BotHarness, chat_type: str
) -> None:
    await bot.onboard(ALICE)
    await add_attack(bot)
    bot.fake.add_group(GROUP, chat_type=chat_type)

    with statements(bot) as sql:
        for command in PERSONAL_COMMANDS:
            await bot.feed(bot.fake.user_sends(ALICE, command, chat_id=GROUP))

    assert sql == []
    assert bot.fake.calls("sendDocument") == [] and bot.fake.calls("sendPhoto") == []
    # One note for the whole burst, with the way to a private chat.
    [note] = bot.fake.sent_to(GROUP)
    assert note.text == en.GROUP_CHAT_NOTE.format(link="https://t.me/migraine_companion_bot")
    assert note.buttons == [[(en.GROUP_CHAT_BUTTON, "https://t.me/migraine_companion_bot")]]
    assert "Alice" not in (note.text or "") and "attack" not in (note.text or "").lower()


async def test_a_strangers_red_flag_in_a_group_creates_no_user_and_no_safety_event(bot: BotHarness) -> None:
    bot.fake.add_group(GROUP, chat_type="supergroup")

    with statements(bot) as sql:
        await bot.feed(bot.fake.user_sends(STRANGER, RED_FLAG, chat_id=GROUP))
        await bot.feed(bot.fake.user_sends(STRANGER, f"@migraine_companion_bot {RED_FLAG}", chat_id=GROUP))
        await bot.feed(bot.fake.user_sends(STRANGER, "/start", chat_id=GROUP))

    assert sql == []
    assert await rows(bot, User) == [] and await rows(bot, SafetyEvent) == []
    assert group_notes(bot) == [en.GROUP_CHAT_NOTE.format(link="https://t.me/migraine_companion_bot")]
    assert bot.fake.sent_to(STRANGER) == []
    # The same words in the private chat do reach the safety net: the guard only stops groups.
    await bot.feed(bot.fake.user_sends(STRANGER, RED_FLAG))
    assert await safety_events(bot, STRANGER) != []


async def test_text_typed_in_a_group_is_not_taken_as_the_open_diary_note(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await add_attack(bot)
    await bot.send(ALICE, "/diary")
    await bot.press(ALICE, bot.fake.last_message(ALICE).button_labels[0])
    await bot.press(ALICE, "✏️ Change details")
    await bot.press(ALICE, "📝 Note")
    bot.fake.add_group(GROUP)

    await bot.feed(bot.fake.user_sends(ALICE, "lunch with the team, I have a migraine today", chat_id=GROUP))

    assert (await attacks(bot))[0].notes == ""
    assert group_notes(bot) == []  # not addressed to the bot: not even the note
    await bot.send(ALICE, "the private note")  # the note step is still waiting in the private chat
    assert (await attacks(bot))[0].notes == "the private note"


async def test_the_note_is_paced_per_group(bot: BotHarness) -> None:
    other = GROUP - 1
    bot.fake.add_group(GROUP)
    bot.fake.add_group(other, chat_type="group")

    for chat_id in (GROUP, GROUP, other, other):
        await bot.feed(bot.fake.user_sends(STRANGER, "/help", chat_id=chat_id))
    # Commands for another bot, and plain chatter, get nothing.
    await bot.feed(bot.fake.user_sends(STRANGER, "/help@SomeOtherBot", chat_id=GROUP))
    clock(bot).advance(NOTE_INTERVAL + timedelta(seconds=1))
    await bot.feed(bot.fake.user_sends(STRANGER, "/help@SomeOtherBot", chat_id=GROUP))
    await bot.feed(bot.fake.user_sends(STRANGER, "just chatting", chat_id=GROUP))
    assert (len(group_notes(bot)), len(group_notes(bot, other))) == (1, 1)
    await bot.feed(bot.fake.user_sends(STRANGER, "/help@migraine_companion_bot", chat_id=GROUP))

    assert (len(group_notes(bot)), len(group_notes(bot, other))) == (2, 1)
    assert await rows(bot, User) == []


async def test_buttons_edits_and_channel_posts_from_groups_end_at_the_guard(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    bot.fake.add_group(GROUP)
    bot.fake.add_group(GROUP - 5, chat_type="channel")
    await bot.feed(bot.fake.user_sends(ALICE, "/stats", chat_id=GROUP))
    note = bot.fake.sent_to(GROUP)[0]
    sent = bot.fake.user_sends(ALICE, "/start", chat_id=GROUP)
    bot.fake.reset_calls()

    with statements(bot) as sql:
        # A press on a message in the group (forged data, as an old keyboard there would carry).
        await bot.feed(bot.fake.user_presses(ALICE, note.message_id, "del:yes", check_button=False, chat_id=GROUP))
        await bot.feed(bot.fake.user_edits(ALICE, sent["message"]["message_id"], "/export", chat_id=GROUP))
        post = bot.fake.channel_posts(GROUP - 5, "/export")
        await bot.feed(post)
        await bot.feed(bot.fake.user_edits(0, post["channel_post"]["message_id"], "/delete", chat_id=GROUP - 5))

    assert sql == []
    assert bot.callback_answers() == [en.GROUP_CHAT_PRESS]
    assert [c.method for c in bot.fake.calls()] == ["answerCallbackQuery"]
