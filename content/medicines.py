"""The medicine dictionary: a typed name ("Imigran 50 mg", "sumatriptan") to its class and ATC code.

The data lives in content/medicines.yaml, validated when first read. Matching ignores case, accents,
strengths and forms ("50 mg", "tablets", "nasal spray"), then tries the whole name, its longest
known prefix, and finally a close spelling (difflib) so "sumatripan" still finds sumatriptan. No
match means the user picks the class ("other" is always a choice).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator

DICTIONARY_FILE = Path(__file__).with_name("medicines.yaml")
MedicineClass = Literal[
    "simple_analgesic", "combination", "triptan", "ergot", "opioid", "gepant", "ditan", "other", "preventive"
]
# Words that say how much or in what form, never which medicine.
_NOISE = re.compile(
    r"\b(\d+([.,]\d+)?\s*(mg|mcg|µg|g|ml|%)?|mg|mcg|tabs?|tablets?|caps(ules?)?|pills?|nasal|spray|"
    r"injection|injector|pen|melt|odt|lyo|dispersible|soluble|film[- ]coated|extra strength|strength|"
    r"rapid|fast|express|liquid gels?|gel|suppository|sc|iv)\b"
)
CLOSE_ENOUGH = 0.84


class MedicineEntry(BaseModel):
    """One medicine: its generic name, the names people type for it, its class and ATC code."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    generic: str = Field(min_length=2, max_length=64)
    med_class: MedicineClass = Field(alias="class")
    atc: str = Field(pattern=r"^[A-Z]\d\d[A-Z]{0,2}(\d\d)?$", max_length=8)
    names: tuple[str, ...] = ()

    @field_validator("names")
    @classmethod
    def _lower(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(name.lower() for name in names)

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
        for name in (entry.generic, *entry.names):
            key = normalise(name)
            if key in seen and seen[key] != entry.generic:
                raise ValueError(f"medicine name {name!r} is listed for {seen[key]!r} and {entry.generic!r}")
            seen[key] = entry.generic
    return entries


@cache
def _index() -> dict[str, MedicineEntry]:
    return {normalise(name): entry for entry in load_dictionary() for name in (entry.generic, *entry.names)}


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
    close = difflib.get_close_matches(key, list(index), n=1, cutoff=CLOSE_ENOUGH)
    return MedicineMatch(index[close[0]], "close") if close else None
