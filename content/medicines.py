"""The medicine dictionary: a typed name ("Imigran 50 mg", "Нурофен") to its class and ATC code.

The data lives in content/medicines.yaml, validated when first read. Each medicine has its generic
(international) name, brands, and per language the local name shown to that language's speakers
(``display_name``) and local brands. Matching takes every language's names for every user and ignores
case, accents, strengths and forms ("50 mg", "tablets", "таблетки"), then tries the whole name, its
longest known prefix, the same with Russian case endings cut off ("нурофеном", "ибупрофена": both the
typed word and the listed one are cut, so "кислоты" meets "кислота"), and finally a close spelling
(difflib) so "sumatripan" still finds sumatriptan. No match means the user picks the class ("other"
is always a choice). What is stored is what the user typed plus the ATC code, never a display name.
"""

from __future__ import annotations

import difflib
import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator

from content.normalize import fold_text

DICTIONARY_FILE = Path(__file__).with_name("medicines.yaml")
MedicineClass = Literal[
    "simple_analgesic", "combination", "triptan", "ergot", "opioid", "gepant", "ditan", "other", "preventive"
]
# Words that say how much or in what form, never which medicine (matched after accents are folded).
_NOISE = re.compile(
    r"\b(\d+([.,]\d+)?\s*(mg|mcg|µg|g|ml|%|мг|мкг|мл)?|mg|mcg|tabs?|tablets?|caps(ules?)?|pills?|nasal|spray|"
    r"injection|injector|pen|melt|odt|lyo|dispersible|soluble|film[- ]coated|extra strength|strength|"
    r"rapid|fast|express|liquid gels?|gel|suppository|sc|iv|"
    r"comprimidos?|capsulas?|sobres?|efervescentes?|"
    r"мг|мкг|мл|таб|табл|таблетк\w*|капс|капсул\w*|спреи|шт)\b"
)
# Russian case endings, accents folded as normalise() folds them ("ой" reads "ои"); a stem keeps 4 letters.
_CYRILLIC = re.compile(r"[а-я]")
_ENDINGS = (
    "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ом", "ем", "ои", "еи", "ою", "ею", "ов", "ев",
    "ах", "ях", "ам", "ям", "ая", "яя", "ую", "юю", "ое", "ее", "ые", "ие", "ых", "их", "ым", "им", "ыи", "ии",
    "а", "я", "у", "ю", "е", "о", "ы", "и",
)  # fmt: skip
_MIN_STEM = 4
_MAX_FORMS = 256
CLOSE_ENOUGH = 0.84


class MedicineEntry(BaseModel):
    """One medicine: its generic name, the names people type for it, its class and ATC code."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    generic: str = Field(min_length=2, max_length=64)
    med_class: MedicineClass = Field(alias="class")
    atc: str = Field(pattern=r"^[A-Z]\d\d[A-Z]{0,2}(\d\d)?$", max_length=8)
    names: tuple[str, ...] = ()
    # Language code -> names in that language, the first one shown to its speakers.
    local: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    @field_validator("names")
    @classmethod
    def _lower(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(name.lower() for name in names)

    @field_validator("local")
    @classmethod
    def _languages(cls, local: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for language, names in local.items():
            if not re.fullmatch(r"[a-z]{2}", language) or not names or not all(names):
                raise ValueError(f"local names need a two-letter language code and at least one name: {language!r}")
        return {language: tuple(name.lower() for name in names) for language, names in local.items()}

    @property
    def all_names(self) -> tuple[str, ...]:
        """Every name it is known by, in every language."""
        return (self.generic, *self.names, *itertools.chain.from_iterable(self.local.values()))

    def display_name(self, language: str) -> str:
        """The name its speakers know it by ("ibuprofeno" in Spanish); the generic name otherwise."""
        local = self.local.get(language)
        return local[0] if local else self.generic

    @property
    def kind(self) -> str:
        """The class as a person would describe the drug: "nsaid" for the NSAIDs among the simple analgesics.

        ATC M01A (anti-inflammatory) and N02BA (salicylic acid: aspirin) are NSAIDs; paracetamol and
        metamizole are simple analgesics that are not.
        """
        if self.med_class == "simple_analgesic" and self.atc.startswith(("M01A", "N02BA")):
            return "nsaid"
        return self.med_class

    @property
    def preventive(self) -> bool:
        """Taken daily to prevent attacks, not to treat one."""
        return self.med_class == "preventive"


@dataclass(frozen=True, slots=True)
class MedicineMatch:
    """What a typed name was recognised as, and how: "exact" or "close" (a likely misspelling)."""

    entry: MedicineEntry
    how: Literal["exact", "close"]


def normalise(name: str) -> str:
    """Lower-case, strip accents, strengths and forms; "Imigran® 50 mg Tabs" -> "imigran"."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    plain = re.sub(r"[®™©]", " ", plain)
    plain = re.sub(r"\s*(/|&|\band\b|\bwith\b)\s*", " + ", plain)  # "paracetamol/codeine", "x and y"
    plain = _NOISE.sub(" ", plain)
    plain = re.sub(r"[^\w+.\- ]", " ", plain)
    # Components in any order: "codeine + paracetamol" is "paracetamol + codeine".
    parts = sorted(" ".join(part.split()).strip(" -.") for part in plain.split("+"))
    return " + ".join(part for part in parts if part)


@cache
def load_dictionary(path: Path = DICTIONARY_FILE) -> tuple[MedicineEntry, ...]:
    """Read and validate the dictionary; a name used twice is an error."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = TypeAdapter(tuple[MedicineEntry, ...]).validate_python(raw)
    seen: dict[str, str] = {}
    for entry in entries:
        for name in entry.all_names:
            key = normalise(name)
            if key in seen and seen[key] != entry.generic:
                raise ValueError(f"medicine name {name!r} is listed for {seen[key]!r} and {entry.generic!r}")
            seen[key] = entry.generic
    return entries


@cache
def _index() -> dict[str, MedicineEntry]:
    return {normalise(name): entry for entry in load_dictionary() for name in entry.all_names}


def _word_forms(word: str) -> list[str]:
    """A word and, when it is Russian, the stems left by cutting off each case ending it may carry."""
    if not _CYRILLIC.search(word):
        return [word]
    cut = {
        word[: -len(ending)] for ending in _ENDINGS if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM
    }
    return [word, *sorted(cut)]


def _inflection_keys(key: str) -> list[str]:
    """Every way a normalised name may read with its Russian endings cut (a bounded number)."""
    parts = []
    for part in key.split(" + "):
        words = itertools.product(*(_word_forms(word) for word in part.split()))
        parts.append([" ".join(form) for form in itertools.islice(words, _MAX_FORMS)])
    combined = itertools.islice(itertools.product(*parts), _MAX_FORMS)
    return [" + ".join(sorted(form)) for form in combined]


@cache
def _stem_index() -> dict[str, MedicineEntry | None]:
    """Each name's Russian stems to its medicine; None where two medicines share a stem."""
    stems: dict[str, MedicineEntry | None] = {}
    for entry in load_dictionary():
        for name in entry.all_names:
            for stem in _inflection_keys(normalise(name)):
                stems[stem] = entry if stems.get(stem, entry) is entry else None
    return stems


def _find_inflected(key: str) -> MedicineEntry | None:
    stems = _stem_index()
    return next((entry for form in _inflection_keys(key) if (entry := stems.get(form)) is not None), None)


def find_medicine(typed: str) -> MedicineMatch | None:
    """Recognise a typed medicine name, or None (then the user picks the class)."""
    index = _index()
    key = normalise(typed)
    if not key:
        return None
    if key in index:
        return MedicineMatch(index[key], "exact")
    words = key.split()
    for size in range(len(words) - 1, 0, -1):  # "nurofen migraine pain" -> "nurofen"
        prefix = " ".join(words[:size])
        if prefix in index:
            return MedicineMatch(index[prefix], "exact")
    for size in range(len(words), 0, -1):  # "нурофеном от головы" -> "нурофен"
        if (entry := _find_inflected(" ".join(words[:size]))) is not None:
            return MedicineMatch(entry, "exact")
    close = difflib.get_close_matches(key, list(index), n=1, cutoff=CLOSE_ENOUGH)
    return MedicineMatch(index[close[0]], "close") if close else None


# A single word shorter than this is never read as a medicine in free text: "asa", "dhe" and "миг" are brands
# but also everyday words.
_MIN_NAME_IN_TEXT = 4
_MAX_NAME_WORDS = 3


def medicines_in(text: str) -> tuple[MedicineEntry, ...]:
    """The medicines a sentence names ("Tomo topiramato y ...", "дозировка суматриптана"), in order, each once.

    Only exact names and their Russian case forms count: a close spelling of an ordinary word must not turn a
    question into one about a medicine.
    """
    words = fold_text(text).split()
    found = dict[str, MedicineEntry]()
    start = 0
    while start < len(words):
        if not _may_start_name(words[start]):
            start += 1
            continue
        for size in range(min(_MAX_NAME_WORDS, len(words) - start), 0, -1):
            entry = _named_by(" ".join(words[start : start + size]), size == 1)
            if entry is not None:
                found.setdefault(entry.generic, entry)
                start += size
                break
        else:
            start += 1
    return tuple(found.values())


@lru_cache(maxsize=4096)
def _named_by(window: str, single: bool) -> MedicineEntry | None:
    """The medicine a window of folded words names exactly or by a Russian case form, or None. Cached: a long
    message names the same medicine many times, and each window costs a normalise and the stem look-ups."""
    key = normalise(window)
    if not key or (single and len(key) < _MIN_NAME_IN_TEXT):
        return None
    return _index().get(key) or _find_inflected(key)


@cache
def _name_words() -> frozenset[str]:
    """The first word of each part of every name and of every Russian stem of one: a name in free text starts with
    one of them ("codeine and paracetamol" with the first word of its part "codeine"). Later words ("a", "la",
    "plus") are left out, as they would make every article a place to look for a name."""
    keys = itertools.chain(_index(), (key for key, entry in _stem_index().items() if entry is not None))
    return frozenset(part.split()[0] for key in keys for part in key.split(" + ") if part.split())


@lru_cache(maxsize=8192)
def _may_start_name(word: str) -> bool:
    """Whether a folded word may begin a name: most words do not, and this keeps a long message to milliseconds.

    A Russian word is looked up by its beginnings too, as its case endings may be cut ("суматриптана").
    """
    word = word.replace("й", "и")  # as normalise() folds it
    if not _CYRILLIC.search(word):
        return word in _name_words()
    return any(word[:size] in _name_words() for size in range(_MIN_STEM, len(word) + 1))
