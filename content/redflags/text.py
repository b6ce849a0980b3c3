"""Split a message into folded words that remember their sentence, for the concept matcher.

Folding is the search's (lowercase, no accents, no apostrophes, "worrrst" -> "worrst") but sentence marks
are kept: negation, questions and "years ago" only reach as far as their own sentence. Nothing here knows a
language: a word is a run of letters, a number a run of digits ("2hrs" is "2" and "hrs").
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_APOSTROPHES = re.compile(r"['’‘`´ʼ]")
# Stretched letters ("sooooo" is "soo"); digits are left as they are, since "10000 mg" is not "100 mg".
_STRETCHED = re.compile(r"([^\W\d_])\1{2,}")
_INVISIBLE = frozenset({"Mn", "Cf"})
# A decimal point or comma between digits ("38.5", "38,5") is hidden first, so it neither ends a sentence
# nor splits a part; a colon is not a mark ("16:45").
_DECIMAL = re.compile(r"(\d)[.,](\d)")
_ASCII_DECIMAL = re.compile(r"([0-9])[.,]([0-9])")  # the same in ASCII text, tested faster
_POINT = "\x00"
# Laughing faces mark a joke as "lol" does; they are written the same in every language. So does the rolling eyes of
# an exasperated overstatement ("worst headache of my life is my 15 year old son refusing to get out of bed 🙄").
_LAUGHING_FACES = (
    "\U0001f602", "\U0001f923", "\U0001f606", "\U0001f605", "\U0001f639", "\U0001f644", "\U0001f604", "\U0001f601"
)  # fmt: skip


class Words:
    """The words of a message, each with the sentence and comma-separated part it belongs to.

    Read-only, compared and hashed by its fields, as the frozen dataclass it was; a plain class so that a compiled
    build (compiled.py) compiles its __init__: a dataclass's is made at run time, in Python (about 7,000
    instructions a message, made once or twice per message).
    """

    __slots__ = ("part", "questions", "sentence", "slashed", "words")

    words: Final[tuple[str, ...]]
    sentence: Final[tuple[int, ...]]
    part: Final[tuple[int, ...]]
    # Sentence numbers of the sentences that end in "?".
    questions: Final[frozenset[int]]
    # Numbers written after a slash that follows a number ("12/10", "7 / 10"): the second half of a score or a
    # reading, never a clock time's minutes ("12:10"), though both are the same two words once the marks are gone.
    slashed: Final[frozenset[int]]

    def __init__(
        self,
        words: tuple[str, ...],
        sentence: tuple[int, ...],
        part: tuple[int, ...],
        questions: frozenset[int],
        slashed: frozenset[int] = frozenset(),
    ) -> None:
        self.words = words
        self.sentence = sentence
        self.part = part
        self.questions = questions
        self.slashed = slashed

    def _fields(self) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...], frozenset[int], frozenset[int]]:
        return self.words, self.sentence, self.part, self.questions, self.slashed

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Words) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (
            f"Words(words={self.words!r}, sentence={self.sentence!r}, part={self.part!r}, "
            f"questions={self.questions!r}, slashed={self.slashed!r})"
        )


def fold(text: str) -> str:
    """Lowercase, strip accents and invisible characters, drop apostrophes, shorten stretched letters."""
    return _STRETCHED.sub(r"\1\1", _fold_letters(text))


def _fold_letters(text: str) -> str:
    """`fold` but for stretched letters, which split_words shortens word by word (a cheaper pass)."""
    if text.isascii():
        # NFKC leaves ASCII as it is, and casefold is lower() there; its only apostrophes are ' and `.
        return text.lower().replace("'", "").replace("`", "")
    if len(text) >= _WHOLE_FROM:
        plain = _folded_whole(text)
        if plain is not None:
            return plain
    # Each stretch between spaces is folded once per process (a cache, keyed by the stretch as written) and looked
    # up in one `map`: the message is not normalized and case-folded whole first. The same result: a space is a
    # stable character in NFKC (nothing composes with it on either side), case folding and stripping marks go a
    # character at a time, and an ASCII character never takes a mark from its neighbours in NFD. A stretch that
    # NFKC gives a space inside (a no-break space) keeps it, as the whole text folded and joined again did.
    stretches = text.split(" ")
    try:
        return " ".join(map(_FOLDED.__getitem__, stretches))
    except KeyError:
        return " ".join([_fold_stretch(stretch) for stretch in stretches])


# A number (with its decimals) or a run of letters; everything else separates words.
_WORD = re.compile(r"\d+(?:\x00\d+)?|[^\W\d_]+")
_MARKS = b".!;\n"  # and "?", which also makes a question
# The bytes the fast path reads in UTF-8: ASCII letters, digits and separators, and Cyrillic U+0400-U+047F
# (lead bytes D0 and D1, then continuation bytes), every one a letter.
_CYRILLIC = bytes([0xD0, 0xD1, *range(0x80, 0xC0)])


def _kind(byte: int) -> bytes:
    """What a byte of folded UTF-8 text is to split_words: a letter, a digit, a separator, a space, or unknown."""
    char = chr(byte)
    if (char.isascii() and char.isalpha()) or byte in _CYRILLIC:
        return b"a"
    if char.isascii() and char.isdigit():
        return b"0"
    if char in ",?":
        return char.encode()
    if byte in _MARKS:
        return b"."
    # Any other byte of a non-ASCII character (an emoji, a dash, a Latin letter outside ASCII), and the
    # \x00 of a decimal point (text.py hides "38.5" as 38\x005), are read with the word pattern.
    return b"u" if byte >= 0x80 or byte == 0 else b" "


# For each byte, its kind; and the byte split_words splits at (\x01, a separator) or reads (a space for any
# other ASCII byte that is not a letter or a digit; non-ASCII bytes kept).
_KINDS = b"".join(map(_kind, range(256)))
_SPACED = bytes(
    1 if kind in b",?." else 32 if kind == ord(" ") else byte for byte, kind in enumerate(_KINDS)
)


def split_words(text: str) -> Words:
    """Fold a message and return its words with their sentence and part numbers."""
    if not text.isascii():
        # Each face the message holds replaced by a C search for that one character, not the pattern tried at every
        # character of the message (the faces are single characters, and " lol " holds none).
        for face in _LAUGHING_FACES:
            if face in text:
                text = text.replace(face, " lol ")
    # Stretched letters are shortened per word below: a run of one letter never spans two words.
    letters = _fold_letters(text)
    plain = letters.isascii()
    folded = letters
    if _decimal(letters):
        folded = (_ASCII_DECIMAL if plain else _DECIMAL).sub("\\1" + _POINT + "\\2", letters)
    words: list[str] = []
    sentences: list[int] = []
    parts: list[int] = []
    questions: set[int] = set()
    sentence = part = 0
    in_sentence = in_part = False
    closed = -1  # the sentence the marks just read closed, while they go on ("!?" asks as "?" does)
    # The text between separators (each sentence mark and comma is one), read a stretch at a time with C
    # string methods: a stretch of letters, digits and spaces is its words split at spaces, and only one
    # with another character or a digit against a letter ("2hrs") is read with the word pattern.
    try:
        raw = folded.encode()
    except UnicodeEncodeError:  # a lone surrogate ("\ud800" in JSON) is no letter: read as a mark, never a crash
        folded = folded.encode("utf-8", "replace").decode()
        raw = folded.encode()
    written = raw  # a number after a slash is found in the stretch as written (_after_slash), not as blanked
    if not plain and len(raw) >= _WHOLE_FROM:
        raw = _blanked(raw)
    kinds = raw.translate(_KINDS)
    pieces = raw.translate(_SPACED).split(b"\x01")
    slashed: list[int] = []
    # Where the slashes are, in order, then an end mark: a stretch is searched for a number after one only when it
    # holds one (found by moving along this list, as along the odd bytes, not by a search in each stretch).
    slashes = _found(raw, b"/")
    slash_at = 0
    odd = _odd(kinds)
    odd_at = 0  # the first odd byte not yet passed
    last = len(pieces) - 1
    at = 0
    for index, piece in enumerate(pieces):
        end = at + len(piece)
        if odd[odd_at] < end:
            stretch = piece.decode()
            found = _WORD.findall(stretch)
            # A hidden decimal point is an odd byte, so only a stretch read here holds one. Looked for in the str: a
            # bytes needle in bytes is first tried as an int and fails (an exception made and cleared per stretch).
            if _POINT in stretch:
                found = [word.replace(_POINT, ".") for word in found]
            while odd[odd_at] < end:
                odd_at += 1
        else:
            found = piece.decode().split()
        if found:
            while slashes[slash_at] < at:
                slash_at += 1
            if slashes[slash_at] < end:
                slashed += _after_slash(written[at:end].decode(), len(words))
            words += found
            sentences += [sentence] * len(found)
            parts += [part] * len(found)
            in_sentence = in_part = True
        if index == last:
            break
        if in_part:
            part += 1
            in_part = False
        mark = kinds[end]
        if mark == _COMMA or piece:
            closed = -1
        if mark != _COMMA:
            if in_sentence:
                closed = sentence
                sentence += 1
                in_sentence = False
            if mark == _QUESTION and closed >= 0:
                questions.add(closed)
        at = end + 1
    return _words(words, sentences, parts, questions, slashed)


_COMMA, _QUESTION = ord(","), ord("?")
# A message this long (in characters, or bytes of UTF-8) is folded whole when it can be (_folded_whole), and its
# symbols blanked (_blanked): a few passes over the whole message, which cost more than they save in a short one.
_WHOLE_FROM: Final = 256
# Common characters outside ASCII that are no part of a word ("¿", "—", "«", an emoji), in folded UTF-8, and a
# space for each of their bytes: blanked, a stretch holding one is split at spaces as the word pattern would split
# it, not read with the pattern. (A number after a slash is still found in the stretch as written.)
_BLANKS: Final = tuple(
    (symbol.encode(), b" " * len(symbol.encode()))
    for symbol in ("¿", "¡", "«", "»", "·", "°", "—", "–", "“", "”", "„", "•")  # by first byte: C2, then E2
)
# The emoji plane (U+1F000-U+1FFFF, lead bytes F0 9F) but for the few of its characters the word pattern reads as
# letters (circled digits).
_EMOJI = re.compile(
    b"\xf0\x9f(?!"
    + b"|".join(
        re.escape(char.encode()[2:])
        for char in map(chr, range(0x1F000, 0x20000))
        if _WORD.fullmatch(char)
    )
    + b")[\x80-\xbf][\x80-\xbf]"
)


def _blanked(raw: bytes) -> bytes:
    """Folded UTF-8 with the _BLANKS characters and emoji made spaces, byte for byte (the words are the same)."""
    # A symbol is looked for only when its first byte occurs (one memchr, where a search of the symbol itself reads
    # most of a Cyrillic message's bytes as candidates).
    lead = b""
    present = False
    for symbol, spaces in _BLANKS:
        if symbol[:1] != lead:
            lead = symbol[:1]
            present = raw.find(lead) >= 0  # (bytes "in" bytes first tries the needle as an int: an exception)
        if present:
            raw = raw.replace(symbol, spaces)
    if raw.find(b"\xf0\x9f") >= 0:
        raw = _EMOJI.sub(b"    ", raw)
    return raw


_SLASHED = re.compile(r"\d\s*/\s*(?=\d)")


def _after_slash(stretch: str, first: int) -> list[int]:
    """The word numbers of the numbers after "<number>/" in a stretch whose first word is word `first`."""
    # A word never starts inside a number, so the words before the number are those of the text before it, split
    # as split_words splits it (the word pattern finds the words of either reading).
    return [first + len(_WORD.findall(stretch[: found.end()])) for found in _SLASHED.finditer(stretch)]


def _found(raw: bytes, byte: bytes) -> list[int]:
    """Where a byte occurs, in order, then an end mark (the length)."""
    found: list[int] = []
    at = raw.find(byte)
    while at >= 0:
        found.append(at)
        at = raw.find(byte, at + 1)
    found.append(len(raw))
    return found


def _odd(kinds: bytes) -> list[int]:
    """Where the word pattern must read (an unknown byte, a digit against a letter), in order, then an end mark.

    Found in the whole message at once: most have none, and a search per stretch cost more than reading it.
    """
    found = [len(kinds)]
    for odd in (b"u", b"a0", b"0a"):
        at = kinds.find(odd)
        while at >= 0:
            found.append(at)
            at = kinds.find(odd, at + 1)
    return sorted(found) if len(found) > 1 else found


def _words(
    words: list[str], sentences: list[int], parts: list[int], questions: set[int], slashed: list[int]
) -> Words:
    if len(_SHORT) >= _CACHE_LIMIT:
        _SHORT.clear()
    # A compiled loop with the dict's get (one C call per word), not map over its bound __getitem__ (a Python-level
    # call through a method wrapper per word).
    short = _SHORT
    shortened: list[str] = [""] * len(words)
    for index, word in enumerate(words):
        found = short.get(word)
        shortened[index] = _shorten(word) if found is None else found
    return Words(
        tuple(shortened),
        tuple(sentences),
        tuple(parts),
        frozenset(questions),
        frozenset(slashed),
    )


# Words and stretches of text seen by a process are few (a vocabulary): each is folded once. The
# bound only guards against junk floods.
_CACHE_LIMIT = 100_000
_SHORT: dict[str, str] = {}
_FOLDED: dict[str, str] = {}


def _decimal(text: str) -> bool:
    """Whether a point or a comma stands between two digits (_DECIMAL's match; \\d is a decimal digit, as
    str.isdecimal says): a search from each of the message's few points and commas, not a pattern tried at each
    of its characters."""
    last = len(text) - 1
    for mark in ".,":
        at = text.find(mark, 1)
        while 0 < at < last:
            if text[at - 1].isdecimal() and text[at + 1].isdecimal():
                return True
            at = text.find(mark, at + 1)
    return False


def _folded_whole(text: str) -> str | None:
    """`_fold_letters` of a message whose characters outside ASCII each fold alone by lower() and a replacement
    (_plain_folds), folded whole in a few C passes rather than with a cache lookup per stretch; None for any other.

    Its characters outside ASCII are found as bytes (its UTF-8 without the ASCII bytes), and only the replacements
    of the characters it holds are made: those of each lead byte it holds are looked for.
    """
    try:
        others = text.encode().translate(None, _ASCII_BYTES)
    except UnicodeEncodeError:  # a lone surrogate: by stretches
        return None
    found = others.decode()
    if _NOT_PLAIN.search(found) is not None:
        return None
    folded = text.lower().replace("'", "").replace("`", "")
    for lead, chars in _PLAIN_BY_LEAD:
        if others.find(lead) >= 0:
            for char, lowered, replacement in chars:
                if char in found:
                    folded = folded.replace(lowered, replacement)
    return folded


def _plain_folds() -> tuple[str, dict[str, str], list[int]]:
    """The characters (beside ASCII) a message made of may be folded whole by lower() and replacements, as a
    pattern of those it may not hold, the replacements that follow lower(), and those characters' codes in order.

    A character qualifies when folding it is a matter of that character alone: no mark, invisible or surrogate
    that NFKC could join to its neighbour or that could join it; no compatibility form (NFKC would change it into
    other characters); lower() makes one character that folds as it does (not "İ", and not Cherokee, whose
    casefold is its capitals); and what it folds to is a fixed point (ASCII, or a character that folds to itself),
    so that the replacements can be made one after another in any order. Checked per character here, on the
    Latin, Cyrillic, punctuation, arrow, symbol and emoji blocks messages use; any other character, and the
    message goes by stretches.
    """
    blocks = ((0x80, 0x250), (0x400, 0x500), (0x2010, 0x2070), (0x2190, 0x2200), (0x2600, 0x27C0), (0x1F000, 0x1FB00))
    plain: list[int] = []
    replaced: dict[str, str] = {}
    for low, high in blocks:
        for code in range(low, high):
            char = chr(code)
            if unicodedata.category(char)[0] in "MCZ" or unicodedata.normalize("NFKD", char) != unicodedata.normalize(
                "NFD", char
            ):
                continue
            lowered = char.lower()
            folded = _fold_alone(char)
            if len(lowered) != 1 or _fold_alone(lowered) != folded:
                continue
            if not all(
                (c.isascii() and c.lower() == c and c not in "'`")
                or (not c.isascii() and c.lower() == c and _fold_alone(c) == c)
                for c in folded
            ):
                continue
            plain.append(code)
            if folded != lowered:
                replaced[lowered] = folded
    ranges: list[str] = []
    first = previous = plain[0]
    for code in [*plain[1:], -1]:
        if code != previous + 1:
            ranges.append(re.escape(chr(first)) + (f"-{re.escape(chr(previous))}" if previous > first else ""))
            first = code
        previous = code
    return f"[^\x00-\x7f{''.join(ranges)}]", replaced, plain


def _fold_alone(char: str) -> str:
    """A character folded as a stretch of its own is (uncached)."""
    return _stripped(unicodedata.normalize("NFKC", char).casefold())


def _fold_stretch(stretch: str) -> str:
    """A stretch of text between spaces, as written, normalized (NFKC), case-folded and stripped (cached)."""
    found = _FOLDED.get(stretch)
    if found is None:
        if len(_FOLDED) >= _CACHE_LIMIT:
            _FOLDED.clear()
        found = _FOLDED[stretch] = _stripped(unicodedata.normalize("NFKC", stretch).casefold())
    return found


def _shorten(word: str) -> str:
    short = _SHORT[word] = _STRETCHED.sub(r"\1\1", word) if len(word) > 2 else word
    return short


def _stripped(text: str) -> str:
    """Text without its marks, invisible characters and apostrophes."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(char for char in decomposed if unicodedata.category(char) not in _INVISIBLE)
    return _APOSTROPHES.sub("", kept)


_NOT_PLAIN_PATTERN, _PLAIN_REPLACED, _PLAIN_CODES = _plain_folds()
# A character not folded by itself alone, or outside the blocks checked: the message is folded by stretches.
_NOT_PLAIN = re.compile(_NOT_PLAIN_PATTERN)
_ASCII_BYTES: Final = bytes(range(128))


def _by_lead(plain: list[int]) -> tuple[tuple[bytes, tuple[tuple[str, str, str], ...]], ...]:
    """Each plain character that lower() leaves to be replaced (itself or as its capital), with what lower() makes
    of it and the replacement, grouped by the first byte of its UTF-8."""
    groups: dict[bytes, list[tuple[str, str, str]]] = {}
    # Only the plain characters' codes (_plain_folds, in order), not every code up to U+1FFFF matched against
    # _NOT_PLAIN: the same characters in the same order, without ~130K characters made and matched at each start.
    for code in plain:
        char = chr(code)
        lowered = char.lower()
        if lowered in _PLAIN_REPLACED:
            groups.setdefault(char.encode()[:1], []).append((char, lowered, _PLAIN_REPLACED[lowered]))
    return tuple((lead, tuple(chars)) for lead, chars in sorted(groups.items()))


_PLAIN_BY_LEAD: Final = _by_lead(_PLAIN_CODES)
