"""Folding a message stretch by stretch (text.py's cache) gives what folding it whole gave."""

from __future__ import annotations

import re
import unicodedata

import pytest

from content.redflags.text import _DECIMAL, _NOT_PLAIN, _WORD, _decimal, fold, split_words

TRICKY = [
    "Me duele la cabeza, ¿es normal?",
    "no\u00a0puedo hablar",  # a no-break space: NFKC makes it a space inside a stretch
    "a ¨ b",  # a diaeresis alone: NFKC gives a space and a combining mark
    "e\u0301 \u0301x",  # a combining accent after a letter and after a space
    "ﬁebre STRAẞE İstanbul ΣΊΣΥΦΟΣ",  # a ligature, a capital sharp s, a dotted I, a final sigma
    "Й ё ЁЛКА, голова́ болит",  # Cyrillic letters that decompose, and a stress mark
    "it\u2019s the worst\u200b headache",  # a curly apostrophe and a zero-width space
    "  double  spaces  and a trailing one ",
    "¿Qué PASÓ ayer? — «ДА», Ёлка Йод 😂 it’s Straße",  # folded whole: every character folds alone
    "ᎠᎡ ꭰ Ёлка ¿qué?",  # Cherokee (casefold gives its capitals, lower() its small letters): by stretches
]
# Long enough to be folded whole where they can be (text._WHOLE_FROM), as well as short.
TRICKY += [f"{text} {text} " * (300 // len(text.strip() or "x")) for text in TRICKY]


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


def test_a_message_of_plain_characters_folds_as_by_stretches() -> None:
    """Every character text.py folds with the whole message (lower() and replacements) folds as it did by stretches,
    alone, inside a word, in capitals and next to an apostrophe."""
    plain = [chr(code) for code in range(0x80, 0x20000) if _NOT_PLAIN.match(chr(code)) is None]
    assert "ñ" in plain and "Ё" in plain and "😂" in plain
    assert not {"\u13a0", "\uab70", "İ", "\u0301", "\u00a0", "ﬁ", "Σ"} & set(plain)
    padding = " and a message long enough to be folded whole" * 6
    for char in plain:
        text = f"A{char}b {char}'x {char.upper()}{char}{padding}"
        assert fold(text) == _folded_whole(text), repr(char)


def test_symbols_and_emoji_split_words_as_the_word_pattern_does() -> None:
    """A stretch holding "¿", "—", "«" or an emoji gives the words the word pattern finds in it (text._blanked)."""
    text = "¿Qué—pasa? «no» 🙂3días°C 🄋x ¡ay! " * 10  # long enough to be blanked (text._WHOLE_FROM)
    assert split_words(text).words == tuple(_WORD.findall(fold(text)))
    assert split_words(text).words[:8] == ("que", "pasa", "no", "3", "dias", "c", "🄋x", "ay")
    padding = " y" * 200
    assert split_words("¿3/4? — 2/10" + padding).slashed == split_words("3/4 2/10" + padding).slashed == {1, 3}
