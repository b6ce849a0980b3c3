"""Found with set Z8 (dev40, ru, messenger slang) and its tuning, in the matcher every language shares.

- An ending typed as it sounds (the lexicon's `sound_endings`: "-ца" for "-тся" and "-ться") reads as the word spelled
  properly, also a word the lexicon knows only by its prefix ("двигаеца"); a word of its own that ends so ("улица",
  "больница") is read as nothing new.
"""

from __future__ import annotations

import pytest
from screen_probes import lexicon

from content.redflags import Outcome
from content.redflags.lexicon import load_lexicon
from content.redflags.matcher import matcher_for


@pytest.mark.parametrize(
    ("slang", "spelled"),
    [
        ("язык не слушаеца, голова болит", "язык не слушается, голова болит"),
        (
            "не могу пошевелицца, правая сторона не двигаеца, голова болит",
            "не могу пошевелиться, правая сторона не двигается, голова болит",
        ),
    ],
)
def test_an_ending_typed_as_it_sounds_reads_as_the_word_spelled(slang: str, spelled: str) -> None:
    assert lexicon(spelled, "ru") is Outcome.URGENT
    assert lexicon(slang, "ru") is Outcome.URGENT


def test_a_sound_ending_adds_the_spelled_words_edges_and_no_others() -> None:
    matcher = matcher_for("ru")
    assert set(matcher.edges_of("двигается")) <= set(matcher.edges_of("двигаеца"))
    assert set(matcher.edges_of("слушается")) <= set(matcher.edges_of("слушаеца"))
    for word in ("улица", "больница", "страница", "граница"):
        assert lexicon(f"{word}, голова болит как обычно", "ru") is Outcome.NONE


def test_only_a_lexicon_that_names_sound_endings_has_them() -> None:
    assert load_lexicon("ru").sound_endings
    assert not load_lexicon("en").sound_endings and not load_lexicon("es").sound_endings
