"""Onboarding: welcome, disclaimer, explicit consent, time zone."""

from __future__ import annotations

from sqlmodel import select

from bot.texts import texts_for
from storage.db import transaction
from storage.models import Dialog, User
from support.harness import BotHarness

ALICE = 1001


async def get_user(bot: BotHarness, user_id: int) -> User | None:
    async with transaction(bot.services.sessions) as session:
        return await session.get(User, user_id)


async def test_start_shows_welcome_disclaimer_and_emergency_number(bot: BotHarness) -> None:
    replies = await bot.send(ALICE, "/start")

    assert len(replies) == 1
    text = replies[0].text or ""
    assert "Welcome to Migraine Companion" in text
    assert "do not replace your doctor" in text
    assert "112" in text and "local emergency number" in text
    assert replies[0].button_labels == ["Continue"]


async def test_consent_is_a_separate_explicit_step(bot: BotHarness) -> None:
    await bot.send(ALICE, "/start")
    replies = await bot.press(ALICE, "Continue")

    assert "May I store your health diary?" in (replies[0].text or "")
    assert replies[0].button_labels == ["✅ I agree", "No thanks"]
    user = await get_user(bot, ALICE)
    assert user is not None and user.consent_version is None and user.consent_at is None


async def test_agreeing_records_consent_version_and_time(bot: BotHarness) -> None:
    await bot.send(ALICE, "/start")
    await bot.press(ALICE, "Continue")
    await bot.press(ALICE, "✅ I agree")

    user = await get_user(bot, ALICE)
    assert user is not None and user.has_consent
    assert user.consent_at is not None and user.consent_at.tzinfo is not None
    assert "Which time zone are you in?" in bot.last_text(ALICE)


async def test_declining_consent_still_finishes_onboarding(bot: BotHarness) -> None:
    await bot.onboard(ALICE, consent=False)

    user = await get_user(bot, ALICE)
    assert user is not None
    assert not user.has_consent and user.onboarded_at is not None
    texts = [m.text or "" for m in bot.fake.visible_messages(ALICE)]
    assert any("You can still read all the lessons" in t for t in texts)
    assert "You're all set" in bot.last_text(ALICE)


async def test_timezone_button_sets_zone_and_finishes(bot: BotHarness) -> None:
    await bot.onboard(ALICE, zone="Asia/Kolkata")

    user = await get_user(bot, ALICE)
    assert user is not None and user.timezone == "Asia/Kolkata" and user.onboarded_at is not None
    async with transaction(bot.services.sessions) as session:
        assert (await session.scalars(select(Dialog))).all() == []


async def test_typed_city_resolves_to_iana_zone(bot: BotHarness) -> None:
    await bot.send(ALICE, "/start")
    await bot.press(ALICE, "Continue")
    await bot.press(ALICE, "✅ I agree")
    await bot.press(ALICE, "🌍 Type a city or zone")
    replies = await bot.send(ALICE, "são paulo")

    assert "Time zone set to São Paulo" in (replies[0].text or "")
    user = await get_user(bot, ALICE)
    assert user is not None and user.timezone == "America/Sao_Paulo"


async def test_unknown_timezone_gets_an_example_and_keeps_asking(bot: BotHarness) -> None:
    await bot.send(ALICE, "/start")
    await bot.press(ALICE, "Continue")
    await bot.press(ALICE, "No thanks")
    replies = await bot.send(ALICE, "Atlantis <b>")

    text = replies[0].text or ""
    assert "I don't know the time zone" in text and "Atlantis <b>" in text
    assert "Europe/Berlin" in text
    user = await get_user(bot, ALICE)
    assert user is not None and user.timezone is None and user.onboarded_at is None
    replies = await bot.send(ALICE, "Europe/Paris")
    assert "Time zone set to Paris" in (replies[0].text or "")


async def test_ambiguous_city_offers_choices(bot: BotHarness) -> None:
    await bot.send(ALICE, "/start")
    await bot.press(ALICE, "Continue")
    await bot.press(ALICE, "No thanks")
    replies = await bot.send(ALICE, "cordoba")

    assert "Did you mean" in (replies[0].text or "")
    assert len(replies[0].button_labels) >= 3  # two Cordobas plus "type a city"


async def test_start_again_after_onboarding_welcomes_back(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    replies = await bot.send(ALICE, "/start")

    assert replies[0].text == "Welcome back! /help shows everything I can do."


async def test_start_with_malformed_payload_is_a_plain_start(bot: BotHarness) -> None:
    replies = await bot.send(ALICE, "/start %%%not-a-payload")

    assert "Welcome to Migraine Companion" in (replies[0].text or "")


async def test_the_offered_time_zones_depend_on_the_language(bot: BotHarness) -> None:
    offered = {}
    for user_id, language in ((1101, "ru"), (1102, "es"), (1103, "en")):
        await bot.feed(bot.fake.user_sends(user_id, "/start", language_code=language))
        t = texts_for(language)
        await bot.press(user_id, t.CONTINUE)
        await bot.press(user_id, t.CONSENT_YES)
        offered[language] = bot.fake.last_message(user_id).button_labels

    assert offered["ru"][:3] == ["Москва", "Калининград", "Екатеринбург"] and "Лондон" not in offered["ru"]
    assert {"Madrid", "Ciudad de México", "Buenos Aires", "Nueva York"} <= set(offered["es"])
    assert offered["en"][:2] == ["London", "Berlin"]

    await bot.press(1101, "Москва")
    user = await get_user(bot, 1101)
    assert user is not None and user.timezone == "Europe/Moscow"
