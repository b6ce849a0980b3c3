"""Found with set U (dev29, ru) and fixed in the rules every language shares.

- Not seeing a thing in the bot's own screens ("ничего не вижу в этом меню, где кнопка дневника?") is looking for
  it, not a sight lost: the vision rule leaves out the words of that search, and only those.
"""

from __future__ import annotations

import pytest

from content.redflags import Outcome, screen


@pytest.mark.parametrize(
    "text",
    [
        "ничего не вижу в этом меню, где кнопка дневника?",
        "не вижу кнопку экспорта, куда её убрали",
        "ничего не видно в разделе статистики, он пустой",
    ],
)
def test_looking_for_something_in_the_bot_is_no_loss_of_sight(text: str) -> None:
    assert screen(text, "ru", second_opinion=False).outcome is Outcome.NONE


@pytest.mark.parametrize(
    "text",
    [
        "ничего не вижу правым глазом, в приложении не могу попасть в меню",
        "не вижу кнопку потому что правый глаз ослеп полчаса назад",
    ],
)
def test_a_sight_lost_next_to_the_bots_screens_is_still_an_emergency(text: str) -> None:
    result = screen(text, "ru", second_opinion=False)
    assert result.outcome is Outcome.URGENT
    assert "vision" in result.codes
