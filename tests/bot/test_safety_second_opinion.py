"""The red-flag screen's second opinion through the real bot: what the lexicon misses is raised or asked about.

The messages are written the way the corpus's newest writers wrote and are in no corpus file. Each is
checked first against the lexicon alone (it must miss it) and the model (it must ask, or raise), so a
retrained model that changes its answer fails here with the message named, not silently.

Wondering whether to go on at all ("what the point of carrying on is") was the model's to ask about until
the lexicon learnt it (going_on_doubt); both ask the same crisis question, the model's first when both do.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.texts import en
from content.redflags import Outcome, screen
from storage.db import transaction
from storage.models import SafetyEvent
from storage.users import set_language
from support.harness import BotHarness

ALICE, ANA, IVAN = 6201, 6202, 6203
URGENT_START = "🚨 This could be serious"
HALF_VISION = "one half of my face feels like it went to sleep"
NEVER_AGAIN = "i just want to go to sleep and never deal with any of it again"
WHAT_POINT = "some days i wonder what the point of carrying on is"
NO_SENTIDO = "a veces me pregunto para qué seguir así"
NO_WAY_OUT = "зачем продолжать эти мучения"


def asked_by_the_model(text: str, language: str = "en") -> str:
    """The question the model asks about a message the lexicon misses."""
    assert screen(text, language, second_opinion=False).outcome is Outcome.NONE, f"the lexicon now finds {text!r}"
    result = screen(text, language)
    assert result.outcome is Outcome.POSSIBLE and result.possible is not None, f"the model no longer asks: {text!r}"
    return result.possible


def raised_by_the_model(text: str, language: str = "en") -> tuple[str, ...]:
    """The codes of the crisis path or urgent outcome the model raises on a message the lexicon misses."""
    assert screen(text, language, second_opinion=False).outcome is Outcome.NONE, f"the lexicon now finds {text!r}"
    result = screen(text, language)
    assert result.outcome in (Outcome.URGENT, Outcome.CRISIS), f"the model no longer raises: {text!r}"
    return result.codes


def asks_the_crisis_question(text: str, language: str = "en") -> None:
    """The lexicon alone asks about going on, and the whole screen asks the crisis question (its own or the model's)."""
    assert screen(text, language, second_opinion=False).possible == "going_on_doubt", text
    result = screen(text, language)
    assert result.outcome is Outcome.POSSIBLE and result.possible in ("going_on_doubt", "model_crisis"), text


async def events(bot: BotHarness, user_id: int) -> list[tuple[str, str]]:
    async with transaction(bot.services.sessions) as session:
        query = select(SafetyEvent).where(SafetyEvent.user_id == user_id).order_by(SafetyEvent.id)
        return [(e.source, e.codes) for e in (await session.scalars(query)).all()]


async def test_a_deficit_the_lexicon_misses_gets_one_question_and_yes_is_the_urgent_message(bot: BotHarness) -> None:
    assert asked_by_the_model(HALF_VISION) == "model_deficit"
    await bot.onboard(ALICE)

    asked = await bot.send(ALICE, HALF_VISION)

    assert len(asked) == 1 and en.SAFETY_QUESTIONS["model_deficit"] in (asked[0].text or "")
    assert asked[0].button_labels == ["Yes", "No"] and "(1 of" not in (asked[0].text or "")
    replies = await bot.press(ALICE, "Yes")
    text = replies[0].text or ""
    assert text.startswith(URGENT_START) and "999 or 112" in text  # London
    assert await events(bot, ALICE) == [("question", "weakness")]


async def test_an_ordinary_user_pays_one_tap_and_gets_the_normal_answer(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, HALF_VISION)

    replies = await bot.press(ALICE, "No")

    assert len(replies) == 1 and (replies[0].text or "").startswith(en.ASK_RESULTS)
    # What the answer suggests, never a medical all-clear ("nothing you told me needs urgent care").
    cleared = bot.fake.visible_messages(ALICE)[-2].text or ""
    assert cleared.startswith("Thank you. From your answers, this does not sound like an emergency.")
    assert "midwife" not in cleared and "999 or 112" in cleared
    assert await events(bot, ALICE) == []


async def test_a_crisis_the_model_is_sure_of_gets_the_crisis_message_at_once(bot: BotHarness) -> None:
    assert raised_by_the_model(NEVER_AGAIN) == ("model_crisis",)
    await bot.onboard(ALICE, zone="America/New_York")

    replies = await bot.send(ALICE, NEVER_AGAIN)

    assert len(replies) == 1 and not replies[0].button_labels
    text = replies[0].text or ""
    assert text.startswith("💙") and text.index("911") < text.index("988") < text.index("findahelpline.com")
    assert "lesson" not in text.lower()
    assert await events(bot, ALICE) == [("free_text", "model_crisis")]


async def test_doubt_about_going_on_is_asked_plainly_and_yes_is_the_crisis_message(bot: BotHarness) -> None:
    asks_the_crisis_question(WHAT_POINT)
    await bot.onboard(ALICE, zone="America/New_York")

    asked = await bot.send(ALICE, WHAT_POINT)

    assert "thoughts of ending your life" in (asked[0].text or "")
    replies = await bot.press(ALICE, "Yes")
    text = replies[0].text or ""
    assert text.startswith("💙") and text.index("911") < text.index("988") < text.index("findahelpline.com")
    assert "lesson" not in text.lower()
    assert await events(bot, ALICE) == [("question", "suicidal")]


async def test_spanish_doubt_about_going_on_is_asked_in_spanish(bot: BotHarness) -> None:
    asks_the_crisis_question(NO_SENTIDO, "es")
    await bot.onboard(ANA, zone="Europe/Madrid")
    async with transaction(bot.services.sessions) as session:
        await set_language(session=session, user_id=ANA, language="es")

    asked = await bot.send(ANA, NO_SENTIDO)

    assert "pensamientos de quitarse la vida" in (asked[0].text or "")
    replies = await bot.press(ANA, "Sí")
    assert "112" in (replies[0].text or "") and await events(bot, ANA) == [("question", "suicidal")]


async def test_no_to_the_crisis_question_in_russian_gives_the_crisis_numbers_and_no_lessons(bot: BotHarness) -> None:
    # Found by a new user in the sandbox (in other words, which the model now raises to the crisis path at
    # once): "No" used to say nothing needed urgent care, then offer lessons (ketamine among them).
    asks_the_crisis_question(NO_WAY_OUT, "ru")
    await bot.send(IVAN, "/start")
    await bot.press(IVAN, "Continue")
    await bot.press(IVAN, "✅ I agree")
    await bot.press(IVAN, "🌍 Type a city or zone")
    await bot.send(IVAN, "Europe/Moscow")
    async with transaction(bot.services.sessions) as session:
        await set_language(session=session, user_id=IVAN, language="ru")
    asked = await bot.send(IVAN, NO_WAY_OUT)
    assert "мысли" in (asked[0].text or "") and asked[0].button_labels == ["Да", "Нет"]

    replies = await bot.press(IVAN, "Нет")

    assert replies == []  # the question itself becomes the answer (edited in place), nothing follows
    last = bot.fake.visible_messages(IVAN)[-1]
    text = last.text or ""
    assert text.startswith("💙") and "О таких мыслях можно и нужно говорить" in text
    # Russia's line is the children's helpline: after the emergency number and the directory.
    assert text.index("103 или 112") < text.index("findahelpline.com") < text.index("8-800-2000-122")
    assert "не требует срочной помощи" not in text and "не похоже на неотложное" not in text
    assert not last.button_labels
    assert await events(bot, IVAN) == []


async def test_a_crisis_beside_an_emergency_gets_the_urgent_message_first_then_the_crisis_support(
    bot: BotHarness,
) -> None:
    # The lexicon reads an attack over 72 hours; the model reads the crisis beside it (review of set gaps).
    text = "this migraine hasnt let up once in 4 days. i dont see the point of anything anymore, i just want to vanish"
    assert screen(text, "en").outcome is Outcome.URGENT
    await bot.onboard(ALICE)

    replies = await bot.send(ALICE, text)

    assert len(replies) == 2
    urgent = replies[0].text or ""  # an attack over 72 hours: the same-day tier, with the number
    assert urgent.startswith("⚠️ Please see a doctor today") and "999 or 112" in urgent
    crisis = replies[1].text or ""
    assert crisis.startswith("💙 Thank you for telling me") and "116 123" in crisis  # Samaritans, London
    [(source, codes)] = await events(bot, ALICE)
    assert source == "free_text" and set(codes.split(",")) == {"model_crisis", "over_72h"}
