"""The user's time zone is shown by its city in their language (CLDR, as the PDF report names it), never its id."""

from __future__ import annotations

import pytest

from bot.texts import texts_for
from support.harness import BotHarness

ALICE = 4101
CITIES = {"en": "London", "es": "Londres", "ru": "Лондон"}


async def onboard_in(bot: BotHarness, language: str) -> str:
    """Walk /start in the language, type a zone id at the zone question; return the confirmation's HTML."""
    t = texts_for(language)
    await bot.feed(bot.fake.user_sends(ALICE, "/start", language_code=language))
    await bot.press(ALICE, t.CONTINUE)
    await bot.press(ALICE, t.CONSENT_YES)
    await bot.press(ALICE, t.TIMEZONE_OTHER)
    replies = await bot.send(ALICE, "Europe/London")
    return replies[0].source_text or ""


@pytest.mark.parametrize("language", ["en", "es", "ru"])
async def test_the_zone_is_named_by_its_city_in_the_users_language(bot: BotHarness, language: str) -> None:
    t, city = texts_for(language), CITIES[language]

    shown = {
        "confirmation": await onboard_in(bot, language),
        "settings": (await bot.send(ALICE, "/settings"))[0].source_text or "",
        "reminders": (await bot.send(ALICE, "/reminders"))[0].source_text or "",
    }

    assert f"<b>{city}</b>" in shown["confirmation"] and f"<b>{city}</b>" in shown["settings"]
    assert t.REM_ZONE_NOTE.format(zone=city) in shown["reminders"]
    assert not any("Europe/London" in text for text in shown.values())


@pytest.mark.parametrize("language", ["en", "es", "ru"])
async def test_an_old_zone_button_names_the_zone_set_by_its_city(bot: BotHarness, language: str) -> None:
    t = texts_for(language)
    await bot.feed(bot.fake.user_sends(ALICE, "/start", language_code=language))
    await bot.press(ALICE, t.CONTINUE)
    await bot.press(ALICE, t.CONSENT_YES)
    asked = next(m.message_id for m in bot.fake.visible_messages(ALICE) if m.button_labels)
    await bot.send(ALICE, "Europe/London")

    await bot.press_data(ALICE, asked, "tz:set:Europe/Berlin", check_button=False)

    assert bot.callback_answers()[-1] == t.TIMEZONE_ALREADY_SET.format(zone=CITIES[language])


def test_an_offset_zone_is_named_by_its_real_offset() -> None:
    # Etc/GMT+3 is three hours *behind* UTC (POSIX signs); CLDR's city for it would read "GMT+3".
    assert {texts_for(language).zone_city("Etc/GMT+3") for language in CITIES} == {"GMT-03:00"}
