"""The phrase matcher the concept detector replaced, kept only as the benchmark's baseline.

Spot red-flag symptoms in a message, deterministically: folded text, phrase variants and rapidfuzz.

The bot shows urgent-care advice when this returns anything, so it leans towards firing: a missed
thunderclap headache costs far more than an extra safety message. Same input, same answer, no model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz

from bench.baseline.phrase_list import HEADACHE, OVER_72_HOURS, PHRASES, TOGETHER, UNLESS_FOLLOWED_BY
from content.normalize import fold_text

# Scores are rapidfuzz's 0-100 Indel similarity: 88 lets "slured speech" and "worst headahce" through
# but not "i can speak" for "cannot speak" (after folding) or "never" for "fever".
MATCH_THRESHOLD = 88
# Below this length one typo changes the word ("talk"/"take", "numb"/"dumb"): short phrases, and the
# short words inside a fuzzy match, must appear exactly.
SHORTEST_FUZZY_WORD = 5
# Every code find_red_flags can return, in the order it reports them; the bot keys its advice texts on these.
RED_FLAG_CODES: tuple[str, ...] = (*PHRASES, *TOGETHER, "over_72h")
_NEGATION = re.compile(r"\b(?:cant|can not|couldnt|could not|am unable to|unable to|not able to)\b")
_DURATION = re.compile(OVER_72_HOURS)


@dataclass(frozen=True, slots=True)
class RedFlag:
    """A warning sign found in a message: a stable `code` for the bot and the words that matched."""

    code: str
    matched: str


def find_red_flags(text: str) -> list[RedFlag]:
    """Return the red flags in a message, each code once, in RED_FLAG_CODES order; empty when there are none."""
    folded = fold_for_matching(text)
    if not folded:
        return []
    # Spaces at both ends let every phrase be searched as " phrase ", which keeps word boundaries.
    message = _Message(f" {folded} ", frozenset(folded.split()))
    flags = []
    for code, phrases in PHRASES.items():
        matched = _find_any(phrases, message, unless=UNLESS_FOLLOWED_BY.get(code, frozenset()))
        if matched is not None:
            flags.append(RedFlag(code, matched))
    for code, (first, second) in TOGETHER.items():
        first_match = _find_any(first, message)
        second_match = _find_any(second, message) if first_match is not None else None
        if first_match is not None and second_match is not None:
            flags.append(RedFlag(code, f"{first_match} + {second_match}"))
    duration = _DURATION.search(message.text)
    if duration is not None:
        headache = _find_any(HEADACHE, message)
        if headache is not None:
            flags.append(RedFlag("over_72h", f"{duration.group(0)} + {headache}"))
    return flags


def fold_for_matching(text: str) -> str:
    """Return text folded the way phrases are written: lowercase words, "can't"/"unable to" as "cannot"."""
    return _NEGATION.sub("cannot", fold_text(text))


@dataclass(frozen=True, slots=True)
class _Message:
    text: str
    words: frozenset[str]


def _find_any(phrases: tuple[str, ...], message: _Message, *, unless: frozenset[str] = frozenset()) -> str | None:
    folded, words = message.text, message.words
    index = _index(phrases)
    # Exact hits are cheap and common, so try every phrase exactly before any fuzzy comparison. An exact
    # hit has its first word among the message's words, so most phrase lists are ruled out by one set test.
    if not index.first_words.isdisjoint(words):
        for phrase in phrases:
            if _find_exact(phrase, folded, unless):
                return phrase
    # A match scores at least MATCH_THRESHOLD against words of the message, so it cannot be much shorter
    # than the phrase: Indel similarity is at most 2 * shorter / (both lengths summed).
    longest = (len(folded) - 2) * (200 - MATCH_THRESHOLD) // MATCH_THRESHOLD
    for phrase, short_words in index.fuzzy:
        # A fuzzy match must contain the phrase's short words exactly, so phrases whose short words are
        # absent skip the costly scan; on long messages this removes most of the work.
        if len(phrase) <= longest and short_words <= words:
            matched = _find_fuzzy(phrase, folded, unless)
            if matched is not None:
                return matched
    return None


@dataclass(frozen=True, slots=True)
class _PhraseIndex:
    first_words: frozenset[str]
    # (phrase, its short words) for every phrase long enough to be matched fuzzily, in list order.
    fuzzy: tuple[tuple[str, frozenset[str]], ...]


@cache
def _index(phrases: tuple[str, ...]) -> _PhraseIndex:
    # Phrase lists are fixed, so this is computed once per list, not once per message.
    return _PhraseIndex(
        first_words=frozenset(phrase.split()[0] for phrase in phrases if phrase.split()),
        fuzzy=tuple((p, _short_words(p)) for p in phrases if len(p) >= SHORTEST_FUZZY_WORD),
    )


@cache
def _short_words(phrase: str) -> frozenset[str]:
    return frozenset(word for word in phrase.split() if len(word) < SHORTEST_FUZZY_WORD)


def _find_exact(phrase: str, folded: str, unless: frozenset[str]) -> bool:
    needle = f" {phrase} "
    start = folded.find(needle)
    while start != -1:
        if not _followed_by(folded, start + len(needle), unless):
            return True
        start = folded.find(needle, start + 1)
    return False


def _find_fuzzy(phrase: str, folded: str, unless: frozenset[str]) -> str | None:
    alignment = fuzz.partial_ratio_alignment(phrase, folded, score_cutoff=MATCH_THRESHOLD)
    if alignment is None:
        return None
    start, end = alignment.dest_start, alignment.dest_end
    if len(phrase) > len(folded) - 2:  # rapidfuzz aligned the (padded) message inside the phrase
        start, end = 1, len(folded) - 1
    # Widen to whole words, then score again: "which my head" must not pass for "hit my head".
    while start < end and folded[start] == " ":
        start += 1
    while end > start and folded[end - 1] == " ":
        end -= 1
    while start > 0 and folded[start - 1] != " ":
        start -= 1
    while end < len(folded) and folded[end] != " ":
        end += 1
    candidate = folded[start:end].strip()
    if fuzz.ratio(phrase, candidate) < MATCH_THRESHOLD or _followed_by(folded, end, unless):
        return None
    return candidate if _short_words(phrase) <= set(candidate.split()) else None


def _followed_by(text: str, end: int, words: frozenset[str]) -> bool:
    following = text[end:].split(maxsplit=1)
    return bool(words) and bool(following) and following[0] in words
