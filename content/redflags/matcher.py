"""Find every concept of a lexicon in a message: phrases through the trie, then numbers and durations.

Each word is looked up once per process (a bounded cache): its exact form, the prefixes and classes it
belongs to, whether it is a number, and, for a word the lexicon does not know, the lexicon word it is one
typo away from. Walking the trie from every word is then a few dictionary lookups per word.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from itertools import pairwise
from typing import Final, NamedTuple

from rapidfuzz.distance import DamerauLevenshtein

from content.redflags.lexicon import (
    NUMBER,
    ORDINAL,
    SHORTEST_FUZZY,
    UNIT_HOURS,
    DurationWords,
    Edge,
    Lexicon,
    class_edge,
    load_lexicon,
    prefix_edge,
)
from content.redflags.text import Words
from content.redflags.trie import End, Guard, Node

DURATION: Final = "DURATION"
AGO: Final = "AGO"
# "it started 4 days ago": how long since it began, which is how long it lasts only if it is still going.
BEGAN_AGO: Final = "BEGAN_AGO"
LEADING_AGE = (18, 110)
# The lowest body temperature written in Fahrenheit that an age with a sex letter could be mistaken for (95 F).
FAHRENHEIT_LOW = 95
# Weeks of a pregnancy worth naming alone at the start of a message; fewer is more likely "2 weeks of...".
PREGNANCY_WEEKS = (12, 42)
# Words seen by a process are few (a vocabulary); the bound only guards against junk floods.
_CACHE_LIMIT: Final = 200_000
# A year of birth ("1959 г.р."; "58 года рождения", the short concept's): its hits carry the year, read as an
# AGE hit of the age it gives this year, so that no lexicon holds a list of years that goes stale each January.
BIRTH_YEAR, BIRTH_YEAR_SHORT = "BIRTH_YEAR", "BIRTH_YEAR_SHORT"
AGE_AT: Final = "AGE_AT"


class Hit(NamedTuple):
    """A concept found at words [start, end), with the number it carries (hours for durations)."""

    start: int
    end: int
    value: float | None = None


Hits = dict[str, list[Hit]]
# Hits that carry no number, made once per process and shared (a Hit is immutable): a long message finds hundreds,
# and one built per finding (tuple.__new__ on a named tuple, three tuples) was a fifth of the phrase walk's work.
# Kept for the first _PLAIN_STARTS words and spans of fewer than _PLAIN_SIZES words; others are built as before.
# Final: compiled, the bounds are constants and the table a static, not names looked up in the module per hit.
_PLAIN_STARTS: Final = 4096
_PLAIN_SIZES: Final = 8
_PLAIN: Final[list[Hit | None]] = [None] * (_PLAIN_STARTS * _PLAIN_SIZES)


def plain_hit(start: int, end: int) -> Hit:
    """Hit(start, end) with no number, the same object each time for a short span near the start of a message."""
    size = end - start
    if 0 < size < _PLAIN_SIZES and 0 <= start < _PLAIN_STARTS:
        index = start * _PLAIN_SIZES + size
        hit = _PLAIN[index]
        if hit is None:
            hit = _PLAIN[index] = tuple.__new__(Hit, (start, end, None))
        return hit
    return tuple.__new__(Hit, (start, end, None))


# Phrases as word tuples grouped by length, longest first.
_ByLength = tuple[tuple[int, frozenset[tuple[str, ...]]], ...]


class _Word:
    """What the matcher knows of a word wherever it stands, worked out once per word.

    A class with slots rather than a named tuple: the phrase walk reads a few of these fields for most words of
    a message, and a slot is read several times faster than a named tuple's field.
    """

    __slots__ = (
        "after", "counts", "edges", "marked", "nexts", "number", "ordinal", "starts", "tens", "unit", "weekday",
    )  # fmt: skip

    def __init__(
        self,
        edges: tuple[Edge, ...],
        starts: tuple[End, ...],
        nexts: tuple[Node, ...],
        number: tuple[float, int] | None,
        ordinal: bool,
        counts: bool,
        unit: bool,
        weekday: bool,
        tens: bool = False,
    ) -> None:
        self.edges = edges  # the trie edges it can follow
        # Its one-word phrases: the concept, the value a hit carries, and the guard when the group's words
        # before or after must be checked (None when there are none to check).
        self.starts = starts
        self.nexts = nexts  # the root children longer phrases continue from
        self.number = number  # the number it is alone ("38", "seven")
        self.ordinal = ordinal  # whether it may start an ordinal ("4th", "fourth")
        self.counts = counts  # whether one of its phrases goes on with a number or an ordinal
        self.unit = unit  # whether it is a unit of time ("days")
        self.weekday = weekday  # whether it names a day of the week
        self.tens = tens  # whether it is a multiple of ten a unit may follow ("sixty" of "sixty three"): a number too
        # Whether anything starts at it: a phrase, a number, an ordinal, a unit of time or a weekday. The phrase
        # walk skips the other words.
        self.marked = bool(starts or nexts or number is not None or ordinal or unit or weekday)
        # For each next word met, where its phrases go on with it (numbers aside): the nodes reached and whether
        # each was reached over a filler (its phrases recorded already); empty when none goes on.
        self.after: dict[str, tuple[tuple[Node, bool], ...]] = {}


# The record every slot of a message's list of records holds until its word's is set (find): never read.
_UNSEEN: Final = _Word((), (), (), None, False, False, False, False)


# How many words after an ordinal day of another stretch a word that the attack began with it may come.
_SAME_START: Final = 16


class _Around(NamedTuple):
    """A lexicon's duration words as sets and phrases by length, looked up many times per long message."""

    before: _ByLength
    after: _ByLength
    longer: _ByLength
    half: _ByLength
    halves: tuple[tuple[str, ...], ...]
    since: _ByLength
    fillers: frozenset[str]
    ago: frozenset[str]
    day_words: frozenset[str]
    now: frozenset[str]
    and_words: frozenset[str]
    of_words: frozenset[str]
    at_least: _ByLength
    more: _ByLength
    began: _ByLength
    ordinal_day: _ByLength
    other_day: _ByLength
    same_start: _ByLength
    unbroken: frozenset[str]

    @classmethod
    def of(cls, words: DurationWords) -> _Around:
        return cls(
            _by_length(words.before),
            _by_length(words.after),
            _by_length(words.longer),
            _by_length(words.half),
            tuple(tuple(half.split()) for half in words.half),
            _by_length(words.since),
            frozenset(words.fillers),
            frozenset(words.ago),
            frozenset(words.day_words),
            frozenset(words.now),
            frozenset(words.and_words),
            frozenset(words.of_words),
            _by_length(words.at_least),
            _by_length(words.more),
            _by_length(words.began),
            _by_length(words.ordinal_day),
            _by_length(words.other_day),
            _by_length(words.same_start),
            frozenset(words.unbroken),
        )


class Matcher:
    """The concept finder of one language."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._edges: dict[str, tuple[Edge, ...]] = {}
        self._words: dict[str, _Word] = {}
        self._dead_words = 0  # entries in the words' `after` tables, bounded with the caches
        # Where a node goes on a word is kept on the node (trie.Node.steps): the nodes holding some, and how many.
        self._stepped: list[Node] = []
        self._step_count = 0
        self._around = _Around.of(lexicon.durations)
        # The words a rewrite of one word or of a phrase starts at.
        self._rewritten_from = frozenset(lexicon.rewrites) | frozenset(lexicon.phrase_rewrites)

    def find(self, words: Words) -> Hits:
        """Return the hits of every concept in the words, phrases first, then durations."""
        tokens = words.words
        known = self._words
        if len(known) >= _CACHE_LIMIT or self._dead_words >= _CACHE_LIMIT:
            known.clear()
            self._dead_words = 0
        # Each word's record is looked up, and the few words that are numbers, ordinals, units or weekdays picked
        # out, in one compiled pass: each pass after the phrases looks at its own kind only, not at every word of a
        # long message. Only a marked word can be any of them (_Word.marked), and the loop reads a word's fields
        # directly (and a dict's get is cheaper than its __getitem__ called by map).
        # The lists are made at their length and filled in place (an append per word, two per word, cost more); a
        # word's number is set only where it has one, which only a marked word has.
        records: list[_Word] = [_UNSEEN] * len(tokens)
        numbers: list[tuple[float, int] | None] = [None] * len(tokens)
        marked: list[int] = []
        starts_ordinal: list[int] = []
        units: list[int] = []
        named_days: list[int] = []
        tens: list[int] = []
        for i, token in enumerate(tokens):
            seen = known.get(token)
            record = self._word(token) if seen is None else seen
            records[i] = record
            if record.marked:
                number = record.number
                if number is not None:
                    numbers[i] = number
                marked.append(i)
                if record.ordinal:
                    starts_ordinal.append(i)
                if record.unit:
                    units.append(i)
                if record.weekday:
                    named_days.append(i)
                if record.tens:
                    tens.append(i)
        numbers = self._numbers(tokens, numbers, tens)
        # Compiled loops, not itertools.compress over a range: that made an int object per word of the message.
        counted = [i for i, found in enumerate(numbers) if found is not None]
        ordinals: list[tuple[float, int] | None] = [None] * len(tokens)
        for i in starts_ordinal:
            ordinals[i] = self._ordinal(tokens, i)
        ordered = [i for i in starts_ordinal if ordinals[i] is not None]
        hits: Hits = {}
        self._phrases(tokens, words.sentence, records, numbers, ordinals, marked, hits)
        self._durations(tokens, numbers, words.sentence, units, hits)
        self._ordinal_days(tokens, ordinals, ordered, hits)
        self._leading_age(tokens, numbers, counted, words.part, words.sentence, hits)
        self._leading_weeks(tokens, numbers, words.part, hits)
        self._weekday_span(tokens, named_days, hits)
        self._date_span(tokens, ordinals, ordered, hits)
        self._clock_span(tokens, numbers, counted, words.sentence, words.slashed, hits)
        if AGE_AT in hits:
            # "в 18:40" is a clock time, not an age "в 18": the colon is gone, two-digit minutes follow the hour.
            kept = [hit for hit in hits[AGE_AT] if not _minutes_at(tokens, hit[1])]
            if kept:
                hits[AGE_AT] = kept
            else:
                del hits[AGE_AT]
        if BIRTH_YEAR in hits or BIRTH_YEAR_SHORT in hits:
            _ages_from_birth_years(hits, datetime.now(UTC).year)
        for found in hits.values():
            # Rules look spans up by position. Two phrases of a concept may cover the same words, one reading
            # a number and one not ("took #N", "took 5"): a hit without a number sorts after, never against, one with.
            # Hits sort as plain tuples (no key called per hit) unless such a pair makes the tuples incomparable;
            # both orders are the same, since hits at different words never compare their numbers.
            # Most lists come out of the walk in order already (one word's hits at a time): those are left as they are.
            if len(found) > 1 and not in_order(found):
                try:
                    found.sort()
                except TypeError:
                    found.sort(key=_position)
        return hits

    def _word(self, token: str) -> _Word:
        """What a word does wherever it stands: its edges, its phrases at the root, number and ordinal."""
        edges = self.edges_of(token)
        ends: list[End] = []
        nexts: list[Node] = []
        starters = self.lexicon.root.edges
        for edge in edges:
            child = starters.get(edge)
            if child is not None:
                ends.extend(child.ends)
                if child.edges:
                    nexts.append(child)
        lex = self.lexicon
        # Digit tokens are "38" or "38.5" (text.py), so float() always reads them.
        digits = token[0].isdigit()
        value = float(token) if digits else lex.numbers.get(token)
        ordinal = digits or token in lex.ordinals
        unit = token in lex.unit_of
        weekday = token in lex.weekdays
        record = self._words[token] = _Word(
            edges,
            tuple(ends),
            tuple(nexts),
            None if value is None else (value, 1),
            ordinal,
            any(NUMBER in node.edges or ORDINAL in node.edges for node in nexts),
            unit,
            weekday,
            token in lex.tens,
        )
        return record

    def _step(self, node: Node, token: str, record: _Word) -> tuple[tuple[Node, ...], bool]:
        """Where a node goes on a word (its children by the word's edges), and whether the word is a filler."""
        known = node.steps
        step = known.get(token)
        if step is None:
            children = node.edges
            step = (tuple(children[edge] for edge in record.edges if edge in children), token in self.lexicon.fillers)
            if not known:
                self._stepped.append(node)
            known[token] = step
            self._step_count += 1
        return step

    def _first_step(self, record: _Word, token: str, following: _Word) -> tuple[tuple[Node, bool], ...]:
        """Where a word's phrases go on with the next word (numbers aside), remembered per word and next word."""
        found: list[tuple[Node, bool]] = []
        for node in record.nexts:
            kids, filler = self._step(node, token, following)
            found.extend((child, False) for child in kids)
            if filler:
                found.append((node, True))
        step = tuple(found)
        if self._dead_words < _CACHE_LIMIT:
            self._dead_words += 1
            record.after[token] = step
        return step

    def _phrases(
        self,
        tokens: tuple[str, ...],
        sentence: tuple[int, ...],
        records: list[_Word],
        numbers: list[tuple[float, int] | None],
        ordinals: list[tuple[float, int] | None],
        marked: list[int],
        hits: Hits,
    ) -> None:
        """Walk the trie from every marked word; a phrase never crosses a sentence end.

        Between two words of a phrase one filler word may stand ("went completely black"). What a word
        does at the root (its one-word phrases, and the nodes it continues from) is cached per word, and
        where a node goes on a word per node and word.
        """
        starters = self.lexicon.root.edges
        number_root = starters.get(NUMBER)
        ordinal_root = starters.get(ORDINAL)
        if self._step_count >= _CACHE_LIMIT:
            for stepped in self._stepped:
                stepped.steps.clear()
            self._stepped.clear()
            self._step_count = 0
        new = tuple.__new__  # Hit(...) without the Python-level __new__ of a named tuple
        n = len(tokens)
        doubled: set[str] = set()  # the concepts found twice at one start word
        for start in marked:
            record = records[start]
            for concept, value, guard in record.starts:
                if guard is not None and not _allowed(guard, tokens, sentence, start, start + 1):
                    continue
                found = hits.get(concept)
                hit = plain_hit(start, start + 1) if value is None else new(Hit, (start, start + 1, value))
                if found is None:
                    hits[concept] = [hit]
                else:
                    if found[-1].start == start:
                        doubled.add(concept)
                    found.append(hit)
            number = numbers[start]
            ordinal = ordinals[start]
            nexts = record.nexts
            if not nexts and number is None and ordinal is None:
                continue
            here = sentence[start]
            at = start + 1
            # (node, next word, number read, whether the node's phrases were recorded already)
            stack: list[tuple[Node, int, float | None, bool]] = []
            if nexts and at < n and sentence[at] == here:
                # The first step from the word's own nodes (their phrases are its one-word ones, recorded
                # above) is remembered per word and next word: most words start phrases that the next word
                # does not go on with, and most walks end a step or two later.
                token = tokens[at]
                first = record.after.get(token)
                if first is None:
                    first = self._first_step(record, token, records[at])
                number_at, ordinal_at = numbers[at], ordinals[at]
                if number_at is None and ordinal_at is None:
                    if not first and number is None and ordinal is None:
                        continue
                elif record.counts:
                    for node in nexts:
                        children = node.edges
                        if number_at is not None and NUMBER in children:
                            stack.append((children[NUMBER], at + number_at[1], number_at[0], False))
                        if ordinal_at is not None and ORDINAL in children:
                            stack.append((children[ORDINAL], at + ordinal_at[1], ordinal_at[0], False))
                after = at + 1
                for node, recorded in first:
                    stack.append((node, after, None, recorded))
            elif number is None and ordinal is None:
                continue
            if number is not None and number_root is not None:
                stack.append((number_root, start + number[1], number[0], False))
            if ordinal is not None and ordinal_root is not None:
                stack.append((ordinal_root, start + ordinal[1], ordinal[0], False))
            while stack:
                node, at, value, recorded = stack.pop()
                if not recorded:
                    for concept, fixed, guard in node.ends:
                        if guard is not None and not _allowed(guard, tokens, sentence, start, at):
                            continue
                        found = hits.get(concept)
                        carried = fixed if fixed is not None else value
                        hit = plain_hit(start, at) if carried is None else new(Hit, (start, at, carried))
                        if found is None:
                            hits[concept] = [hit]
                        else:
                            if found[-1].start == start:
                                doubled.add(concept)
                            found.append(hit)
                children = node.edges
                if not children or at >= n or sentence[at] != here:
                    continue
                # Where a node goes on a word depends only on the two: cached, it is one lookup.
                token = tokens[at]
                step = node.steps.get(token)
                if step is None:
                    step = self._step(node, token, records[at])
                kids, filler = step
                for child in kids:
                    stack.append((child, at + 1, value, False))
                number = numbers[at]
                if number is not None and NUMBER in children:
                    stack.append((children[NUMBER], at + number[1], number[0] if value is None else value, False))
                ordinal = ordinals[at]
                if ordinal is not None and ORDINAL in children:
                    stack.append((children[ORDINAL], at + ordinal[1], ordinal[0] if value is None else value, False))
                if filler:
                    stack.append((node, at + 1, value, True))
        # A word can reach one phrase twice (as "headache" and as "headache*"): keep each hit once. Every hit is
        # made at its start word, in order of starts, so only a concept with two hits at one start can hold one twice.
        for concept in doubled:
            hits[concept] = _unique(hits[concept])

    def rewrite(self, words: Words) -> Words:
        """Apply the lexicon's rewrites ("cannot" -> "cant", "no consigo" -> "no puedo"), keeping sentence and part
        numbers (a phrase's words stand together in one part)."""
        return self.applied(words, self.rewritten(words))

    @staticmethod
    def applied(words: Words, rewritten: tuple[list[str], list[int] | None] | None) -> Words:
        """The words ``rewritten`` (as ``rewritten`` returned them) gave, with their sentence and part numbers."""
        if rewritten is None:
            return words
        out, origin = rewritten
        if origin is None:
            return Words(tuple(out), words.sentence, words.part, words.questions, words.slashed)
        # Compiled comprehensions index the tuples directly; map over a bound __getitem__ is a call per word.
        sentence, part = words.sentence, words.part
        sentences = tuple([sentence[i] for i in origin])
        parts = tuple([part[i] for i in origin])
        slashed = (
            frozenset([at for at, i in enumerate(origin) if i in words.slashed]) if words.slashed else words.slashed
        )
        return Words(tuple(out), sentences, parts, words.questions, slashed)

    def rewritten(self, words: Words) -> tuple[list[str], list[int] | None] | None:
        """The rewritten words, each with the index of the original word it came from; None when nothing changes.

        The indexes are None when each word stands at its own place (every rewrite gave as many words as it took):
        most messages, for which a list of a long message's word indexes was built and compared to no purpose.
        """
        rewrites, phrases = self.lexicon.rewrites, self.lexicon.phrase_rewrites
        tokens = words.words
        n = len(tokens)
        # The words a rewrite starts at, found by a compiled loop; none, and nothing changes (one pass over the
        # message, not a check against each table first).
        rewritten_from = self._rewritten_from
        starts = [i for i, token in enumerate(tokens) if token in rewritten_from]
        if not starts:
            return None
        out: list[str] = []
        origin: list[int] | None = None  # built from the first rewrite that changes the number of words
        parts = words.part
        index = 0  # the first word not yet copied or rewritten
        # Only the words a rewrite starts at are looked at one by one (found above); the words between
        # them are copied a run at a time.
        for at in starts:
            if at < index:
                continue  # inside a phrase rewritten already
            out += tokens[index:at]
            if origin is not None:
                origin += range(index, at)
            index = at
            token = tokens[at]
            for rest, replacement in phrases.get(token, ()):
                end = index + 1 + len(rest)
                if end <= n and tokens[index + 1 : end] == rest and parts[end - 1] == parts[index]:
                    out.extend(replacement)
                    if origin is None and len(replacement) != end - index:
                        origin = list(range(index))  # every word so far stands at its own place
                    if origin is None:
                        index = end
                        break
                    # Each word of the replacement stands for the phrase's word at its place, and its last word for
                    # the phrase's last ("no llego a" -> "no puedo": "puedo" ends where "a" does).
                    last = len(replacement) - 1
                    origin.extend(end - 1 if k == last else min(index + k, end - 1) for k in range(len(replacement)))
                    index = end
                    break
            else:
                pieces = rewrites.get(token, (token,))
                out += pieces
                if origin is None and len(pieces) != 1:
                    origin = list(range(index))
                if origin is not None:
                    origin += [index] * len(pieces)
                index += 1
        out += tokens[index:]
        if origin is not None:
            origin += range(index, n)
        return out, origin

    def edges_of(self, token: str) -> tuple[Edge, ...]:
        """The trie edges a word can follow: itself, its prefixes and classes, a number, or a typo's word."""
        found = self._edges.get(token)
        if found is not None:
            return found
        lex = self.lexicon
        result: list[Edge] = []
        if token in lex.words:
            result.append(token)
        result.extend(
            prefix_edge(token[:n]) for n in lex.prefix_lengths if n <= len(token) and token[:n] in lex.prefixes
        )
        result.extend(class_edge(name) for name, members in lex.classes.items() if token in members)
        # A plural or third-person "s" the lexicon did not spell out: "headaches", "auras", "droops".
        # A lexicon that spells out a plural itself keeps the two apart ("headaches" is not one attack).
        plural = len(token) >= SHORTEST_FUZZY and token[-1] == "s" and token[-2] != "s"
        if plural and token not in lex.words and token[:-1] in lex.words:
            result.append(token[:-1])
        known = bool(result) or token in lex.numbers or token in lex.ordinals or token[0].isdigit()
        if not known and len(token) >= SHORTEST_FUZZY and token.isalpha() and token not in lex.not_typos:
            result.extend(self._typo_of(token))
            result.extend(prefix_edge(token[:n]) for n in lex.prefix_lengths if token[:n] in lex.prefixes)
        # An ending typed as it sounds ("двигаеца"), a prefix's word too: the word as spelled ("двигается"), typos too.
        for ending, spellings in lex.sound_endings:
            if token.endswith(ending) and len(token) > len(ending) + 2 and token not in lex.words:
                for spelling in spellings:
                    result.extend(e for e in self.edges_of(token[: -len(ending)] + spelling) if e not in result)
        if len(self._edges) >= _CACHE_LIMIT:
            self._edges.clear()
        found = self._edges[token] = tuple(result)
        return found

    def _typo_of(self, token: str) -> list[str]:
        """Lexicon words one edit away (a deletion, insertion, substitution or swap), same first letter."""
        index = self.lexicon.fuzzy
        candidates: set[str] = set()
        for variant in {token, *(token[:i] + token[i + 1 :] for i in range(len(token)))}:
            candidates.update(index.get(variant, ()))
        return sorted(
            word
            for word in candidates
            if word[0] == token[0] and DamerauLevenshtein.distance(word, token, score_cutoff=1) <= 1
        )

    def _numbers(
        self, tokens: tuple[str, ...], out: list[tuple[float, int] | None], tens: list[int]
    ) -> list[tuple[float, int] | None]:
        """For each word, the number starting there and how many words it takes ("sixty three" is 2), given each
        word's number alone (changed in place) and the words that are tens, in order (found with the words' records,
        not looked up again in the lexicon's set, word by word)."""
        lex = self.lexicon
        get = lex.numbers.get
        for i in tens:
            j = i + 1
            if j < len(tokens) and tokens[j] in lex.joiners:
                j += 1
            unit = get(tokens[j]) if j < len(tokens) else None
            if unit is not None and 1 <= unit <= 9:
                out[i] = (get(tokens[i], 0.0) + unit, j - i + 1)
        return out

    def _ordinal(self, tokens: tuple[str, ...], i: int) -> tuple[float, int] | None:
        lex = self.lexicon
        if tokens[i] in lex.ordinals:
            return float(lex.ordinals[tokens[i]]), 1
        value = _digits(tokens[i]) if tokens[i][0].isdigit() else None
        if value is not None and i + 1 < len(tokens) and tokens[i + 1] in lex.ordinal_suffixes:
            return value, 2
        return None

    def _durations(
        self,
        tokens: tuple[str, ...],
        numbers: list[tuple[float, int] | None],
        sentence: tuple[int, ...],
        units: list[int],
        hits: Hits,
    ) -> None:
        """Add DURATION hits for "for 3 days", "4 whole days now", "an hour and a half", "day 4 of"..."""
        lex = self.lexicon
        words = self._around
        unit_of = lex.unit_of
        for i in units:  # the words that are units of time
            token = tokens[i]
            unit = unit_of[token]
            if token in words.day_words and i + 1 < len(tokens) and numbers[i + 1] is not None:
                day = numbers[i + 1][0]  # type: ignore[index]
                if 1 <= day <= 60 and (i + 2 >= len(tokens) or tokens[i + 2] not in lex.unit_of):
                    hits.setdefault(DURATION, []).append(Hit(i, i + 2, (day - 0.5) * unit))
                    continue
            start, quantity = self._quantity(tokens, numbers, i)
            if quantity is None:
                if token in words.day_words and i > 0:
                    ordinal = self._ordinal_before(tokens, i)
                    if ordinal is not None and not self._other_day(tokens, ordinal[1], i):
                        hits.setdefault(DURATION, []).append(Hit(ordinal[1], i + 1, (ordinal[0] - 0.5) * unit))
                continue
            if start > 0 and numbers[start] is None and numbers[start - 1] is not None and tokens[start] not in unit_of:
                continue  # "2 a month", "3 a week": a number then "a month" is how often, not how long
            hours = quantity * unit
            end = i + 1
            compound = False
            half = _phrase_at(tokens, end, words.half)
            if half:
                hours += unit / 2
                end += half
            elif end + 2 < len(tokens) and tokens[end] in words.and_words and sentence[end] == sentence[i]:
                more_start, more = self._quantity(tokens, numbers, end + 2)
                more_unit = lex.unit_of.get(tokens[end + 2]) if end + 2 < len(tokens) else None
                unit_end = end + 3
                # The second amount may take two amount words ("3 days and a few hours").
                for more_at in (end + 3, end + 4):
                    if (
                        (more is not None and more_unit is not None)
                        or more_at >= len(tokens)
                        or tokens[more_at] not in lex.unit_of
                    ):
                        continue
                    more_start, more = self._quantity(tokens, numbers, more_at)
                    more_unit = lex.unit_of.get(tokens[more_at])
                    unit_end = more_at + 1
                if more is not None and more_unit is not None and more_start > end:
                    hours += more * more_unit
                    # tuneZ10-en (set Z10): an amount made of two units ("3 days and a few hours, pain 7/10") is
                    # how long something has lasted, with no lead word, unless "ago" follows it (when it began).
                    compound = unit_end >= len(tokens) or tokens[unit_end] not in words.ago
            # A lead word belongs to the nearest amount: in "for 3 days last month" the "for" is not last month's.
            reach = next((start - k - 1 for k in range(start - 1, max(-1, start - 4), -1) if tokens[k] in unit_of), 3)
            if reach and _ends_before(tokens, start, words.longer, reach):
                hours += 0.01
            # "70 odd hours" is 70 to 79, read as its middle; "72 hours and then some" is just over 72.
            if _around_amount(tokens, start, i, end, words.more):
                hours += 5 * unit if quantity >= 20 and quantity % 10 == 0 else 0.01
            elif _around_amount(tokens, start, i, end, words.at_least):
                hours += 0.01
            concept = None
            if end < len(tokens) and tokens[end] in words.ago:
                concept = AGO
                if reach and _ends_before(tokens, start, words.began, reach):
                    hits.setdefault(BEGAN_AGO, []).append(Hit(start, end + 1, hours))
            elif (
                (reach and _ends_before(tokens, start, words.before, reach))
                or _phrase_at(tokens, end, words.after)
                or (start > 0 and tokens[start - 1] in words.unbroken and _unbroken_before(hits, start - 1))
                or compound
            ):
                concept = DURATION
            if concept is not None:
                hits.setdefault(concept, []).append(Hit(start, end, hours))

    def _ordinal_days(
        self, tokens: tuple[str, ...], ordinals: list[tuple[float, int] | None], ordered: list[int], hits: Hits
    ) -> None:
        """Add a DURATION for an ordinal that stands for a day of the attack ("la mia va por el cuarto")."""
        leads = self._around.ordinal_day
        if not leads:
            return
        unit_of = self.lexicon.unit_of
        for i in ordered:  # the words that start an ordinal
            found = ordinals[i]
            if found is None or not 1 <= found[0] <= 60:
                continue
            after = i + found[1]
            if (after >= len(tokens) or tokens[after] not in unit_of) and _ends_before(tokens, i, leads, 1):
                hits.setdefault(DURATION, []).append(Hit(i, after, (found[0] - 0.5) * 24.0))

    def _quantity(
        self, tokens: tuple[str, ...], numbers: list[tuple[float, int] | None], unit_at: int
    ) -> tuple[int, float | None]:
        """The amount before a unit word, skipping fillers ("4 whole days", "a couple of days")."""
        lex = self.lexicon
        around = self._around
        j = unit_at - 1
        while j >= 0 and tokens[j] in around.fillers:
            j -= 1
        if j < 0:
            return unit_at, None
        # "three and a half days": the half sits between the number and the unit.
        for parts in around.halves:
            if j - len(parts) >= 0 and tokens[j - len(parts) + 1 : j + 1] == parts:
                start, whole = self._quantity(tokens, numbers, j - len(parts) + 1)
                if whole is not None:
                    return start, whole + 0.5
        for k in range(max(0, j - 2), j + 1):
            found = numbers[k]
            if found is not None and k + found[1] - 1 == j:
                return k, found[0]
        if tokens[j] in lex.quantities:
            amount = lex.quantities[tokens[j]]
            # Amount words in a row multiply: "half an hour" is half of one hour, not an hour.
            if j >= 1 and tokens[j - 1] in lex.quantities and numbers[j - 1] is None:
                return j - 1, lex.quantities[tokens[j - 1]] * amount
            return j, amount
        if j >= 1 and tokens[j - 1] in lex.quantities and tokens[j] in around.of_words:
            return j - 1, lex.quantities[tokens[j - 1]]
        return unit_at, None

    def _other_day(self, tokens: tuple[str, ...], start: int, day_at: int) -> bool:
        """Whether an ordinal day counts another stretch of time ("пошёл четвёртый день отпуска"), unless a lead word
        of a span of its own comes before it ("голова болит уже пятый день отпуска": the attack's days too) or the
        attack is said to have begun with that stretch soon after it ("шестой день отпуска, болит с первого дня")."""
        words = self._around
        if not _phrase_at(tokens, day_at + 1, words.other_day):
            return False
        reach = min(len(tokens), day_at + _SAME_START)
        if any(_phrase_at(tokens, k, words.same_start) for k in range(day_at + 1, reach)):
            return False  # "... с первого дня": the attack began with that stretch, its days are the attack's
        return not _ends_before(tokens, start, words.before, 1) or _ends_before(tokens, start, words.ordinal_day, 1)

    def _ordinal_before(self, tokens: tuple[str, ...], day_at: int) -> tuple[float, int] | None:
        for back in (1, 2):
            start = day_at - back
            if start >= 0:
                found = self._ordinal(tokens, start)
                if found is not None and start + found[1] == day_at:
                    return found[0], start
        return None

    def _leading_age(
        self,
        tokens: tuple[str, ...],
        numbers: list[tuple[float, int] | None],
        counted: list[int],
        part: tuple[int, ...],
        sentence: tuple[int, ...],
        hits: Hits,
    ) -> None:
        """A message or a sentence that opens with a bare adult age ("63, never had headaches", "am I too old
        for this? 67, first time ever") states the age."""
        starts = [0] if tokens else []
        if tokens and sentence[-1] != sentence[0]:
            starts += [i for i in counted if i and sentence[i] != sentence[i - 1]]  # the words that are numbers
        for start in starts:
            found = numbers[start]
            if found is None or not LEADING_AGE[0] <= found[0] <= LEADING_AGE[1]:
                continue
            end = start + found[1]
            # "52 f, ..." or "67M here": a sex letter after the age is how forms and forums write it.
            marked = end < len(tokens) and tokens[end] in self.lexicon.age_marks
            if marked:
                end += 1
            # tuneZ10-en (set Z10): with a sex letter the age stands even when its part goes on ("70f new headache +
            # jaw hurts"), below the readings in Fahrenheit ("101 f and shivering").
            sexed = marked and tokens[end - 1] in self.lexicon.sex_marks and found[0] < FAHRENHEIT_LOW
            if (
                sexed
                or end >= len(tokens)
                or part[end] != part[start]
                or tokens[end] in self.lexicon.durations.and_words
            ):
                hits.setdefault("AGE", []).append(Hit(start, end, found[0]))

    def _leading_weeks(
        self, tokens: tuple[str, ...], numbers: list[tuple[float, int] | None], part: tuple[int, ...], hits: Hits
    ) -> None:
        """A message that opens with a bare week count of a pregnancy ("36 weeks, headache...") is pregnant."""
        found = numbers[0] if tokens else None
        if found is None or not PREGNANCY_WEEKS[0] <= found[0] <= PREGNANCY_WEEKS[1]:
            return
        end = found[1]
        weeks = end < len(tokens) and self.lexicon.unit_of.get(tokens[end]) == UNIT_HOURS["week"]
        if weeks and (end + 1 >= len(tokens) or part[end + 1] != part[0]):
            hits.setdefault("PREGNANT", []).append(Hit(0, end + 1, found[0]))

    def _weekday_span(self, tokens: tuple[str, ...], named: list[int], hits: Hits) -> None:
        """Add a DURATION for "since monday ... it's thursday": days between the first and the last weekday."""
        lex = self.lexicon
        weekdays = lex.weekdays
        days = [(i, weekdays[tokens[i]]) for i in named]  # the words that name a weekday
        if len(days) < 2:
            return
        first, first_day = days[0]
        # A clock time may stand between "since" and the weekday ("с 18:00 вторника").
        at = first - 2 if first >= 2 and tokens[first - 2].isdigit() and _minutes_at(tokens, first - 1) else first
        now = self._around.now
        # A log of days ("lun 08:00 migraña empieza\nmar 08:00 sigue\n..."): the first day's entry says it began, a
        # later day's entry opens with a word that it is still there.
        opened = _after_clock(tokens, first)
        started = _ends_before(tokens, at, self._around.since, 2) or any(
            _phrase_at(tokens, k, self._around.began) for k in range(opened, min(opened + 3, len(tokens)))
        )
        # The day it is now is the last weekday said to be now ("since friday night and it's tuesday now. i went to
        # work on monday"): a weekday told afterwards is a day of the story.
        now_days = [
            (i, day)
            for i, day in days[1:]
            if any(tokens[k] in now for k in range(max(first + 1, i - 3), i))
            or ((after := _after_clock(tokens, i)) < len(tokens) and tokens[after] in now)
        ]
        if started and now_days:
            last, last_day = now_days[-1]
            span = (last_day - first_day) % 7 or 7
            hits.setdefault(DURATION, []).append(Hit(first, last + 1, span * 24.0 + 12))

    def _date_span(
        self, tokens: tuple[str, ...], ordinals: list[tuple[float, int] | None], ordered: list[int], hits: Hits
    ) -> None:
        """Add a DURATION for "started on the 2nd ... it's the 6th": days between two dates of the month."""
        dates = [(i, found) for i in ordered if (found := ordinals[i]) is not None and found[1] == 2]
        if len(dates) < 2:
            return
        (first, (first_day, _)), (last, (last_day, _)) = dates[0], dates[-1]
        started = _ends_before(tokens, first, self._around.since, 3)
        still = any(tokens[k] in self._around.now for k in range(max(first + 2, last - 3), last))
        if started and still and 0 < last_day - first_day <= 31:
            hits.setdefault(DURATION, []).append(Hit(first, last + 2, (last_day - first_day) * 24.0 + 12))

    def _clock_span(
        self,
        tokens: tuple[str, ...],
        numbers: list[tuple[float, int] | None],
        counted: list[int],
        sentence: tuple[int, ...],
        slashed: frozenset[int],
        hits: Hits,
    ) -> None:
        """Add a DURATION between the first and the last clock time ("at 9am ... now 1pm")."""
        lex = self.lexicon
        times: list[tuple[int, float]] = []
        full = 0  # 24-hour times ("15:20")
        for i in [i for i in counted if (found := numbers[i]) is not None and 0 <= found[0] <= 23]:
            found = numbers[i]
            assert found is not None
            end = i + found[1]
            if i and _minutes_at(tokens, i) and times and times[-1][0] == i - 1:
                continue  # the minutes of the time before
            if i in slashed or i + 1 in slashed:
                continue  # gaps43: either half of a score or a date ("12/10", "8/10 20 minutes later") is no hour
            # "15:20" (the words "15" "20"): a 24-hour time, its minutes a fraction of the hour; never ":10" after a
            # score a pain score may give ("7/10" is split the same way), so "11:10" is a time; and its minutes in its
            # own line ("dolor 4/10\n09:30" is no 10:09).
            is_time = (
                found[1] == 1
                and _minutes_at(tokens, end)
                and (tokens[end] != "10" or found[0] > 10)
                and sentence[end] == sentence[i]
            )
            minutes = int(tokens[end]) / 60 if is_time else None
            after = tokens[end + (minutes is not None)] if end + (minutes is not None) < len(tokens) else ""
            if 1 <= found[0] <= 12 and after in lex.clock_am:
                times.append((i, found[0] % 12 + (minutes or 0)))
            elif 1 <= found[0] <= 12 and after in lex.clock_pm:
                times.append((i, found[0] % 12 + 12 + (minutes or 0)))
            elif minutes is not None:
                times.append((i, found[0] + minutes))
                full += 1
        # A 24-hour time counts only as the now of a pair ("в 11 утра ... уже 15:20"): two times of a diary ("в 14:00
        # аура, в 16:30 голова") are two entries, not one sign's length; a log is read from its am/pm times alone,
        # but for entries that open with a word that the sign is still there ("11:10 zigzag\n12:00 sigue\n13:05
        # todavia"): each such entry goes on from the one before it.
        if full > 2:
            self._log_span(tokens, times, hits)
        last = times[-1][0] if times else 0
        if full and (len(times) > 2 or not any(tokens[k] in self._around.now for k in range(max(0, last - 2), last))):
            times = [(i, at) for i, at in times if not _minutes_at(tokens, i + 1)]
        if len(times) == 2:
            span = (times[-1][1] - times[0][1]) % 24
            if span:
                hits.setdefault(DURATION, []).append(Hit(times[0][0], times[-1][0] + 2, span))
            return
        # Three clock times or more are a log ("3pm brain fog, 4pm aura, 5pm throbbing, 7pm down to 2/10"): each
        # entry lasts until the next one, not from the first time to the last.
        for (first, at), (last, until) in pairwise(times):
            span = (until - at) % 24
            if span:
                hits.setdefault(DURATION, []).append(Hit(first, last + 2, span))

    def _log_span(self, tokens: tuple[str, ...], times: list[tuple[int, float]], hits: Hits) -> None:
        """Add a DURATION for each run of 24-hour log entries saying the sign is still there, from the entry before."""
        now = self._around.now
        begun: tuple[int, float] | None = None  # the run's first entry and the hours it has lasted so far
        lex = self.lexicon
        for (first, at), (last, until) in pairwise(times):
            # The word after the entry's time: its hour, its minutes if any, and its am or pm if any ("11:40 am still").
            after = last + 1 + _minutes_at(tokens, last + 1)
            if after < len(tokens) and (tokens[after] in lex.clock_am or tokens[after] in lex.clock_pm):
                after += 1
            if after < len(tokens) and tokens[after] in now:
                begun = (begun[0] if begun else first, (begun[1] if begun else 0.0) + (until - at) % 24)
                continue
            if begun and begun[1]:
                hits.setdefault(DURATION, []).append(Hit(begun[0], first + 2, begun[1]))
            begun = None
        if begun and begun[1]:
            hits.setdefault(DURATION, []).append(Hit(begun[0], times[-1][0] + 2, begun[1]))


@cache
def matcher_for(language: str) -> Matcher:
    """The matcher of a language, built once per process."""
    return Matcher(load_lexicon(language))


def _ages_from_birth_years(hits: Hits, this_year: int) -> None:
    """Turn the BIRTH_YEAR and BIRTH_YEAR_SHORT hits into AGE hits of the age each year gives in `this_year`.

    A full year counts from 1900 ("мне 62" is an age, not a year); a year in two digits is of this century when
    that is not in the future ("05" is 2005, "58" is 1958). A year still to come gives no age.
    """
    ages = hits.setdefault("AGE", [])
    births: list[Hit] = []
    for concept, short in ((BIRTH_YEAR, False), (BIRTH_YEAR_SHORT, True)):
        for hit in hits.pop(concept, ()):
            if hit.value is None or hit.value != int(hit.value):
                continue
            year = int(hit.value)
            if short and year < 100:
                year += 2000 if 2000 + year <= this_year else 1900
            if 1900 <= year <= this_year:
                ages.append(Hit(hit.start, hit.end, float(this_year - year)))
                births.append(hit)
    if not ages:
        del hits["AGE"]
    # The words of one's own year of birth ("родилась в 1990 году") tell of no baby born.
    born = hits.get("POSTPARTUM")
    if born and births:
        kept = [h for h in born if not any(b.start <= h.start < b.end for b in births)]
        if kept:
            hits["POSTPARTUM"] = kept
        else:
            del hits["POSTPARTUM"]


def in_order(found: list[Hit]) -> bool:
    """Whether the hits stand in strictly increasing (start, end) order, which sorting them leaves as it is: no two
    share their words, so no two would be compared on their numbers. A compiled loop of int compares, where a sort
    compared tuples (a call per pair, even on a list in order)."""
    last_start = last_end = -1
    for start, end, _ in found:
        if start < last_start or (start == last_start and end <= last_end):
            return False
        last_start, last_end = start, end
    return True


def _unique(found: list[Hit]) -> list[Hit]:
    """`list(dict.fromkeys(found))` for the hits of one concept as the walk appends them (their start words in order): a
    repeat has the start word of the hit it repeats, so each hit is compared with the hits kept at its own start only
    (a few), and none is hashed."""
    out: list[Hit] = []
    first = 0  # where the hits kept at the current start word begin
    for hit in found:
        if out and out[-1][0] != hit[0]:
            first = len(out)
        repeated = False
        for index in range(first, len(out)):
            if out[index] == hit:
                repeated = True
                break
        if not repeated:
            out.append(hit)
    return out


def _position(hit: Hit) -> tuple[int, int, bool, float]:
    return hit.start, hit.end, hit.value is None, hit.value or 0.0


def _digits(token: str) -> float | None:
    try:
        return float(token)
    except ValueError:
        return None


def _allowed(guard: Guard, tokens: tuple[str, ...], sentence: tuple[int, ...], start: int, end: int) -> bool:
    """Whether no word the phrase must not be followed or preceded by stands next to it in its sentence."""
    if (
        guard.not_followed_by
        and end < len(tokens)
        and tokens[end] in guard.not_followed_by
        and sentence[end] == sentence[end - 1]
    ):
        return False
    return not (
        guard.not_preceded_by
        and start > 0
        and tokens[start - 1] in guard.not_preceded_by
        and sentence[start - 1] == sentence[start]
    )


def _phrase_at(tokens: tuple[str, ...], at: int, phrases: _ByLength) -> int:
    """The length of the longest phrase that starts at `at`, or 0 (phrases grouped by `_by_length`)."""
    for size, known in phrases:
        if tokens[at : at + size] in known:
            return size
    return 0


def _after_clock(tokens: tuple[str, ...], at: int) -> int:
    """The word after the one at `at` and the clock time that may follow it ("mar 08:00 sigue" gives "sigue")."""
    at += 1
    if at + 1 < len(tokens) and tokens[at].isdigit() and _minutes_at(tokens, at + 1):
        at += 2
    return at


def _unbroken_before(hits: Hits, lead: int) -> bool:
    """Whether a word that a sign has not let up ends at most two words before the word at `lead`."""
    for concept in UNBROKEN:
        for hit in hits.get(concept, ()):
            if lead - 2 <= hit.end <= lead:
                return True
    return False


def _minutes_at(tokens: tuple[str, ...], at: int) -> bool:
    """Whether the word at `at` is the minutes of a clock time ("18:40" is the words "18" "40")."""
    return at < len(tokens) and len(tokens[at]) == 2 and tokens[at].isdigit() and tokens[at] < "60"


def _ends_before(tokens: tuple[str, ...], at: int, phrases: _ByLength, reach: int) -> bool:
    """Whether one of the phrases ends within `reach` words before `at` (phrases grouped by `_by_length`)."""
    for size, known in phrases:
        for end in range(max(size, at - reach + 1), at + 1):
            if tokens[end - size : end] in known:
                return True
    return False


def _around_amount(tokens: tuple[str, ...], start: int, unit_at: int, end: int, phrases: _ByLength) -> bool:
    """Whether one of the phrases stands between an amount and its unit, or right after the unit."""
    if not phrases:
        return False
    return any(_phrase_at(tokens, at, phrases) for at in range(start + 1, unit_at)) or (
        end < len(tokens) and _phrase_at(tokens, end, phrases) > 0
    )


# The concepts saying a sign has not let up, found before durations are read (`_unbroken_before`).
UNBROKEN: Final = ("ATTACK_ONGOING", "PERSISTENT", "STILL")


def _by_length(phrases: tuple[str, ...]) -> _ByLength:
    """The phrases as word tuples grouped by length, longest first."""
    groups: dict[int, set[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(phrase.split())
        groups.setdefault(len(words), set()).add(words)
    return tuple((size, frozenset(found)) for size, found in sorted(groups.items(), reverse=True))
