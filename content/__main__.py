"""Command line: `python -m content check [--due] [PATH]` validates lesson files and exits 1 on any error."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from content.loader import check_content, default_root, language_folders, reviews_due
from content.problems import errors, summarize
from content.validate import REVIEW_WARNING_DAYS

USAGE = f"""usage: python -m content check [--due] [PATH]

Validate lesson files. PATH is a lessons root with one folder per language
(default: the lessons shipped in the package) or a single language folder.
Prints one line per problem (warnings are marked), then a summary; exits 1 if
there are errors. Warnings, such as a review expiring soon, do not fail.

--due  list the lessons whose review has expired or expires within
       {REVIEW_WARNING_DAYS} days, soonest first, instead of validating."""


def main(argv: list[str]) -> int:
    """Run the command named in argv and return the process exit code."""
    if not argv or argv[0] in {"-h", "--help"}:
        print(USAGE, file=sys.stderr if not argv else sys.stdout)
        return 2 if not argv else 0
    due = "--due" in argv[1:]
    rest = [arg for arg in argv[1:] if arg != "--due"]
    if argv[0] != "check" or len(rest) > 1 or any(arg.startswith("-") for arg in rest):
        print(USAGE, file=sys.stderr)  # noqa: T201
        return 2
    root = Path(rest[0]) if rest else default_root()
    return run_due(root) if due else run_check(root)


def run_check(root: Path) -> int:
    """Print the content report for root and return 1 if anything is wrong, else 0."""
    problems = check_content(root)
    lesson_count = sum(len(list(folder.glob("*.md"))) for folder in language_folders(root))
    for line in [*map(str, problems), summarize(problems, lesson_count=lesson_count)]:
        print(line)  # noqa: T201
    return 1 if errors(problems) else 0


def run_due(root: Path) -> int:
    """Print the lessons due for review, one a line, and return 0."""
    today = datetime.now(UTC).date()
    due = reviews_due(root, today=today)
    for item in due:
        when = "expired" if item.expires < today else "expires"
        print(f"{item.file}: reviewed {item.reviewed}, {when} {item.expires} ({(item.expires - today).days} days)")  # noqa: T201
    print(f"{len(due)} {'lesson' if len(due) == 1 else 'lessons'} due for review")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
