"""Route the statistical second opinion (classifier.py): a message the lexicon found no emergency in gets a question.

The lexicon decides every emergency and crisis: the model never raises one, so it can cost an ordinary
user a question, never a false alarm. When the lexicon found nothing and a model's urgent score reaches
its threshold, the answer is the one question of the model's most likely group. When the lexicon already
asks about a partial sign, its questions stay (they are about the sign it saw), except that a suspected
crisis is asked about first: a silent crisis is the worst miss.

The model judges only a message of at least MIN_WORDS words. A word or two is what people type into a
dialog ("tonight" for a reminder time, "8" for a pain score), and a few character n-grams that also occur
in crisis messages would ask a crisis question there; a short emergency in so few words is the lexicon's
job, and it keeps it.
"""

from __future__ import annotations

import re

from content.redflags.classifier import MODEL_CODES, suspected_group
from content.redflags.engine import Finding, Outcome, Screening
from content.redflags.questions import QUESTIONS
from content.redflags.rules import Kind

MIN_WORDS = 3
# MIN_WORDS runs of word characters (each starting where no word character stands before it): a search
# that stops at the third word, where counting every word of a 4,096-character message cost 0.1 ms.
_ENOUGH_WORDS = re.compile(r"(?<!\w)\w+" + r"\W+\w+" * (MIN_WORDS - 2) + r"\W+\w")


def reconsider(result: Screening, text: str, languages: tuple[str, ...]) -> Screening:
    """The lexicon's outcome (NONE or POSSIBLE), or a question when the model suspects what it missed."""
    if result.outcome not in (Outcome.NONE, Outcome.POSSIBLE) or _ENOUGH_WORDS.search(text) is None:
        return result
    group = suspected_group(text, languages)
    if group is None or (result.outcome is Outcome.POSSIBLE and group != "crisis"):
        return result
    code = MODEL_CODES[group]
    finding = Finding(code, Kind.POSSIBLE, QUESTIONS[code][0].tier, "")
    return Screening(Outcome.POSSIBLE, (finding, *result.findings))
