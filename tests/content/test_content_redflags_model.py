"""The red-flag second opinion: trained on the corpus as it is, deterministic, and rarely an alarm by itself."""

from __future__ import annotations

import numpy as np
import pytest
from redflag_corpus import CORPUS, read

from content.redflags import MAX_QUESTIONS, MODEL_QUESTIONS, Outcome, lexicon_names, screen
from content.redflags.classifier import ARTIFACT, GROUP_OF, MODEL_CODES, features, models
from content.redflags.training import ASK_RATE, CRISIS_RATE, RAISE_RATE, corpus_sha256, fit, read_samples

RETRAIN = "python -m content.redflags.training tests/content/corpus"


@pytest.mark.parametrize("language", lexicon_names())
def test_the_model_was_trained_on_the_corpus_as_it_is(language: str) -> None:
    model = models().get(language)
    assert model is not None, f"{ARTIFACT.name} has no model for {language!r}: run `{RETRAIN}` and commit it"
    assert model.corpus_sha256 == corpus_sha256(CORPUS, language), (
        f"the {language} corpus changed after {ARTIFACT.name} was trained: run `{RETRAIN}` "
        f"and commit content/redflags/{ARTIFACT.name}"
    )


def test_every_urgent_category_of_the_corpus_has_a_group_and_each_group_one_question() -> None:
    for language in lexicon_names():
        assert {m.category for m in read("urgent", language)} <= set(GROUP_OF)
    assert set(MODEL_QUESTIONS) == set(MODEL_CODES.values())
    assert all(len(questions) == 1 <= MAX_QUESTIONS for questions in MODEL_QUESTIONS.values())


def test_training_gives_the_same_weights_twice() -> None:
    samples = read_samples(CORPUS, "en")[::12]
    first, second = fit(samples), fit(samples)
    assert np.array_equal(first[0], second[0]) and np.array_equal(first[1], second[1])


def test_features_are_the_same_in_every_process_and_ignore_case_and_accents() -> None:
    # crc32 and a fixed rolling hash, not Python's salted hash(): the artifact's rows mean the same tomorrow.
    assert features("Me DUELE la cabeza") == pytest.approx(features("me duele la cabéza"))
    assert features("ЁЖИК").tolist() == features("ежик").tolist()
    assert len(features("")) == 0


@pytest.mark.parametrize("language", lexicon_names())
def test_the_model_never_lowers_the_lexicon_and_raises_or_asks_few_ordinary_messages(language: str) -> None:
    ordinary = read("ordinary", language)
    asked = raised = 0
    for message in ordinary:
        alone, both = screen(message.text, language, second_opinion=False), screen(message.text, language)
        if alone.outcome in (Outcome.URGENT, Outcome.CRISIS):
            assert both == alone
        else:
            asked += both.outcome is Outcome.POSSIBLE and alone.outcome is Outcome.NONE
            raised += both.outcome in (Outcome.URGENT, Outcome.CRISIS)
    # In cross-validation at most 5% of ordinary messages reach the question threshold, 0.5% the raise and
    # 0.5% the crisis threshold; trained on them, fewer.
    assert asked <= ASK_RATE * len(ordinary)
    assert raised <= (RAISE_RATE + CRISIS_RATE) * len(ordinary)


def test_a_suspected_crisis_is_asked_about_even_when_the_lexicon_asks_about_something_else() -> None:
    text = "I'm 20 weeks pregnant with a headache and honestly everyone would be better off without me"
    result = screen(text)
    if result.outcome is Outcome.POSSIBLE and result.possible == "model_crisis":
        assert result.codes[1:] == ("pregnancy_headache",)


@pytest.mark.parametrize(
    ("language", "answer"),
    [
        ("en", "tonight"),
        ("en", "noon"),
        ("en", "tomorrow morning"),
        ("en", "8"),
        ("en", "Topiramate"),
        ("es", "esta noche"),
        ("es", "mañana"),
        ("ru", "сегодня ночью"),
        ("ru", "завтра утром"),
    ],
)
def test_a_dialog_answer_of_a_word_or_two_gets_no_question_from_the_model(language: str, answer: str) -> None:
    # A reminder time or a pain score is screened too; "tonight" once asked the crisis question there.
    assert screen(answer, language).outcome is Outcome.NONE
