"""Problems come back all at once, each as `file:field: reason`, with a summary line."""

from __future__ import annotations

import pytest
from lesson_factory import DROP, LessonFolder

from content import ContentError


def test_a_valid_folder_has_no_problems(lessons: LessonFolder) -> None:
    assert lessons.problems() == []


def test_missing_sources_is_reported_with_file_and_field(lessons: LessonFolder) -> None:
    path = lessons.write("alpha", sources=DROP)
    problems = lessons.problems()
    assert [str(p) for p in problems] == [f"{path.as_posix()}:sources: required field is missing"]


def test_all_problems_are_reported_at_once(lessons: LessonFolder) -> None:
    lessons.write("alpha", order=1, sources=DROP, version=0, related=["ghost"])
    lessons.write("beta", order=2, body="## Only one step\n<div>x</div>\n")
    with pytest.raises(ContentError) as raised:
        lessons.load()
    fields = {(p.file.rsplit("/", 1)[-1], p.field) for p in raised.value.problems}
    assert fields == {
        ("alpha.md", "sources"),
        ("alpha.md", "version"),
        ("alpha.md", "related[0]"),
        ("beta.md", "steps"),
        ("beta.md", "steps[0]"),
    }


def test_content_error_report_lists_problems_then_a_summary(lessons: LessonFolder) -> None:
    alpha = lessons.write("alpha", order=1, sources=DROP)
    beta = lessons.write("beta", order=2, module="nowhere")
    with pytest.raises(ContentError) as raised:
        lessons.load()
    assert str(raised.value).splitlines() == [
        f"{alpha.as_posix()}:sources: required field is missing",
        f"{beta.as_posix()}:module: unknown module 'nowhere' (known: basics, treating)",
        "2 problems in 2 files",
    ]


def test_missing_modules_yaml_is_reported_once_not_per_lesson(lessons: LessonFolder) -> None:
    (lessons.folder / "modules.yaml").unlink()
    problems = lessons.problems()
    assert [(p.field, p.reason) for p in problems] == [("file", "cannot be read")]
