"""bench/lessons.py measures loading on copies of the shipped lessons; those copies must stay valid."""

from __future__ import annotations

from pathlib import Path

from bench.lessons import write_synthetic_lessons
from content import check_content, load_catalog


def test_synthetic_copies_of_the_shipped_lessons_pass_the_validator(tmp_path: Path) -> None:
    root = write_synthetic_lessons(tmp_path, 40)

    assert [problem for problem in check_content(root) if problem.severity == "error"] == []
    assert len(load_catalog(root).lessons) == 40
