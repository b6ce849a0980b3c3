"""A wish to die asked about in the writer's own words, through the real bot: the crisis message at once, with the
emergency number and the crisis line of the user's country, and no lesson; a question about side effects gets its
normal answer."""

from __future__ import annotations

from sqlalchemy import select

from storage.db import transaction
from storage.models import SafetyEvent
from support.harness import BotHarness

ALICE, BOB = 6301, 6302


async def events(bot: BotHarness, user_id: int) -> list[tuple[str, str]]:
    async with transaction(bot.services.sessions) as session:
        query = select(SafetyEvent).where(SafetyEvent.user_id == user_id).order_by(SafetyEvent.id)
        return [(e.source, e.codes) for e in (await session.scalars(query)).all()]


async def test_is_it_normal_that_i_want_to_die_gets_the_crisis_message_with_the_countrys_numbers(
    bot: BotHarness,
) -> None:
    await bot.onboard(ALICE)  # London

    replies = await bot.send(ALICE, "is it normal that i want to die?")

    assert len(replies) == 1 and not replies[0].button_labels
    text = replies[0].text or ""
    assert text.startswith("💙") and "999 or 112" in text and "116 123" in text  # Samaritans
    assert "lesson" not in text.lower()
    assert await events(bot, ALICE) == [("free_text", "suicidal")]


async def test_a_question_about_a_medicines_side_effects_is_answered_and_asks_nothing(bot: BotHarness) -> None:
    await bot.onboard(BOB)

    replies = await bot.send(BOB, "can topiramate cause suicidal thoughts?")

    assert replies and not (replies[0].text or "").startswith("💙")
    assert all("thoughts of ending your life" not in (r.text or "") for r in replies)
    assert await events(bot, BOB) == []
