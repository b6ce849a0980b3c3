"""Every translation holds every English lesson in the same shape, and says which English it translates (issue 15)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from lesson_factory import BODY, REPO_ROOT, TODAY, LessonFolder, valid_folder

from content import check_catalogs, check_content, default_root, load_catalog
from content.loader import read_lesson
from content.problems import Problem
from content.stamp import StampError, stamp, with_source_hash

GAMMA_EVIDENCE = {"level": "level-a", "why": "Two good trials."}
THREE_STEPS = BODY + "\n## What to do\nRest in a dark room.\n"


@pytest.fixture
def spanish(tmp_path: Path) -> LessonFolder:
    """English lessons and a stamped Spanish translation of each: a pair that passes parity."""
    valid_folder(tmp_path / "lessons")
    folder = LessonFolder(tmp_path / "lessons", "es")
    write_spanish(folder, "alpha", order=1, related=["beta"])
    write_spanish(folder, "beta", order=2)
    write_spanish(folder, "gamma", module="treating", order=1, evidence=GAMMA_EVIDENCE)
    return folder


def write_spanish(folder: LessonFolder, lesson_id: str, **changes: Any) -> Path:
    """Write a Spanish lesson (its own title) and stamp it with its English lesson's current hash."""
    path = folder.write(lesson_id, **{"title": f"Lección {lesson_id}", **changes})
    stamp(path)
    return path


def findings(problems: list[Problem]) -> list[tuple[str, str, str, dict[str, Any], str]]:
    """Return (file name, field, code, parameters, severity) for each parity problem."""
    return [
        (Path(p.file).name, p.field, p.code, dict(p.params), p.severity)
        for p in problems
        if p.code.startswith("parity_")
    ]


def test_a_stamped_translation_of_every_lesson_passes(spanish: LessonFolder) -> None:
    assert spanish.problems() == []


def test_a_lesson_missing_in_a_translation_is_an_error(spanish: LessonFolder) -> None:
    (spanish.folder / "beta.md").unlink()
    write_spanish(spanish, "alpha", order=1)  # no longer related to the missing lesson

    assert findings(spanish.problems()) == [
        ("beta.md", "file", "parity_missing", {"lesson_id": "beta", "lang": "es"}, "error")
    ]


def test_a_lesson_english_does_not_have_is_an_error(spanish: LessonFolder) -> None:
    spanish.write("delta", order=3)

    assert findings(spanish.problems()) == [
        ("delta.md", "id", "parity_extra", {"lesson_id": "delta", "lang": "es"}, "error")
    ]


def test_an_extra_step_is_an_error(spanish: LessonFolder) -> None:
    write_spanish(spanish, "beta", order=2, body=THREE_STEPS)

    assert findings(spanish.problems()) == [
        (
            "beta.md",
            "steps",
            "parity_step_count",
            {"lesson_id": "beta", "lang": "es", "count": 3, "source_count": 2},
            "error",
        )
    ]


def test_a_correct_answer_moved_to_another_option_is_an_error(spanish: LessonFolder) -> None:
    quiz = {
        "question": "¿Cuánto dura el aura?",
        "options": [
            {"text": "Unos segundos", "explanation": "Demasiado poco."},
            {"text": "De 5 a 60 minutos", "correct": True, "explanation": "Cada síntoma dura de 5 a 60 minutos."},
        ],
    }
    write_spanish(spanish, "beta", order=2, quiz=quiz)

    assert findings(spanish.problems()) == [
        (
            "beta.md",
            "quiz.options",
            "parity_answer_position",
            {"lesson_id": "beta", "lang": "es", "position": 2, "source_position": 1},
            "error",
        )
    ]


def test_a_different_evidence_label_is_an_error(spanish: LessonFolder) -> None:
    write_spanish(spanish, "gamma", module="treating", order=1, evidence={"level": "level-b", "why": "Un ensayo."})

    assert findings(spanish.problems()) == [
        (
            "gamma.md",
            "evidence.level",
            "parity_evidence_level",
            {"lesson_id": "gamma", "lang": "es", "level": "'level-b'", "source_level": "'level-a'"},
            "error",
        )
    ]


def test_module_order_sources_and_review_must_match_english(spanish: LessonFolder) -> None:
    review = {"by": "clinical content reviewer", "checked": "Facts", "date": TODAY.replace(month=5)}
    sources = [{"name": "ICHD-3", "year": 2013}]
    write_spanish(spanish, "beta", order=3, sources=sources, review=review)

    found = {(field, code) for _file, field, code, _params, _severity in findings(spanish.problems())}

    assert found == {
        ("order", "parity_order"),
        ("sources[0]", "parity_source"),
        ("review.date", "parity_review_date"),
    }


def test_a_translation_changed_in_english_since_its_stamp_is_stale(spanish: LessonFolder) -> None:
    recorded = read_lesson(spanish.root / "en" / "beta.md")[0]
    spanish.root.joinpath("en").joinpath("beta.md").write_text(
        (spanish.root / "en" / "beta.md").read_text(encoding="utf-8").replace("A short summary.", "A new summary.")
    )
    current = read_lesson(spanish.root / "en" / "beta.md")[0]
    assert recorded is not None and current is not None and recorded.content_hash != current.content_hash

    params = {"lesson_id": "beta", "lang": "es", "recorded": recorded.content_hash, "current": current.content_hash}
    assert findings(spanish.problems()) == [("beta.md", "source_hash", "parity_stale", params, "error")]
    # /reload asks for a warning: it keeps serving the stale translation.
    catalogs = {lang: load_catalog(spanish.root, lang=lang, today=TODAY) for lang in ("en", "es")}
    assert findings(check_catalogs(catalogs, spanish.root, stale="warning")) == [
        ("beta.md", "source_hash", "parity_stale", params, "warning")
    ]
    stamp(spanish.folder / "beta.md")
    assert spanish.problems() == []


def test_a_translation_without_a_source_hash_is_an_error(spanish: LessonFolder) -> None:
    spanish.write("beta", order=2)

    assert findings(spanish.problems()) == [
        ("beta.md", "source_hash", "parity_no_source_hash", {"lesson_id": "beta", "lang": "es"}, "error")
    ]


def test_a_translation_folder_checked_alone_is_compared_with_english_beside_it(spanish: LessonFolder) -> None:
    write_spanish(spanish, "beta", order=2, body=THREE_STEPS)

    problems = check_content(spanish.folder, today=TODAY)

    assert [p.code for p in problems] == ["parity_step_count"]


def test_stamp_replaces_the_source_hash_line_or_adds_one_under_version() -> None:
    text = "---\nid: aura\nversion: 3\nmodule: understanding\n---\n## Step\nText.\n"

    added = with_source_hash(text, "0123456789ab")
    replaced = with_source_hash(added, "ba9876543210")

    assert added == "---\nid: aura\nversion: 3\nsource_hash: 0123456789ab\nmodule: understanding\n---\n## Step\nText.\n"
    assert replaced == added.replace("0123456789ab", "ba9876543210")


def test_stamp_refuses_an_english_lesson(spanish: LessonFolder) -> None:
    with pytest.raises(StampError):
        stamp(spanish.root / "en" / "alpha.md")


def test_the_shipped_english_spanish_and_russian_lessons_pass_parity() -> None:
    problems = check_content()

    assert [str(p) for p in problems if p.severity == "error"] == []
    assert sorted(folder.name for folder in default_root().iterdir() if folder.is_dir()) == ["en", "es", "ru"]


def test_the_shipped_lessons_fail_when_a_russian_lesson_is_missing(tmp_path: Path) -> None:
    # The check above could pass by checking nothing: the same files without one lesson must fail.
    root = tmp_path / "lessons"
    shutil.copytree(default_root(), root)
    (root / "ru" / "aura.md").unlink()

    missing = [p for p in check_content(root) if p.code == "parity_missing"]

    assert [(Path(p.file).parent.name, Path(p.file).name) for p in missing] == [("ru", "aura.md")]


def test_the_command_line_fails_on_a_stale_translation_until_it_is_stamped(spanish: LessonFolder) -> None:
    english = spanish.root / "en" / "beta.md"
    english.write_text(english.read_text(encoding="utf-8").replace("A short summary.", "A new summary."))

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "content", *map(str, args)]
        return subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, check=False, timeout=60)

    stale = run("check", spanish.root)
    stamped = run("stamp", spanish.folder / "beta.md")
    fresh = run("check", spanish.root)

    assert stale.returncode == 1 and "beta.md:source_hash: stale translation" in stale.stdout
    assert stamped.returncode == 0 and stamped.stdout.startswith(f"{spanish.folder / 'beta.md'}: source_hash ")
    assert (fresh.returncode, fresh.stdout) == (0, "6 lessons OK\n")
