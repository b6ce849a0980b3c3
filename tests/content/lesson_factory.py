"""Build lesson folders in tmp_path: a small valid catalog that each test bends one way."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from content import Catalog, Problem, check_content, load_catalog

TODAY = date(2026, 11, 21)
REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"

MODULES = [
    {"id": "basics", "title": "Basics", "order": 1, "treatment": False},
    {"id": "treating", "title": "Treating", "order": 2, "treatment": True},
]
# Pass as a field value to leave the field out of the front matter.
DROP = object()
BODY = """## What it is
<b>Aura</b> is a set of short symptoms & signs.

It goes away completely.

## What it feels like
- flashing lights
- tingling
"""


def front_matter(lesson_id: str, **changes: Any) -> dict[str, Any]:
    """Return valid front matter for a lesson, with fields replaced (or removed when set to DROP)."""
    data: dict[str, Any] = {
        "id": lesson_id,
        "version": 1,
        "module": "basics",
        "order": 1,
        "title": f"Lesson {lesson_id}",
        "summary": "A short summary.",
        "keywords": ["aura", "tingling"],
        "sources": [{"name": "ICHD-3", "year": 2018}],
        "review": {"by": "clinical content reviewer", "checked": "Facts against the sheet", "date": date(2026, 6, 1)},
        "related": [],
        "takeaways": ["One short line."],
        "quiz": {
            "question": "How long does aura last?",
            "options": [
                {"text": "5 to 60 minutes", "correct": True, "explanation": "Each symptom lasts 5 to 60 minutes."},
                {"text": "A few seconds", "explanation": "Too short."},
            ],
        },
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not DROP}


def lesson_text(front: dict[str, Any], body: str = BODY) -> str:
    """Return the text of a lesson file from front matter and a body."""
    return "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n" + body


class LessonFolder:
    """A language folder under tmp_path holding modules.yaml and lesson files."""

    def __init__(self, root: Path, lang: str = "en") -> None:
        self.root = root
        self.folder = root / lang
        self.folder.mkdir(parents=True)
        self.write_modules(MODULES)

    def write_modules(self, modules: list[dict[str, Any]]) -> Path:
        """Write modules.yaml."""
        path = self.folder / "modules.yaml"
        path.write_text(yaml.safe_dump({"modules": modules}, sort_keys=False), encoding="utf-8")
        return path

    def write(self, lesson_id: str, *, body: str = BODY, file_stem: str | None = None, **changes: Any) -> Path:
        """Write a valid lesson file with some fields changed."""
        return self.write_raw(f"{file_stem or lesson_id}.md", lesson_text(front_matter(lesson_id, **changes), body))

    def write_raw(self, name: str, text: str) -> Path:
        """Write a file exactly as given."""
        path = self.folder / name
        path.write_text(text, encoding="utf-8")
        return path

    def load(self) -> Catalog:
        """Load the folder as a catalog (raises ContentError)."""
        return load_catalog(self.root, lang=self.folder.name, today=TODAY)

    def problems(self) -> list[Problem]:
        """Return every problem in the folder."""
        return check_content(self.root, today=TODAY)

    def reasons(self, lesson_file: str, field: str) -> list[str]:
        """Return the reasons reported for one field of one file (matched on the file name)."""
        return [p.reason for p in self.problems() if Path(p.file).name == lesson_file and p.field == field]


def valid_folder(root: Path) -> LessonFolder:
    """Return a valid folder: two basics lessons and one treatment lesson with evidence."""
    folder = LessonFolder(root)
    folder.write("alpha", order=1, related=["beta"])
    folder.write("beta", order=2)
    folder.write("gamma", module="treating", order=1, evidence={"level": "level-a", "why": "Two good trials."})
    return folder
