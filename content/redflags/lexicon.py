"""A language's red-flag lexicon: which words and phrases name which concept, loaded from YAML.

The rules (rules.py) speak only of concepts (HEAD_PAIN, WEAK, NEG, AGE...). A lexicon file says how one
language writes each of them, so a new language is one new file, `lexicon/<language>.yaml`.

A phrase is words separated by spaces. In a phrase:

- ``a|b`` or ``(a b|c)`` is one of the alternatives; ``[a b|c]`` is optional;
- ``numb*`` is any word starting with "numb";
- ``#N`` is a number (digits, or number words such as "sixty three"), ``#ORD`` an ordinal ("4th",
  "fourth"), and ``#NAME`` any word of the class NAME in ``classes``.

A group of phrases may say which words must not come right after or right before it, and which value a
match carries (hours for durations); otherwise a match carries the first number it read.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from content.redflags.text import fold
from content.redflags.trie import End, Guard, Node

# Words shorter than this must be typed exactly: one changed letter turns "weak" into "week".
SHORTEST_FUZZY = 5
# A trie edge is a plain string, whose hash Python caches: a word itself, or a marked prefix, class,
# number or ordinal (the marker cannot occur in a folded word).
Edge = str
MARK = "\x00"
NUMBER: Edge = MARK + "n"
ORDINAL: Edge = MARK + "o"


def prefix_edge(stem: str) -> Edge:
    """The edge of words starting with `stem`."""
    return MARK + "p" + stem


def class_edge(name: str) -> Edge:
    """The edge of the words of a class."""
    return MARK + "c" + name


class PhraseGroup(BaseModel):
    """Phrases of one concept that share their conditions."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    phrases: tuple[str, ...]
    not_followed_by: frozenset[str] = frozenset()
    not_preceded_by: frozenset[str] = frozenset()
    value: float | None = None

    @field_validator("phrases", mode="before")
    @classmethod
    def _lines(cls, value: Any) -> Any:
        """Accept a block of text with one phrase per line; "#" starts a comment only after a space."""
        if isinstance(value, str):
            lines = (line.split(" # ")[0].strip() for line in value.splitlines())
            return [line for line in lines if line and not line.startswith("# ")]
        return value


class DurationWords(BaseModel):
    """Words around "3 days" that make it how long something lasted."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    before: tuple[str, ...]  # "for 3 days", "over 2 hours"
    after: tuple[str, ...]  # "3 days now", "4 days straight"
    fillers: tuple[str, ...]  # "4 whole days"
    longer: tuple[str, ...]  # "more than 3 days" is strictly longer
    half: tuple[str, ...]  # "an hour and a half"
    ago: tuple[str, ...]  # "2 hours ago" is when it started, not how long it lasted
    day_words: tuple[str, ...]  # "day 4 of this migraine"
    since: tuple[str, ...]  # "since monday ... it's thursday"
    now: tuple[str, ...]
    and_words: tuple[str, ...]  # "an hour and 20 minutes"
    of_words: tuple[str, ...]  # "a couple of days"
    # "3 full days", "3 days and counting": at least that long, so strictly longer once it goes on.
    at_least: tuple[str, ...] = ()
    # "70-odd hours", "72 hours and then some": a round number is a lower bound (70-odd is read as 75).
    more: tuple[str, ...] = ()
    # "it started 4 days ago": when it began, and so how long it has lasted.
    began: tuple[str, ...] = ()
    # "mine is on the fourth": an ordinal standing for a day of the attack ("va por el cuarto").
    ordinal_day: tuple[str, ...] = ()
    # "el cuarto dia de vacaciones", "четвёртый день отпуска": an ordinal day of another stretch of time (a holiday, a
    # diet, a cycle, the days since a birth) counts that stretch, not how long an attack has lasted.
    other_day: tuple[str, ...] = ()
    # "с первого дня", "с самого приезда": the other stretch and the attack began together, so its ordinal day is the
    # attack's too ("шестой день отпуска голова болит не переставая с первого дня", review48).
    same_start: tuple[str, ...] = ()
    # "hasn't let up once in 4 days", "no se me ha ido en 5 dias": the lead of a span that is how long a sign has gone
    # on when a word that it has not let up (ATTACK_ONGOING, PERSISTENT, STILL) ends at most two words before it;
    # alone ("3 migraines in 4 days") it is a span counted over.
    unbroken: tuple[str, ...] = ()


class LexiconFile(BaseModel):
    """The YAML file of one language, validated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str
    numbers: dict[str, float]
    number_joiners: tuple[str, ...] = ()
    ordinals: dict[str, int]
    ordinal_suffixes: tuple[str, ...] = ()
    units: dict[str, tuple[str, ...]]
    quantities: dict[str, float]
    durations: DurationWords
    weekdays: tuple[str, ...] = Field(min_length=7, max_length=7)
    # "since the weekend ... now wednesday": the weekend counts from its last day, Sunday (the shorter span).
    weekend: tuple[str, ...] = ()
    clock: dict[str, tuple[str, ...]] = {}
    # Letters written right after an age at the start of a message ("52 f", "67 m").
    age_marks: tuple[str, ...] = ()
    # Those of them that say the sex ("70f", "65 male"): an age written with one stands whatever follows it.
    sex_marks: tuple[str, ...] = ()
    # Words rewritten before matching: "cannot" -> "cant", "gonna" -> "going to"; a key of several words is a
    # phrase said another way ("no consigo" -> "no puedo"), rewritten where its words stand together.
    rewrites: dict[str, str] = {}
    # Short words (three or four letters, below typo folding's SHORTEST_FUZZY) read through one slip of the thumb: two
    # letters after the first swapped, or one after the first left out ("wnat", "tht", "kil", "lfie"). Most one-edit
    # neighbours of a short word are other words, so only the words listed here are, and never a slip that is a word
    # itself, of `short_words_real` ("wan", "lie", "dad") or of the lexicon.
    short_words: tuple[str, ...] = ()
    short_words_real: frozenset[str] = frozenset()
    # Words that may stand inside any phrase without breaking it: "my neck is really stiff".
    fillers: tuple[str, ...] = ()
    classes: dict[str, tuple[str, ...]] = {}
    concepts: dict[str, tuple[PhraseGroup, ...]]
    not_typos: frozenset[str] = frozenset()
    # Word endings typed as they sound, each with the spellings it stands for ("кружица" is "кружится"): a word the
    # lexicon does not know is also read with each spelling in place of its ending.
    sound_endings: dict[str, tuple[str, ...]] = {}
    # How to tell a message written in this language from one in another language of the same alphabet:
    # common short words the others do not use, and letters or marks only this language writes.
    function_words: frozenset[str] = frozenset()
    marks: frozenset[str] = frozenset()
    # A plain headache report ("my head has been hurting for two hours"): when every word of a message is
    # one of these, or a number followed by one of `plain_after_number`, the second opinion is not asked
    # (second_opinion.py). Only the words of a headache, where it is and since when within the day: no
    # negation, no "worst", "sudden" or "different", no day counts, no waking from sleep, no one else.
    plain_words: frozenset[str] = frozenset()
    plain_after_number: frozenset[str] = frozenset()

    @field_validator("concepts", mode="before")
    @classmethod
    def _groups(cls, value: Any) -> Any:
        """Accept a plain list of phrases, one group, or a list of groups."""
        if not isinstance(value, dict):
            return value
        out: dict[str, Any] = {}
        for name, spec in value.items():
            if isinstance(spec, str):
                out[name] = [{"phrases": spec}]
            elif isinstance(spec, dict):
                out[name] = [spec]
            elif isinstance(spec, list) and spec and all(isinstance(item, str) for item in spec):
                out[name] = [{"phrases": spec}]
            else:
                out[name] = spec
        return out

    @field_validator("units")
    @classmethod
    def _known_units(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        unknown = set(value) - set(UNIT_HOURS)
        if unknown:
            raise ValueError(f"unknown units {sorted(unknown)}; use {sorted(UNIT_HOURS)}")
        return value


UNIT_HOURS = {"minute": 1 / 60, "hour": 1.0, "day": 24.0, "week": 168.0, "month": 730.0, "year": 8766.0}


@dataclass(frozen=True, slots=True)
class Lexicon:
    """A lexicon compiled for matching: a graph of phrases and lookup tables for single words."""

    language: str
    root: Node
    words: frozenset[str]
    prefixes: frozenset[str]
    prefix_lengths: tuple[int, ...]
    classes: dict[str, frozenset[str]]
    numbers: dict[str, float]
    tens: frozenset[str]
    joiners: frozenset[str]
    ordinals: dict[str, int]
    ordinal_suffixes: frozenset[str]
    unit_of: dict[str, float]
    quantities: dict[str, float]
    durations: DurationWords
    weekdays: dict[str, int]
    clock_am: frozenset[str]
    clock_pm: frozenset[str]
    age_marks: frozenset[str]
    sex_marks: frozenset[str]
    concepts: frozenset[str]
    rewrites: dict[str, tuple[str, ...]]
    # Phrase rewrites by their first word: (the words after it, the replacement), longest first.
    phrase_rewrites: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]
    fillers: frozenset[str]
    fuzzy: dict[str, frozenset[str]]
    not_typos: frozenset[str]
    sound_endings: tuple[tuple[str, tuple[str, ...]], ...]
    function_words: frozenset[str]
    marks: frozenset[str]
    plain_words: frozenset[str]
    plain_after_number: frozenset[str]


def lexicon_names() -> list[str]:
    """The languages that have a lexicon file."""
    folder = resources.files("content.redflags").joinpath("lexicon")
    return sorted(entry.name.removesuffix(".yaml") for entry in folder.iterdir() if entry.name.endswith(".yaml"))


@functools.cache
def load_lexicon(language: str) -> Lexicon:
    """Load, validate and compile the lexicon of a language (once per process)."""
    path = resources.files("content.redflags").joinpath("lexicon", f"{language}.yaml")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    spec = LexiconFile.model_validate(raw)
    words = real_words(language)
    if words:
        spec = spec.model_copy(update={"not_typos": spec.not_typos | words})
    return compile_lexicon(spec)


def real_words(language: str) -> frozenset[str]:
    """The correctly spelled words of a language that typo folding must not read as another word
    (`lexicon/words/<language>.txt`: "cancel" is no typo of "cancer"); empty when the language has no such file."""
    path = resources.files("content.redflags").joinpath("lexicon", "words", f"{language}.txt")
    if not path.is_file():
        return frozenset()
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def compile_lexicon(spec: LexiconFile) -> Lexicon:
    """Build the phrase graph and the word tables of a validated lexicon file."""
    classes = {name: frozenset(fold(w) for w in words) for name, words in spec.classes.items()}
    root = Node()
    words: set[str] = set()
    prefixes: set[str] = set()
    # Each token is folded and checked once: the lexicons hold a few thousand tokens.
    edge_of: dict[str, Edge] = {}

    def edge_for(token: str, concept: str) -> Edge:
        edge = edge_of.get(token)
        if edge is None:
            edge = edge_of[token] = _edge(token, classes, concept)
            if not edge.startswith(MARK):
                words.add(edge)
            elif edge.startswith(MARK + "p"):
                prefixes.add(fold(token[:-1]))
        return edge

    for concept, groups in spec.concepts.items():
        for group in groups:
            # One guard per group: the words around its phrases are checked only where it has some.
            checked = group.not_followed_by or group.not_preceded_by
            guard = Guard(group.not_followed_by, group.not_preceded_by) if checked else None
            end: End = (concept, group.value, guard)
            for phrase in group.phrases:
                start = _phrase_graph(phrase, functools.partial(edge_for, concept=concept), end)
                # Every word optional and none taken is no sequence at all (expand() skips it).
                root = _union(root, Node(start.edges), {})
    numbers = {fold(k): v for k, v in spec.numbers.items()}
    unit_of = {fold(w): UNIT_HOURS[unit] for unit, forms in spec.units.items() for w in forms}
    not_typos = frozenset(fold(w) for w in spec.not_typos)
    return Lexicon(
        language=spec.language,
        root=root,
        words=frozenset(words),
        prefixes=frozenset(prefixes),
        prefix_lengths=tuple(sorted({len(p) for p in prefixes})),
        classes=classes,
        numbers=numbers,
        tens=frozenset(w for w, v in numbers.items() if v >= 20 and v % 10 == 0 and v < 100),
        joiners=frozenset(fold(w) for w in spec.number_joiners),
        ordinals={fold(k): v for k, v in spec.ordinals.items()},
        ordinal_suffixes=frozenset(fold(w) for w in spec.ordinal_suffixes),
        unit_of=unit_of,
        quantities={fold(k): v for k, v in spec.quantities.items()},
        durations=spec.durations,
        weekdays={fold(day): index for index, day in enumerate(spec.weekdays)} | {fold(w): 6 for w in spec.weekend},
        clock_am=frozenset(fold(w) for w in spec.clock.get("am", ())),
        clock_pm=frozenset(fold(w) for w in spec.clock.get("pm", ())),
        age_marks=frozenset(fold(w) for w in spec.age_marks),
        sex_marks=frozenset(fold(w) for w in spec.sex_marks),
        concepts=frozenset(spec.concepts),
        rewrites={
            **_slips(spec, words),
            **{
                fold(k): tuple(fold(v).split())
                for k, v in spec.rewrites.items()
                if len(k.split()) == 1 and fold(k) != fold(v)
            },
        },
        phrase_rewrites=_phrase_rewrites(spec.rewrites),
        fillers=frozenset(fold(w) for w in spec.fillers),
        fuzzy=_fuzzy_index(words | set(numbers) | set(unit_of)),
        not_typos=not_typos,
        sound_endings=tuple((fold(k), tuple(fold(v) for v in vs)) for k, vs in spec.sound_endings.items()),
        function_words=frozenset(fold(w) for w in spec.function_words),
        marks=spec.marks,
        plain_words=frozenset(fold(w) for w in spec.plain_words),
        plain_after_number=frozenset(fold(w) for w in spec.plain_after_number),
    )


def _phrase_rewrites(rewrites: dict[str, str]) -> dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]:
    """The rewrites of several words, by their first word, each (the words after it, the replacement), longest first."""
    out: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for key, value in rewrites.items():
        words = tuple(fold(key).split())
        if len(words) > 1:
            out.setdefault(words[0], []).append((words[1:], tuple(fold(value).split())))
    return {first: tuple(sorted(found, key=lambda pair: -len(pair[0]))) for first, found in out.items()}


def expand(phrase: str) -> Iterator[tuple[str, ...]]:
    """Every word sequence a phrase stands for: alternatives and optional words spelled out."""
    choices: list[list[tuple[str, ...]]] = []
    for group, optional in _groups(phrase):
        options = [tuple(option.split()) for option in group.split("|")]
        if optional:
            options.append(())
        choices.append(options)
    for combination in itertools.product(*choices):
        sequence = tuple(word for part in combination for word in part)
        if sequence:
            yield sequence


def words_of(phrase: str) -> set[str]:
    """Every word a phrase's sequences use: the words of `expand` without spelling out their combinations."""
    return {word for group, _optional in _groups(phrase) for option in group.split("|") for word in option.split()}


def _phrase_graph(phrase: str, edge_for: Callable[[str], Edge], end: End) -> Node:
    """The word sequences of a phrase as a graph of their own: each group's alternatives lead to one node.

    Built from the last group back, so that a group's words lead to what may follow it; alternatives
    and optional words are joined with `_union`, which keeps one edge per word and node.
    """
    after = Node(ends=[end])
    for group, optional in reversed(list(_groups(phrase))):
        joined: Node | None = after if optional else None
        for option in group.split("|"):
            node = after
            for token in reversed(option.split()):
                node = Node({edge_for(token): node})
            joined = node if joined is None else _union(joined, node, {})
        assert joined is not None  # split() gives at least one alternative
        after = joined
    return after


def _union(first: Node, second: Node, made: dict[tuple[int, int], Node]) -> Node:
    """A node for every sequence of both (and their phrases), made of new nodes where they meet.

    Nodes are never changed once made, so a node stands for the same sequences wherever it is shared:
    the lexicon is a graph rather than a trie. The English trie had 1.8 million nodes, each sequence its
    own path; the graph has thousands, and builds in a fraction of the time. `made` remembers the pairs
    already joined (their ids: both stay alive meanwhile).
    """
    if first is second:
        return first
    key = (id(first), id(second))
    node = made.get(key)
    if node is None:
        edges = dict(first.edges)
        for edge, child in second.edges.items():
            mine = edges.get(edge)
            edges[edge] = child if mine is None else _union(mine, child, made)
        ends = first.ends + [end for end in second.ends if end not in first.ends]
        node = made[key] = Node(edges, ends)
    return node


def _groups(phrase: str) -> Iterator[tuple[str, bool]]:
    """Split a phrase into (alternatives, optional) groups: "(a b|c)", "[a|b c]" or a bare word "a|b"."""
    i = 0
    while i < len(phrase):
        char = phrase[i]
        if char.isspace():
            i += 1
        elif char in "([":
            close = phrase.find(")" if char == "(" else "]", i)
            if close == -1:
                raise ValueError(f"unclosed {char} in {phrase!r}")
            yield phrase[i + 1 : close], char == "["
            i = close + 1
        else:
            end = i
            while end < len(phrase) and not phrase[end].isspace():
                end += 1
            yield phrase[i:end], False
            i = end


def _edge(token: str, classes: dict[str, frozenset[str]], concept: str) -> Edge:
    if token == "#N":
        return NUMBER
    if token == "#ORD":
        return ORDINAL
    if token.startswith("#"):
        if token[1:] not in classes:
            raise ValueError(f"{concept}: unknown class {token}")
        return class_edge(token[1:])
    if token.endswith("*"):
        stem = fold(token[:-1])
        if len(stem) < 3:
            raise ValueError(f"{concept}: prefix {token} is too short")
        return prefix_edge(stem)
    folded = fold(token)
    # A word, or a reading with a decimal ("39.2", as messages are folded: "39,2" is "39.2" too).
    if not folded.replace(" ", "").isalnum() and not folded.replace(".", "", 1).isdigit():
        raise ValueError(f"{concept}: {token!r} is not a word")
    return folded


def _slips(spec: LexiconFile, words: set[str]) -> dict[str, tuple[str, ...]]:
    """The rewrites of the short words' slips (LexiconFile.short_words): each slip to its word, unless it is a word."""
    real = {fold(w) for w in spec.short_words_real} | words | {fold(w) for w in spec.numbers}
    out: dict[str, tuple[str, ...]] = {}
    for word in (fold(w) for w in spec.short_words):
        swaps = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1)}
        drops = {word[:i] + word[i + 1 :] for i in range(1, len(word))} if len(word) > 3 else set()
        for slip in swaps | drops:
            if slip != word and len(slip) >= 3 and slip not in real:
                out[slip] = (word,)
    return out


def _fuzzy_index(words: set[str]) -> dict[str, frozenset[str]]:
    """Map each word with one letter deleted (and the word itself) to the lexicon words it comes from."""
    index: dict[str, set[str]] = {}
    for word in words:
        if len(word) < SHORTEST_FUZZY or not word.isalpha():
            continue
        for variant in _deletions(word):
            index.setdefault(variant, set()).add(word)
    return {variant: frozenset(found) for variant, found in index.items()}


def _deletions(word: str) -> set[str]:
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}
