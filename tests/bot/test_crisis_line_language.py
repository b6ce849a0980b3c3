"""A crisis line in another language than the user's is named with its language, through the real bot: a Russian
speaker in Madrid is told that 024 answers in Spanish (never that it speaks Russian); a Spanish speaker there is
told nothing more."""

from __future__ import annotations

from bot.texts import texts_for
from support.harness import BotHarness

IVAN, ANA, ALICE, BOB = 6501, 6502, 6503, 6504


async def test_a_russian_speaker_in_spain_is_told_that_024_answers_in_spanish(bot: BotHarness) -> None:
    await bot.onboard(IVAN, zone="Europe/Madrid", language="ru")

    replies = await bot.send(IVAN, "не хочу больше жить, устала от этой боли")

    text = replies[0].text or ""
    note = texts_for("ru").CRISIS_LINE_LANGUAGE.format(languages="испанский")
    assert text.index("112") < text.index("024") < text.index(note) < text.index("findahelpline.com")
    assert "русск" not in text.lower()


async def test_a_spanish_speaker_in_spain_gets_no_language_note(bot: BotHarness) -> None:
    await bot.onboard(ANA, zone="Europe/Madrid", language="es")

    replies = await bot.send(ANA, "ya no quiero vivir, estoy harta de este dolor")

    text = replies[0].text or ""
    assert "024" in text and "Esta línea atiende en" not in text


async def test_an_english_speaker_in_spain_is_told_the_lines_language_and_one_in_london_is_not(
    bot: BotHarness,
) -> None:
    await bot.onboard(ALICE, zone="Europe/Madrid")
    in_madrid = await bot.send(ALICE, "i want to die")
    await bot.onboard(BOB)
    in_london = await bot.send(BOB, "i want to die")

    assert "024" in (in_madrid[0].text or "") and "This line answers in Spanish." in (in_madrid[0].text or "")
    assert "116 123" in (in_london[0].text or "") and "This line answers in" not in (in_london[0].text or "")
