"""Sets Z7 and Z8 narrowed false alarms with new exceptions; an independent review found real emergencies they took
away. Each case here was urgent (or crisis) before those sets, by the lexicons alone, and must stay so; the look-alikes
the sets were tuned for stay quiet or get one question."""

from __future__ import annotations

import pytest

from content.redflags import Outcome, screen

ALARM = (Outcome.URGENT, Outcome.CRISIS)


def lexicons(text: str, language: str) -> Outcome:
    return screen(text, language, second_opinion=False).outcome


@pytest.mark.parametrize(
    "text",
    [
        # a "no" two comma-parts after the question answers something else; the signs between stand
        "the gp asked about my neck. stiff neck and high fever and confused, no, haven't taken anything yet",
        "nurse asked whether i'd taken anything. right arm weak and face drooping, no, nothing taken",
        "they asked about pregnancy, i'm 30 weeks pregnant and this headache is new and severe, no, never had migraine",
        "asked about fever. 39.5 and stiff neck, no, no rash",
        # the writer's own asking is no reported question
        "asking if someone can help, stiff neck, fever 39 and confused, no, I don't have a rash",
        "I want to ask about this: worst headache of my life, came on in seconds. No, I haven't taken anything",
        "asked if i had any weakness, no, but my face is drooping",
    ],
)
def test_a_no_that_answers_another_question_leaves_the_signs_standing(text: str) -> None:
    assert lexicons(text, "en") in ALARM


@pytest.mark.parametrize(
    "text",
    ["the neuro asked about vomiting and fainting, i said no to both", "asked about seizures, no"],
)
def test_a_reported_question_answered_no_is_denied(text: str) -> None:
    assert lexicons(text, "en") is Outcome.NONE


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("my words are slurred, it's not from the drinks, i only had one", "en"),
        ("my speech is slurred and no, it's not because of the wine", "en"),
        ("язык заплетается, я не пьяная", "ru"),
        # a tooth out or a crown is no cause of slurring
        ("маме 72 года, месяц назад удалили зуб, а сегодня язык заплетается", "ru"),
        ("поставили коронку на прошлой неделе, а сейчас язык заплетается", "ru"),
    ],
)
def test_slurring_with_drink_denied_or_with_dental_work_stays_urgent(text: str, language: str) -> None:
    assert lexicons(text, language) in ALARM


@pytest.mark.parametrize(
    ("text", "language"),
    [("my speech is slurred, thats the wine", "en"), ("язык заплетается, я пьяная после корпоратива", "ru")],
)
def test_slurring_put_down_to_drink_gets_a_question_not_silence(text: str, language: str) -> None:
    result = screen(text, language, second_opinion=False)
    assert result.outcome is Outcome.POSSIBLE and result.possible == "drink_speech"


@pytest.mark.parametrize(
    "text",
    [
        "мне 70, вчера напилась на юбилее, а сегодня челюсть болит когда жую",  # drink is no cause of a jaw
        "мне 75. Год назад удалили зуб мудрости, всё зажило, а теперь челюсть болит когда жую",  # long healed
    ],
)
def test_an_older_jaw_on_chewing_gives_way_only_to_dental_work_beside_it(text: str) -> None:
    assert lexicons(text, "ru") in ALARM
    assert lexicons("мне 68, сделали зубной протез, челюсть натирает когда ем", "ru") is Outcome.NONE


@pytest.mark.parametrize(
    "text",
    [
        "я всё решила, записалась к неврологу. больше так не могу. выбрала способ",
        "я всё решила, записалась к психиатру. больше не могу так, уже знаю как и когда",
        "всё решено, записалась к терапевту чтобы выписал снотворное, накоплю и всё",
    ],
)
def test_a_doctors_visit_booked_does_not_take_back_a_method_or_saved_up_tablets(text: str) -> None:
    assert lexicons(text, "ru") is Outcome.CRISIS
    assert lexicons("я все решила: больше не могу так, записалась к неврологу платно", "ru") is not Outcome.CRISIS
