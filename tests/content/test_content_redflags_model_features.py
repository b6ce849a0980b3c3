"""The second opinion's shortcuts (classifier.py) read a message as its plain definition does."""

from __future__ import annotations

import random
import re
import sys
import unicodedata

import pytest

from content.redflags import classifier
from content.redflags.classifier import fold

TRICKY = [
    "Me duele la cabeza, ¿es normal?",
    "e\u0301 \u0301x \u0301",  # a combining accent after a letter, after a space, and alone
    "ΣΊΣΥΦΟΣ ΟΔΟΣ Σ ΣΑ",  # final sigmas: lower case looks at the letters around, up to whitespace
    "İstanbul ǅ ﬁebre STRAẞE",  # a dotted I (i and a mark), a titlecase digraph, a ligature, a capital sharp s
    "Й ё ЁЛКА, голова́ болит",
    "snake_case\u00a0no-break\u2000en\u2001quad\u3000ideographic",  # whitespace NFD maps to other whitespace
    "— ... ¡¿ 🙄 👍🏽 x",  # stretches with no letter or digit
    "  double  spaces\tand\nlines ",
    "",
]


def _folded_whole(text: str) -> str:
    """How classifier.py folded non-ASCII text before its stretch cache: lower case, NFD and patterns, whole."""
    text = re.sub(r"[\u0300-\u036f]+", "", unicodedata.normalize("NFD", text.lower()))
    return " " + re.sub(r"[\W_]+", " ", text).strip() + " "


@pytest.mark.parametrize("text", TRICKY)
def test_folding_by_stretch_is_folding_whole(text: str) -> None:
    assert fold(text) == _folded_whole(text)
    assert fold(text) == _folded_whole(text)  # the second time from the cache


def test_folding_by_stretch_is_folding_whole_for_every_character() -> None:
    # Every code point once, each followed at random by nothing, whitespace, a combining mark or a sigma.
    rng = random.Random(5)
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    between = [*spaces, *"\u0301\u0308\u0327aΣσ_-", *[""] * 60]
    characters = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    for start in range(0, len(characters), 4000):
        chunk = characters[start : start + 4000]
        text = "".join(map(str.__add__, chunk, rng.choices(between, k=len(chunk))))
        assert fold(text) == _folded_whole(text), f"from U+{ord(chunk[0]):04X}"


def test_the_stretch_cache_is_emptied_when_full_and_folding_stays_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(classifier, "_CACHE_LIMIT", 3)
    text = "día uno, día dos: niño, niña"
    assert fold(text) == _folded_whole(text)
    assert len(classifier._FOLDED) <= len(set(text.split()))
