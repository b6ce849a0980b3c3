"""What the red-flag tests ask of the screen for a probe message."""

from __future__ import annotations

from content.redflags import Outcome, screen


def lexicon(text: str, language: str) -> Outcome:
    """The lexicons' answer alone (`second_opinion=False`): what a rule or a concept decides, without the model."""
    return screen(text, language, second_opinion=False).outcome


def lexicon_codes(text: str, language: str) -> tuple[Outcome, tuple[str, ...]]:
    """The lexicons' answer alone, with the codes of the red flags behind it."""
    result = screen(text, language, second_opinion=False)
    return result.outcome, result.codes
