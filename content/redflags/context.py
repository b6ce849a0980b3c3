"""The context of a finding: negated, asked about, in the past, habitual, a joke, someone else's.

Modelled on ConText/NegEx (Chapman et al.): cue words found by the lexicon (NEG, QUESTION, HISTORICAL...)
reach over a span of the sentence, and a finding inside that span takes the cue's context. Each cue has
its own reach:

- NEG reaches 4 words forward within its comma-part, stopped by BREAK ("but"); NEG_AFTER reaches back 2.
- QUESTION (at the start of a part) and INFO ("signs of", "can migraine cause") reach forward to the end
  of the sentence; CONDITIONAL ("if", "in case") to the end of its part. An ACUTE cue ("right now",
  "an hour ago", "since this morning") in the sentence overrides them: "is it normal that my arm went numb
  an hour ago" is a report, not a question.
- HISTORICAL ("years ago", "as a child") and HABITUAL ("always", "my usual") cover their segment (a
  comma-part, split at BREAK) in both directions, and their whole sentence when the segment is short and
  holds no finding of its own (", same as always"); ACUTE overrides HISTORICAL, never HABITUAL.
- JOKE ("lol") covers its sentence.
- A message with no first-person word that opens with a question is GENERIC: it is about the topic.

Cue words inside a longer concept phrase are part of that phrase, not cues: the "not" of
"not like my usual aura" or the "can't" of "can't speak" negate nothing.
"""

from __future__ import annotations

from enum import IntFlag

from content.redflags.matcher import Hit, Hits
from content.redflags.text import Words


class Ctx(IntFlag):
    """Why a finding might not be a report of a current personal symptom."""

    NONE = 0
    NEGATED = 1
    ASKED = 2  # a question or a request for information: "can migraine cause numbness?"
    HYPOTHETICAL = 4  # a condition or a plan: "if I ever...", "planning a pregnancy"
    HISTORICAL = 8
    HABITUAL = 16
    JOKE = 32
    GENERIC = 64


ALL_CONTEXTS = (
    Ctx.NEGATED | Ctx.ASKED | Ctx.HYPOTHETICAL | Ctx.HISTORICAL | Ctx.HABITUAL | Ctx.JOKE | Ctx.GENERIC
)
CUES = frozenset(
    {
        "NEG", "PSEUDO_NEG", "NEG_AFTER", "BREAK", "QUESTION", "LEAD", "INFO", "CONDITIONAL", "HISTORICAL",
        "HABITUAL", "ACUTE", "JOKE", "FIRST_PERSON", "OTHER_PERSON",
    }
)  # fmt: skip
# Cues that a concept phrase swallows ("not like my usual"); person words are never swallowed.
_SWALLOWED = frozenset({"NEG", "NEG_AFTER", "QUESTION", "INFO", "CONDITIONAL", "HISTORICAL", "HABITUAL"})
NEG_REACH = 4
SHORT_SEGMENT = 4
NEG_AFTER_REACH = 2
CONDITIONAL_REACH = 8
FIRST, OTHER, NOBODY = 1, 2, 0


class Context:
    """Answers "what is the context of words [start, end)?" for one message."""

    def __init__(self, words: Words, hits: Hits) -> None:
        self.words = words
        n = len(words.words)
        covered = [False] * n
        content = [False] * n  # words of any finding that is not a cue
        for concept, found in hits.items():
            if concept in CUES:
                continue
            for hit in found:
                for i in range(hit.start, hit.end):
                    content[i] = True
                    if hit.end - hit.start >= 2:
                        covered[i] = True
        pseudo = hits.get("PSEUDO_NEG", [])

        def active(concept: str) -> list[Hit]:
            found = hits.get(concept, [])
            if concept in _SWALLOWED:
                found = [h for h in found if not all(covered[i] for i in range(h.start, h.end))]
            if concept == "NEG" and pseudo:
                found = [h for h in found if not any(p.start <= h.start and h.end <= p.end for p in pseudo)]
            return found

        sentence, part = words.sentence, words.part
        # Segments: comma-parts cut at BREAK words ("but", "however"), for habit and history. A short
        # segment that is only the cue ("..., same as always") speaks for its whole sentence.
        breaks = {h.start for h in hits.get("BREAK", [])}
        segment = [0] * n
        current = 0
        for i in range(n):
            if i and (part[i] != part[i - 1] or i in breaks):
                current += 1
            segment[i] = current
        # Short segments with no finding of their own (", same as always"): their cues speak for the sentence.
        sizes: dict[int, int] = {}
        for value in segment:
            sizes[value] = sizes.get(value, 0) + 1
        bare = {v for v, size in sizes.items() if size <= SHORT_SEGMENT} - {segment[i] for i in range(n) if content[i]}
        self._segment = segment
        self._breaks = breaks
        self._neg = active("NEG")
        self._neg_after = active("NEG_AFTER")
        acute_sentences = {sentence[h.start] for h in hits.get("ACUTE", [])}
        acute_segments = {segment[h.start] for h in hits.get("ACUTE", [])}
        self._acute_sentences = acute_sentences
        def spread(cues: list[Hit]) -> set[int]:
            """The segments a cue covers: its own, or its whole sentence when it stands alone."""
            covered: set[int] = set()
            for h in cues:
                covered.add(segment[h.start])
                if segment[h.start] in bare:
                    covered.update(segment[i] for i in range(n) if sentence[i] == sentence[h.start])
            return covered

        self._historical = spread(active("HISTORICAL")) - acute_segments
        self._habitual = spread(active("HABITUAL"))
        self._joke = {sentence[h.start] for h in hits.get("JOKE", [])}
        # Where each question-like cue reaches: (from word, to word exclusive), stopped by BREAK words.
        sentence_end = _ends(sentence)
        part_end = _ends(part)
        next_break = _next(breaks, n)
        lead = {i for h in hits.get("LEAD", []) for i in range(h.start, h.end)}
        asked: list[tuple[int, int]] = []
        for h in active("QUESTION"):
            first = h.start
            while first > 0 and part[first - 1] == part[h.start] and (first - 1) in lead:
                first -= 1
            if first == 0 or part[first - 1] != part[h.start]:
                asked.append((h.start, min(sentence_end[h.start], next_break[h.end - 1])))
        asked.extend((h.start, min(sentence_end[h.start], next_break[h.end - 1])) for h in active("INFO"))
        hypothetical = [
            (h.start, min(part_end[h.start], h.end + CONDITIONAL_REACH, next_break[h.end - 1]))
            for h in active("CONDITIONAL")
        ]
        self._asked = [r for r in asked if sentence[r[0]] not in acute_sentences]
        self._hypothetical = [r for r in hypothetical if sentence[r[0]] not in acute_sentences]
        # Generic: no one's own words, and the message opens with a question ("what is a thunderclap?").
        first_person = hits.get("FIRST_PERSON", [])
        self.generic = not first_person and not acute_sentences and any(a == 0 or (
            all(i in lead for i in range(a))) for a, _ in asked)
        owner = [NOBODY] * n
        starts: dict[int, int] = {}
        for h in first_person:
            starts.setdefault(h.start, FIRST)
        for h in hits.get("OTHER_PERSON", []):
            starts[h.start] = OTHER
        state = NOBODY
        for i in range(n):
            state = starts.get(i, state)
            owner[i] = state
        self._owner = owner
        self._cache: dict[tuple[int, int], Ctx] = {}

    def of(self, start: int, end: int) -> Ctx:
        """The contexts of the words [start, end)."""
        key = (start, end)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._compute(start, end)
        return found

    def owner(self, start: int) -> int:
        """Whose the words at `start` are about: FIRST, OTHER, or NOBODY when no one was named yet."""
        return self._owner[start] if start < len(self._owner) else NOBODY

    def sentence(self, start: int) -> int:
        """The sentence number of a word."""
        return self.words.sentence[start]

    def _compute(self, start: int, end: int) -> Ctx:
        words = self.words
        ctx = Ctx.NONE
        if self.generic:
            ctx |= Ctx.GENERIC
        if self._negated(start, end):
            ctx |= Ctx.NEGATED
        if any(a <= start < b for a, b in self._asked):
            ctx |= Ctx.ASKED
        if any(a <= start < b for a, b in self._hypothetical):
            ctx |= Ctx.HYPOTHETICAL
        segment = self._segment[start]
        if segment in self._historical:
            ctx |= Ctx.HISTORICAL
        if segment in self._habitual:
            ctx |= Ctx.HABITUAL
        if words.sentence[start] in self._joke:
            ctx |= Ctx.JOKE
        return ctx

    def _negated(self, start: int, end: int) -> bool:
        part = self.words.part
        for cue in self._neg:
            if start <= cue.start and cue.end <= end:
                return True  # "my neck isn't stiff": the cue sits inside a finding made of two concepts
            if cue.end <= start and start - cue.end <= NEG_REACH and part[cue.start] == part[start]:
                if not any(cue.end <= b < start for b in self._breaks):
                    return True
        return any(
            end <= cue.start and cue.start - end <= NEG_AFTER_REACH and part[cue.start] == part[end - 1]
            for cue in self._neg_after
        )


def _next(marks: set[int], n: int) -> list[int]:
    """For each word, the index of the next marked word after it (n when there is none)."""
    out = [n] * n
    following = n
    for i in range(n - 1, -1, -1):
        out[i] = following
        if i in marks:
            following = i
    return out


def _ends(groups: tuple[int, ...]) -> list[int]:
    """For each word, the index just past the last word of its group."""
    n = len(groups)
    out = [n] * n
    end = n
    for i in range(n - 1, -1, -1):
        if i + 1 < n and groups[i + 1] != groups[i]:
            end = i + 1
        out[i] = end
    return out
