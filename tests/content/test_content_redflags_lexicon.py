"""Lexicons and rules fit together: every concept a rule names exists, a language is only a lexicon file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from content.redflags import Outcome, lexicon_names, load_lexicon, screen_with
from content.redflags.context import CUES
from content.redflags.lexicon import LexiconFile, Node, compile_lexicon, expand, words_of
from content.redflags.matcher import AGO, BEGAN_AGO, DURATION, Matcher, matcher_for
from content.redflags.rules import DERIVED, RULES, All, AnyOf, Cond, Term
from content.redflags.text import fold, split_words

FIXTURES = Path(__file__).parent / "fixtures" / "redflags"
BUILT_IN = {DURATION, AGO, BEGAN_AGO}  # found by the matcher from numbers and units, not by phrases


def concepts_of(cond: Cond) -> set[str]:
    if isinstance(cond, Term):
        return {cond.concept}
    assert isinstance(cond, All | AnyOf)
    return set().union(*(concepts_of(part) for part in cond.parts))


def test_every_concept_the_rules_and_the_context_use_is_in_every_shipped_lexicon() -> None:
    derived = {name for name, _ in DERIVED}
    used = set(CUES) | {c for rule in RULES for c in concepts_of(rule.when)}
    used |= {c for rule in RULES if rule.unless for c in concepts_of(rule.unless)}
    used |= {c for rule in RULES for cond, _ in rule.unless_also for c in concepts_of(cond)}
    used |= {c for _, cond in DERIVED for c in concepts_of(cond)}
    needed = used - derived - BUILT_IN
    assert "en" in lexicon_names()
    for language in lexicon_names():
        missing = needed - load_lexicon(language).concepts
        assert missing == set(), (language, sorted(missing))


def test_derived_concepts_only_build_on_concepts_defined_before_them() -> None:
    seen: set[str] = set()
    names = {name for name, _ in DERIVED}
    for name, cond in DERIVED:
        assert concepts_of(cond) & names <= seen, name
        seen.add(name)


def test_every_phrase_is_written_the_way_messages_are_folded() -> None:
    # "can't speak" would never match: messages are folded to "cant speak" first.
    for language in lexicon_names():
        raw = yaml.safe_load((Path(__file__).parents[2] / "content" / "redflags" / "lexicon" / f"{language}.yaml")
                             .read_text(encoding="utf-8"))  # fmt: skip
        spec = LexiconFile.model_validate(raw)
        for concept, groups in spec.concepts.items():
            for group in groups:
                for phrase in group.phrases:
                    plain = [w for w in words_of(phrase) if not w.startswith("#")]
                    assert all(fold(w.rstrip("*")) == w.rstrip("*") for w in plain), (concept, phrase)


def test_a_new_language_is_a_lexicon_file_and_the_same_rules() -> None:
    spec = LexiconFile.model_validate(yaml.safe_load((FIXTURES / "es_min.yaml").read_text(encoding="utf-8")))
    spanish = Matcher(compile_lexicon(spec))

    assert screen_with("De repente un dolor de cabeza terrible", [spanish]).codes == ("thunderclap",)
    assert screen_with("No puedo hablar, arrastro las palabras", [spanish]).outcome is Outcome.URGENT
    assert screen_with("Tengo setenta y dos años y nunca habia tenido dolores de cabeza", [spanish]).codes == (
        "older_new",
    )
    # Negation and questions come from the lexicon's cue words too.
    assert screen_with("sin dolor de cabeza terrible de repente", [spanish]).outcome is Outcome.NONE
    assert screen_with("¿que es un dolor de cabeza terrible de repente?", [spanish]).outcome is Outcome.NONE


def _sequences(node: Node, path: tuple[str, ...] = ()) -> set[tuple[tuple[str, ...], str]]:
    """Every (edge sequence, concept) the phrase graph holds, by walking all its paths."""
    found = {(path, concept) for concept, _group, _checked in node.ends}
    for edge, child in node.edges.items():
        found |= _sequences(child, (*path, edge))
    return found


def test_the_phrase_graph_holds_exactly_the_spelled_out_sequences() -> None:
    # Shared first words across concepts, a word repeated across optional groups, an all-optional phrase
    # and alternatives of different lengths: the graph shares nodes, and must still mean each sequence once.
    spec = LexiconFile.model_validate(
        yaml.safe_load((FIXTURES / "es_min.yaml").read_text(encoding="utf-8"))
        | {
            "concepts": {
                "A": ["very [very] [very] bad (head|headache pain)", "[very] [bad]", "bad head"],
                "B": ["very bad (head|neck) [now]", "(a b|a) [b] c"],
            }
        }
    )
    lexicon = compile_lexicon(spec)

    expected = {
        (tuple(fold(word) for word in words), concept)
        for concept, groups in spec.concepts.items()
        for group in groups
        for phrase in group.phrases
        for words in expand(phrase)
    }
    assert _sequences(lexicon.root) == expected


def test_the_english_phrase_graph_stays_small() -> None:
    # As a trie, one phrase of 15 groups spelled out into 700,000 paths: 1.8 million nodes, 450 MB and
    # half a minute to build, which the sandbox's first message waited for.
    nodes: set[int] = set()
    stack = [load_lexicon("en").root]
    while stack:
        node = stack.pop()
        if id(node) not in nodes:
            nodes.add(id(node))
            stack.extend(node.edges.values())
    assert len(nodes) < 50_000


@pytest.mark.parametrize(
    ("language", "text", "hours"),
    [
        ("en", "my aura spreads out over half an hour", 0.5),
        ("en", "migraine for half a day", 12.0),
        ("en", "headache for a couple days", 48.0),
        ("en", "aura for more than an hour", 1.0),
        ("es", "el aura me dura una media hora", 0.5),
    ],
)
def test_amount_words_in_a_row_multiply(language: str, text: str, hours: float) -> None:
    # "half an hour" is half of one hour: read as "an hour", an aura over it was an aura over 60 minutes.
    matcher = matcher_for(language)
    words = matcher.rewrite(split_words(text))
    (found,) = matcher.find(words)[DURATION]
    assert found.value is not None and abs(found.value - hours) < 0.05  # "over" adds a hundredth


def test_a_word_a_phrase_must_not_be_followed_by_counts_only_in_its_own_sentence() -> None:
    # "can't speak at all" is not followed by "when" (talk about when) - but here "when" opens the next sentence.
    ended = "headache and i cant speak at all. when i try nothing comes out"
    assert screen_with(ended, [matcher_for("en")]).codes == ("speech",)
    assert "speech" not in screen_with("headache and i cant speak at all when i try", [matcher_for("en")]).codes


@pytest.mark.parametrize(
    "phrase", ["very [very] [very] bad (head|headache pain)", "(a b|a) [b] c", "#N (hours|days) [now]"]
)
def test_the_words_of_a_phrase_are_the_words_its_sequences_use(phrase: str) -> None:
    assert words_of(phrase) == {word for words in expand(phrase) for word in words}


def test_two_phrases_on_the_same_words_one_reading_a_number_do_not_break_the_screen() -> None:
    spec = LexiconFile.model_validate(
        yaml.safe_load((FIXTURES / "es_min.yaml").read_text(encoding="utf-8"))
        | {"concepts": {"A": ["tome #N", "tome 5"]}}
    )
    matcher = Matcher(compile_lexicon(spec))
    hits = matcher.find(split_words(fold("ayer tome 5")))
    assert sorted(hit.value is None for hit in hits["A"]) == [False, True]
