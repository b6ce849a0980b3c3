"""Folding a message stretch by stretch (text.py's cache) gives what folding it whole gave."""

from __future__ import annotations

import re
import unicodedata

import pytest

from content.redflags.text import _DECIMAL, _decimal, fold, split_words

TRICKY = [
    "Me duele la cabeza, ¿es normal?",
    "no\u00a0puedo hablar",  # a no-break space: NFKC makes it a space inside a stretch
    "a ¨ b",  # a diaeresis alone: NFKC gives a space and a combining mark
    "e\u0301 \u0301x",  # a combining accent after a letter and after a space
    "ﬁebre STRAẞE İstanbul ΣΊΣΥΦΟΣ",  # a ligature, a capital sharp s, a dotted I, a final sigma
    "Й ё ЁЛКА, голова́ болит",  # Cyrillic letters that decompose, and a stress mark
    "it\u2019s the worst\u200b headache",  # a curly apostrophe and a zero-width space
    "  double  spaces  and a trailing one ",
]


def _folded_whole(text: str) -> str:
    """How text.py folded a message before: normalized and case-folded whole, then stripped per stretch."""
    text = unicodedata.normalize("NFKC", text).casefold()
    out = []
    for stretch in text.split(" "):
        decomposed = unicodedata.normalize("NFD", stretch)
        kept = "".join(c for c in decomposed if unicodedata.category(c) not in {"Mn", "Cf"})
        out.append(re.sub(r"['’‘`´ʼ]", "", kept))
    return re.sub(r"([^\W\d_])\1{2,}", r"\1\1", " ".join(out))


@pytest.mark.parametrize("text", TRICKY)
def test_folding_by_stretch_is_folding_whole(text: str) -> None:
    assert fold(text) == _folded_whole(text)
    assert fold(text) == _folded_whole(text)  # the second time from the cache


@pytest.mark.parametrize(
    "text",
    ["38.5", "fiebre de 38,5 hoy", "a.5", "5.a", ".5", "5.", "3. 5", "٣٨.٥", "x 1,2,3 y", "no digits, at all.", ""],
)
def test_decimal_found_where_the_pattern_finds_one(text: str) -> None:
    assert _decimal(text) == bool(_DECIMAL.search(text))


def test_a_decimal_stays_one_word() -> None:
    assert split_words("tengo 38,5 de fiebre. y 39.2").words == ("tengo", "38.5", "de", "fiebre", "y", "39.2")
