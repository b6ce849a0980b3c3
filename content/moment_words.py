"""Words people use for moments ("last night", "this morning", "noon"), per language, from `moments/<language>.yaml`.

Data only; bot/diary/parsing.py reads typed moments with these and dateparser. A language is added by adding
its file: nothing in the code names a word or a language, and the languages are the files found. A file holds
every field of MomentWords, and nothing else. Parts of the day use the same hours as the diary's "Morning /
Afternoon / Evening / Night" buttons, so "yesterday evening" typed and tapped mean the same thing. Words are
lowercase, as the parser sees the message.

A set of words is a block of text with one word per line, as the intent and red-flag lexicons write theirs;
a rewrite is a [phrase, replacement] pair, a named time an [hour, minute] pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ConfigDict, TypeAdapter

from content.language_files import LanguageFiles, read_fields


@dataclass(frozen=True, slots=True)
class MomentWords:
    """The words of one language for reading a typed moment."""

    # Whole phrases rewritten before anything else ("last night" is yesterday's night).
    rewrites: tuple[tuple[str, str], ...]
    # A part of the day and the hour it stands for when no clock time is given.
    parts_of_day: dict[str, int]
    # Parts of the day after noon: "evening at 7" is 19:00.
    afternoon_parts: frozenset[str]
    # Exact times of day said in words.
    named_times: dict[str, tuple[int, int]]
    days_back: dict[str, int]  # "today": 0, "yesterday": 1
    at_words: frozenset[str]  # "at 7", "around 7"
    ago_words: frozenset[str]  # first or last: "2 hours ago", "hace 2 horas", "2 часа назад"
    # Units too coarse for a start time on their own: "2 days ago" needs a time of day as well.
    coarse_units: frozenset[str]
    # Words that make a bare number next to them an hour of the day: before it ("at 7", "a las 7", "в 7"), or
    # after it ("7 o'clock"). Such an hour from 1 to 12 without a part of the day is the most recent one past:
    # "at 7" is 07:00 at 14:00, and 19:00 at 21:00. Narrower than at_words: "in 7" or "the 7" is no hour.
    hour_before: frozenset[str]
    hour_after: frozenset[str]

    # A file with a misspelt or unknown field is refused, not silently read without it.
    __pydantic_config__ = ConfigDict(extra="forbid")


_FILE = TypeAdapter(MomentWords)


def parse_moment_words(text: str) -> MomentWords:
    """Validate the YAML text of one moment words file: every field present and known, of its type."""
    return read_fields(text, "a moment words", _FILE, _words)


_FILES = LanguageFiles("moments", parse_moment_words)


def moment_languages() -> list[str]:
    """The languages that have a moment words file."""
    return _FILES.languages()


def load_moment_words(language: str) -> MomentWords:
    """Load and validate the moment words of a language (once per process)."""
    return _FILES.load(language)


def moment_words_for(language: str) -> MomentWords:
    """The moment words of the user's language, or the English ones for a language without a file."""
    return _FILES.for_language(language)


def _words(value: Any) -> Any:
    """A block of lines as a list of words (a line starting "# " is a comment); anything else as it is."""
    if not isinstance(value, str):
        return value
    lines = (line.strip() for line in value.splitlines())
    return [line for line in lines if line and not line.startswith("# ")]
