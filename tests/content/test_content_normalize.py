"""fold_text: the folding free-text search and the medicine finder share (content/normalize.py)."""

from __future__ import annotations

import pytest

from content import normalize
from content.normalize import fold_text


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Ménière’s DISEASE!!", "menieres disease"),
        ("¿Qué es la MIGRAÑA?", "que es la migrana"),
        ("Всё болит, йогурт и чай", "все болит йогурт и чай"),
        ("ИЙ ёж", "ий еж"),
        ("zero\u200bwidth sp\u00adace", "zerowidth space"),
        ("ｆｕｌｌ ｗｉｄｔｈ", "full width"),
        ("e\u0301 decomposed", "e decomposed"),
        ("worrrrst", "worrst"),
    ],
)
def test_folds_case_accents_and_invisible_characters_keeping_russian_short_i(typed: str, folded: str) -> None:
    assert fold_text(typed) == folded


def test_the_fold_table_stays_bounded_and_still_folds_past_its_size(monkeypatch: pytest.MonkeyPatch) -> None:
    table = normalize._FoldTable()
    monkeypatch.setattr(normalize, "_FOLDED", table)
    monkeypatch.setattr(normalize, "_FOLD_TABLE_SIZE", 3)
    assert fold_text("ábcdé ñ ü ö") == "abcde n u o"
    assert len(table) == 3
    assert fold_text("ü ö") == "u o"  # the characters left out of the table fold all the same
