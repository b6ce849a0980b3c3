"""The words for typed moments are data: one file per language, read into MomentWords, anything odd refused."""

from __future__ import annotations

import unicodedata
from importlib import resources

import pytest
from pydantic import ValidationError

from content.moment_words import (
    MomentWords,
    load_moment_words,
    moment_languages,
    moment_words_for,
    parse_moment_words,
)


def _file(language: str) -> str:
    return (resources.files("content") / "moments" / f"{language}.yaml").read_text(encoding="utf-8")


def test_the_languages_are_the_files_found_and_any_other_reads_english() -> None:
    assert {"en", "es", "ru"} <= set(moment_languages())
    assert moment_words_for("de") is load_moment_words("en")
    assert moment_words_for("es") is load_moment_words("es")


@pytest.mark.parametrize("language", moment_languages())
def test_every_word_is_written_the_way_the_parser_sees_a_message(language: str) -> None:
    words = load_moment_words(language)
    written = [w for pair in words.rewrites for w in pair] + [*words.parts_of_day, *words.named_times]
    written += [*words.days_back, *words.afternoon_parts, *words.at_words, *words.ago_words, *words.coarse_units]
    written += [*words.hour_before, *words.hour_after]
    assert [w for w in written if unicodedata.normalize("NFKC", w).casefold().strip() != w] == []
    assert words.afternoon_parts <= set(words.parts_of_day) and words.hour_before <= words.at_words


def test_a_file_is_read_as_blocks_of_words_pairs_and_numbers() -> None:
    spanish = parse_moment_words(_file("es"))

    assert spanish == load_moment_words("es") and isinstance(spanish, MomentWords)
    assert spanish.rewrites[0] == ("day before yesterday", "2 days ago") and ("en punto", "o'clock") in spanish.rewrites
    assert spanish.named_times["noon"] == (12, 0) and isinstance(spanish.named_times["noon"], tuple)
    assert spanish.days_back["anteayer"] == 2 and {"@", "las", "la"} <= spanish.hour_before


@pytest.mark.parametrize(
    ("change", "problem"),
    [("at_wordz: |\n  at\n", "at_wordz"), ("drop", "ago_words"), ("days_back:\n  hoy: cero\n", "days_back")],
)
def test_a_file_with_an_unknown_missing_or_mistyped_field_is_refused(change: str, problem: str) -> None:
    english = _file("en")
    if change == "drop":
        start = english.index("\nago_words: |")
        english, change = english[:start] + english[english.index("\n# Units too coarse") :], ""
    elif change.startswith("days_back"):
        start = english.index("\ndays_back:")
        english = english[:start] + english[english.index("\n# Words that may stand before") :]
    with pytest.raises(ValidationError, match=problem):
        parse_moment_words(english + change)
