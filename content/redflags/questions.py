"""The follow-up questions for each partial sign: at most three, each a yes/no, each "yes" a red flag.

The bot words the questions (bot/texts/<lang>/safety.py, keyed by question); here is only what a "yes"
means, so every language resolves the same way.

The statistical second opinion (second_opinion.py) asks one question per group it suspects, broad enough
for every sign of the group: it is right about the group less often than the lexicon is about a sign, and
an ordinary message it flags must cost one tap, not three. A "yes" to the crisis question is the crisis
path (its code is a crisis code).
"""

from __future__ import annotations

from dataclasses import dataclass

from content.redflags.rules import Tier

MAX_QUESTIONS = 3


@dataclass(frozen=True, slots=True)
class Question:
    """A yes/no question; "yes" is the red flag `code` at `tier`."""

    key: str
    code: str
    tier: Tier


def _q(key: str, code: str, tier: Tier) -> Question:
    return Question(key, code, tier)


E, S = Tier.EMERGENCY, Tier.SAME_DAY
QUESTIONS: dict[str, tuple[Question, ...]] = {
    "usual_aura_deficit": (
        _q("aura_different", "aura_atypical", E),
        _q("aura_long", "aura_atypical", E),
        _q("weakness", "weakness", E),
    ),
    "postpartum_headache": (
        _q("severe", "pregnancy", E),
        _q("different", "pregnancy", E),
        _q("vision_swelling", "pregnancy", E),
    ),
    "pregnancy_headache": (
        _q("severe", "pregnancy", S),
        _q("different", "pregnancy", S),
        _q("vision_swelling", "pregnancy", E),
    ),
    "sudden_headache": (
        _q("peak_minute", "thunderclap", E),
        _q("worst_ever", "thunderclap", E),
        _q("deficit", "weakness", E),
    ),
    "fever_headache": (
        _q("stiff_neck", "meningitis", E),
        _q("confused_drowsy", "confusion", E),
        _q("rash", "meningitis", E),
    ),
    "stiff_neck_headache": (
        _q("fever", "meningitis", E),
        _q("confused_drowsy", "confusion", E),
        _q("rash", "meningitis", E),
    ),
    "new_headache": (
        _q("age_50", "older_new", S),
        _q("pregnant_postpartum", "pregnancy", S),
        _q("weak_immune", "immune", S),
    ),
    "older_headache": (
        _q("new_kind", "older_new", S),
        _q("jaw_scalp", "older_scalp_jaw", S),
        _q("pattern", "pattern_change", S),
    ),
}
QUESTIONS["going_on_doubt"] = (_q("model_crisis", "suicidal", E),)  # the second opinion's crisis question
# A headache at a workout: did it come at once (a bleed), is it new or unlike the usual (the exertion red flag)?
QUESTIONS["exertion_headache"] = (
    _q("peak_minute", "thunderclap", E),
    _q("different", "exertion_posture", S),
)
# Slurred speech put down to drink: the second opinion's question about new deficits, speech among them.
QUESTIONS["drink_speech"] = (_q("model_deficit", "speech", E),)
# The second opinion's questions, one per group of classifier.GROUPS.
MODEL_QUESTIONS: dict[str, tuple[Question, ...]] = {
    "model_sudden": (_q("model_sudden", "thunderclap", E),),
    "model_deficit": (_q("model_deficit", "weakness", E),),
    "model_infection": (_q("model_infection", "meningitis", E),),
    "model_pregnancy": (_q("model_pregnancy", "pregnancy", E),),
    "model_older": (_q("model_older", "older_new", S),),
    "model_crisis": (_q("model_crisis", "suicidal", E),),
}
QUESTIONS.update(MODEL_QUESTIONS)
QUESTION_KEYS: frozenset[str] = frozenset(q.key for questions in QUESTIONS.values() for q in questions)
