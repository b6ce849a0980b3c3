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
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_INVISIBLE = frozenset({"Mn", "Cf"})
# A number (with its decimals: "38.5"), a word, a sentence mark, or a comma. Everything else separates.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[^\W\d_]+|[.!?;\n]+|,")
# A colon is not one: "16:45" is a time.
_SENTENCE_MARKS = frozenset(".!?;\n")


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
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _NON_ASCII.sub(_strip_marks, text)
    text = _APOSTROPHES.sub("", text)
    return _STRETCHED.sub(r"\1\1", text)


def split_words(text: str) -> Words:
    """Fold a message and return its words with their sentence and part numbers."""
    words: list[str] = []
    sentences: list[int] = []
    parts: list[int] = []
    questions: set[int] = set()
    sentence = part = 0
    for token in _TOKEN.findall(fold(text)):
        first = token[0]
        if first in _SENTENCE_MARKS:
            if words and sentences[-1] == sentence:
                if "?" in token:
                    questions.add(sentence)
                sentence += 1
                part += 1
            continue
        if first == ",":
            if words and parts[-1] == part:
                part += 1
            continue
        if first.isdigit() and "," in token:
            token = token.replace(",", ".")
        words.append(token)
        sentences.append(sentence)
        parts.append(part)
    return Words(tuple(words), tuple(sentences), tuple(parts), frozenset(questions))


def _strip_marks(match: re.Match[str]) -> str:
    decomposed = unicodedata.normalize("NFD", match.group())
    return "".join(char for char in decomposed if unicodedata.category(char) not in _INVISIBLE)
