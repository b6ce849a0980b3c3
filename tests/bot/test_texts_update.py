"""`python -m bot.texts update` keeps the .po files' order: an update changes only what changed."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from bot.texts.__main__ import main
from bot.texts.catalog import LOCALE_DIR, catalog_path, read_catalog

LANGUAGES = ("es", "ru")


@pytest.fixture
def locale_copy(tmp_path: Path) -> Path:
    """The repository's catalogs, copied so that the update can write them."""
    copy = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, copy)
    return copy


def changed_lines(before: str, after: str) -> list[str]:
    """The lines a unified diff of the two texts adds or removes."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in {"+++", "---"}]


def entries(text: str) -> list[str]:
    """The .po text cut into its entries (blank-line separated), header first."""
    return text.strip("\n").split("\n\n")


def test_an_update_of_the_unchanged_repository_changes_nothing(locale_copy: Path) -> None:
    assert main(["update", "--locale-dir", str(locale_copy)]) == 0

    for language in LANGUAGES:
        assert catalog_path(language, locale_copy).read_bytes() == catalog_path(language).read_bytes(), language


def test_a_new_message_is_appended_and_nothing_else_moves(locale_copy: Path) -> None:
    # A message missing from the file is what a new English constant looks like to the update.
    path = catalog_path("es", locale_copy)
    original = path.read_text(encoding="utf-8")
    blocks = entries(original)
    removed = next(block for block in blocks[400:] if "msgctxt" in block and "#, fuzzy" not in block)
    path.write_text("\n\n".join(b for b in blocks if b != removed) + "\n", encoding="utf-8")
    without = path.read_text(encoding="utf-8")

    main(["update", "--locale-dir", str(locale_copy)])

    updated = path.read_text(encoding="utf-8")
    assert entries(updated)[:-1] == entries(without)
    new_entry = entries(updated)[-1]
    # The same message as before, at the end, waiting for its translation (or a fuzzy guess from a close one).
    for line in removed.splitlines():
        if line.startswith(("msgctxt", "msgid")):
            assert line in new_entry.splitlines()
    assert new_entry.splitlines()[-1].endswith('""') or "#, fuzzy" in new_entry
    changed = changed_lines(without, updated)
    assert all(line.startswith("+") for line in changed)
    assert [line[1:] for line in changed if line != "+"] == new_entry.splitlines()


def test_a_changed_english_text_turns_fuzzy_in_its_place(locale_copy: Path) -> None:
    path = catalog_path("ru", locale_copy)
    original = path.read_text(encoding="utf-8")
    # As if the English text had been "Change the language!" when translated, and is now what the code says.
    catalog = read_catalog("ru", locale_copy)
    message = next(m for m in catalog if m.context == "/language")
    stale = original.replace(f'msgid "{message.id}"', f'msgid "{message.id}!"', 1)
    assert stale != original
    path.write_text(stale, encoding="utf-8")
    order = [m.context for m in read_catalog("ru", locale_copy) if m.id]

    main(["update", "--locale-dir", str(locale_copy)])

    updated = read_catalog("ru", locale_copy)
    assert [m.context for m in updated if m.id] == order
    entry = next(m for m in updated if m.context == "/language")
    assert entry.fuzzy and entry.id == message.id and entry.string == message.string
    changed = changed_lines(stale, path.read_text(encoding="utf-8"))
    # The translator sees the old English next to the new one (#|), and nothing else in the file changes.
    assert sorted(changed) == sorted(
        [f'-msgid "{message.id}!"', f'+msgid "{message.id}"', "+#, fuzzy", f'+#| msgid "{message.id}!"']
    )
