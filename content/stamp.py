"""Record in a translation which English it matches: `source_hash:` set to the English lesson's content_hash.

A maintainer stamps a translation after updating it to the current English (`python -m content stamp
es/aura`); until then, content/parity.py reports it stale. The line is edited in place, so the rest of the
file (comments, quoting, key order) stays as the writer left it.
"""

from __future__ import annotations

import re
from pathlib import Path

from content.loader import read_lesson
from content.parity import SOURCE_LANGUAGE

_FENCE = "---"
_SOURCE_HASH = re.compile(r"^source_hash:")
# The stamp goes under `version:` (or `id:`) when the file has none yet, where a reader of the file looks.
_ANCHORS = (re.compile(r"^version:"), re.compile(r"^id:"))


class StampError(Exception):
    """The translation or its English source cannot be stamped; the message says why."""


def source_file(translation: Path) -> Path:
    """Return the English lesson file a translation file translates (same name, `en` folder beside it)."""
    return translation.parent.parent / SOURCE_LANGUAGE / translation.name


def stamp(translation: Path) -> str:
    """Set the translation's source_hash to its English lesson's current content_hash and return that hash."""
    if translation.parent.name == SOURCE_LANGUAGE:
        raise StampError(f"{translation} is an English lesson: only translations are stamped")
    if not translation.is_file():
        raise StampError(f"{translation}: no such lesson file")
    source = source_file(translation)
    if not source.is_file():
        raise StampError(f"{translation}: no English lesson {source} to stamp it against")
    english, problems = read_lesson(source)
    if english is None:
        raise StampError("\n".join([f"{source} does not load, so it has no hash:", *map(str, problems)]))
    text = translation.read_text(encoding="utf-8")
    translation.write_text(with_source_hash(text, english.content_hash), encoding="utf-8")
    return english.content_hash


def with_source_hash(text: str, value: str) -> str:
    """Return a lesson file's text with `source_hash: value` in its front matter (replaced, or added)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != _FENCE:
        raise StampError("the file does not start with a '---' line")
    closing = next((index for index, line in enumerate(lines[1:], 1) if line.strip() == _FENCE), None)
    if closing is None:
        raise StampError("the front matter has no closing '---' line")
    entry = f"source_hash: {value}"
    existing = [index for index in range(1, closing) if _SOURCE_HASH.match(lines[index])]
    if existing:
        lines[existing[0]] = entry
        return "\n".join(lines)
    anchors = (index for pattern in _ANCHORS for index in range(1, closing) if pattern.match(lines[index]))
    lines.insert(next(anchors, 0) + 1, entry)
    return "\n".join(lines)
