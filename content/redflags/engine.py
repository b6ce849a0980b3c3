"""Screen a message: find its concepts, weigh their context, apply the rules, name the outcome.

The outcome is one of four. CRISIS (suicidal thoughts, self-harm, overdose) and URGENT (a red flag, with
its tier) are answered at once; POSSIBLE (one partial sign) gets yes/no questions; NONE is the normal
answer. Same input, same answer: no model, no randomness.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from content.redflags.context import ALL_CONTEXTS, Context
from content.redflags.lexicon import lexicon_names
from content.redflags.matcher import Hit, Hits, Matcher, matcher_for
from content.redflags.rules import DERIVED, RULES, All, AnyOf, Cond, Kind, Rule, Term, Tier
from content.redflags.text import Words, split_words

DEFAULT_LANGUAGE = "en"
Span = tuple[int, int]


class Outcome(StrEnum):
    """What the bot does with a message."""

    NONE = "none"
    POSSIBLE = "possible"
    URGENT = "urgent"
    CRISIS = "crisis"


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule that fired: its code, what it leads to, its tier, and the words that made it."""

    code: str
    kind: Kind
    tier: Tier
    words: str


@dataclass(frozen=True, slots=True)
class Screening:
    """The outcome of screening one message, with every finding behind it."""

    outcome: Outcome
    findings: tuple[Finding, ...] = ()

    @property
    def tier(self) -> Tier | None:
        """The most urgent tier among the urgent and crisis findings."""
        tiers = {f.tier for f in self.findings if f.kind is not Kind.POSSIBLE}
        if not tiers:
            return None
        return Tier.EMERGENCY if Tier.EMERGENCY in tiers else Tier.SAME_DAY

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the findings that decided the outcome, each once, in rule order."""
        wanted = {Outcome.CRISIS: (Kind.CRISIS, Kind.URGENT), Outcome.URGENT: (Kind.URGENT,)}.get(
            self.outcome, (Kind.POSSIBLE,)
        )
        return tuple(dict.fromkeys(f.code for f in self.findings if f.kind in wanted))

    @property
    def possible(self) -> str | None:
        """The partial sign to ask about, when the outcome is POSSIBLE."""
        return self.codes[0] if self.outcome is Outcome.POSSIBLE and self.codes else None


NOTHING = Screening(Outcome.NONE)


def screen(text: str, language: str = DEFAULT_LANGUAGE) -> Screening:
    """Screen a message from a user of a language, with the lexicons `screening_languages` names."""
    return screen_with(text, [matcher_for(lang) for lang in screening_languages(language)])


@cache
def screening_languages(language: str) -> tuple[str, ...]:
    """The lexicons a user's messages are screened with, in order.

    The user's own language and English, as people mix them, and then each lexicon written in an alphabet
    those two do not read (Russian for a Spanish or English user): a Cyrillic lexicon finds nothing in
    Latin text, so it costs no false alarm, and catches a message typed in a language the settings do not
    say. A lexicon sharing an alphabet is not added: the Spanish "confus*" would read the English "I'm
    confused about the dose" without the English lexicon's sense of what follows "confused".
    """
    language = language.lower().replace("_", "-").split("-")[0]  # a Telegram tag: "es-MX" is "es"
    chosen = [language] if language in _languages() else []
    if DEFAULT_LANGUAGE not in chosen:
        chosen.append(DEFAULT_LANGUAGE)
    alphabets = set().union(*(alphabets_of(matcher_for(lang)) for lang in chosen))
    for other in sorted(_languages() - set(chosen)):
        found = alphabets_of(matcher_for(other))
        if not found & alphabets:
            chosen.append(other)
            alphabets |= found
    return tuple(chosen)


@cache
def alphabets_of(matcher: Matcher) -> frozenset[str]:
    """The alphabets a lexicon's words are written in ("LATIN", "CYRILLIC"...)."""
    lexicon = matcher.lexicon
    return frozenset(_alphabet(word[0]) for word in lexicon.words | lexicon.prefixes if word[0].isalpha())


def _alphabet(letter: str) -> str:
    return "LATIN" if letter < "\u0250" else unicodedata.name(letter, "OTHER").split()[0]


def screen_with(text: str, matchers: Sequence[Matcher]) -> Screening:
    """Screen a message with the given languages' matchers; the rules are the same for every language.

    With several languages the hits of all of them are weighed in one context: a Spanish "nunca" negates
    the English lexicon's "convulsions" in "nunca he tenido convulsiones", as it negates the Spanish one.
    """
    words = split_words(text)
    if not words.words:
        return NOTHING
    if len(matchers) > 1:
        # A lexicon in an alphabet the message does not use cannot find anything in it.
        used = {_alphabet(word[0]) for word in words.words if word[0].isalpha()}
        matchers = [m for m in matchers if alphabets_of(m) & used] or matchers[:1]
    if len(matchers) == 1:
        rewritten = matchers[0].rewrite(words)
        findings = findings_of(rewritten, matchers[0].find(rewritten))
    else:
        findings = findings_of(words, _merged_hits(words, matchers))
    kinds = {f.kind for f in findings}
    if Kind.CRISIS in kinds:
        outcome = Outcome.CRISIS
    elif Kind.URGENT in kinds:
        outcome = Outcome.URGENT
    elif Kind.POSSIBLE in kinds:
        outcome = Outcome.POSSIBLE
    else:
        return NOTHING
    return Screening(outcome, tuple(findings))


def _merged_hits(words: Words, matchers: Sequence[Matcher]) -> Hits:
    """Every language's hits on the message's own words (a rewrite that split a word maps back to it)."""
    merged: Hits = {}
    for matcher in matchers:
        rewritten = matcher.rewrite(words)
        hits = matcher.find(rewritten)
        if len(rewritten.words) != len(words.words):
            origin = _origins(words, matcher.lexicon.rewrites)
            hits = {
                concept: [Hit(origin[h.start], origin[h.end - 1] + 1, h.value) for h in found]
                for concept, found in hits.items()
            }
        for concept, found in hits.items():
            merged.setdefault(concept, []).extend(found)
    for concept, found in merged.items():
        merged[concept] = sorted(set(found))  # rules look spans up by position
    return merged


def _origins(words: Words, rewrites: dict[str, tuple[str, ...]]) -> list[int]:
    """For each rewritten word, the index of the original word it came from (as Matcher.rewrite splits them)."""
    return [index for index, token in enumerate(words.words) for _ in rewrites.get(token, (token,))]


def _languages() -> frozenset[str]:
    global _LANGUAGES
    if _LANGUAGES is None:
        _LANGUAGES = frozenset(lexicon_names())
    return _LANGUAGES


_LANGUAGES: frozenset[str] | None = None


def findings_of(words: Words, hits: Hits, context: Context | None = None) -> list[Finding]:
    """Apply the rules to one message's hits, weighing them with a context (ours unless one is given)."""
    if not any(concept in _SUBJECTS for concept in hits):
        return []
    evaluation = _Evaluation(words, hits, context)
    found: list[Finding] = []
    urgent = False
    for rule in RULES:
        if rule.kind is Kind.POSSIBLE and urgent:
            break  # a clear emergency is never delayed by a question
        if not _REFERENCES[id(rule)] & hits.keys():
            continue
        spans = evaluation.spans(rule.when)
        if spans and rule.unless is not None:
            spans = evaluation.without(spans, rule.unless, rule.unless_within)
        if spans:
            start, end = spans[0]
            found.append(Finding(rule.code, rule.kind, rule.tier, " ".join(words.words[start:end])[:80]))
            urgent = urgent or rule.kind is not Kind.POSSIBLE
    return found


class _Evaluation:
    """Rule conditions evaluated over one message's hits, memoised per condition."""

    def __init__(self, words: Words, hits: Hits, context: Context | None) -> None:
        self.hits: Hits = dict(hits)
        self.context = context or Context(words, hits)
        self._memo: dict[object, list[Span]] = {}
        self._longest: dict[int, int] = {}  # the longest span of a memoised span list, by its id
        # Derived concepts are worked out when a rule first asks for them: a long message holds the parts
        # of many, and most rules stop at their first missing part.
        self._pending = {name for name in _DERIVED_CONDS if _REFERENCES_DERIVED[name] & hits.keys()}

    def _derive(self, name: str) -> None:
        self._pending.discard(name)
        spans = self.spans(_DERIVED_CONDS[name])
        if spans:
            self.hits[name] = [Hit(s, e) for s, e in sorted(set(spans))]

    def without(self, spans: list[Span], unless: Cond, within: int | None) -> list[Span]:
        """The spans that `unless` does not cancel: any of its spans, or those within `within` words."""
        blockers = self.spans(unless)
        if not blockers:
            return spans
        if within is None:
            return []
        return [
            s for s in spans if all(max(0, b[0] - s[1], s[0] - b[1]) > within for b in blockers)
        ]

    def spans(self, cond: Cond) -> list[Span]:
        """Where the condition holds, sorted: one span per way it holds (at most one per anchor)."""
        key = cond if isinstance(cond, Term) else id(cond)  # equal terms share one evaluation
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._spans(cond)
        return found

    def _spans(self, cond: Cond) -> list[Span]:
        if isinstance(cond, Term):
            return self._term(cond)
        if isinstance(cond, AnyOf):
            return sorted({span for part in cond.parts for span in self.spans(part)})
        return self._all(cond)

    def _term(self, term: Term) -> list[Span]:
        if term.concept in self._pending:
            self._derive(term.concept)
        out: list[Span] = []
        blocked = ALL_CONTEXTS & ~term.allow
        of = self.context.of
        low, high = term.min, term.max
        for hit in self.hits.get(term.concept, ()):
            if low is not None or high is not None:
                value = hit.value
                if value is None or (low is not None and value < low) or (high is not None and value > high):
                    continue
            if of(hit.start, hit.end) & blocked:
                continue
            out.append((hit.start, hit.end))
        return out  # hits are sorted (matcher.find)

    def _all(self, cond: All) -> list[Span]:
        anchors = self.spans(cond.parts[0])
        if not anchors:
            return []
        others = []
        for part in cond.parts[1:]:
            spans = self.spans(part)
            if not spans:
                return []
            others.append(spans)
        if cond.within is None and not cond.sentence and not cond.same_owner:
            # Anywhere in the message: any one of each will do.
            return [(min(a[0], *(o[0][0] for o in others)), max(a[1], *(o[0][1] for o in others))) for a in anchors[:1]]
        context = self.context
        out: list[Span] = []
        for anchor in anchors:
            start, end = anchor
            sentence = context.sentence(start)
            owner = context.owner(start)
            ok = True
            for spans in others:
                best = self._nearest(cond, spans, anchor, sentence, owner)
                if best is None:
                    ok = False
                    break
                start, end = min(start, best[0]), max(end, best[1])
            if ok:
                out.append((start, end))
        out.sort()
        return out

    def _nearest(self, cond: All, spans: list[Span], anchor: Span, sentence: int, owner: int) -> Span | None:
        """The span closest to the anchor that meets the condition's constraints, or None."""
        context = self.context
        lo, hi = 0, len(spans)
        # Spans are sorted by start: only look at those that can be near enough, or in the same sentence.
        if cond.within is not None:
            longest = self._longest.get(id(spans))
            if longest is None:
                longest = self._longest[id(spans)] = max(end - start for start, end in spans)
            lo = bisect.bisect_left(spans, (anchor[0] - cond.within - longest, -1))
            hi = bisect.bisect_right(spans, (anchor[1] + cond.within, 1 << 30))
        if cond.sentence:
            first, after = context.sentence_range(anchor[0])
            lo = max(lo, bisect.bisect_left(spans, (first, -1)))
            hi = min(hi, bisect.bisect_left(spans, (after, -1)))
        best: Span | None = None
        best_distance = 1 << 30
        for index in range(lo, hi):
            span = spans[index]
            distance = max(0, span[0] - anchor[1], anchor[0] - span[1])
            if cond.within is not None and distance > cond.within:
                continue
            if cond.sentence and context.sentence(span[0]) != sentence:
                continue
            if cond.same_owner and owner and context.owner(span[0]) and context.owner(span[0]) != owner:
                continue
            if distance < best_distance:
                best, best_distance = span, distance
                if distance == 0:
                    break
        return best


def _references(cond: Cond) -> frozenset[str]:
    if isinstance(cond, Term):
        return frozenset({cond.concept})
    return frozenset().union(*(_references(part) for part in cond.parts))


def _base(names: frozenset[str], derived: dict[str, frozenset[str]]) -> frozenset[str]:
    out: set[str] = set()
    for name in names:
        out |= derived.get(name, {name})
    return frozenset(out)


_DERIVED_CONDS: dict[str, Cond] = dict(DERIVED)
_REFERENCES_DERIVED: dict[str, frozenset[str]] = {}
for _name, _cond in DERIVED:
    _REFERENCES_DERIVED[_name] = _base(_references(_cond), _REFERENCES_DERIVED)


def _rule_references(rule: Rule) -> frozenset[str]:
    return _base(_references(rule.when), _REFERENCES_DERIVED)


_REFERENCES: dict[int, frozenset[str]] = {id(rule): _rule_references(rule) for rule in RULES}
# Concepts that can make any rule fire; a message with none of them is done after matching.
_SUBJECTS: frozenset[str] = frozenset().union(*_REFERENCES.values())
