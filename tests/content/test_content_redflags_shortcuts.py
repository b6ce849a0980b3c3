"""The red-flag screen's shortcuts change no answer: the fast path finds exactly what the full path finds.

The screen skips work a message cannot need (rules missing a concept, and so on). Each shortcut is held here
to the path without it, on every corpus message of every language, on its sentences, and on long messages
made of corpus lines, so a lexicon or rule change that would make a shortcut wrong fails here, not in use.
"""

from __future__ import annotations

import random
import re

import pytest
from redflag_corpus import read

from content.redflags import lexicon_names
from content.redflags.engine import findings_of
from content.redflags.matcher import matcher_for
from content.redflags.text import split_words

LONG = 4096


def messages_of(language: str) -> list[str]:
    """Every corpus message of a language, each sentence of them, and long messages made of them."""
    messages = [m.text for kind in ("urgent", "ordinary", "possible") for m in read(kind, language)]
    sentences = [s for text in messages for s in re.split(r"(?<=[.!?\n])\s+", text) if s != text]
    rng = random.Random(11)
    long = []
    for _ in range(60):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < LONG:
            parts.append(rng.choice(messages))
        long.append(" ".join(parts)[:LONG])
    return messages + sentences + long


@pytest.mark.parametrize("language", lexicon_names())
def test_rules_skipped_for_a_missing_concept_would_have_found_nothing(language: str) -> None:
    matcher = matcher_for(language)
    texts = messages_of(language)
    differ = []
    found = 0
    for text in texts:
        words = matcher.rewrite(split_words(text))
        hits = matcher.find(words)
        fast = findings_of(words, hits)
        found += bool(fast)
        if fast != findings_of(words, hits, full=True):
            differ.append(text)
    assert not differ, differ[:5]
    assert found > len(texts) // 10  # the corpus holds findings, so the comparison weighed some
