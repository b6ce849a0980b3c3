"""Screen a message: find its concepts, weigh their context, apply the rules, name the outcome.

The outcome is one of four. CRISIS (suicidal thoughts, self-harm, overdose) and URGENT (a red flag, with
its tier) are answered at once; POSSIBLE (one partial sign) gets yes/no questions; NONE is the normal
answer. Same input, same answer: no randomness (the second opinion, second_opinion.py, is fixed weights).
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from operator import itemgetter
from typing import Final

from content.redflags.classifier import models
from content.redflags.context import ALL_CONTEXTS, NOBODY, Context
from content.redflags.lexicon import lexicon_names
from content.redflags.matcher import Hit, Hits, Matcher, in_order, matcher_for, plain_hit
from content.redflags.reading import reads_as
from content.redflags.rules import DERIVED, RULES, All, AnyOf, Cond, Kind, Rule, Term, Tier
from content.redflags.text import Words, split_words

DEFAULT_LANGUAGE = "en"
Span = tuple[int, int]
_SPAN = itemgetter(0, 1)  # a hit's (start, end), taken by a C loop (map)
# The characters of a finding's words it keeps (no word is empty: as many words are always enough).
_SHOWN = 80


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


def screen(text: str, language: str = DEFAULT_LANGUAGE, *, second_opinion: bool = True) -> Screening:
    """Screen a message from a user of a language, with the lexicons `screening_languages` names and the one
    the message reads as (reading.py).

    When they find no emergency, the statistical second opinion (second_opinion.py) may raise the answer
    to the crisis path, the urgent outcome or a question; `second_opinion=False` gives the lexicons' answer
    alone. An emergency is returned without the model, so that the urgent message goes first; the bot then
    asks `crisis_beside` whether a crisis stands beside it.
    """
    languages = screening_languages(language)
    matchers = [matcher_for(lang) for lang in languages]
    # The message is read once: its words and the language it reads as serve the lexicons and the models.
    words = split_words(text)
    read = reads_as(text, words, [m.lexicon for m in matchers])
    result = _screen_words(words, [*matchers, *map(matcher_for, read)])
    if not second_opinion or result.outcome in (Outcome.URGENT, Outcome.CRISIS):
        return result
    reconsider = _reconsider()

    # The model of the language the message reads as gives its opinion too, as that lexicon screened it:
    # a Spanish message from a user whose settings say English is weighed by the Spanish model.
    return reconsider(result, text, languages + read, words)


_Reconsider = Callable[["Screening", str, tuple[str, ...], Words], "Screening"]
_RECONSIDER: list[_Reconsider] = []


def _reconsider() -> _Reconsider:
    """second_opinion.reconsider, imported late (it builds on this module's Screening) and once: an import statement
    run per message asked the import machinery each time (a few thousand instructions)."""
    if not _RECONSIDER:
        from content.redflags.second_opinion import reconsider

        _RECONSIDER.append(reconsider)
    return _RECONSIDER[0]


def crisis_beside(result: Screening, text: str, language: str = DEFAULT_LANGUAGE) -> Screening:
    """The crisis path for an emergency the lexicons found, when the second opinion reads a crisis in it too.

    `screen` returns an emergency without asking the model, so the urgent message is not held back by it; the
    bot asks this after sending it, and sends the crisis support as well when the answer is the crisis path:
    "this migraine hasnt let up once in 4 days. i dont see the point of anything anymore, i just want to
    disappear" is an attack over 72 hours to the lexicon, and a crisis to the model. Anything but an urgent
    outcome comes back as it is.
    """
    if result.outcome is not Outcome.URGENT:
        return result
    from content.redflags.second_opinion import crisis_check  # late: it builds on this module's Screening

    languages = screening_languages(language)
    words = split_words(text)
    read = reads_as(text, words, [matcher_for(lang).lexicon for lang in languages])
    return crisis_check(result, text, languages + read)


def prepare() -> None:
    """Build every lexicon's matcher and load the models now (seconds of work), so the first message a user
    sends after a start, which may be an emergency, is not the one that waits for it."""
    for language in sorted(_languages()):
        screen("", language)
    models()


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


# First letters below this (ASCII, Latin, Greek, Cyrillic) are noted in a list of flags in a message of at least
# _FLAGGED_FROM words (_alphabets_used).
_SEEN_BELOW: Final = 0x530
_FLAGGED_FROM: Final = 64
# The alphabet of each first letter met ("" for a digit), bounded against junk floods.
_ALPHABET_OF: dict[int, str] = {}
_ALPHABETS_KEPT: Final = 10_000


def _alphabets_used(words: tuple[str, ...]) -> set[str]:
    """The alphabets of the letters the words start with (a word starting with a digit has none)."""
    # The first letters' codes, read in place by a compiled loop (no one-letter string made and hashed per word: a
    # long message has hundreds of words and a few dozen first letters), each distinct letter then named once.
    # A first letter below _SEEN_BELOW (ASCII, Latin, Greek, Cyrillic) is noted in a list of flags, not added to the
    # set: a set add per word boxed its code (codes above 256 are no cached int) and hashed it.
    # In a short message a set add per word costs less than the list.
    codes: set[int] = set()
    if len(words) < _FLAGGED_FROM:
        for word in words:
            codes.add(ord(word[0]))
    else:
        seen = [False] * _SEEN_BELOW
        for word in words:
            code = ord(word[0])
            if code < _SEEN_BELOW:
                if not seen[code]:
                    seen[code] = True
                    codes.add(code)
            else:
                codes.add(code)
    used: set[str] = set()
    for code in codes:
        # Each letter's alphabet is named once per process (unicodedata.name, a few thousand instructions, was asked
        # again for each first letter of each message).
        alphabet = _ALPHABET_OF.get(code)
        if alphabet is None:
            if len(_ALPHABET_OF) >= _ALPHABETS_KEPT:
                _ALPHABET_OF.clear()
            letter = chr(code)
            alphabet = _ALPHABET_OF[code] = _alphabet(letter) if letter.isalpha() else ""
        if alphabet:
            used.add(alphabet)
    return used


def screen_with(text: str, matchers: Sequence[Matcher], *, reading: bool = False) -> Screening:
    """Screen a message with the given languages' matchers; the rules are the same for every language.

    With `reading`, also with the lexicon of a language the message reads as (a Spanish message from an
    English user).

    With several languages the hits of all of them are weighed in one context: a Spanish "nunca" negates
    the English lexicon's "convulsions" in "nunca he tenido convulsiones", as it negates the Spanish one.
    """
    words = split_words(text)
    if not words.words:
        return NOTHING
    if reading:
        matchers = [*matchers, *map(matcher_for, reads_as(text, words, [m.lexicon for m in matchers]))]
    return _screen_words(words, matchers)


def _screen_words(words: Words, matchers: Sequence[Matcher]) -> Screening:
    """`screen_with` on a message's words, with the matchers of every language it is screened in."""
    if not words.words:
        return NOTHING
    if len(matchers) > 1:
        # A lexicon in an alphabet the message does not use cannot find anything in it.
        used = _alphabets_used(words.words)
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
    """Every language's hits on the message's own words (a rewrite that split or joined words maps back to them)."""
    merged: Hits = {}
    for matcher in matchers:
        changed = matcher.rewritten(words)
        rewritten = matcher.applied(words, changed)  # the rewrite is worked out once, not again by rewrite()
        hits = matcher.find(rewritten)
        origin = None if changed is None else changed[1]
        if origin is not None:
            new = tuple.__new__  # Hit(...) without the Python-level __new__ of a named tuple: hundreds per message
            hits = {
                concept: [
                    plain_hit(origin[start], origin[end - 1] + 1)
                    if value is None
                    else new(Hit, (origin[start], origin[end - 1] + 1, value))
                    for start, end, value in found
                ]
                for concept, found in hits.items()
            }
        for concept, found in hits.items():
            before = merged.get(concept)
            # Rules look spans up by position: a concept two languages found is sorted again (a repeated
            # hit changes no finding, so one language's hits, sorted by find, are kept as they are).
            merged[concept] = found if before is None else _union(before, found)
    return merged


def _union(before: list[Hit], found: list[Hit]) -> list[Hit]:
    """`sorted(set(before).union(found))`: the two lists merged in one compiled pass when each is in strictly increasing
    (start, end) order and a hit of each at the same words is the same hit (kept once: their union is then in that
    order, with no repeat); otherwise joined and sorted (the sort merges their runs), then each hit equal to the one
    before it dropped. No hit is hashed."""
    if in_order(before) and in_order(found):
        merged: list[Hit] = []
        i = j = 0
        while i < len(before) and j < len(found):
            a, b = before[i], found[j]
            if a[0] < b[0] or (a[0] == b[0] and a[1] < b[1]):
                merged.append(a)
                i += 1
            elif a[0] == b[0] and a[1] == b[1]:
                if a != b:
                    return _joined(before, found)  # the same words with another number: sorted on the numbers
                merged.append(a)  # the same hit in both (a cue word the two languages share): kept once
                i += 1
                j += 1
            else:
                merged.append(b)
                j += 1
        merged.extend(before[i:])
        merged.extend(found[j:])
        return merged
    return _joined(before, found)


def _joined(before: list[Hit], found: list[Hit]) -> list[Hit]:
    """`_union` by a sort of the two lists joined."""
    joined = before + found
    try:
        joined.sort()
    except TypeError:  # a hit with a number and one without at the same words: as before
        return sorted(set(before).union(found))
    out = [joined[0]]
    last = joined[0]
    for hit in joined:
        if hit != last:
            out.append(hit)
            last = hit
    return out


def _languages() -> frozenset[str]:
    global _LANGUAGES
    if _LANGUAGES is None:
        _LANGUAGES = frozenset(lexicon_names())
    return _LANGUAGES


_LANGUAGES: frozenset[str] | None = None


def findings_of(words: Words, hits: Hits, context: Context | None = None, *, full: bool = False) -> list[Finding]:
    """Apply the rules to one message's hits, weighing them with a context (ours unless one is given).

    Rules and conditions that need a concept the message lacks are skipped unweighed; `full` weighs every
    one of them instead, which must give the same findings (tests hold the shortcut to that).
    """
    present = -1 if full else 0  # -1: every concept's bit set, so no check skips anything
    # The rules to look at, a flag per rule in rule order: a mask of rules shifted once per rule made a long int
    # each time (a message's concepts name a few rules each, _KEYED).
    candidates = [full] * len(_RULES)
    for index in _UNKEYED:
        candidates[index] = True
    # The same concepts as a flag per bit, for _possible: its tests of a mask of 243 bits made a long int each.
    flags = [full] * len(_BITS)
    for concept in hits:
        known = _CONCEPTS.get(concept)  # one lookup: its bit, the bit's position and the rules it keys
        if known is not None:
            bit, at, keyed = known
            present |= bit
            flags[at] = True
            for index in keyed:
                candidates[index] = True
    if not present & _SUBJECTS:
        return []
    evaluation = _Evaluation(words, hits, context, present, flags)
    found: list[Finding] = []
    urgent = False
    for index in range(len(_RULES)):
        if not candidates[index]:
            continue  # a concept the rule cannot hold without is missing (one lookup per concept found)
        # Unpacked only for a candidate: each unpacking read the rule's mask of concepts as a long int.
        rule, when, unless, references, possible, more = _RULES[index]
        if possible and urgent:
            break  # a clear emergency is never delayed by a question
        if not present & references or not _possible(when, flags):
            continue  # a concept every way of meeting the rule needs is missing: nothing to weigh
        spans = evaluation.spans(when)
        if spans and unless is not None:
            spans = evaluation.without(spans, unless, rule.unless_within)
        for node, reach in more:
            if spans:
                spans = evaluation.without(spans, node, reach)
        if spans:
            start, end = spans[0]
            # The first 80 characters, from no more words than make them (a span may cover a long message).
            shown = " ".join(words.words[start : min(end, start + _SHOWN)])[:_SHOWN]
            found.append(Finding(rule.code, rule.kind, rule.tier, shown))
            urgent = urgent or not possible
    return found


class _Node:
    """A rule condition compiled once: its memo slot, its parts, and the concepts it cannot hold without.

    `needs` is a conjunction of clauses, each a bit mask of concepts of which at least one must have hits
    for the condition to hold anywhere in a message; a message failing one clause is skipped unweighed.
    The clauses of one concept are also joined in `required` (every bit of it must be present: one test),
    and the others kept in `clauses`. Equal conditions share one node, so one evaluation.
    """

    __slots__ = (
        "blocked", "bounded", "clause_at", "clauses", "concept", "cond", "derived", "high", "low", "need", "needs",
        "parts", "required", "required_at", "same_owner", "sentence", "slot", "within",
    )  # fmt: skip

    def __init__(self, slot: int, cond: Cond, parts: tuple[_Node, ...], needs: tuple[int, ...]) -> None:
        self.slot = slot
        self.cond = cond
        self.parts = parts
        self.needs = needs
        self.required = 0
        for clause in needs:
            if clause & (clause - 1) == 0:  # one bit: that concept itself
                self.required |= clause
        self.clauses = tuple(clause for clause in needs if clause & (clause - 1))
        # The same as bit positions, for _possible to read a message's flag per concept bit (no long int made).
        self.required_at = _positions(self.required)
        self.clause_at = tuple(_positions(clause) for clause in self.clauses)
        self.concept = cond.concept if isinstance(cond, Term) else ""
        self.derived = self.concept in _DERIVED_NAMES
        self.blocked = ALL_CONTEXTS & ~cond.allow if isinstance(cond, Term) else 0
        self.need = cond.need if isinstance(cond, Term) else 0
        self.low = cond.min if isinstance(cond, Term) else None
        self.high = cond.max if isinstance(cond, Term) else None
        self.bounded = self.low is not None or self.high is not None
        # An All's constraints, read here (compiled slots) rather than from the rule's dataclass per anchor.
        self.within = cond.within if isinstance(cond, All) else None
        self.sentence = cond.sentence if isinstance(cond, All) else False
        self.same_owner = cond.same_owner if isinstance(cond, All) else False


def _possible(node: _Node, present: list[bool]) -> bool:
    """Whether every clause the node needs has a concept among the message's (a flag per concept bit)."""
    if not _every(node.required_at, present):
        return False
    for clause in node.clause_at:
        met = False
        for at in clause:
            if present[at]:
                met = True
                break
        if not met:
            return False
    return True


def _every(positions: tuple[int, ...], present: list[bool]) -> bool:
    """Whether every bit position is flagged (`present & mask == mask`, without a long int made)."""
    for at in positions:  # noqa: SIM110 - a compiled loop, no generator
        if not present[at]:
            return False
    return True


def _positions(mask: int) -> tuple[int, ...]:
    """The positions of a mask's set bits, lowest first."""
    return tuple(at for at in range(mask.bit_length()) if mask >> at & 1)


class _Evaluation:
    """Rule conditions evaluated over one message's hits, memoised per condition."""

    def __init__(self, words: Words, hits: Hits, context: Context | None, present: int, flags: list[bool]) -> None:
        self.hits: Hits = dict(hits)
        # Built when a condition first asks about context: many messages fire or fail on concepts alone.
        self._context = context
        self._words = words
        self._given = hits
        self.present = present
        self.flags = flags  # the same, a flag per concept bit (_possible)
        self._memo: list[list[Span] | None] = [None] * len(_NODES)
        self._longest: dict[int, int] = {}  # the longest span of a memoised span list, by its id
        # Derived concepts are worked out when a rule first asks for them: a long message holds the parts
        # of many, and most rules stop at their first missing part.
        self._derived: set[str] = set()

    def context(self) -> Context:
        """The context of the message's words, worked out on first use."""
        context = self._context
        if context is None:
            context = self._context = Context(self._words, self._given)
        return context

    def _derive(self, name: str) -> None:
        self._derived.add(name)
        node, refs = _DERIVED_NODES[name]
        if not refs & self.present:
            return
        spans = self.spans(node)
        if spans:
            self.hits[name] = [plain_hit(s, e) for s, e in sorted(set(spans))]

    def without(self, spans: list[Span], unless: _Node, within: int | None) -> list[Span]:
        """The spans that `unless` does not cancel: any of its spans, or those within `within` words (sharing a word
        with one, below 0)."""
        blockers = self.spans(unless)
        if not blockers:
            return spans
        if within is None:
            return []
        # The gap between two spans is 0 when they touch, below 0 when they share words: a `within` below 0 cancels only
        # the spans that share a word with a blocker.
        return [s for s in spans if all(max(b[0] - s[1], s[0] - b[1]) > within for b in blockers)]

    def spans(self, node: _Node) -> list[Span]:
        """Where the condition holds, sorted: one span per way it holds (at most one per anchor)."""
        found = self._memo[node.slot]
        if found is None:
            found = self._memo[node.slot] = self._spans(node)
        return found

    def _spans(self, node: _Node) -> list[Span]:
        cond = node.cond
        if isinstance(cond, Term):
            return self._term(node)
        if not _possible(node, self.flags):
            return []
        if isinstance(cond, AnyOf):
            return self._any(node)
        return self._all(node)

    def _any(self, node: _Node) -> list[Span]:
        found: list[Span] = []
        merged = False
        flags = self.flags
        for part in node.parts:
            if not _every(part.required_at, flags):
                continue  # the test spans() would make first, without the call
            spans = self.spans(part)
            if spans:
                if found:
                    found, merged = found + spans, True
                else:
                    found = spans
        # A list repeating a span finds what it finds without the repeat (rules use the first span, and which
        # spans there are): only spans of several parts are sorted together again.
        return sorted(set(found)) if merged else found

    def _term(self, node: _Node) -> list[Span]:
        concept = node.concept
        if node.derived and concept not in self._derived:
            self._derive(concept)
        found = self.hits.get(concept)
        if not found:
            return []
        blocked, need = node.blocked, node.need
        low, high, bounded = node.low, node.high, node.bounded
        if not blocked and not bounded and not need:
            return list(map(_SPAN, found))  # any context will do: none is worked out
        out: list[Span] = []
        context = self.context()  # its method called on it, not bound first: a compiled call, not a Python one
        # Hits unpacked, not read by field name: a named tuple's field costs more than unpacking all three.
        for start, end, value in found:
            if bounded and (
                value is None or (low is not None and value < low) or (high is not None and value > high)
            ):
                continue
            ctx = context.of(start, end)
            if ctx & blocked or (need and not ctx & need):
                continue
            out.append((start, end))
        return out  # hits are sorted (matcher.find)

    def _all(self, node: _Node) -> list[Span]:
        parts = node.parts
        anchors = self.spans(parts[0])
        if not anchors:
            return []
        others = []
        for part in parts[1:]:
            spans = self.spans(part)
            if not spans:
                return []
            others.append(spans)
        if node.within is None and not node.sentence and not node.same_owner:
            # Anywhere in the message: any one of each will do.
            return [(min(a[0], *(o[0][0] for o in others)), max(a[1], *(o[0][1] for o in others))) for a in anchors[:1]]
        context = self.context()
        out: list[Span] = []
        for anchor in anchors:
            start, end = anchor
            # Only what the condition asks about is looked up (the owner is a bisection).
            sentence = context.sentence(start) if node.sentence else -1
            owner = context.owner(start) if node.same_owner else NOBODY
            ok = True
            for spans in others:
                best = self._nearest(node, spans, anchor, sentence, owner)
                if best is None:
                    ok = False
                    break
                start, end = min(start, best[0]), max(end, best[1])
            if ok:
                out.append((start, end))
        out.sort()
        return out

    def _nearest(self, node: _Node, spans: list[Span], anchor: Span, sentence: int, owner: int) -> Span | None:
        """The span closest to the anchor that meets the condition's constraints (an All's), or None."""
        context = self.context()
        within, in_sentence, same_owner = node.within, node.sentence, node.same_owner
        lo, hi = 0, len(spans)
        # Spans are sorted by start: only look at those that can be near enough, or in the same sentence.
        if within is not None:
            longest = self._longest.get(id(spans))
            if longest is None:
                longest = self._longest[id(spans)] = max(end - start for start, end in spans)
            lo = bisect.bisect_left(spans, (anchor[0] - within - longest, -1))
            hi = bisect.bisect_right(spans, (anchor[1] + within, 1 << 30))
        if in_sentence:
            first, after = context.sentence_range(anchor[0])
            lo = max(lo, bisect.bisect_left(spans, (first, -1)))
            hi = min(hi, bisect.bisect_left(spans, (after, -1)))
        sentence_of = context.words.sentence
        best: Span | None = None
        best_distance = 1 << 30
        anchor_start, anchor_end = anchor
        for index in range(lo, hi):
            span = spans[index]
            # The gap between the two (0 when they touch or overlap), in compiled int compares, not a call to max.
            after_anchor, before_anchor = span[0] - anchor_end, anchor_start - span[1]
            distance = after_anchor if after_anchor > before_anchor else before_anchor
            if distance < 0:
                distance = 0
            if within is not None and distance > within:
                continue
            if in_sentence and sentence_of[span[0]] != sentence:
                continue
            if same_owner and owner:
                its_owner = context.owner(span[0])
                if its_owner and its_owner != owner:
                    continue
            if distance < best_distance:
                best, best_distance = span, distance
                if distance == 0:
                    break
        return best


_DERIVED_NAMES = frozenset(name for name, _ in DERIVED)
# Every concept a rule or a derived concept names, as a bit of a mask.
_BITS: dict[str, int] = {}
_NODES: dict[Cond, _Node] = {}
# At most this many clauses when "any of" two conditions is spelled out; beyond, one clause of them all.
_MAX_CLAUSES = 16


def _bit(concept: str) -> int:
    return _BITS.setdefault(concept, 1 << len(_BITS))


def _compile(cond: Cond) -> _Node:
    """The node of a condition (equal conditions share one), with the clauses it needs."""
    node = _NODES.get(cond)
    if node is not None:
        return node
    parts: tuple[_Node, ...] = ()
    if isinstance(cond, Term):
        derived = _DERIVED_NODES.get(cond.concept)
        # A derived concept holds where its condition does (or where a lexicon names it outright); one
        # named before it is defined is not checked beforehand.
        bit = _bit(cond.concept)
        if derived is not None:
            needs = tuple(dict.fromkeys(clause | bit for clause in derived[0].needs))
        else:
            needs = () if cond.concept in _DERIVED_NAMES else (bit,)
    else:
        parts = tuple(_compile(part) for part in cond.parts)
        if isinstance(cond, All):
            needs = tuple(dict.fromkeys(clause for part in parts for clause in part.needs))
        else:
            needs = parts[0].needs
            for part in parts[1:]:
                needs = _either(needs, part.needs)
    node = _NODES[cond] = _Node(len(_NODES), cond, parts, needs)
    return node


def _either(first: tuple[int, ...], second: tuple[int, ...]) -> tuple[int, ...]:
    """The clauses of "first or second": each clause of one joined with each of the other, or one of all."""
    if len(first) * len(second) <= _MAX_CLAUSES:
        return tuple(dict.fromkeys(a | b for a in first for b in second))
    joined = 0
    for clause in (*first, *second):
        joined |= clause
    return (joined,)


def _references(cond: Cond) -> frozenset[str]:
    if isinstance(cond, Term):
        return frozenset({cond.concept})
    return frozenset().union(*(_references(part) for part in cond.parts))


def _mask(names: frozenset[str]) -> int:
    out = 0
    for name in names:
        out |= _DERIVED_NODES[name][1] if name in _DERIVED_NODES else _bit(name)
    return out


# Derived concepts in order (each may use those before it), with the mask of the concepts it is made of.
_DERIVED_NODES: dict[str, tuple[_Node, int]] = {}
for _name, _cond in DERIVED:
    _DERIVED_NODES[_name] = (_compile(_cond), _mask(_references(_cond)))

# Each rule with its compiled conditions, the mask of the concepts it is made of, whether it is a partial sign, and its
# further exceptions with their reaches.
_RULES: tuple[tuple[Rule, _Node, _Node | None, int, bool, tuple[tuple[_Node, int | None], ...]], ...] = tuple(
    (
        rule,
        _compile(rule.when),
        None if rule.unless is None else _compile(rule.unless),
        _mask(_references(rule.when)),
        rule.kind is Kind.POSSIBLE,
        tuple((_compile(cond), reach) for cond, reach in rule.unless_also),
    )
    for rule in RULES
)
# Concepts that can make any rule fire; a message with none of them is done after matching.
_SUBJECTS = 0
for _row in _RULES:
    _SUBJECTS |= _row[3]
# Each rule keyed by the concepts of one clause it cannot hold without, the one of fewest concepts (its index
# under each of them): a message's candidate rules are gathered from the concepts it has.
_KEYED: dict[str, tuple[int, ...]] = {}
_UNKEYED: tuple[int, ...] = ()  # rules no concept keys: always looked at
for _index, _rule_row in enumerate(_RULES):
    _clause = min((*_rule_row[1].needs, _rule_row[3]), key=int.bit_count)
    if not _clause:
        _UNKEYED += (_index,)
    for _concept, _concept_bit in _BITS.items():
        if _clause & _concept_bit:
            _KEYED[_concept] = (*_KEYED.get(_concept, ()), _index)
# Each concept's bit, the bit's position (for the flags findings_of sets per message) and the rules it keys.
_CONCEPTS: dict[str, tuple[int, int, tuple[int, ...]]] = {
    _concept: (_concept_bit, _concept_bit.bit_length() - 1, _KEYED.get(_concept, ()))
    for _concept, _concept_bit in _BITS.items()
}
