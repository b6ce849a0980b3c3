"""The second opinion raises the outcome: crisis, then raise, then a question, never below the lexicon.

A hand-built model with no feature weights gives every message the class probabilities of its biases,
so each test knows its exact scores and none flips when the shipped model is retrained.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from content.redflags import Outcome, Tier, crisis_beside, screen
from content.redflags import classifier as classifier_module
from content.redflags.classifier import BITS, CLASSES, Model
from content.redflags.engine import screening_languages
from content.redflags.second_opinion import plain_report
from content.redflags.text import split_words

NOTHING_FOUND = "the weather has been strange all week and I keep thinking about it"
PREGNANT = "i'm 24 weeks pregnant and have a headache"  # a partial sign: pregnancy_headache
THUNDERCLAP = "worst headache of my life came on in seconds"


def model(probabilities: dict[str, float], *, ask: float, urgent: float = math.inf, crisis: float = math.inf) -> Model:
    """An English model whose class probabilities are `probabilities` (the rest to ordinary) for every message."""
    p = np.full(len(CLASSES), 1e-9)
    for name, value in probabilities.items():
        p[CLASSES.index(name)] = value
    p[0] = max(1.0 - sum(probabilities.values()), 1e-9)
    return Model(
        "en", np.zeros((1 << BITS, len(CLASSES)), dtype=np.int8), np.ones(len(CLASSES), dtype=np.float32),
        np.log(p).astype(np.float32), ask, "", "latin", 0.0, urgent, crisis,
    )  # fmt: skip


@pytest.fixture
def shipped(monkeypatch: pytest.MonkeyPatch) -> list[Model]:
    """Set the one model the screen uses."""
    chosen: list[Model] = []
    monkeypatch.setattr(classifier_module, "models", lambda: {"en": chosen[0]} if chosen else {})
    return chosen


def test_the_lexicon_alone_finds_what_these_tests_assume() -> None:
    assert screen(NOTHING_FOUND, second_opinion=False).outcome is Outcome.NONE
    assert screen(PREGNANT, second_opinion=False).possible == "pregnancy_headache"
    assert screen(THUNDERCLAP, second_opinion=False).outcome is Outcome.URGENT


def test_a_crisis_score_over_its_threshold_is_the_crisis_path_first(shipped: list[Model]) -> None:
    shipped.append(model({"crisis": 0.4, "deficit": 0.5}, ask=0.5, urgent=0.8, crisis=0.3))

    result = screen(NOTHING_FOUND)

    assert result.outcome is Outcome.CRISIS and result.codes == ("model_crisis",)
    assert result.tier is Tier.EMERGENCY


def test_an_urgent_score_over_the_raise_threshold_is_the_urgent_outcome_at_its_groups_tier(
    shipped: list[Model],
) -> None:
    shipped.append(model({"deficit": 0.95}, ask=0.5, urgent=0.9, crisis=0.5))
    result = screen(NOTHING_FOUND)
    assert result.outcome is Outcome.URGENT and result.codes == ("model_deficit",)
    assert result.tier is Tier.EMERGENCY

    shipped[0] = model({"older": 0.95}, ask=0.5, urgent=0.9, crisis=0.5)
    result = screen(NOTHING_FOUND)
    assert result.outcome is Outcome.URGENT and result.codes == ("model_older",)
    assert result.tier is Tier.SAME_DAY  # the older group's question is about a doctor today


def test_a_raised_score_whose_group_is_crisis_is_the_crisis_path(shipped: list[Model]) -> None:
    shipped.append(model({"crisis": 0.95}, ask=0.5, urgent=0.9, crisis=0.99))
    assert screen(NOTHING_FOUND).codes == ("model_crisis",)
    assert screen(NOTHING_FOUND).outcome is Outcome.CRISIS


def test_under_the_raise_threshold_the_model_asks_one_question(shipped: list[Model]) -> None:
    shipped.append(model({"deficit": 0.7}, ask=0.5, urgent=0.9, crisis=0.5))
    result = screen(NOTHING_FOUND)
    assert result.outcome is Outcome.POSSIBLE and result.possible == "model_deficit"


def test_a_partial_sign_keeps_its_questions_when_the_model_scores_its_own_group_high(shipped: list[Model]) -> None:
    # A pregnancy headache reads like the urgent pregnancy messages: the questions tell them apart.
    shipped.append(model({"pregnancy": 0.95}, ask=0.5, urgent=0.9, crisis=0.5))
    assert screen(PREGNANT) == screen(PREGNANT, second_opinion=False)


def test_a_partial_sign_is_raised_when_the_model_sees_a_group_its_questions_do_not_cover(
    shipped: list[Model],
) -> None:
    shipped.append(model({"deficit": 0.95}, ask=0.5, urgent=0.9, crisis=0.5))
    result = screen(PREGNANT)
    assert result.outcome is Outcome.URGENT and result.codes == ("model_deficit",)

    shipped[0] = model({"deficit": 0.7}, ask=0.5, urgent=0.9, crisis=0.5)  # under the raise threshold
    assert screen(PREGNANT) == screen(PREGNANT, second_opinion=False)


def test_a_crisis_score_is_the_crisis_path_even_with_a_partial_sign(shipped: list[Model]) -> None:
    shipped.append(model({"crisis": 0.6}, ask=0.5, urgent=0.9, crisis=0.5))
    result = screen(PREGNANT)
    assert result.outcome is Outcome.CRISIS and result.codes == ("model_crisis",)


def test_the_model_never_lowers_the_lexicons_emergency(shipped: list[Model]) -> None:
    shipped.append(model({"crisis": 0.95}, ask=0.5, urgent=0.9, crisis=0.5))
    assert screen(THUNDERCLAP) == screen(THUNDERCLAP, second_opinion=False)


def test_a_crisis_score_beside_the_lexicons_emergency_is_the_crisis_path_with_the_emergency_kept(
    shipped: list[Model],
) -> None:
    shipped.append(model({"crisis": 0.95}, ask=0.5, urgent=0.9, crisis=0.5))
    urgent = screen(THUNDERCLAP)
    beside = crisis_beside(urgent, THUNDERCLAP)
    assert urgent.outcome is Outcome.URGENT
    assert beside.outcome is Outcome.CRISIS and beside.findings[1:] == urgent.findings

    shipped[0] = model({"deficit": 0.95}, ask=0.5, urgent=0.9, crisis=0.5)  # no crisis score: the emergency alone
    assert crisis_beside(urgent, THUNDERCLAP) == urgent


@pytest.mark.parametrize("answer", ["tonight", "8", "tomorrow morning"])
def test_a_word_or_two_is_never_raised(shipped: list[Model], answer: str) -> None:
    shipped.append(model({"crisis": 0.95}, ask=0.5, urgent=0.9, crisis=0.5))
    assert screen(answer).outcome is Outcome.NONE


def test_an_artifact_without_the_new_thresholds_only_asks(shipped: list[Model]) -> None:
    shipped.append(model({"crisis": 0.99}, ask=0.5))
    result = screen(NOTHING_FOUND)
    assert result.outcome is Outcome.POSSIBLE and result.possible == "model_crisis"


@pytest.mark.parametrize(
    "report",
    ["my head has been hurting for two hours", "bad headache since last night", "migraine started at 3 pm"],
)
def test_a_plain_headache_report_is_not_given_to_the_model(shipped: list[Model], report: str) -> None:
    shipped.append(model({"deficit": 0.95}, ask=0.5, urgent=0.9, crisis=0.5))
    assert screen(report).outcome is Outcome.NONE


@pytest.mark.parametrize(
    "report",
    [
        "my head has been hurting for two days",  # a day count
        "my head has been hurting for 2",  # a number without its unit
        "my head has been hurting for two hours and i feel odd",  # words of something else
        "my mum's head has been hurting for two hours",  # someone else
        "headache since last night " * 5,  # longer than a plain report
    ],
)
def test_a_word_outside_the_plain_report_brings_the_model_back(shipped: list[Model], report: str) -> None:
    shipped.append(model({"deficit": 0.95}, ask=0.5, urgent=0.9, crisis=0.5))
    assert screen(report).codes[:1] == ("model_deficit",)


@pytest.mark.parametrize(
    ("language", "report"),
    [("es", "me duele la cabeza desde hace una hora"), ("ru", "голова болит уже два часа")],
)
def test_plain_reports_are_read_in_each_language(language: str, report: str) -> None:
    words = split_words(report).words
    assert plain_report(words, screening_languages(language))
    assert not plain_report((*words, "semana" if language == "es" else "неделю"), screening_languages(language))
