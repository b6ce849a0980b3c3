"""The nine Curriculum 2 lessons are reachable: by deep link, from the lesson drip and from search in the chat."""

from __future__ import annotations

import pytest

from bot.catalog_holder import catalog_holder
from bot.lessons.handlers import prepare_next_unread_lesson
from content import Catalog
from storage.db import transaction
from storage.users import touch_user
from support.harness import BotHarness
from support.lesson_helpers import catalog_of, lesson_of

ALICE = 4201
NEW_LESSONS = [
    "pregnancy-breastfeeding",
    "menstrual-migraine",
    "is-it-migraine",
    "acute-treatment-tips",
    "non-drug-treatments",
    "devices",
    "supplements",
    "children-migraine",
    "living-well",
]


@pytest.mark.parametrize("lesson_id", NEW_LESSONS)
async def test_deep_link_opens_the_new_lesson(bot: BotHarness, lesson_id: str) -> None:
    await bot.onboard(ALICE)
    lesson = lesson_of(bot, lesson_id)

    replies = await bot.send(ALICE, f"/start lesson_{lesson_id}")

    assert (replies[-1].text or "").startswith(f"📖 {lesson.title} · 1/{len(lesson.steps)}")


def lesson_on_screen(catalog: Catalog, text: str) -> str:
    """Return the id of the lesson whose first step this text shows."""
    return next(lesson.id for lesson in catalog.lessons if f"<b>{lesson.title}</b> · 1/" in text)


async def test_the_drip_sends_every_lesson_once_in_reading_order_new_ones_included(bot: BotHarness) -> None:
    loaded = catalog_holder(bot.services).current
    now = bot.services.clock.now()
    sent: list[str] = []
    async with transaction(bot.services.sessions) as session:
        await touch_user(session=session, user_id=ALICE)
        for _ in range(len(loaded.catalog.lessons) + 1):
            screen = await prepare_next_unread_lesson(
                session=session, user_id=ALICE, language="en", loaded=loaded, now=now
            )
            if screen is None:
                break
            sent.append(lesson_on_screen(loaded.catalog, screen[0]))

    assert sent == [lesson.id for lesson in catalog_of(bot).lessons]
    assert set(NEW_LESSONS) <= set(sent)


@pytest.mark.parametrize(
    ("question", "lesson_id"),
    [
        ("can i take sumatriptan while breastfeeding", "pregnancy-breastfeeding"),
        ("should i take magnesium for migraines", "supplements"),
        ("my 8 year old son gets migraines", "children-migraine"),
    ],
)
async def test_a_question_in_the_chat_offers_the_new_lesson_first(
    bot: BotHarness, question: str, lesson_id: str
) -> None:
    replies = await bot.send(ALICE, f"/ask {question}")

    assert replies[-1].button_labels[0] == f"📖 {lesson_of(bot, lesson_id).title}"
