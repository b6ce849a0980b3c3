"""The red-flag corpus with each message's writer set (the `# set X` marks, the held-out parts, mixed_X files).

A set's tuning probes (`# set X (tuning probes)`) were written by the engineers after reading set X, so they
are a set of their own ("X-probes") and are left out of training whenever X is held out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from content.redflags.classifier import GROUP_OF, ORDINARY
from content.redflags.training import corpus_files, corpus_folder

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "content" / "corpus"
LANGUAGES = ("en", "es", "ru")
_SET_MARK = re.compile(r"#\s*set\s+([A-Z])\b(.*)", re.IGNORECASE)
_FILE_SET = re.compile(r"^(?:mixed|set)_([a-z])$")


@dataclass(frozen=True, slots=True)
class Item:
    text: str
    label: str  # ORDINARY or a classifier group
    category: str  # the file's stem
    urgent: bool
    writer_set: str  # "L", "J", "L-probes", "HO" (first held-out part), "B" (written last), "dev"
    part: str  # the file and part (the training module's writer set): finer than writer_set


def file_default(path: Path) -> str:
    if path.stem == "mixed_last":
        return "B"
    found = _FILE_SET.match(path.stem)
    return found.group(1).upper() if found else "dev"


def read_items(language: str, corpus: Path = CORPUS) -> list[Item]:
    items: list[Item] = []
    folder = corpus_folder(corpus, language)
    for path in corpus_files(corpus, language):
        kind = path.parent.name
        current = file_default(path)
        part = "dev"
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            mark = _SET_MARK.match(stripped)
            if stripped == "=== held out ===":
                current, part = "HO", "held out"
            elif stripped == "=== held out, written last ===":
                current, part = "B", "held out last"
            elif mark:
                letter = mark.group(1).upper()
                current = f"{letter}-probes" if "probe" in mark.group(2).lower() else letter
                part = stripped.lower()
            elif stripped and not line.startswith("#"):
                label = ORDINARY if kind == ORDINARY else GROUP_OF[path.stem]
                items.append(
                    Item(
                        line.replace("\\n", "\n"),
                        label,
                        path.stem,
                        kind != ORDINARY,
                        current,
                        f"{path.relative_to(folder).as_posix()}#{part}",
                    )
                )
    return items
