"""Command line: `python -m content check [PATH]` validates lesson files and exits 1 on any problem."""

from __future__ import annotations

import sys
from pathlib import Path

from content.loader import check_content, default_root, language_folders
from content.problems import summarize

USAGE = """usage: python -m content check [PATH]

Validate lesson files. PATH is a lessons root with one folder per language
(default: the lessons shipped in the package) or a single language folder.
Prints one line per problem, then a summary; exits 1 if there are problems."""


def main(argv: list[str]) -> int:
    """Run the command named in argv and return the process exit code."""
    if not argv or argv[0] in {"-h", "--help"}:
        print(USAGE, file=sys.stderr if not argv else sys.stdout)
        return 2 if not argv else 0
    if argv[0] != "check" or len(argv) > 2:
        print(USAGE, file=sys.stderr)  # noqa: T201
        return 2
    root = Path(argv[1]) if len(argv) == 2 else default_root()
    return run_check(root)


def run_check(root: Path) -> int:
    """Print the content report for root and return 1 if anything is wrong, else 0."""
    problems = check_content(root)
    lesson_count = sum(len(list(folder.glob("*.md"))) for folder in language_folders(root))
    for line in [*map(str, problems), summarize(problems, lesson_count=lesson_count)]:
        print(line)  # noqa: T201
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
