"""Found by the clinical review of 2026-12-06 and fixed: each case named with what it must get.

- A cough, a sneeze, straining or sex worsening an attack stays the exertion red flag even when routine activity
  is named with it (only routine activity worsens an attack the migraine way).
- Minutes and the temple are not plain-report words: "came on in two minutes" is a speed of onset, and a
  temple headache is asked about in older people, so the second opinion must see them.
"""

from __future__ import annotations

import pytest

from content.redflags import Outcome, screen
from content.redflags.engine import screening_languages
from content.redflags.second_opinion import plain_report
from content.redflags.text import split_words


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "my migraine gets worse when i cough or walk"),
        ("en", "my migraine gets worse when i walk or sneeze"),
        ("en", "my migraine gets worse during sex and when i walk"),
        ("es", "mi migraña empeora al toser y al caminar"),
        ("ru", "мигрень усиливается при кашле и при ходьбе"),
    ],
)
def test_a_cough_or_strain_worsening_an_attack_stays_urgent(language: str, text: str) -> None:
    result = screen(text, language, second_opinion=False)
    assert result.outcome is Outcome.URGENT and "exertion_posture" in result.codes


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "every time i bend over during an attack the throbbing gets worse"),
        ("es", "mi migraña empeora cuando subo escaleras, siempre"),
        ("ru", "когда наклоняюсь во время приступа, пульсирует сильнее"),
    ],
)
def test_routine_activity_worsening_an_attack_is_not_the_red_flag(language: str, text: str) -> None:
    assert screen(text, language, second_opinion=False).outcome is Outcome.NONE


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "headache came on in two minutes"),
        ("en", "got a massive headache in 2 minutes"),
        ("en", "terrible headache in my temple"),
        ("es", "me empezó el dolor de cabeza en dos minutos"),
        ("ru", "голова заболела за пару минут"),
    ],
)
def test_minutes_and_the_temple_are_not_a_plain_report(language: str, text: str) -> None:
    assert not plain_report(split_words(text).words, screening_languages(language))
