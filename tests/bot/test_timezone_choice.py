"""Choosing a time zone: cities, namesakes, a shared location, old buttons; onboarding again after /delete."""

from __future__ import annotations

import io
import re
import zipfile

from sqlalchemy import select

from bot.texts import en
from storage.db import transaction
from storage.models import User
from support.harness import BotHarness

ALICE = 4001
LYON = (45.7578, 4.8320)


async def zone_of(bot: BotHarness, user_id: int = ALICE) -> str | None:
    async with transaction(bot.services.sessions) as session:
        user = await session.get(User, user_id)
        return user.timezone if user is not None else None


async def up_to_the_zone(bot: BotHarness, *, consent: bool = True) -> None:
    await bot.send(ALICE, "/start")
    await bot.press(ALICE, "Continue")
    await bot.press(ALICE, "✅ I agree" if consent else "No thanks")


def zone_buttons_message(bot: BotHarness) -> int:
    """The id of the onboarding message that offered the common zones."""
    return next(m.message_id for m in bot.fake.visible_messages(ALICE) if "Which time zone" in (m.text or ""))


async def test_lyon_is_found_and_the_old_zone_buttons_go(bot: BotHarness) -> None:
    await up_to_the_zone(bot)
    asked = zone_buttons_message(bot)

    replies = await bot.send(ALICE, "Lyon")

    assert "Time zone set to Paris" in (replies[0].text or "")
    assert await zone_of(bot) == "Europe/Paris"
    offered = next(m for m in bot.fake.visible_messages(ALICE) if m.message_id == asked)
    assert offered.button_labels == []


async def test_a_name_shared_by_cities_in_several_zones_is_a_choice(bot: BotHarness) -> None:
    await up_to_the_zone(bot)
    asked = zone_buttons_message(bot)

    replies = await bot.send(ALICE, "Portland")

    labels = replies[0].button_labels
    assert "Did you mean" in (replies[0].text or "")
    assert labels[:2] == ["Portland, Oregon", "Portland, Maine"] and labels[-1] == en.TIMEZONE_OTHER
    assert next(m for m in bot.fake.visible_messages(ALICE) if m.message_id == asked).button_labels == []
    await bot.press(ALICE, "Portland, Maine")
    assert await zone_of(bot) == "America/New_York"
    assert any("You're all set" in (m.text or "") for m in bot.fake.visible_messages(ALICE))


async def test_a_city_with_its_state_or_country_needs_no_choice(bot: BotHarness) -> None:
    await up_to_the_zone(bot)
    await bot.send(ALICE, "Portland, Oregon")
    assert await zone_of(bot) == "America/Los_Angeles"


async def test_a_shared_location_sets_the_zone_and_is_not_stored(bot: BotHarness) -> None:
    await up_to_the_zone(bot)
    assert bot.fake.reply_keyboard(ALICE) == [[en.BTN_SHARE_LOCATION]]
    share = bot.fake.calls("sendMessage")[-2].params["reply_markup"]
    assert share["keyboard"] == [[{"text": en.BTN_SHARE_LOCATION, "request_location": True}]]

    await bot.feed(bot.fake.user_shares_location(ALICE, *LYON))

    assert await zone_of(bot) == "Europe/Paris"
    assert any("You're all set" in (m.text or "") for m in bot.fake.visible_messages(ALICE))
    assert bot.fake.reply_keyboard(ALICE) == [["🤕 Log headache"]]  # the diary's keyboard replaces it
    await bot.send(ALICE, "/export")
    archive = bot.fake.last_message(ALICE).document_bytes or b""
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        exported = b"".join(zipped.read(name) for name in zipped.namelist())
    # a coordinate starts a number; "54.83" inside a timestamp's seconds is not one
    assert not re.search(rb"(?<![\d.])(45\.75|4\.83)", exported)


async def test_without_consent_the_location_keyboard_is_removed(bot: BotHarness) -> None:
    await up_to_the_zone(bot, consent=False)
    await bot.feed(bot.fake.user_shares_location(ALICE, *LYON))

    assert await zone_of(bot) == "Europe/Paris"
    assert bot.fake.reply_keyboard(ALICE) is None


async def test_a_location_at_sea_asks_for_a_city(bot: BotHarness) -> None:
    await up_to_the_zone(bot)
    await bot.feed(bot.fake.user_shares_location(ALICE, 0.0, -30.0))

    assert bot.last_text(ALICE) == en.TIMEZONE_LOCATION_UNKNOWN
    assert await zone_of(bot) is None


async def test_a_location_outside_the_zone_question_changes_nothing(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.feed(bot.fake.user_shares_location(ALICE, *LYON))

    assert bot.last_text(ALICE).startswith("I only use a location to set your time zone")
    assert await zone_of(bot) == "Europe/London"


async def test_an_old_zone_button_says_the_zone_is_set_and_how_to_change_it(bot: BotHarness) -> None:
    await up_to_the_zone(bot)
    asked = zone_buttons_message(bot)
    await bot.send(ALICE, "Lyon")

    await bot.press_data(ALICE, asked, "tz:set:Europe/Berlin", check_button=False)

    assert bot.callback_answers()[-1] == en.TIMEZONE_ALREADY_SET.format(zone="Paris")
    assert "/settings" in bot.callback_answers()[-1]
    assert await zone_of(bot) == "Europe/Paris"


async def test_settings_offers_the_zones_again_and_a_pressed_zone_clears_the_others(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, "/settings")
    await bot.press(ALICE, "🌍 Change time zone")
    await bot.send(ALICE, "Springfield")  # a choice: the first question's buttons go

    await bot.press(ALICE, "Springfield, Massachusetts")

    assert await zone_of(bot) == "America/New_York"
    zone_data = [d for m in bot.fake.visible_messages(ALICE) for row in m.buttons for _label, d in row]
    assert not any((d or "").startswith("tz:set:") for d in zone_data)


async def test_after_delete_any_message_starts_onboarding_again(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, "/delete")
    await bot.press(ALICE, "🗑 Yes, delete everything")

    replies = await bot.send(ALICE, "hello")

    assert "Welcome to Migraine Companion" in (replies[0].text or "")
    assert replies[0].button_labels == ["Continue"]
    await bot.press(ALICE, "Continue")
    await bot.press(ALICE, "✅ I agree")
    await bot.send(ALICE, "Lyon")
    async with transaction(bot.services.sessions) as session:
        user = (await session.scalars(select(User).where(User.id == ALICE))).one()
    assert user.onboarded_at is not None and user.has_consent and user.timezone == "Europe/Paris"
