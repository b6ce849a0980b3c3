"""The safety net for Spanish and Russian users through the real bot: their free text, diary notes, photo
captions and edits are screened in their own language, and the reply names their country's numbers."""

from __future__ import annotations

from sqlalchemy import select

from storage.db import transaction
from storage.models import SafetyEvent
from storage.users import set_language
from support.harness import BotHarness

ANA, IVAN, ALICE = 6101, 6102, 6103


async def onboard_in_moscow(bot: BotHarness, user_id: int) -> None:
    await bot.send(user_id, "/start")
    await bot.press(user_id, "Continue")
    await bot.press(user_id, "✅ I agree")
    await bot.press(user_id, "🌍 Type a city or zone")
    await bot.send(user_id, "Europe/Moscow")


async def speaks(bot: BotHarness, user_id: int, language: str) -> None:
    async with transaction(bot.services.sessions) as session:
        await set_language(session=session, user_id=user_id, language=language)


async def codes(bot: BotHarness, user_id: int) -> list[tuple[str, str]]:
    async with transaction(bot.services.sessions) as session:
        query = select(SafetyEvent).where(SafetyEvent.user_id == user_id).order_by(SafetyEvent.id)
        return [(e.source, e.codes) for e in (await session.scalars(query)).all()]


async def test_a_spanish_users_free_text_is_screened_in_spanish_with_the_spanish_number(bot: BotHarness) -> None:
    await bot.onboard(ANA, zone="Europe/Madrid")
    await speaks(bot, ANA, "es")

    urgent = await bot.send(ANA, "se me ha dormido todo el lado izquierdo, brazo y pierna, de repente")
    crisis = await bot.send(ANA, "ya no quiero vivir, estoy harta de este dolor")
    ordinary = await bot.send(ANA, "no tengo fiebre ni el cuello rígido, solo mi migraña de siempre")

    assert len(urgent) == 1 and "112" in (urgent[0].text or "")
    crisis_text = crisis[0].text or ""
    assert crisis_text.index("112") < crisis_text.index("024") < crisis_text.index("findahelpline.com")
    assert "112" not in "".join(m.text or "" for m in ordinary)
    assert await codes(bot, ANA) == [("free_text", "weakness"), ("free_text", "suicidal")]


async def test_a_russian_users_free_text_is_screened_in_russian_with_the_russian_numbers(bot: BotHarness) -> None:
    await onboard_in_moscow(bot, IVAN)
    await speaks(bot, IVAN, "ru")

    urgent = await bot.send(IVAN, "у мамы перекосило рот и рука не слушается")
    crisis = await bot.send(IVAN, "не хочу больше жить, устала от этой боли")

    assert len(urgent) == 1 and "103" in (urgent[0].text or "")
    # 8-800-2000-122 is the children's helpline (fact sheet section 17): named as such, after the emergency
    # number and the directory, so it is never an adult's only line.
    text = crisis[0].text or ""
    assert text.index("103 или 112") < text.index("findahelpline.com") < text.index("8-800-2000-122")
    assert "Для детей, подростков и их родителей" in text and "федеральный" not in text
    assert await codes(bot, IVAN) == [("free_text", "weakness"), ("free_text", "suicidal")]


async def test_a_diary_note_in_spanish_is_screened_in_spanish_and_still_kept(bot: BotHarness) -> None:
    from diary_factory import add_attack

    await bot.onboard(ANA, zone="Europe/Madrid")
    await add_attack(bot, ANA)
    await bot.send(ANA, "/diary")
    await bot.press(ANA, bot.fake.last_message(ANA).button_labels[0])
    await bot.press(ANA, "✏️ Change details")
    await bot.press(ANA, "📝 Note")
    await speaks(bot, ANA, "es")

    replies = await bot.send(ANA, "veo doble desde esta mañana y me duele la cabeza")

    assert "112" in (replies[0].text or "")
    assert len(replies) >= 2  # the note's own answer follows the urgent message
    assert await codes(bot, ANA) == [("diary_text", "vision")]


async def test_a_photo_caption_is_screened_like_any_message(bot: BotHarness) -> None:
    await onboard_in_moscow(bot, IVAN)
    await speaks(bot, IVAN, "ru")
    update = bot.fake.user_sends(IVAN, "")
    message = update["message"]
    message.pop("text", None)
    message["photo"] = [{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}]
    message["caption"] = "хочу покончить с собой"
    before = len(bot.fake.sent_to(IVAN))

    await bot.feed(update)

    replies = bot.fake.sent_to(IVAN)[before:]
    assert len(replies) == 1 and "8-800-2000-122" in (replies[0].text or "")
    assert await codes(bot, IVAN) == [("free_text", "suicidal")]


async def test_an_english_users_message_in_spanish_is_screened_in_spanish_with_their_number(bot: BotHarness) -> None:
    await bot.onboard(ALICE, zone="America/New_York")  # the settings say English

    urgent = await bot.send(ALICE, "de repente no puedo mover el brazo derecho y se me cae la boca")
    crisis = await bot.send(ALICE, "ya no quiero vivir")
    ordinary = await bot.send(ALICE, "I'm confused about the dose of my triptan")

    assert len(urgent) == 1
    text = urgent[0].text or ""
    assert text.startswith("🚨") and "Call 911 now" in text
    crisis_text = crisis[0].text or ""
    assert len(crisis) == 1 and crisis_text.index("911") < crisis_text.index("988")
    assert "911" not in "".join(m.text or "" for m in ordinary)
    assert await codes(bot, ALICE) == [("free_text", "weakness"), ("free_text", "suicidal")]


async def test_no_to_every_pregnancy_question_in_spanish_is_no_all_clear_and_names_the_midwife(bot: BotHarness) -> None:
    # The new user's words in the sandbox: three "No" used to end in "nothing you told me needs urgent
    # care", a triage judgement the bot cannot make; a headache in pregnancy is for the midwife (section 9).
    await bot.onboard(ANA, zone="Europe/Madrid")
    await speaks(bot, ANA, "es")

    asked = await bot.send(ANA, "estoy embarazada y me duele la cabeza")
    assert asked[0].button_labels == ["Sí", "No"] and "(1 de 3)" in (asked[0].text or "")
    await bot.press(ANA, "No")
    await bot.press(ANA, "No")
    await bot.press(ANA, "No")

    cleared = next(m.text or "" for m in reversed(bot.fake.visible_messages(ANA)) if "Gracias." in (m.text or ""))
    assert "no parece una urgencia" in cleared and "matrona o a su médico" in cleared
    assert "el mismo día" in cleared and "112" in cleared
    assert "necesita atención urgente" not in cleared and "Nada de lo que me ha contado" not in cleared
    assert await codes(bot, ANA) == []
