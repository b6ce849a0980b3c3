"""Words that tell what a free-text message is for, per language, loaded from `intent/<language>.yaml`.

Data only; matching is in intents.py. A language is added by adding its file: nothing in the code names a
word or a language, and the languages are the files found. A file holds every field of IntentLexicon
(short_statement_words and topic_questions may be left out). Phrases are written folded, the way
content.normalize.fold_text leaves a message: lowercase words, no apostrophes ("i've" is "ive"), no punctuation.

A list of phrases is written as the red-flag lexicons write theirs: a block of text with one phrase per
line (" # " starts a comment), or a YAML list whose items are phrases or such blocks, so that one list can
take in another through a YAML alias (Spanish and Russian head phrases are experience phrases too).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ConfigDict, TypeAdapter

from content.language_files import LanguageFiles, read_fields


@dataclass(frozen=True, slots=True)
class IntentLexicon:
    """The words of one language that the intent classifier looks for."""

    # Everyday chat: the whole message is one of these (a greeting may be followed by a tail).
    greetings: frozenset[str]
    greeting_tails: frozenset[str]
    thanks: frozenset[str]
    acks: frozenset[str]
    # Words that may sit around thanks or an acknowledgement without changing it ("ok thanks", "great, thanks").
    chat_fillers: frozenset[str]
    greeting_emoji: frozenset[str]
    thanks_emoji: frozenset[str]
    ack_emoji: frozenset[str]
    # A headache now or lately.
    headache_nouns: frozenset[str]  # singular: "a migraine"
    headache_plurals: frozenset[str]  # "migraines" alone usually means migraine in general
    # Long headache words whose typos ("migriane", "headahce") still count.
    typo_targets: tuple[str, ...]
    head_phrases: tuple[str, ...]  # "my head is killing me"
    headache_emoji: frozenset[str]
    log_verbs: frozenset[str]
    # "I have a ...", "my migraine": the headache is the writer's own.
    experience_phrases: tuple[str, ...]
    # Words that put the headache in the here and now (or in a recent, loggable past).
    recent_markers: tuple[str, ...]
    # Words that may stand next to a headache word in a bare statement ("ugh, another headache").
    statement_words: frozenset[str]
    other_people: tuple[str, ...]
    negations: tuple[str, ...]
    habitual: frozenset[str]
    question_starts: frozenset[str]
    # Longest message, in words, that counts as a bare statement ("migraine again", "ugh headache").
    short_statement_words: int = 4
    # A question about migraine in general ("what is migraine", "why do I get it"): its words are set aside
    # before looking for a headache of the writer's own, so "me da" in "¿por qué me da?" is not "I have one".
    topic_questions: tuple[str, ...] = ()

    # A file with a misspelt or unknown field is refused, not silently read without it.
    __pydantic_config__ = ConfigDict(extra="forbid")


_FILE = TypeAdapter(IntentLexicon)


def parse_intent_lexicon(text: str) -> IntentLexicon:
    """Validate the YAML text of one lexicon file: every field present and known, every phrase a string."""
    return read_fields(text, "an intent lexicon", _FILE, phrase_list)


_FILES = LanguageFiles("intent", parse_intent_lexicon)


def intent_languages() -> list[str]:
    """The languages that have an intent lexicon file."""
    return _FILES.languages()


def load_intent_lexicon(language: str) -> IntentLexicon:
    """Load and validate the intent lexicon of a language (once per process)."""
    return _FILES.load(language)


def lexicon_for(language: str) -> IntentLexicon:
    """The lexicon of the user's language, or the English one for a language without a file."""
    return _FILES.for_language(language)


def phrase_list(value: Any) -> Any:
    """A block of lines, or a list of phrases and blocks, as one list of phrases; anything else as it is."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return value
    phrases: list[Any] = []
    for item in value:
        if isinstance(item, str):
            lines = (line.split(" # ")[0].strip() for line in item.splitlines())
            phrases += [line for line in lines if line and not line.startswith("# ")]
        elif isinstance(item, list):
            phrases += phrase_list(item)
        else:
            phrases.append(item)  # not a phrase: validation says so
    return phrases
