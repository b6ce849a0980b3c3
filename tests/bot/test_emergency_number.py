"""The emergency number of the user's country: disclaimer, /help, /settings, and changing it."""

from __future__ import annotations

import pytest

from bot.safety.emergency import parse_numbers
from storage.db import transaction
from storage.models import User
from support.harness import BotHarness, make_settings, running_bot

ALICE = 6101


async def stored_number(bot: BotHarness) -> str | None:
    async with transaction(bot.services.sessions) as session:
        user = await session.get(User, ALICE)
        return user.emergency_number if user else None


async def test_choosing_a_time_zone_tells_the_number_and_help_shows_it(bot: BotHarness) -> None:
    await bot.onboard(ALICE, zone="America/New_York")

    assert any("Your emergency number: 911" in (m.text or "") for m in bot.fake.visible_messages(ALICE))
    help_text = (await bot.send(ALICE, "/help"))[0].text or ""
    assert "call 911" in help_text and "112" not in help_text


async def test_a_new_user_sees_the_fallback_in_the_disclaimer_until_a_zone_is_known(bot: BotHarness) -> None:
    replies = await bot.send(ALICE, "/start")

    text = replies[0].text or ""
    assert "call 112 (or your local emergency number)" in text


async def test_settings_show_the_number_and_where_it_comes_from(bot: BotHarness) -> None:
    await bot.onboard(ALICE)

    text = (await bot.send(ALICE, "/settings"))[0].text or ""

    assert "Emergency number: 999 or 112 (for United Kingdom)" in text
    assert "🚨 Emergency number" in bot.fake.last_message(ALICE).button_labels


async def test_the_user_can_type_their_own_number_and_go_back_to_the_zone_s(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, "/settings")
    asked = await bot.press(ALICE, "🚨 Emergency number")
    assert "Now: 999 or 112" in (asked[0].text or "")

    wrong = await bot.send(ALICE, "call my mum")
    assert "doesn't look like a phone number" in (wrong[-1].text or "")
    done = await bot.send(ALICE, "112 or 999")

    assert "Your emergency number is now 112 or 999" in (done[-1].text or "")
    assert await stored_number(bot) == "112,999"
    urgent = await bot.send(ALICE, "worst headache of my life, came on in seconds")
    assert "Call 112 or 999 now" in (urgent[0].text or "")
    assert "(set by you)" in ((await bot.send(ALICE, "/settings"))[0].text or "")

    await bot.send(ALICE, "/settings")
    await bot.press(ALICE, "🚨 Emergency number")
    await bot.press(ALICE, "Use my time zone's number")
    assert await stored_number(bot) is None
    assert "Your emergency number is now 999 or 112" in bot.last_text(ALICE)


async def test_an_unknown_country_falls_back_to_the_setting_and_says_so(bot: BotHarness) -> None:
    await bot.onboard(ALICE, zone="Europe/London")
    async with transaction(bot.services.sessions) as session:
        user = await session.get(User, ALICE)
        assert user is not None
        user.timezone = "Etc/UTC"

    text = (await bot.send(ALICE, "I can't speak, my words are all jumbled"))[0].text or ""

    assert "Call 112 (or your local emergency number) now" in text


@pytest.mark.parametrize(
    ("typed", "numbers"),
    [("112", ("112",)), ("999 or 112", ("999", "112")), (" 911 ", ("911",)), ("0800 111 0 111", ("0800 111 0 111",)),
     ("call 112", None), ("", None), ("1 or 2 or 3 or 4", None), ("+44 20 7946 0000", ("+44 20 7946 0000",))],
)  # fmt: skip
def test_typed_numbers_are_read_strictly(typed: str, numbers: tuple[str, ...] | None) -> None:
    assert parse_numbers(typed) == numbers


async def test_the_operator_fallback_setting_is_used_for_unknown_zones(tmp_path: object) -> None:
    settings = make_settings(f"sqlite+aiosqlite:///{tmp_path}/db.sqlite", emergency_number="999")
    async with running_bot(settings) as bot:
        replies = await bot.send(ALICE, "/start")
    assert "call 999 (or your local emergency number)" in (replies[0].text or "")
