"""Found with set U (dev29, ru) and its tuning.

- Not seeing a thing in the bot's own screens ("ничего не вижу в этом меню, где кнопка дневника?") is looking for
  it, not a sight lost: the vision rule, shared by every language, leaves out the words of that search, and only those.
- A message that opens with a question and has no first-person word reads as a question about the topic (GENERIC,
  context.py): in Russian, asking whether "this" is a stroke or what "this" may be makes it a report again.
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


@pytest.mark.parametrize(
    "text",
    [
        "может это инсульт? лицо перекосило на одну сторону",
        "что это может быть, резко онемела левая рука и нога",
    ],
)
def test_asking_what_this_is_before_a_sign_reports_it(text: str) -> None:
    # With no "я" and a question first, the whole message would read as a question about the topic (GENERIC);
    # asking whether "this" is a stroke, or what "this" may be, speaks of something happening to the writer (ACUTE).
    result = screen(text, "ru", second_opinion=False)
    assert result.outcome is Outcome.URGENT
    assert "weakness" in result.codes


@pytest.mark.parametrize(
    "text",
    [
        "может ли мигрень перейти в инсульт?",
        "что это может быть? иногда мушки перед глазами перед мигренью, как всегда",
    ],
)
def test_a_question_about_the_topic_stays_a_question(text: str) -> None:
    assert screen(text, "ru", second_opinion=False).outcome is Outcome.NONE
