"""`python -m content check PATH`: a report on stdout and an exit code CI can use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from lesson_factory import DROP, REPO_ROOT, LessonFolder


def run_content(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "content", *map(str, args)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_check_of_valid_lessons_prints_count_and_exits_zero(lessons: LessonFolder) -> None:
    result = run_content("check", lessons.root)
    assert (result.returncode, result.stdout) == (0, "3 lessons OK\n")


def test_check_accepts_a_single_language_folder(lessons: LessonFolder) -> None:
    result = run_content("check", lessons.folder)
    assert (result.returncode, result.stdout) == (0, "3 lessons OK\n")


def test_check_prints_one_line_per_problem_then_summary_and_exits_one(lessons: LessonFolder) -> None:
    alpha = lessons.write("alpha", order=1, sources=DROP, version=0)
    beta = lessons.write("beta", order=2, module="nowhere")
    result = run_content("check", lessons.root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{alpha.as_posix()}:version: Input should be greater than 0",
        f"{alpha.as_posix()}:sources: required field is missing",
        f"{beta.as_posix()}:module: unknown module 'nowhere' (known: basics, treating)",
        "3 problems in 2 files",
    ]


def test_check_reports_paths_relative_to_the_working_directory(tmp_path: Path) -> None:
    folder = LessonFolder(tmp_path / "lessons")
    folder.write("alpha", title=DROP)
    result = subprocess.run(
        [sys.executable, "-m", "content", "check", "lessons"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={"PYTHONPATH": str(REPO_ROOT)},
    )
    assert result.stdout.splitlines()[0] == "lessons/en/alpha.md:title: required field is missing"


def test_check_of_a_folder_without_lessons_fails(tmp_path: Path) -> None:
    result = run_content("check", tmp_path)
    assert result.returncode == 1
    assert "no language folder" in result.stdout


def test_no_subcommand_prints_usage_and_exits_two() -> None:
    result = run_content()
    assert result.returncode == 2
    assert result.stderr.startswith("usage: python -m content check [--due] [PATH]")


def test_unknown_subcommand_exits_two() -> None:
    assert run_content("lint").returncode == 2


def test_check_without_path_validates_the_shipped_lessons() -> None:
    result = run_content("check")
    assert result.stdout.splitlines()[-1].endswith("lessons OK"), result.stdout
