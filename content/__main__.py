"""Command line: `python -m content check [--due] [PATH]` validates lesson files and exits 1 on any error;
`python -m content stamp LANG/LESSON...` records that translations match the current English."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from content.loader import check_content, default_root, language_folders, reviews_due
from content.problems import errors, summarize
from content.stamp import StampError, stamp
from content.validate import REVIEW_WARNING_DAYS

USAGE = f"""usage: python -m content check [--due] [PATH]
       python -m content stamp LANG/LESSON-ID... (or lesson files)

Validate lesson files. PATH is a lessons root with one folder per language
(default: the lessons shipped in the package) or a single language folder.
Prints one line per problem (warnings are marked), then a summary; exits 1 if
there are errors. Warnings, such as a review expiring soon, do not fail.

--due  list the lessons whose review has expired or expires within
       {REVIEW_WARNING_DAYS} days, soonest first, instead of validating.

Every translation must match the English lessons (same lessons, steps, quiz
answers, evidence, sources and review) and record the English it translates:
after updating a translation to the current English, `stamp es/aura` sets its
source_hash to the English lesson's hash, so the check stops calling it stale."""


def main(argv: list[str]) -> int:
    """Run the command named in argv and return the process exit code."""
    if not argv or argv[0] in {"-h", "--help"}:
        print(USAGE, file=sys.stderr if not argv else sys.stdout)
        return 2 if not argv else 0
    if argv[0] == "stamp":
        return run_stamp(argv[1:])
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


def run_stamp(names: list[str]) -> int:
    """Stamp each named translation (`es/aura`, or a lesson file's path); return 1 if any could not be."""
    if not names or any(name.startswith("-") for name in names):
        print(USAGE, file=sys.stderr)  # noqa: T201
        return 2
    failed = 0
    for name in names:
        path = Path(name) if name.endswith(".md") else default_root() / f"{name}.md"
        try:
            print(f"{name}: source_hash {stamp(path)}")  # noqa: T201
        except StampError as error:
            print(f"{name}: {error}", file=sys.stderr)  # noqa: T201
            failed = 1
    return failed


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
