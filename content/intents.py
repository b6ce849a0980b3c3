"""What a free-text message outside any flow is for: logging a headache, everyday chat, or something else.

This runs after the red-flag screen, never instead of it: a message with a warning sign has already been
answered by the time it gets here, so nothing in this module is about safety. It is deterministic (same
text, same answer) and keeps no language inside the code: the words come from content/intent/<language>.yaml.

* Everyday chat (a greeting, thanks, "ok") must be made up entirely of chat phrases; "hi, what is aura?"
  is a question that happens to start with a greeting.
* Logging needs a headache of the writer's own, now or lately: "I have a migraine", "my head is killing
  me", "headache started an hour ago", "🤕". Migraine in general ("why do I get migraines?", "ketamine for
  migraine", "my mum gets migraines") is a topic for the lessons.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz

from content.intent_lexicon import IntentLexicon, lexicon_for
from content.normalize import fold_text

# Longer messages are never small talk; a headache statement can still be found in them.
LONGEST_CHAT = 80
LONGEST_READ = 1000
# Indel similarity for typos of a long headache word, in words of 6 letters or more.
TYPO_SIMILARITY = 85


class Intent(StrEnum):
    """What the message asks of the bot."""

    LOG = "log"
    GREETING = "greeting"
    THANKS = "thanks"
    ACK = "ack"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Reading:
    """The intent of a message, and whether it is (also) a question the lessons could answer."""

    intent: Intent
    question: bool = False


def read_intent(text: str, language: str = "en") -> Reading:
    """Return what a free-text message is for, in the user's language (English words when none are known)."""
    lexicon = lexicon_for(language)
    text = text[:LONGEST_READ]
    folded = fold_text(text)
    words = folded.split()
    question = text.rstrip().endswith("?") or (bool(words) and words[0] in lexicon.question_starts)
    chat = _chat_intent(text, words, lexicon) if len(text) <= LONGEST_CHAT else None
    if chat is not None:
        return Reading(chat)
    if _wants_to_log(folded, words, question, text, lexicon):
        return Reading(Intent.LOG, question)
    return Reading(Intent.OTHER, question)


def _has(padded: str, phrases: frozenset[str] | tuple[str, ...]) -> bool:
    return any(f" {phrase} " in padded for phrase in phrases)


def _has_emoji(text: str, emoji: frozenset[str]) -> bool:
    return any(symbol in text for symbol in emoji)


def _chat_intent(text: str, words: list[str], lexicon: IntentLexicon) -> Intent | None:
    """Return GREETING, THANKS or ACK when the whole message is chat; None otherwise."""
    kinds = _segment(words, lexicon)
    if kinds is None or _has_emoji(text, lexicon.headache_emoji):
        return None
    emoji = {
        Intent.THANKS: lexicon.thanks_emoji,
        Intent.GREETING: lexicon.greeting_emoji,
        Intent.ACK: lexicon.ack_emoji,
    }
    found = kinds | {kind for kind, symbols in emoji.items() if _has_emoji(text, symbols)}
    # Thanks wins over a greeting ("hi, thanks!"), a greeting over an acknowledgement ("ok hello").
    return next((kind for kind in (Intent.THANKS, Intent.GREETING, Intent.ACK) if kind in found), None)


_TAIL, _FILLER = "tail", "filler"


def _segment(words: list[str], lexicon: IntentLexicon) -> set[Intent | str] | None:
    """Split the words into chat phrases, longest first; return their kinds, or None if any word is left."""
    phrases: dict[Intent | str, frozenset[str]] = {
        Intent.GREETING: lexicon.greetings,
        _TAIL: lexicon.greeting_tails,
        Intent.THANKS: lexicon.thanks,
        Intent.ACK: lexicon.acks,
        _FILLER: lexicon.chat_fillers,
    }
    kinds: set[Intent | str] = set()
    position = 0
    while position < len(words):
        for size in range(min(5, len(words) - position), 0, -1):
            candidate = " ".join(words[position : position + size])
            kind = next((k for k, known in phrases.items() if candidate in known), None)
            if kind is not None:
                kinds.add(kind)
                position += size
                break
        else:
            return None
    # A tail alone is not a greeting; fillers alone are acknowledgements.
    if _TAIL in kinds and Intent.GREETING not in kinds:
        return None
    return {kind for kind in kinds if isinstance(kind, Intent)} or ({Intent.ACK} if kinds else set())


def _wants_to_log(folded: str, words: list[str], question: bool, text: str, lexicon: IntentLexicon) -> bool:
    """Whether the message is about a headache of the writer's own, now or lately."""
    padded = f" {folded} "
    # "¿qué es la migraña y por qué me da?" asks about migraine in general: without the words of the
    # topic question nothing is left of a headache ("tengo migraña, ¿por qué me da?" still has one). Words
    # that put it in the here and now ("¿qué es el aura? me da ahora") keep the whole message as it is.
    if question and _has(padded, lexicon.topic_questions):
        general = padded
        for phrase in lexicon.topic_questions:
            general = general.replace(f" {phrase} ", " ")
        if not _has(general, lexicon.recent_markers):
            padded, words = general, general.split()
    noun = _has(padded, lexicon.headache_nouns) or _typo_of_headache(words, lexicon)
    own_head = _has(padded, lexicon.head_phrases) or _has_emoji(text, lexicon.headache_emoji)
    if not (noun or own_head) or _has(padded, lexicon.negations):
        return False
    if noun and not own_head and set(words) & lexicon.log_verbs:
        return True
    experience = _has(padded, lexicon.experience_phrases)
    about_others = _has(padded, lexicon.other_people)
    if question:
        return experience and not about_others
    if about_others and not experience:
        return False
    if own_head or experience:
        return not (set(words) & lexicon.habitual) or _has(padded, lexicon.recent_markers)
    if _has(padded, lexicon.recent_markers):
        return not set(words) & lexicon.habitual
    rest = [w for w in words if not _has(f" {w} ", lexicon.headache_nouns) and not _typo_of_headache([w], lexicon)]
    return len(words) <= lexicon.short_statement_words and all(w in lexicon.statement_words for w in rest)


def _typo_of_headache(words: list[str], lexicon: IntentLexicon) -> bool:
    return any(
        len(word) >= 6 and any(fuzz.ratio(word, target) >= TYPO_SIMILARITY for target in lexicon.typo_targets)
        for word in words
    )
