"""Route the statistical second opinion (classifier.py) where the lexicon found no emergency.

The lexicon names a sign only when it knows the words, and every new writer finds words it lacks; asking
a question about what the model suspects left a fifth of unseen urgent messages with a question instead
of the urgent message. So the model may now raise the outcome itself, at thresholds chosen by
cross-validation by writer set (training.py), only where the lexicon found no emergency or crisis (it
never lowers the lexicon's outcome), in this order (beside an emergency the lexicon found, only the first, and
only once the urgent message is sent: engine.crisis_beside):

1. crisis: P(crisis) as high as only the top CRISIS_RATE of out-of-fold ordinary messages reach gives the
   crisis path, whatever else the lexicon saw;
2. raise: an urgent score (1 - P(ordinary)) as high as only the top RAISE_RATE of them reach gives the
   urgent outcome with the tier of the question of the model's most likely group (questions.py), or the
   crisis path when that group is crisis. Where the lexicon saw a partial sign, only a group its
   questions do not cover: a partial sign is by design a message that reads like the urgent ones of its
   group ("got a fever and a headache"), and the model scored 16 of the corpus's 41 partial-sign messages
   over the raise threshold, every one in the group the questions resolve;
3. ask: otherwise, when the lexicon found nothing and the score reaches the question threshold, the one
   question of the model's group; when the lexicon already asks about a partial sign, its questions stay
   (they are about the sign it saw), except that a suspected crisis is asked about first: a silent crisis
   is the worst miss.

Not done: raising a partial sign when the model's score reaches only the question threshold in its group
("agree" in the leave-one-writer-set-out study, bench/loso): it turned 32 of those 41 messages urgent,
skipping the questions that tell an ordinary pregnancy headache from pre-eclampsia. An urgent message the
lexicon half-saw still gets its questions, and a "yes" is the urgent message.

A raised finding carries the group's code (MODEL_CODES) and no words: the reply depends only on the
outcome and the tier, and the safety event records the codes, never the text. On unseen writers (bench/loso)
crisis and raise at 0.5% with agree took the urgent outcome from 62.0% to 76.4% of urgent messages, at 3
false alarms added on 599 independent ordinary messages. As shipped (no agree, raise kept off a partial
sign's own groups), on a later unseen test set of 200 urgent and 150 ordinary messages per language (2026-12-05,
corpus README), it added en 22, es 21 and ru 22 urgent outcomes to the lexicon's, and 1 false alarm (es).

The model judges only a message of at least MIN_WORDS words. A word or two is what people type into a
dialog ("tonight" for a reminder time, "8" for a pain score), and a few character n-grams that also occur
in crisis messages would ask a crisis question there; a short emergency in so few words is the lexicon's
job, and it keeps it.

Nor does it judge a plain headache report: a message made only of a lexicon's `plain_words` (a headache,
where it is, and since when within the day: "me duele la cabeza desde hace una hora", "голова болит уже
два часа"). Those are what people type most, and the model, which learnt that urgent messages often say
"for two hours" or "since this morning", asked about numbness or raised the urgent message on some of
them. The lexicon still screens them, and a word outside the list (a day count, "sudden", "not", "worst",
anyone else) brings the model back.
"""

from __future__ import annotations

import re

from content.redflags.classifier import GROUP_OF, MODEL_CODES, opinion
from content.redflags.engine import Finding, Outcome, Screening
from content.redflags.matcher import matcher_for
from content.redflags.questions import QUESTIONS
from content.redflags.rules import Kind
from content.redflags.text import Words

MIN_WORDS = 3
# MIN_WORDS runs of word characters (each starting where no word character stands before it): a search
# that stops at the third word, where counting every word of a 4,096-character message cost 0.1 ms.
_ENOUGH_WORDS = re.compile(r"(?<!\w)\w+" + r"\W+\w+" * (MIN_WORDS - 2) + r"\W+\w")
# A plain report is short: longer messages are not looked through word by word.
PLAIN_MOST_WORDS = 16


def reconsider(result: Screening, text: str, languages: tuple[str, ...], words: Words) -> Screening:
    """The lexicon's outcome (NONE or POSSIBLE), or the model's when it suspects what the lexicon missed."""
    if result.outcome not in (Outcome.NONE, Outcome.POSSIBLE) or _ENOUGH_WORDS.search(text) is None:
        return result
    if result.outcome is Outcome.NONE and plain_report(words.words, languages):
        return result
    view = opinion(text, languages)
    if view.crisis:
        return raised("crisis", result)
    # A crisis the model would raise is never held back to a question, even the lexicon's own crisis question.
    covered = resolves_to(result.possible) - {"crisis"} if result.possible is not None else frozenset()
    if view.raised is not None and view.raised not in covered:
        return raised(view.raised, result)
    if view.asked is None or (result.outcome is Outcome.POSSIBLE and view.asked != "crisis"):
        return result
    code = MODEL_CODES[view.asked]
    finding = Finding(code, Kind.POSSIBLE, QUESTIONS[code][0].tier, "")
    return Screening(Outcome.POSSIBLE, (finding, *result.findings))


def crisis_check(result: Screening, text: str, languages: tuple[str, ...]) -> Screening:
    """The crisis path, with the lexicon's findings kept, when the model's crisis score is as high as step 1's."""
    if _ENOUGH_WORDS.search(text) is None or not opinion(text, languages).crisis:
        return result
    return raised("crisis", result)


def raised(group: str, result: Screening) -> Screening:
    """The urgent outcome (the crisis path for the crisis group) the model raises, before the lexicon's findings."""
    code = MODEL_CODES[group]
    tier = QUESTIONS[code][0].tier
    if group == "crisis":
        return Screening(Outcome.CRISIS, (Finding(code, Kind.CRISIS, tier, ""), *result.findings))
    return Screening(Outcome.URGENT, (Finding(code, Kind.URGENT, tier, ""), *result.findings))


def resolves_to(possible: str) -> frozenset[str]:
    """The model groups a partial sign's questions resolve to (a "yes" to each is a sign of one group)."""
    return frozenset(GROUP_OF[q.code] for q in QUESTIONS[possible] if q.code in GROUP_OF)


def plain_report(tokens: tuple[str, ...], languages: tuple[str, ...]) -> bool:
    """Whether every word is a plain-report word of one of the languages (a number only before a unit of one)."""
    if not tokens or len(tokens) > PLAIN_MOST_WORDS:
        return False
    lexicons = [matcher_for(language).lexicon for language in languages]
    last = len(tokens) - 1
    for i, token in enumerate(tokens):
        if token[0].isdigit():
            if i == last or not any(tokens[i + 1] in lexicon.plain_after_number for lexicon in lexicons):
                return False
        elif not any(token in lexicon.plain_words for lexicon in lexicons):
            return False
    return True
