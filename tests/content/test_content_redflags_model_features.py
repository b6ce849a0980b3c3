"""The second opinion's shortcuts (classifier.py) read a message as its plain definition does."""

from __future__ import annotations

import random
import re
import sys
import unicodedata
import zlib
from itertools import pairwise

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


def _word_hashes(words: list[bytes]) -> list[int]:
    """Each word's crc32, then each neighbouring pair's, "a b" written out (before mixing)."""
    plain = [zlib.crc32(word) for word in words] + [zlib.crc32(a + b" " + b) for a, b in pairwise(words)]
    return [(crc << 20) ^ crc for crc in plain]


@pytest.mark.parametrize(
    "text",
    [
        "me duele la cabeza desde hace una hora",
        "голова болит уже два часа, и тошнит",
        # words of 32 bytes (the longest the tables continue over), 33, 34 and more: zlib continues those
        "a " + "b" * 32 + " c " + "d" * 33 + " " + "е" * 17 + " f " + "g" * 90 + " h",
        "one",
        # more words than classifier._FEW_WORDS: hashed with the vocabulary's arrays
        " ".join(["dolor", "de", "cabeza", "x" * 40, "ñandú", "голова"] * 30),
    ],
)
def test_word_and_pair_hashes_are_the_crc32_of_the_words_written_out(text: str) -> None:
    words = fold(text).encode().split()
    assert classifier._word_keys(words).tolist() == _word_hashes(words)
    assert classifier._word_keys(words).tolist() == _word_hashes(words)  # the second time every word is known


def test_word_hashes_stay_the_same_when_the_vocabulary_is_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(classifier, "_CACHE_LIMIT", 4)
    rng = random.Random(3)
    for _ in range(50):  # random words of every length, most messages more than the vocabulary holds
        count = rng.randrange(1, 3 * classifier._FEW_WORDS)
        words = [bytes(rng.choices(range(33, 256), k=rng.randrange(1, 70))) for _ in range(count)]
        assert classifier._word_keys(words).tolist() == _word_hashes(words)
