"""The red-flag screen on its corpus: recall per category, false alarms, and how long screening takes.

Run: .venv/bin/python -m bench.redflags [--rounds R] [--split dev|held_out|held_out_last|all] [--language en|es|ru]
     .venv/bin/python -m bench.redflags --speed [--rounds R] [--language en]   (the timings only)
     .venv/bin/python -m bench.redflags --set FILE.tsv [--language en]   (quality of any message set only)

Each language has its own corpus (tests/content/corpus/ for English, corpus/<language>/ for the others) and is
screened as the bot screens its users (content.redflags.screen): without --language, each language in turn.

A set file has one message per line, `category<TAB>message`; the category `ordinary` means nothing urgent,
`crisis` means the crisis path, and any other category means an urgent message. `--set` prints recall per
category (and how many of the rest were asked a follow-up question, and how many got nothing at all), the
false-alarm rate, and every miss and false alarm, so a set written by someone who never saw
the lexicon shows which clinical concepts are missing.

Some corpus lines are kept out of the measured ones as comments (`# kept out, still alarms: ...` in ordinary
files, `# kept out, still missed: ...` in urgent ones; see the corpus README): the recall and the false-alarm rate
leave them out, so after each the bench prints how many there are, how many the screen still gets wrong, and the
figure counting them in.

Targets (Safety-net issue): recall at least 99% overall and 95% in every category; false alarms at most
1%; median under 0.2 ms for a short message and p99 under 2 ms for 4,096 characters. Times are CPU time of
this thread (`time.thread_time`), so other processes on a shared machine inflate them less; each figure
is the best of several alternating rounds, each round starting from a collected heap. The baseline is the
phrase matcher the detector replaced (bench/baseline/), measured in the same run on the same messages, and
the ratio to it is the figure to compare between machines and runs.
"""

from __future__ import annotations

import argparse
import gc
import math
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "content"))

from redflag_corpus import Message, kept_out, read  # noqa: E402 - needs the path above

from bench.baseline.phrase_matcher import find_red_flags as baseline_find  # noqa: E402
from content.redflags import Outcome, compiled, lexicon_names, screen  # noqa: E402

LONG = 4096
TARGETS = {"recall": 0.99, "category": 0.95, "false_alarms": 0.01, "short_median_ms": 0.2, "long_p99_ms": 2.0}
Screen = Callable[[str], object]


def caught(message: Message, language: str = "en") -> bool:
    """Whether an urgent message got the urgent outcome (the crisis path for crisis messages)."""
    return alarmed(screen(message.text, language).outcome, message.category)


def alarmed(outcome: Outcome, category: str = "") -> bool:
    """Whether an outcome is the urgent one for a category (the crisis path for crisis; any alarm for the rest)."""
    return outcome is Outcome.CRISIS if category == "crisis" else outcome in (Outcome.URGENT, Outcome.CRISIS)


def baseline_caught(message: Message) -> bool:
    """The same question for the phrase matcher, which has no crisis path and one urgent outcome."""
    return bool(baseline_find(message.text))


def quality(split: str, language: str = "en") -> None:
    """Print recall per category and the false-alarm rate, next to the baseline's."""
    def chosen(messages: list[Message]) -> list[Message]:
        return [m for m in messages if split == "all" or m.split == split]

    urgent, ordinary = chosen(read("urgent", language)), chosen(read("ordinary", language))
    possible = chosen(read("possible", language))
    if not urgent or not ordinary:
        print(f"Language {language}, split {split}: no messages")
        return
    totals, hits, old_hits = Counter[str](), Counter[str](), Counter[str]()
    questioned, silent = Counter[str](), Counter[str]()
    for message in urgent:
        totals[message.category] += 1
        hits[message.category] += caught(message, language)
        old_hits[message.category] += baseline_caught(message)
        outcome = screen(message.text, language).outcome
        questioned[message.category] += outcome is Outcome.POSSIBLE
        silent[message.category] += outcome is Outcome.NONE
    print(f"Language: {language}; split: {split}; {len(urgent)} urgent, {len(ordinary)} ordinary, "
          f"{len(possible)} partial-sign messages\n")
    print("recall: the urgent outcome (the crisis path for crisis), the lexicon's or the second opinion's (which")
    print("raises it where its scores are as high as the top 0.5% of ordinary messages', training.py); asked: a")
    print("follow-up question instead (the lexicon's partial sign or the second opinion's); silent: no outcome at")
    print("all, the worst miss.\n")
    print(f"{'category':<20} {'n':>4} {'recall':>8} {'baseline':>9} {'asked':>6} {'silent':>6}")
    for category in sorted(totals):
        n = totals[category]
        mark = "" if hits[category] / n >= TARGETS["category"] else "  < 95%"
        print(f"{category:<20} {n:>4} {hits[category] / n:>8.1%} {old_hits[category] / n:>9.1%} "
              f"{questioned[category]:>6} {silent[category]:>6}{mark}")
    n = sum(totals.values())
    print(f"{'all urgent':<20} {n:>4} {sum(hits.values()) / n:>8.1%} {sum(old_hits.values()) / n:>9.1%} "
          f"{sum(questioned.values()):>6} {sum(silent.values()):>6}")
    raised = sum(
        caught(m, language) and not alarmed(screen(m.text, language, second_opinion=False).outcome, m.category)
        for m in urgent
    )
    print(f"(of the urgent outcomes, the second opinion raised {raised} where the lexicon alone had not)")
    print_kept_out_urgent(chosen(kept_out("urgent", language)), sum(hits.values()), n, language)
    outcomes = Counter(screen(m.text, language).outcome for m in ordinary)
    alarms = outcomes[Outcome.URGENT] + outcomes[Outcome.CRISIS]
    lexicon_alarms = sum(alarmed(screen(m.text, language, second_opinion=False).outcome) for m in ordinary)
    old_alarms = sum(bool(baseline_find(m.text)) for m in ordinary)
    print(f"\nfalse alarms on ordinary messages: {alarms}/{len(ordinary)} = {alarms / len(ordinary):.2%} "
          f"(the second opinion's: {alarms - lexicon_alarms}; baseline {old_alarms / len(ordinary):.2%}); "
          f"follow-up questions asked: {outcomes[Outcome.POSSIBLE]}")
    print_kept_out_ordinary(chosen(kept_out("ordinary", language)), alarms, len(ordinary), language)
    if not possible:
        return
    asked = Counter(screen(m.text, language).outcome for m in possible)
    print(f"partial signs: {asked[Outcome.POSSIBLE]} asked, {asked[Outcome.URGENT]} urgent, "
          f"{asked[Outcome.NONE]} silent of {len(possible)}")


def print_kept_out_urgent(kept: list[Message], hits: int, total: int, language: str) -> None:
    """Print the urgent lines kept out of the measured ones, how many are still missed, and recall with them in."""
    missed = sum(not caught(m, language) for m in kept)
    hits, total = hits + len(kept) - missed, total + len(kept)
    print(f"kept out of the measured lines (corpus README): {len(kept)} urgent, {missed} still missed; "
          f"recall counting them in: {hits}/{total} = {hits / total:.1%}")


def print_kept_out_ordinary(kept: list[Message], alarms: int, total: int, language: str) -> None:
    """Print the ordinary lines kept out of the measured ones, how many alarm now, and the rate with them in."""
    alarming = sum(alarmed(screen(m.text, language).outcome) for m in kept)
    alarms, total = alarms + alarming, total + len(kept)
    print(f"kept out of the measured lines (corpus README): {len(kept)} ordinary, {alarming} alarm now; "
          f"false alarms counting them in: {alarms}/{total} = {alarms / total:.2%}")


def read_set(path: Path) -> list[tuple[str, str]]:
    """The (category, message) pairs of a tab-separated set file; blank lines and "#" comments are skipped."""
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        category, tab, text = line.partition("\t")
        if not tab or not text.strip():
            raise SystemExit(f"{path}:{number}: expected category<TAB>message")
        pairs.append((category.strip().lower(), text.replace("\\n", "\n")))
    return pairs


def score_set(path: Path, language: str) -> None:
    """Print recall per category, the false-alarm rate, and each miss and false alarm of a set file."""
    pairs = read_set(path)
    totals, hits, questioned, silent = Counter[str](), Counter[str](), Counter[str](), Counter[str]()
    misses: list[tuple[str, str, str]] = []
    alarms: list[tuple[str, str]] = []
    ordinary = asked = 0
    for category, text in pairs:
        outcome = screen(text, language).outcome
        if category == "ordinary":
            ordinary += 1
            asked += outcome is Outcome.POSSIBLE
            if outcome in (Outcome.URGENT, Outcome.CRISIS):
                alarms.append((outcome.value, text))
            continue
        ok = outcome is Outcome.CRISIS if category == "crisis" else outcome in (Outcome.URGENT, Outcome.CRISIS)
        totals[category] += 1
        hits[category] += ok
        questioned[category] += outcome is Outcome.POSSIBLE
        silent[category] += outcome is Outcome.NONE
        if not ok:
            misses.append((category, outcome.value, text))
    print(f"Set: {path} ({language}); {sum(totals.values())} urgent, {ordinary} ordinary\n")
    print(f"{'category':<22} {'n':>4} {'recall':>8} {'asked':>6} {'silent':>6}")
    for category in sorted(totals):
        n = totals[category]
        mark = "" if hits[category] / n >= TARGETS["category"] else "  < 95%"
        print(f"{category:<22} {n:>4} {hits[category] / n:>8.1%} {questioned[category]:>6} {silent[category]:>6}{mark}")
    n = sum(totals.values())
    if n:
        print(f"{'all urgent':<22} {n:>4} {sum(hits.values()) / n:>8.1%} {sum(questioned.values()):>6} "
              f"{sum(silent.values()):>6}")
        print("(asked: a follow-up question instead of the urgent outcome; silent: nothing at all)")
    if ordinary:
        print(f"\nfalse alarms: {len(alarms)}/{ordinary} = {len(alarms) / ordinary:.2%}; "
              f"follow-up questions asked on ordinary messages: {asked}")
    if misses:
        print("\nmissed (category, outcome, message):")
        for category, outcome, text in misses:
            print(f"  {category:<20} {outcome:<8} {text}")
    if alarms:
        print("\nfalse alarms (outcome, message):")
        for outcome, text in alarms:
            print(f"  {outcome:<8} {text}")


def long_messages(count: int, seed: int = 11, language: str = "en") -> list[str]:
    """Rambling 4,096-character messages of ordinary chat, half with one urgent sign in the middle."""
    rng = random.Random(seed)
    urgent = [m.text for m in read("urgent", language)]
    ordinary = [m.text for m in read("ordinary", language)]
    out = []
    for index in range(count):
        sign = rng.choice(urgent) if index % 2 else ""
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) + len(sign) < LONG:
            parts.append(rng.choice(ordinary))
        if sign:
            parts.insert(len(parts) // 2, sign)
        out.append(" ".join(parts)[:LONG])
    return out


def timings(check: Screen, messages: list[str]) -> list[float]:
    """Milliseconds of thread CPU time per message."""
    out = []
    for text in messages:
        started = time.thread_time()
        check(text)
        out.append((time.thread_time() - started) * 1000)
    return out


def percentile(ordered: list[float], fraction: float) -> float:
    """The value below which `fraction` of the sorted times fall (nearest rank)."""
    return ordered[max(0, math.ceil(len(ordered) * fraction) - 1)]


def speed(rounds: int, language: str = "en") -> None:
    """Print the median and p99 for short and for long messages, best of alternating rounds, with the ratios."""
    short = [m.text for m in read("urgent", language) + read("ordinary", language)]
    long = long_messages(200, language=language)
    checks: dict[str, Screen] = {
        "concept detector": lambda text: screen(text, language),
        "lexicon alone": lambda text: screen(text, language, second_opinion=False),
        "baseline phrases": baseline_find,
    }
    best: dict[tuple[str, str], float] = {}
    for check in checks.values():  # warm the caches
        timings(check, short[:200] + long[:20])
    for _ in range(rounds):
        for name, check in checks.items():
            gc.collect()  # each check starts from the same heap, not from the other's garbage
            short_times = sorted(timings(check, short))
            long_times = sorted(timings(check, long))
            figures = {
                "short median": statistics.median(short_times),
                "short p99": percentile(short_times, 0.99),
                "long median": statistics.median(long_times),
                "long p99": percentile(long_times, 0.99),
            }
            for figure, value in figures.items():
                key = (name, figure)
                best[key] = min(best.get(key, value), value)
    print(f"\nscreening time, {language} (ms of CPU, best of {rounds} rounds; {len(short)} short, "
          f"{len(long)} of {LONG} chars)")
    print("detector: the whole screen; lexicon: without the second opinion (content/redflags/classifier.py)")
    print(f"running: {'compiled (mypyc)' if compiled.in_use() else 'source (no current mypyc build)'} "
          "(content/redflags/compiled.py)")
    print(f"{'figure':<14} {'detector':>10} {'lexicon':>10} {'model +':>8} {'baseline':>10} {'ratio':>7} {'target':>8}")
    targets = {"short median": TARGETS["short_median_ms"], "long p99": TARGETS["long_p99_ms"]}
    for figure in ("short median", "short p99", "long median", "long p99"):
        ours, theirs = best[("concept detector", figure)], best[("baseline phrases", figure)]
        alone = best[("lexicon alone", figure)]
        target = f"< {targets[figure]}" if figure in targets else "-"
        print(f"{figure:<14} {ours:>10.3f} {alone:>10.3f} {ours - alone:>8.3f} {theirs:>10.3f} {ours / theirs:>7.2f} "
              f"{target:>8}")


def main() -> None:
    """Parse the options and print both tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--split", default="all", choices=["dev", "held_out", "held_out_last", "all"])
    parser.add_argument("--speed", action="store_true", help="print the timings only, not the recall")
    parser.add_argument("--set", type=Path, metavar="FILE", help="score a category<TAB>message file instead")
    parser.add_argument("--language", choices=lexicon_names(), help="one language (default: each; en for --set)")
    args = parser.parse_args()
    if args.set is not None:
        score_set(args.set, args.language or "en")
        return
    for language in [args.language] if args.language else lexicon_names():
        print(f"\n=== {language} ===")
        if not args.speed:
            quality(args.split, language)
        speed(args.rounds, language)


if __name__ == "__main__":
    main()
