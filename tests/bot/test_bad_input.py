"""Bad input: unknown commands, odd text, forged and stale buttons, Telegram errors."""

from __future__ import annotations

import pytest

from bot.fake_telegram import FakeTelegram
from storage.db import transaction
from storage.models import User
from support.harness import BotHarness

ALICE = 1001
MALLORY = 1666


async def test_unknown_command_gets_help_pointer(bot: BotHarness) -> None:
    replies = await bot.send(ALICE, "/frobnicate now")

    assert replies[0].text == "I don't know that command. /help lists everything I can do."


async def test_help_lists_commands_and_emergency_number(bot: BotHarness) -> None:
    replies = await bot.send(ALICE, "/help")

    text = replies[0].text or ""
    assert "/privacy" in text and "/delete" in text and "112" in text


@pytest.mark.parametrize(
    "text",
    [
        "qwerty there",
        "x" * 4096,
        "🙂" * 2048,
        "\u202eevil rtl\u202c and combining e\u0301\u0301\u0301",
        "<b>not html</b> & stuff",
        "\u0000\u200b",
    ],
)
async def test_free_text_gets_a_helpful_reply(bot: BotHarness, text: str) -> None:
    await bot.onboard(ALICE)
    replies = await bot.send(ALICE, text)

    assert len(replies) == 1
    assert "/help" in (replies[0].text or "")


@pytest.mark.parametrize(
    "data", ["lesson:open:nope", "zzz", "tz:set:Mars/Base", "del:yes:deadbeef", "set:lang:xx", "::"]
)
async def test_forged_callback_gets_a_short_notice(bot: BotHarness, data: str) -> None:
    await bot.onboard(ALICE)
    message = bot.fake.last_message(ALICE)

    await bot.press_data(ALICE, message.message_id, data, check_button=False)

    assert bot.callback_answers()[-1] == "This button is no longer active."


async def test_callback_from_foreign_delete_prompt_cannot_delete_another_user(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.onboard(MALLORY)
    alice_prompt = (await bot.send(ALICE, "/delete"))[0]
    await bot.send(MALLORY, "/help")
    mallory_message = bot.fake.last_message(MALLORY)

    # Mallory forges Alice's confirm data on her own message.
    await bot.press_data(
        MALLORY, mallory_message.message_id, alice_prompt.button_data("🗑 Yes, delete everything"), check_button=False
    )

    async with transaction(bot.services.sessions) as session:
        assert await session.get(User, ALICE) is not None
        assert await session.get(User, MALLORY) is not None
    assert bot.callback_answers()[-1] == "This button is no longer active."


async def test_blocked_bot_marks_user_inactive_and_start_restores(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    bot.fake.block_user(ALICE)

    await bot.send(ALICE, "/help")

    async with transaction(bot.services.sessions) as session:
        user = await session.get(User, ALICE)
        assert user is not None and not user.is_active and user.blocked_at is not None
    bot.fake.unblock_user(ALICE)
    await bot.send(ALICE, "/start")
    async with transaction(bot.services.sessions) as session:
        user = await session.get(User, ALICE)
        assert user is not None and user.is_active and user.blocked_at is None


async def test_429_is_retried_and_the_reply_arrives(bot: BotHarness) -> None:
    bot.fake.fail_next("sendMessage", retry_after=1)

    replies = await bot.send(ALICE, "/help")

    assert len(replies) == 1 and "/privacy" in (replies[0].text or "")
    statuses = [c.status for c in bot.fake.calls("sendMessage")]
    assert statuses == [429, 200]


async def test_server_error_is_logged_and_nothing_crashes(bot: BotHarness, caplog: pytest.LogCaptureFixture) -> None:
    bot.fake.fail_next("sendMessage", status=502)

    await bot.send(ALICE, "my secret diary words")

    assert "my secret diary words" not in caplog.text
    assert "handler failed on message update" in caplog.text


def test_fake_is_the_same_for_sandbox_and_tests() -> None:
    from bot import sandbox

    assert sandbox.FakeTelegram is FakeTelegram
