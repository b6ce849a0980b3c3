"""Which language a message in a shared alphabet reads as, so it is screened with that lexicon too.

A user's settings say one language; a message may be written in another. A lexicon in another alphabet
is always added (engine.screening_languages), but one sharing the user's alphabet is not: the Spanish
"confus*" would read the English "I'm confused about the dose". So a message is screened with another
lexicon of its alphabet only when it reads as that language: more of that language's own short words
(and letters such as "ñ" or "¿") than of any language it is already screened in.
Counting distinct words keeps this one set operation per language, whatever the message's length.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from functools import cache

from content.redflags.lexicon import Lexicon, lexicon_names, load_lexicon
from content.redflags.text import Words

# One sign is enough when the languages already screened show fewer: a crisis is often four words long.
LEAST_SIGNS = 1


def reads_as(text: str, words: Words, screened: Sequence[Lexicon]) -> tuple[str, ...]:
    """The languages, not among `screened`, that the message reads as (at most one, the clearest)."""
    tokens = words.words
    already = {lexicon.language for lexicon in screened}
    others = [lexicon for lexicon in _readable() if lexicon.language not in already]
    if not tokens or not others:
        return ()
    # The distinct words once: each language's function words are then looked up among them, not the words
    # of a long message hashed again per language.
    distinct = set(tokens)
    best = max((_signs(text, distinct, lexicon) for lexicon in screened if lexicon.function_words), default=0)
    chosen = ""
    for lexicon in others:
        signs = _signs(text, distinct, lexicon)
        if signs >= LEAST_SIGNS and signs > best:
            chosen, best = lexicon.language, signs
    return (chosen,) if chosen else ()


def _signs(text: str, distinct: AbstractSet[str], lexicon: Lexicon) -> int:
    """How many of a language's own short words the message uses (its distinct words given), and one more for
    any of its marks."""
    signs = len(lexicon.function_words & distinct)
    if lexicon.marks and not text.isascii() and _marked(text.lower(), lexicon.marks):
        signs += 1
    return signs


def _marked(lowered: str, marks: frozenset[str]) -> bool:
    """Whether a letter or mark of the set occurs in the text: a substring search per mark, not a set lookup
    per character of a long message (a mark longer than one character is never one character of it)."""
    return any(len(mark) == 1 and mark in lowered for mark in marks)


@cache
def _readable() -> tuple[Lexicon, ...]:
    """The lexicons that say how to tell their language (function words), in name order."""
    return tuple(lexicon for lexicon in map(load_lexicon, lexicon_names()) if lexicon.function_words)
