"""Problems found in lesson files, reported as `file:field: reason`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one field of one content file."""

    file: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.field}: {self.reason}"


class ContentError(Exception):
    """Raised when lesson content is invalid; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.report())

    def report(self) -> str:
        """Return one line per problem followed by a summary line."""
        return "\n".join([*map(str, self.problems), summarize(self.problems, lesson_count=0)])


def display_path(path: Path) -> str:
    """Return the path relative to the working directory when possible, so reports read like `content/...`."""
    # absolute() rather than resolve(): no symlink lookups, which matters when loading 1,000 files.
    try:
        return path.absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def summarize(problems: Iterable[Problem], *, lesson_count: int) -> str:
    """Return the report's last line: `27 lessons OK` or `3 problems in 2 files`."""
    problem_list = list(problems)
    if not problem_list:
        return f"{lesson_count} {_plural(lesson_count, 'lesson')} OK"
    file_count = len({problem.file for problem in problem_list})
    return f"{len(problem_list)} {_plural(len(problem_list), 'problem')} in {file_count} {_plural(file_count, 'file')}"


def _plural(count: int, noun: str) -> str:
    return noun if count == 1 else noun + "s"
