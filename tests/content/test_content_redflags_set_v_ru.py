"""Found with set V (dev30, ru) and its tuning, in the rules every language shares (the lexicon alone).

- Tingling put down to a preventive that commonly causes it, or called a side effect, is no deficit by the plain
  tingling rule (MED_TINGLE); sudden, lasting or one-sided it stays one.
- A pain named by its verb alone next to a posture is the headache, unless another part of the body is named.
- Worse and worse while the tablets no longer work is a changed pattern, with no word for the head.
"""

from __future__ import annotations

import pytest

from content.redflags import Outcome, screen


@pytest.mark.parametrize(
    "text",
    [
        "после топирамата покалывание в пальцах, это побочка?",
        "от топирамата покалывание в ногах, врач сказал пройдет",
        "покалывание в пальцах рук, наверное побочка от таблеток",
    ],
)
def test_tingling_put_down_to_a_preventive_is_no_deficit(text: str) -> None:
    assert screen(text, "ru", second_opinion=False).outcome is Outcome.NONE


@pytest.mark.parametrize(
    "text",
    [
        "после топирамата онемела левая рука",
        "пью топирамат, а сейчас резко онемела рука и не проходит",
        "покалывание в левой руке, это побочка от суматриптана?",
        "покалывание в пальцах, это нормально?",
    ],
)
def test_tingling_that_is_one_sided_sudden_or_unexplained_stays_a_deficit(text: str) -> None:
    result = screen(text, "ru", second_opinion=False)
    assert result.outcome is Outcome.URGENT
    assert "weakness" in result.codes


def test_a_usual_aura_keeps_one_sided_tingling_a_question() -> None:
    text = "обычная аура, покалывание в левой руке минут 20, потом голова"
    assert screen(text, "ru", second_opinion=False).outcome is Outcome.POSSIBLE


@pytest.mark.parametrize(
    "text",
    [
        "болит только когда встаю, лягу и проходит, уже 4 дня так",
        "стоит встать и болит, лягу и проходит, третий день так",
    ],
)
def test_a_pain_that_comes_on_standing_is_the_headache(text: str) -> None:
    result = screen(text, "ru", second_opinion=False)
    assert result.outcome is Outcome.URGENT
    assert "exertion_posture" in result.codes


@pytest.mark.parametrize(
    "text", ["болит колено когда встаю", "болит спина когда встаю утром", "болит нога когда встаю"]
)
def test_a_pain_of_another_part_of_the_body_on_standing_is_not(text: str) -> None:
    assert screen(text, "ru", second_opinion=False).outcome is Outcome.NONE


@pytest.mark.parametrize(
    "text",
    [
        "каждую неделю сильнее и сильнее, как будто нарастает, таблетки уже не берут",
        "с каждым месяцем все сильнее и сильнее, обезболивающие уже не берут",
    ],
)
def test_worse_and_worse_while_the_tablets_fail_is_a_changed_pattern(text: str) -> None:
    result = screen(text, "ru", second_opinion=False)
    assert result.outcome is Outcome.URGENT
    assert "pattern_change" in result.codes
