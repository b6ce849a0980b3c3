"""Questions about a medicine the writer takes: whether it causes a symptom, or how much of it to take.

The bot educates and never advises on a medicine: a side-effect question gets the word to tell the prescriber
(and not to stop or change the medicine alone), a dose question the word that doses come from the doctor,
pharmacist or leaflet, and both the lesson on the medicine named. The words live in
content/medicine_questions/<language>.yaml (phrases written folded, as content.intent_lexicon writes them); the
medicine names come from the medicine dictionary (content/medicines.py), which reads every language's names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ConfigDict, TypeAdapter

from content.intent_lexicon import phrase_list
from content.language_files import LanguageFiles, read_fields
from content.medicines import MedicineEntry, medicines_in
from content.models import Catalog, Lesson
from content.normalize import fold_text

# "50mg", "2 мг": a strength typed in a question is a dose question whatever the words around it.
_STRENGTH = re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:mg|mcg|ml|мг|мкг|мл)\b")


@dataclass(frozen=True, slots=True)
class MedicineWords:
    """The words of one language that tell a question about a medicine the writer takes."""

    # A medicine not named: "the medicine", "my pills", "лекарство".
    medicine_words: tuple[str, ...]
    # The medicine as the cause of something: "side effect", "could it be the", "из-за".
    side_effect_cues: tuple[str, ...]
    # Mood changes, which a medicine can cause and the prescriber needs to hear of soon.
    mood_words: tuple[str, ...]
    # How much to take: "dose", "how many", "сколько мг".
    dose_cues: tuple[str, ...]

    __pydantic_config__ = ConfigDict(extra="forbid")


@dataclass(frozen=True, slots=True)
class MedicineQuestion:
    """What a question asks about medicines: the ones it names, whether it is about a side effect (a change in
    mood among them) or a dose."""

    medicines: tuple[MedicineEntry, ...]
    side_effect: bool
    dose: bool
    mood: bool = False


_FILE = TypeAdapter(MedicineWords)


def parse_medicine_words(text: str) -> MedicineWords:
    """Validate the YAML text of one language's file: every field present and known."""
    return read_fields(text, "a medicine-question word list", _FILE, phrase_list)


_FILES = LanguageFiles("medicine_questions", parse_medicine_words)


def medicine_question_languages() -> list[str]:
    """The languages that have a word list."""
    return _FILES.languages()


def load_medicine_words(language: str) -> MedicineWords:
    """The word list of a language (read once per process)."""
    return _FILES.load(language)


def read_medicine_question(text: str, language: str) -> MedicineQuestion | None:
    """What a message asks about a medicine the writer takes, or None when it asks nothing about one."""
    words = _FILES.for_language(language)
    padded = f" {fold_text(text)} "
    medicines = medicines_in(text)
    named = bool(medicines) or _has(padded, words.medicine_words)
    if not named:
        return None
    dose = _has(padded, words.dose_cues) or _STRENGTH.search(text.casefold()) is not None
    mood = _has(padded, words.mood_words)
    side_effect = _has(padded, words.side_effect_cues) or (bool(medicines) and mood)
    if not (dose or side_effect):
        return None
    return MedicineQuestion(medicines, side_effect=side_effect, dose=dose, mood=side_effect and mood)


def names_a_medicine(text: str, language: str) -> bool:
    """Whether words name a medicine, by name or as "the medicine", "my pills"."""
    return bool(medicines_in(text)) or _has(f" {fold_text(text)} ", _FILES.for_language(language).medicine_words)


def lessons_on(catalog: Catalog, medicines: tuple[MedicineEntry, ...]) -> list[str]:
    """The ids of the lessons about the medicines named, one per medicine, in the order they were named.

    A lesson whose title names the medicine comes before one whose keywords do ("Topiramate and valproate"
    before "Pregnancy and breastfeeding"); a medicine with no lesson of its own adds nothing.
    """
    found: list[str] = []
    for medicine in medicines:
        lesson = _lesson_naming(catalog.lessons, medicine)
        if lesson is not None and lesson.id not in found:
            found.append(lesson.id)
    return found


def _lesson_naming(lessons: Sequence[Lesson], medicine: MedicineEntry) -> Lesson | None:
    by_keyword: Lesson | None = None
    for lesson in lessons:
        if medicine in medicines_in(lesson.title):
            return lesson
        if by_keyword is None and any(medicines_in(keyword) == (medicine,) for keyword in lesson.keywords):
            by_keyword = lesson
    return by_keyword


def _has(padded: str, phrases: tuple[str, ...]) -> bool:
    return any(f" {phrase} " in padded for phrase in phrases)
