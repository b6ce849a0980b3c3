"""Recognise emergencies and crises in patients' own words: concepts per language, rules per red flag.

`screen(text, language)` returns the outcome (urgent, crisis, a partial sign to ask about, or none) with
every finding behind it. The lexicon of each language is `lexicon/<language>.yaml`; the rules
(`rules.py`) and the follow-up questions (`questions.py`) are the same for every language.
"""

from __future__ import annotations

from dataclasses import dataclass

from content.redflags.compiled import install

install()  # before any module it may load compiled is imported (compiled.py)

from content.redflags.classifier import MODEL_CODES  # noqa: E402
from content.redflags.engine import (  # noqa: E402
    DEFAULT_LANGUAGE,
    Finding,
    Outcome,
    Screening,
    crisis_beside,
    prepare,
    screen,
    screen_with,
)
from content.redflags.lexicon import lexicon_names, load_lexicon  # noqa: E402
from content.redflags.questions import (  # noqa: E402
    MAX_QUESTIONS,
    MODEL_QUESTIONS,
    QUESTION_KEYS,
    QUESTIONS,
    Question,
)
from content.redflags.rules import CRISIS_CODES, POSSIBLE_CODES, URGENT_CODES, Kind, Tier  # noqa: E402

# Every code find_red_flags can return; the bot keys its advice on these.
RED_FLAG_CODES: tuple[str, ...] = (*URGENT_CODES, *CRISIS_CODES)
# Every partial sign that has questions: the lexicon's, then the second opinion's (appended, so the index
# a button carries stays the same for the lexicon's).
# A question's button carries its code's index here, so a code added later goes at the end: a button sent
# before an upgrade still answers its own question after it.
ADDED_LATER: tuple[str, ...] = ("going_on_doubt", "exertion_headache", "drink_speech")
ASKED_CODES: tuple[str, ...] = (
    *(code for code in POSSIBLE_CODES if code not in ADDED_LATER),
    *MODEL_CODES.values(),
    *ADDED_LATER,
)

__all__ = [
    "ASKED_CODES",
    "CRISIS_CODES",
    "DEFAULT_LANGUAGE",
    "MAX_QUESTIONS",
    "MODEL_QUESTIONS",
    "POSSIBLE_CODES",
    "QUESTIONS",
    "QUESTION_KEYS",
    "RED_FLAG_CODES",
    "URGENT_CODES",
    "Finding",
    "Kind",
    "Outcome",
    "Question",
    "RedFlag",
    "Screening",
    "Tier",
    "crisis_beside",
    "find_red_flags",
    "lexicon_names",
    "load_lexicon",
    "prepare",
    "screen",
    "screen_with",
]


@dataclass(frozen=True, slots=True)
class RedFlag:
    """A warning sign found in a message: a stable `code` for the bot and the words that matched."""

    code: str
    matched: str


def find_red_flags(text: str, language: str = DEFAULT_LANGUAGE) -> list[RedFlag]:
    """Return the urgent and crisis findings of a message, each code once; empty when there are none."""
    result = screen(text, language)
    if result.outcome not in (Outcome.URGENT, Outcome.CRISIS):
        return []
    seen: dict[str, RedFlag] = {}
    for finding in result.findings:
        if finding.kind is not Kind.POSSIBLE and finding.code not in seen:
            seen[finding.code] = RedFlag(finding.code, finding.words)
    return list(seen.values())
