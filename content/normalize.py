"""Fold free text into comparable words: the same rules for search queries and red-flag checks."""

from __future__ import annotations

import re
import unicodedata

# Apostrophes vanish ("can't" -> "cant") so contractions stay one word; every other mark splits words.
_APOSTROPHES = re.compile(r"['’‘`´ʼ]")
_NOT_WORD = re.compile(r"[\W_]+")
# "worrrrst" -> "worrst": shouting stretches words; two letters are left so "sleep" survives.
_STRETCHED = re.compile(r"(\w)\1{2,}")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_INVISIBLE = frozenset({"Mn", "Cf"})  # combining marks; format characters such as zero-width spaces


def fold_text(text: str) -> str:
    """Return text as lowercase words separated by single spaces, without accents or invisible characters.

    NFKC turns full-width and ligature forms into plain letters, casefold handles ß and friends,
    and dropping combining marks makes "Ménière" and "Meniere" the same word.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    # Only non-ASCII runs can hold accents or invisible characters. Each character folds on its own, by a table
    # filled as characters are first seen and applied in C to each run: NFD and a Python pass per character cost
    # about 4 ms on a long Russian message, where every word is such a run.
    if not text.isascii():
        text = _NON_ASCII.sub(_fold_run, text)
    text = _APOSTROPHES.sub("", text)
    text = _NOT_WORD.sub(" ", text)
    return _STRETCHED.sub(r"\1\1", text).strip()


def _strip_marks(chars: str) -> str:
    # "й" is a letter of its own in Russian, not an accented "и" (its endings matter to the stemmer);
    # "ё" folds to "е", as most Russian typists write it anyway.
    decomposed = unicodedata.normalize("NFD", chars).replace("\u0438\u0306", "\u0439")
    return "".join(char for char in decomposed if unicodedata.category(char) not in _INVISIBLE)


def _fold_run(match: re.Match[str]) -> str:
    return match.group().translate(_FOLDED)


class _FoldTable(dict[int, str]):
    """str.translate's table: each code point to itself without its marks, worked out the first time it is seen.

    At most _FOLD_TABLE_SIZE code points are kept, so text made of many rare characters cannot grow it without
    end; past that, a character is folded each time it is seen.
    """

    def __missing__(self, code: int) -> str:
        folded = _strip_marks(chr(code))
        if len(self) < _FOLD_TABLE_SIZE:
            self[code] = folded
        return folded


_FOLD_TABLE_SIZE = 20_000
_FOLDED = _FoldTable()
