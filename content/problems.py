"""Problems found in lesson files, reported as `file:field: reason`.

A problem is an error (the content cannot ship) or a warning (it can, but someone must act soon, such as
a review that expires within 60 days). Only errors stop a load or a /reload. Each carries its finding
(a code and parameters, content/findings.py) besides the English reason, so the bot can word it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from content.findings import Finding, Param

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one field of one content file."""

    file: str
    field: str
    reason: str
    severity: Severity = "error"
    code: str = ""
    params: tuple[tuple[str, Param], ...] = ()

    @classmethod
    def of(cls, file: str, field: str, found: Finding, severity: Severity = "error") -> Problem:
        """Return the problem for a finding, with its English reason."""
        return cls(file, field, str(found), severity, found.code, found.params)

    def __str__(self) -> str:
        marker = "warning: " if self.severity == "warning" else ""
        return f"{self.file}:{self.field}: {marker}{self.reason}"


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """Return only the problems that stop content from shipping."""
    return [problem for problem in problems if problem.severity == "error"]


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
    """Return the report's last line: `27 lessons OK`, `3 problems in 2 files`, plus `, 1 warning` if any."""
    everything = list(problems)
    problem_list = errors(everything)
    warning_count = len(everything) - len(problem_list)
    warnings = f", {warning_count} {_plural(warning_count, 'warning')}" if warning_count else ""
    if not problem_list:
        return f"{lesson_count} {_plural(lesson_count, 'lesson')} OK{warnings}"
    file_count = len({problem.file for problem in problem_list})
    count = len(problem_list)
    return f"{count} {_plural(count, 'problem')} in {file_count} {_plural(file_count, 'file')}{warnings}"


def _plural(count: int, noun: str) -> str:
    return noun if count == 1 else noun + "s"
