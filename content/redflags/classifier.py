"""A statistical second opinion for the red-flag screen: what the lexicon misses is raised or asked about.

The lexicon (engine.py) names a sign only when it knows the words; each new writer finds words it lacks.
Here a small linear model per language (multinomial logistic regression on hashed character 3-5-grams of
the folded text and on word unigrams and bigrams, trained on the corpus by `content.redflags.training`)
scores a message the lexicon found no emergency in, against three thresholds per language: P(crisis) at
the crisis threshold is the crisis path, an urgent score (1 - P(ordinary)) at the raise threshold is the
urgent outcome, and at the lower question threshold it is the one yes/no question of the model's most
likely group (questions.py). second_opinion.py applies them; the thresholds and what they cost ordinary
users are training.py's.

Inference is numpy only: the n-grams are hashed with a rolling polynomial hash over the code points, so a
4,096-character message costs a few array operations, not a Python loop per character. The weights are
a generated artifact (`model.npz`, int8 with a scale per class) that records the hash of the corpus it
was trained on; tests fail when the corpus changes and the model is not retrained.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zlib
from array import array
from dataclasses import dataclass, field
from functools import cache
from itertools import repeat
from pathlib import Path

import numpy as np
import numpy.typing as npt

ARTIFACT = Path(__file__).resolve().parent / "model.npz"
# Hashed feature space: 2**BITS rows per language.
BITS = 16
CHAR_NGRAMS = (3, 4, 5)
ORDINARY = "ordinary"
# The model's groups: each urgent corpus category trains one of them, and each has one question.
GROUPS: dict[str, tuple[str, ...]] = {
    "sudden": ("thunderclap", "exertion_posture", "head_injury"),
    "deficit": ("weakness", "speech", "vision", "confusion", "aura_atypical", "vertigo", "seizure_faint", "red_eye"),
    "infection": ("meningitis", "immune", "vomiting", "child"),
    "pregnancy": ("pregnancy",),
    "older": ("older_new", "older_scalp_jaw", "pattern_change", "over_72h"),
    "crisis": ("crisis",),
}
GROUP_OF: dict[str, str] = {category: group for group, categories in GROUPS.items() for category in categories}
CLASSES: tuple[str, ...] = (ORDINARY, *GROUPS)
# The partial-sign code a group asks with (questions.py).
MODEL_CODES: dict[str, str] = {group: f"model_{group}" for group in GROUPS}
_CRISIS = CLASSES.index("crisis")

# The hash constants as 0-d arrays: numpy multiplies an array by one of those about twice as fast as by a
# numpy scalar, and a short message's features are a few dozen such calls.
_BASE = np.array(0x100000001B3, dtype=np.uint64)  # FNV-64 prime: odd, so the rolling hash mixes every code point
_MIX = np.array(0x9E3779B97F4A7C15, dtype=np.uint64)  # Fibonacci hashing: the top BITS bits of h * _MIX pick the row
_SALTS = {n: np.array(zlib.crc32(f"char{n}".encode()) * 0x10001, dtype=np.uint64) for n in CHAR_NGRAMS}
_SHIFT = np.array(64 - BITS, dtype=np.uint64)  # h * _MIX >> _SHIFT: the top BITS bits
_WORD_SHIFT = np.array(20, dtype=np.uint64)
_COMBINING = re.compile(r"[\u0300-\u036f]+")
# What separates words, but for line breaks (_fold_new joins stretches with them): all but letters and digits.
_NOT_WORD_OR_LINE = re.compile(r"(?:_|[^\w\n])+")
# For ASCII: every byte that is not a letter or a digit becomes a space.
_ASCII_SPACES = bytes(byte if chr(byte).isalnum() else ord(" ") for byte in range(256))
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def fold(text: str) -> str:
    """The text as the model reads it: lower case, no accents (ё is е), words split by single spaces."""
    if text.isascii():
        # No accents to strip, and a byte table marks what is not a letter or digit faster than the pattern.
        return f" {' '.join(text.lower().encode().translate(_ASCII_SPACES).decode().split())} "
    # Each stretch between whitespace is folded once per process (a cache) and looked up in one `map`: the two
    # patterns over every character of a long message were a third (en) to two fifths (es) of the second
    # opinion's instructions. The same words as folding the text whole: lower case (a final sigma looks no
    # further than whitespace), NFD (it reorders marks only up to a starter, and whitespace is one) and dropping
    # marks go a character at a time, none of them turns whitespace into anything else or anything else into
    # whitespace, and a word (a run of letters and digits) never spans whitespace. A stretch of marks or
    # punctuation alone folds to nothing.
    stretches = text.split()
    try:
        return f" {' '.join(filter(None, map(_FOLDED.__getitem__, stretches)))} "
    except KeyError:
        _fold_new(stretches)
        return f" {' '.join(filter(None, map(_FOLDED.__getitem__, stretches)))} "


def _fold_new(stretches: list[str]) -> None:
    """Fold the stretches not yet in the cache into it, all of them in one pass of each step."""
    new = set(stretches).difference(_FOLDED)
    if len(_FOLDED) + len(new) > _CACHE_LIMIT:
        _FOLDED.clear()
        new = set(stretches)
    ordered = list(new)
    # Joined by a line break, whitespace that no stretch holds and no step makes or removes (_NOT_WORD_OR_LINE
    # keeps it), so each stretch's words are its own line's.
    text = _COMBINING.sub("", unicodedata.normalize("NFD", "\n".join(ordered).lower()))
    lines = _NOT_WORD_OR_LINE.sub(" ", text).split("\n")
    _FOLDED.update(zip(ordered, [" ".join(line.split()) for line in lines], strict=True))


def features(text: str, bits: int = BITS) -> npt.NDArray[np.int64]:
    """The distinct hashed feature rows of a message (char 3-5-grams of the folded text, words, word pairs), sorted."""
    folded = fold(text)
    # Each numpy call costs about a microsecond whatever its size, so the n-grams of every size and the words
    # are keyed together and mixed in one pass: a short message's features were mostly call overhead.
    keys = _char_keys(folded)
    words = folded.encode().split()  # the UTF-8 of each word: the folded text splits at single spaces
    if words:
        keys.append(_word_keys(words))
    if not keys:
        return np.empty(0, dtype=np.int64)
    # In place: a new array per step cost about as much as the step in a short message (the same numbers).
    rows = np.concatenate(keys)
    rows *= _MIX
    rows >>= _SHIFT if bits == BITS else np.array(64 - bits, dtype=np.uint64)
    if len(rows) > _SORTED_MOST:
        # A flag per row rather than sorting: sorting 15,000 hashes of a long message cost more than all the
        # hashing.
        seen = np.zeros(1 << bits, dtype=np.bool_)
        seen[rows] = True
        return np.flatnonzero(seen).astype(np.int64, copy=False)
    # A short message's few hundred rows sort faster than 2**bits flags are cleared and scanned.
    rows.sort()
    distinct = np.empty(len(rows), dtype=np.bool_)
    distinct[:1] = True
    np.not_equal(rows[1:], rows[:-1], out=distinct[1:])
    # The rows are under 2**bits: the same numbers read as int64, without a copy.
    return rows[distinct].view(np.int64)


def _char_keys(folded: str) -> list[npt.NDArray[np.uint64]]:
    """The salted hash of each character n-gram of the folded text (before mixing), one array per size."""
    codes = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    # Array arithmetic on uint64 wraps around without a warning (only numpy scalars warn): no errstate needed.
    found: list[npt.NDArray[np.uint64]] = []
    rolling = codes
    for n in range(2, max(CHAR_NGRAMS) + 1):
        if len(codes) < n:
            break
        rolling = rolling[:-1] * _BASE
        rolling += codes[n - 1 :]  # in place: one array made per size, not two
        if n in _SALTS:
            found.append(rolling ^ _SALTS[n])
    return found


def _word_keys(words: list[bytes]) -> npt.NDArray[np.uint64]:
    """The hash of each word and each pair of neighbouring words (before mixing)."""
    if len(words) <= _FEW_WORDS:
        # A few words cost fewer steps hashed one by one than the arrays' two dozen numpy calls.
        each = array("I", map(zlib.crc32, words))
        spaced = list(map(zlib.crc32, repeat(b" "), each))
        # crc32 of "a b" continues the crc32 of "a" with " " and then "b": no pair string is built.
        each.extend(map(zlib.crc32, words[1:], spaced))
        # From C unsigned ints (what "I" holds), not from a list of Python ints, which numpy converts one by one.
        few = np.frombuffer(each, dtype=np.uintc).astype(np.uint64)
        return (few << _WORD_SHIFT) ^ few
    ids = _VOCABULARY.numbers(words)
    crcs = _VOCABULARY.crc[ids]
    # The crc32 of "a b" is that of "a " (kept per word) continued with b's bytes: no pair string is built, and
    # continuing a crc32 over a word is its crc32 from zero plus a fixed linear map of the starting value for
    # the word's length (_continued), worked out for every pair at once.
    starts, lengths = _VOCABULARY.spaced[ids[:-1]], _VOCABULARY.length[ids[1:]]
    pairs = _continued(starts, lengths) ^ crcs[1:]
    for i in np.flatnonzero(lengths > _LONGEST_TABLED).tolist():
        pairs[i] = zlib.crc32(words[i + 1], int(starts[i]))
    hashed = np.concatenate((crcs, pairs)).astype(np.uint64)
    return (hashed << _WORD_SHIFT) ^ hashed


# Up to this many hashed rows (a message of about 600 characters) are sorted, not flagged.
_SORTED_MOST = 3000
# Up to this many words (a message of about 400 characters) are hashed one by one, not with the vocabulary.
_FEW_WORDS = 64

# Caches of what a process has seen; the bound only guards against junk floods.
_CACHE_LIMIT = 100_000
# The stretches of non-ASCII text between whitespace: each one's folded words (fold).
_FOLDED: dict[str, str] = {}


class _Vocabulary:
    """The words a process has seen, numbered, with each one's crc32, that crc32 continued with " ", and its
    length in bytes at its number: a message's words are looked up once each, and the rest is array work."""

    def __init__(self) -> None:
        self.ids: dict[bytes, int] = {}
        self.crc = np.zeros(1024, dtype=np.uint32)
        self.spaced = np.zeros(1024, dtype=np.uint32)
        self.length = np.zeros(1024, dtype=np.intp)

    def numbers(self, words: list[bytes]) -> npt.NDArray[np.intp]:
        """The number of each word, numbering the new ones."""
        try:
            return np.fromiter(map(self.ids.__getitem__, words), dtype=np.intp, count=len(words))
        except KeyError:
            self.add(words)
            return np.fromiter(map(self.ids.__getitem__, words), dtype=np.intp, count=len(words))

    def add(self, words: list[bytes]) -> None:
        """Number the words not numbered yet (after forgetting every word, when there would be too many)."""
        new = list(set(words).difference(self.ids))
        if len(self.ids) + len(new) > _CACHE_LIMIT:
            self.ids.clear()
            new = list(set(words))
        start, end = len(self.ids), len(self.ids) + len(new)
        if end > len(self.crc):
            size = max(end, 2 * len(self.crc))
            self.crc = np.resize(self.crc, size)
            self.spaced = np.resize(self.spaced, size)
            self.length = np.resize(self.length, size)
        crcs = list(map(zlib.crc32, new))
        self.crc[start:end] = crcs
        self.spaced[start:end] = [zlib.crc32(b" ", crc) for crc in crcs]
        self.length[start:end] = list(map(len, new))
        self.ids.update(zip(new, range(start, end), strict=True))


_VOCABULARY = _Vocabulary()


def _continuation_tables(longest: int) -> npt.NDArray[np.uint32]:
    """For each length up to `longest`, what continuing a crc32 over that many bytes does to its starting value,
    a table per byte of it: crc32(data, c) == crc32(data) ^ the four tables' values at c's bytes, XORed.

    zlib's crc32 of data from a starting value c is a linear map of c (depending only on the data's length) XOR
    the crc32 of the data from zero; a linear map of 32 bits is the XOR of its values at each byte of them."""
    tables = np.zeros((longest + 1, 4, 256), dtype=np.uint32)
    for length in range(longest + 1):
        zeros = bytes(length)
        from_zero = zlib.crc32(zeros)
        for byte in range(4):
            tables[length, byte] = [zlib.crc32(zeros, value << (8 * byte)) ^ from_zero for value in range(256)]
    return tables.reshape(-1)


# Words up to this many bytes are continued with the tables (136 kB); longer ones, rare, by zlib itself.
_LONGEST_TABLED = 32
_CONTINUATION = _continuation_tables(_LONGEST_TABLED)
_BYTE = np.array(0xFF, dtype=np.uint32)


def _continued(starts: npt.NDArray[np.uint32], lengths: npt.NDArray[np.intp]) -> npt.NDArray[np.uint32]:
    """The linear part of continuing each crc32 over as many bytes as each length (XOR the crc32 of the bytes
    from zero for the crc32 of the whole); a length over _LONGEST_TABLED gives a wrong value, for zlib to redo."""
    table = np.minimum(lengths, _LONGEST_TABLED) * 1024
    found: npt.NDArray[np.uint32] = _CONTINUATION[table + (starts & _BYTE)]
    for byte in (1, 2, 3):
        found ^= _CONTINUATION[table + (256 * byte) + ((starts >> (8 * byte)) & _BYTE)]
    return found


def scripts(text: str) -> frozenset[str]:
    """The scripts a text's letters are written in, of those the models know ("latin", "cyrillic")."""
    found = set()
    if _LATIN.search(text):
        found.add("latin")
    if _CYRILLIC.search(text):
        found.add("cyrillic")
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class Model:
    """One language's weights: a row per hashed feature and a column per class, and its thresholds."""

    language: str
    weights: npt.NDArray[np.int8]  # (2**BITS, classes), int8; times `scale` per class
    scale: npt.NDArray[np.float32]
    bias: npt.NDArray[np.float32]
    threshold: float  # on the urgent probability, 1 - P(ordinary): a question
    corpus_sha256: str
    script: str  # "latin" or "cyrillic": the model reads only messages written in it
    l2: float = 0.0  # the penalty it was trained with (a record; inference does not need it)
    raise_threshold: float = math.inf  # on the urgent probability: the urgent outcome itself
    crisis_threshold: float = math.inf  # on P(crisis): the crisis path
    # The weights a class per row: a message's rows are gathered from each class's contiguous row, and summed
    # along it, several times faster than gathering (rows, classes) and summing across rows.
    columns: npt.NDArray[np.int8] = field(init=False, repr=False, compare=False)
    # `scale` as the float64 each message's sums are multiplied by, converted once.
    scale64: npt.NDArray[np.float64] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", np.ascontiguousarray(self.weights.T))
        object.__setattr__(self, "scale64", self.scale.astype(np.float64))

    def probabilities(self, text: str, rows: npt.NDArray[np.int64] | None = None) -> npt.NDArray[np.float64]:
        """The probability of each class (CLASSES order) for a message (its `features`, if already worked out)."""
        if rows is None:
            rows = features(text)
        if len(rows) == 0:
            logits = self.bias.astype(np.float64)
        else:
            # Features are binary and the vector has unit length: long messages weigh as short ones.
            # The reductions are the ufuncs' own (np.add.reduce, np.maximum.reduce): ndarray.sum and .max call the
            # same ones through a Python function of numpy's (_methods), a frame per call in a short message's few
            # microseconds; the same sums and maximum, so the same probabilities.
            summed = np.add.reduce(self.columns.take(rows, axis=1), axis=1, dtype=np.int64)
            # In place after the first product (a new array per step was most of a step's cost): the same
            # correctly rounded operations on the same float64 numbers; np.exp is left to make its own array.
            logits = summed * self.scale64
            logits /= math.sqrt(len(rows))
            logits += self.bias
        logits -= np.maximum.reduce(logits)
        exp = np.exp(logits)
        exp /= np.add.reduce(exp)
        return np.asarray(exp, dtype=np.float64)

    def urgent_score(self, text: str, rows: npt.NDArray[np.int64] | None = None) -> tuple[float, str]:
        """The urgent probability of a message and the most likely urgent group."""
        probabilities = self.probabilities(text, rows)
        best = int(np.argmax(probabilities[1:])) + 1
        return float(1.0 - probabilities[0]), CLASSES[best]


@cache
def models() -> dict[str, Model]:
    """Every language's model from the artifact (empty when there is none: the lexicon alone screens)."""
    if not ARTIFACT.exists():
        return {}
    with np.load(ARTIFACT, allow_pickle=False) as data:
        languages = [str(name) for name in data["languages"]]
        if tuple(str(name) for name in data["classes"]) != CLASSES or int(data["bits"]) != BITS:
            return {}  # trained for other groups or another feature space: retrain (a test says so)
        return {
            language: Model(
                language,
                data[f"{language}_weights"],
                data[f"{language}_scale"],
                data[f"{language}_bias"],
                float(data[f"{language}_threshold"]),
                str(data[f"{language}_corpus_sha256"]),
                str(data[f"{language}_script"]),
                float(data[f"{language}_l2"]),
                _optional(data, f"{language}_raise_threshold"),
                _optional(data, f"{language}_crisis_threshold"),
            )
            for language in languages
        }


def _optional(data: np.lib.npyio.NpzFile, key: str) -> float:
    """A threshold an older artifact may lack (then never reached: the model only asks)."""
    return float(data[key]) if key in data else math.inf


@dataclass(frozen=True, slots=True)
class Opinion:
    """What the models make of a message: a group to ask about, a group to raise, and a suspected crisis."""

    asked: str | None = None  # the most likely urgent group, when an urgent score reaches its question threshold
    raised: str | None = None  # the same, when an urgent score reaches its raise threshold
    crisis: bool = False  # P(crisis) reaches its crisis threshold


def opinion(text: str, languages: tuple[str, ...]) -> Opinion:
    """The models' opinion of a message: each of the languages the lexicon screened with that has a model scores
    it, and the one furthest over its threshold (as a ratio) names the group."""
    asked = raised = None
    best_ask = best_raise = 1.0
    crisis = False
    written = scripts(text)
    rows: npt.NDArray[np.int64] | None = None  # the same for every model: worked out once
    for language in languages:
        model = models().get(language)
        if model is None or model.script not in written:
            continue
        if rows is None:
            rows = features(text)
        # As Python floats (the same doubles): a few reads of a 7-item list cost less than numpy scalars.
        probabilities = model.probabilities(text, rows).tolist()
        # The first most likely urgent group, as argmax picks it.
        score, group = 1.0 - probabilities[0], CLASSES[probabilities.index(max(probabilities[1:]), 1)]
        crisis = crisis or probabilities[_CRISIS] >= model.crisis_threshold
        if score >= model.threshold and score / model.threshold >= best_ask:
            asked, best_ask = group, score / model.threshold
        if score >= model.raise_threshold and score / model.raise_threshold >= best_raise:
            raised, best_raise = group, score / model.raise_threshold
    return Opinion(asked, raised, crisis)


def suspected_group(text: str, languages: tuple[str, ...]) -> str | None:
    """The urgent group the models suspect in a message, or None when every model's score is under its question
    threshold."""
    return opinion(text, languages).asked
