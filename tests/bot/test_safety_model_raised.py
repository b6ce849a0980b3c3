"""What the second opinion raises by itself, through the real bot: the crisis path or urgent care, at once.

The model is hand-built (no feature weights, so every message gets its biases' probabilities): the
replies depend on the outcome the model raises, not on a retrained model's exact scores.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from sqlalchemy import select

from content.redflags import Outcome, screen
from content.redflags import classifier as classifier_module
from content.redflags.classifier import BITS, CLASSES, Model
from storage.db import transaction
from storage.models import SafetyEvent
from support.harness import BotHarness

ALICE = 6301
MESSAGE = "i have been sorting out who gets my things and wrote a letter to each of the kids"
SAME_DAY_START = "⚠️ Please see a doctor today."


def model_suspecting(group: str) -> Model:
    """An English model that gives every message P(group) = 0.97 and every threshold lower than that."""
    p = np.full(len(CLASSES), 0.005)
    p[CLASSES.index(group)] = 0.97
    return Model(
        "en", np.zeros((1 << BITS, len(CLASSES)), dtype=np.int8), np.ones(len(CLASSES), dtype=np.float32),
        np.log(p / p.sum()).astype(np.float32), 0.5, "", "latin", 0.0, 0.9,
        0.9 if group == "crisis" else math.inf,
    )  # fmt: skip


@pytest.fixture
def suspecting(monkeypatch: pytest.MonkeyPatch) -> list[Model]:
    """Set the one model the screen uses."""
    chosen: list[Model] = []
    monkeypatch.setattr(classifier_module, "models", lambda: {"en": chosen[0]})
    return chosen


async def events(bot: BotHarness) -> list[tuple[str, str]]:
    async with transaction(bot.services.sessions) as session:
        rows = (await session.scalars(select(SafetyEvent).where(SafetyEvent.user_id == ALICE))).all()
        return [(e.source, e.codes) for e in rows]


async def test_a_crisis_the_model_raises_gets_the_crisis_message_first_and_no_lesson(
    bot: BotHarness, suspecting: list[Model]
) -> None:
    suspecting.append(model_suspecting("crisis"))
    assert screen(MESSAGE, second_opinion=False).outcome is Outcome.NONE
    await bot.onboard(ALICE, zone="America/New_York")

    replies = await bot.send(ALICE, MESSAGE)

    assert len(replies) == 1 and not replies[0].button_labels
    text = replies[0].text or ""
    assert text.startswith("💙") and text.index("911") < text.index("988") < text.index("findahelpline.com")
    assert "lesson" not in text.lower()
    assert await events(bot) == [("free_text", "model_crisis")]  # the code, never the words


async def test_an_older_group_the_model_raises_gets_the_same_day_message(
    bot: BotHarness, suspecting: list[Model]
) -> None:
    suspecting.append(model_suspecting("older"))
    await bot.onboard(ALICE)

    replies = await bot.send(ALICE, MESSAGE)

    assert len(replies) == 1 and (replies[0].text or "").startswith(SAME_DAY_START)
    assert "999 or 112" in (replies[0].text or "")  # London
    assert await events(bot) == [("free_text", "model_older")]
