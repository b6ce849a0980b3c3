"""Split a message into folded words that remember their sentence, for the concept matcher.

Folding is the search's (lowercase, no accents, no apostrophes, "worrrst" -> "worrst") but sentence marks
are kept: negation, questions and "years ago" only reach as far as their own sentence. Nothing here knows a
language: a word is a run of letters, a number a run of digits ("2hrs" is "2" and "hrs").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_APOSTROPHES = re.compile(r"['’‘`´ʼ]")
_STRETCHED = re.compile(r"(\w)\1{2,}")
_NON_ASCII = re.compile(r"([^\x00-\x7f]+)")
_INVISIBLE = frozenset({"Mn", "Cf"})
# A decimal point or comma between digits ("38.5", "38,5") is hidden first, so it neither ends a sentence
# nor splits a part; a colon is not a mark ("16:45").
_DECIMAL = re.compile(r"(\d)[.,](\d)")
_ASCII_DECIMAL = re.compile(r"([0-9])[.,]([0-9])")  # the same in ASCII text, tested faster
_POINT = "\x00"
# A number (with its decimals) or a run of letters; everything else separates words.
# Laughing faces mark a joke as "lol" does; they are written the same in every language.
_LAUGHING = re.compile("[\U0001f602\U0001f923\U0001f606\U0001f605\U0001f639]")


@dataclass(frozen=True, slots=True)
class Words:
    """The words of a message, each with the sentence and comma-separated part it belongs to."""

    words: tuple[str, ...]
    sentence: tuple[int, ...]
    part: tuple[int, ...]
    # Sentence numbers of the sentences that end in "?".
    questions: frozenset[int]


def fold(text: str) -> str:
    """Lowercase, strip accents and invisible characters, drop apostrophes, shorten stretched letters."""
    return _STRETCHED.sub(r"\1\1", _fold_letters(text))


def _fold_letters(text: str) -> str:
    """`fold` but for stretched letters, which split_words shortens word by word (a cheaper pass)."""
    if text.isascii():
        # NFKC leaves ASCII as it is, and casefold is lower() there; its only apostrophes are ' and `.
        return text.lower().replace("'", "").replace("`", "")
    text = unicodedata.normalize("NFKC", text).casefold()
    # Every word of a Cyrillic message is a run of non-ASCII letters: the runs are looked up in the cache
    # in one `map`, where a callback of `re.sub` per run cost a Python call per word.
    pieces = _NON_ASCII.split(text)  # ASCII stretches, with the non-ASCII runs between them
    runs = pieces[1::2]
    try:
        pieces[1::2] = list(map(_STRIPPED.__getitem__, runs))
    except KeyError:
        pieces[1::2] = [_strip_marks(run) for run in runs]
    return _APOSTROPHES.sub("", "".join(pieces))


_SEPARATORS = re.compile(r"([.!?;\n]+)|,")
_WORD = re.compile(r"\d+(?:\x00\d+)?|[^\W\d_]+")
# The same in ASCII text (most messages), where a plain range is faster to test than a Unicode class.
_ASCII_WORD = re.compile(r"[0-9]+(?:\x00[0-9]+)?|[a-zA-Z]+")


def split_words(text: str) -> Words:
    """Fold a message and return its words with their sentence and part numbers."""
    if not text.isascii() and _LAUGHING.search(text):
        text = _LAUGHING.sub(" lol ", text)
    # Stretched letters are shortened per word below: a run of one letter never spans two words.
    letters = _fold_letters(text)
    plain = letters.isascii()
    folded = (_ASCII_DECIMAL if plain else _DECIMAL).sub("\\1" + _POINT + "\\2", letters)
    words: list[str] = []
    sentences: list[int] = []
    parts: list[int] = []
    questions: set[int] = set()
    sentence = part = 0
    in_sentence = in_part = False
    # The text between sentence marks and commas, then the mark (None for a comma) that ends it: a sentence
    # or part without words takes no number. Words are found a stretch at a time, not one by one.
    pieces = _SEPARATORS.split(folded)
    find_words = _ASCII_WORD.findall if plain else _WORD.findall
    last = len(pieces) - 1
    for index in range(0, last + 1, 2):
        found = find_words(pieces[index])
        if found:
            if _POINT in pieces[index]:
                found = [word.replace(_POINT, ".") for word in found]
            words += found
            sentences += [sentence] * len(found)
            parts += [part] * len(found)
            in_sentence = in_part = True
        if index == last:
            break
        if in_part:
            part += 1
            in_part = False
        mark = pieces[index + 1]
        if mark and in_sentence:
            if "?" in mark:
                questions.add(sentence)
            sentence += 1
            in_sentence = False
    if len(_SHORT) >= _CACHE_LIMIT:
        _SHORT.clear()
    try:
        shortened = tuple(map(_SHORT.__getitem__, words))
    except KeyError:
        shortened = tuple([_SHORT[word] if word in _SHORT else _shorten(word) for word in words])
    return Words(
        shortened,
        tuple(sentences),
        tuple(parts),
        frozenset(questions),
    )


# Words and runs of non-ASCII letters seen by a process are few (a vocabulary): each is folded once. The
# bound only guards against junk floods.
_CACHE_LIMIT = 100_000
_SHORT: dict[str, str] = {}
_STRIPPED: dict[str, str] = {}


def _shorten(word: str) -> str:
    short = _SHORT[word] = _STRETCHED.sub(r"\1\1", word) if len(word) > 2 else word
    return short


def _strip_marks(run: str) -> str:
    """A run of non-ASCII letters without its marks and invisible characters (cached)."""
    found = _STRIPPED.get(run)
    if found is None:
        if len(_STRIPPED) >= _CACHE_LIMIT:
            _STRIPPED.clear()
        decomposed = unicodedata.normalize("NFD", run)
        found = _STRIPPED[run] = "".join(char for char in decomposed if unicodedata.category(char) not in _INVISIBLE)
    return found
