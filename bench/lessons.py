"""Benchmark lesson loading, search and red-flag checks against their targets: `python bench/lessons.py`."""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from content import LessonSearch, find_red_flags, load_catalog  # noqa: E402 - needs the path above
from content.loader import default_root  # noqa: E402

# The question sets, shared with tests/content/test_content_search_shipped.py: English in
# search_questions.yaml, every other language in search_questions.LANG.yaml.
QUESTIONS_DIR = REPO_ROOT / "tests" / "content"


def question_sets() -> dict[str, list[str]]:
    """Return each language's questions, English first."""
    files = {"en": QUESTIONS_DIR / "search_questions.yaml"}
    files.update({path.suffixes[0][1:]: path for path in sorted(QUESTIONS_DIR.glob("search_questions.*.yaml"))})
    sets = {lang: yaml.safe_load(path.read_text(encoding="utf-8"))["questions"] for lang, path in files.items()}
    return {lang: [item["question"] for item in items] for lang, items in sets.items()}


SYNTHETIC_LESSONS = 1000
LESSON_LINK = re.compile(r"\[\[[a-z0-9-]+\|([^\]\n]+)\]\]")


@dataclass(frozen=True)
class Result:
    """One measured figure next to its target (None when there is no target)."""

    name: str
    seconds: float
    target: float | None


def best_of(runs: int, action: Callable[[], object]) -> float:
    """Return the fastest of several runs, in seconds: the figure least disturbed by other processes."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return min(timings)


def ask_timings(search: LessonSearch, questions: list[str]) -> list[float]:
    """Return how long each question took, in seconds."""
    timings = []
    for question in questions:
        started = time.perf_counter()
        search.ask(question)
        timings.append(time.perf_counter() - started)
    return timings


def write_synthetic_lessons(target: Path, count: int) -> Path:
    """Copy the shipped lessons under new ids until there are `count`, and return the lessons root."""
    source = default_root() / "en"
    folder = target / "en"
    folder.mkdir(parents=True)
    (folder / "modules.yaml").write_text((source / "modules.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    originals = sorted(source.glob("*.md"))
    for number in range(count):
        text = originals[number % len(originals)].read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        meta = yaml.safe_load(front)
        meta.update(id=f"synthetic-{number:04d}", order=number + 1, related=[])
        front_text = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
        # Links name shipped lessons, which the synthetic folder does not have: keep the words, drop the link.
        body = LESSON_LINK.sub(r"\1", body)
        (folder / f"{meta['id']}.md").write_text(f"---\n{front_text}---\n{body}", encoding="utf-8")
    return target


def measure() -> list[Result]:
    """Run every measurement and return the results in table order."""
    results = [Result("load + validate shipped lessons", best_of(5, load_catalog), None)]
    with tempfile.TemporaryDirectory() as temporary:
        root = write_synthetic_lessons(Path(temporary), SYNTHETIC_LESSONS)
        seconds = best_of(3, lambda: load_catalog(root))
        results.append(Result(f"load + validate {SYNTHETIC_LESSONS:,} lessons", seconds, 1.0))
    for lang, questions in question_sets().items():
        catalog = load_catalog(lang=lang)
        build = best_of(5, lambda catalog=catalog: LessonSearch(catalog))  # type: ignore[misc]
        results.append(Result(f"[{lang}] build search index", build, None))
        # The first pass is "cold": the typo lookups and stems of each word are not cached yet.
        passes = [ask_timings(LessonSearch(catalog), questions) for _ in range(20)]
        cold = [timing for timings in passes for timing in timings]
        search = LessonSearch(catalog)
        warm = [timing for _ in range(20) for timing in ask_timings(search, questions)]
        results.append(Result(f"[{lang}] /ask median, cold ({len(questions)} q.)", statistics.median(cold), 0.005))
        results.append(Result(f"[{lang}] /ask p99, cold", statistics.quantiles(cold, n=100)[98], None))
        results.append(Result(f"[{lang}] /ask median, warm cache", statistics.median(warm), 0.005))
        results.append(Result(f"[{lang}] /ask p99, warm cache", statistics.quantiles(warm, n=100)[98], None))
    long_message = " ".join(path.read_text(encoding="utf-8") for path in sorted((default_root() / "en").glob("*.md")))
    long_message = long_message[:20_000]
    results.append(Result("red flags on 20,000 chars", best_of(5, lambda: find_red_flags(long_message)), 0.020))
    return results


def print_table(results: list[Result]) -> None:
    """Print name, time, target and time/target (below 1.00 meets the target)."""
    print(f"{'measurement':<42} {'time':>10} {'target':>10} {'ratio':>7}")
    for result in results:
        target = f"{result.target * 1000:.0f} ms" if result.target else "-"
        ratio = f"{result.seconds / result.target:.2f}" if result.target else "-"
        print(f"{result.name:<42} {result.seconds * 1000:>7.2f} ms {target:>10} {ratio:>7}")


if __name__ == "__main__":
    print_table(measure())
