"""Medicine names in every language: local names and brands, accents, case and Russian case endings."""

from __future__ import annotations

from pathlib import Path

import pytest

from content.medicines import find_medicine, load_dictionary


@pytest.mark.parametrize(
    ("typed", "generic"),
    [
        ("ibuprofeno", "ibuprofen"),
        ("Ibuprofeno 400 mg", "ibuprofen"),
        ("IBUPROFEN", "ibuprofen"),
        ("ибупрофен", "ibuprofen"),
        ("Нурофен", "ibuprofen"),
        ("нурофена", "ibuprofen"),
        ("нурофеном", "ibuprofen"),
        ("Ибупрофена 400 мг таблетки", "ibuprofen"),
        ("ácido acetilsalicílico", "aspirin"),
        ("ACIDO ACETILSALICILICO 500", "aspirin"),
        ("Aspirina", "aspirin"),
        ("ацетилсалициловой кислоты", "aspirin"),
        ("Сумамигрен 50 мг", "sumatriptan"),
        ("амигренином", "sumatriptan"),
        ("Церукал", "metoclopramide"),
        ("анаприлина", "propranolol"),
        ("цитрамон", "aspirin + paracetamol + caffeine"),
        ("magnesio", "magnesium"),
        ("магния", "magnesium"),
        ("oxicodona", "oxycodone"),
        ("Lamotrigina 100 mg", "lamotrigine"),
        ("ламотриджином", "lamotrigine"),
        ("клофелин", "clonidine"),
        ("финлепсина", "carbamazepine"),
        ("Конкор 5 мг", "bisoprolol"),
        ("ergotamina + cafeína", "ergotamine + caffeine"),
        ("кофеин + эрготамин", "ergotamine + caffeine"),
    ],
)
def test_every_languages_names_match_for_everyone(typed: str, generic: str) -> None:
    match = find_medicine(typed)
    assert match is not None and (match.entry.generic, match.how) == (generic, "exact"), typed


def test_words_that_are_no_medicine_stay_unknown() -> None:
    assert find_medicine("голова") is None
    assert find_medicine("кот") is None
    assert find_medicine("таблетки 400 мг") is None


def test_the_name_shown_is_the_users_languages_and_the_generic_otherwise() -> None:
    match = find_medicine("Нурофен")
    assert match is not None
    entry = match.entry
    assert (entry.display_name("es"), entry.display_name("ru"), entry.display_name("en")) == (
        "ibuprofeno",
        "ибупрофен",
        "ibuprofen",
    )
    assert entry.display_name("fr") == "ibuprofen"


def test_every_medicine_has_a_spanish_and_a_russian_name() -> None:
    missing = [(e.generic, lang) for e in load_dictionary() for lang in ("es", "ru") if lang not in e.local]
    assert missing == []
    shown = {e.generic: (e.display_name("es"), e.display_name("ru")) for e in load_dictionary()}
    assert shown["oxycodone"] == ("oxicodona", "оксикодон")
    assert shown["paracetamol + buclizine + codeine"] == (
        "paracetamol + buclizina + codeína",
        "парацетамол + буклизин + кодеин",
    )
    assert shown["dihydrocodeine"] == ("dihidrocodeína", "дигидрокодеин")


def test_the_kind_says_nsaid_only_for_the_nsaids() -> None:
    kinds = {e.generic: e.kind for e in load_dictionary()}
    assert kinds["ibuprofen"] == kinds["aspirin"] == kinds["naproxen"] == "nsaid"
    assert kinds["paracetamol"] == kinds["metamizole"] == "simple_analgesic"
    assert kinds["sumatriptan"] == "triptan"


def test_a_local_name_listed_for_two_medicines_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "medicines.yaml"
    path.write_text(
        "- {generic: ibuprofen, class: simple_analgesic, atc: M01AE01, local: {ru: [ибупрофен]}}\n"
        "- {generic: naproxen, class: simple_analgesic, atc: M01AE02, local: {es: [Ibuprofén]}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="ibupro"):
        load_dictionary(path)


def test_local_names_need_a_language_code(tmp_path: Path) -> None:
    path = tmp_path / "medicines.yaml"
    path.write_text("- {generic: ibuprofen, class: simple_analgesic, atc: M01AE01, local: {spanish: [x]}}\n")
    with pytest.raises(ValueError, match="two-letter"):
        load_dictionary(path)
