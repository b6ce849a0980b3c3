"""The red-flag second opinion judged on writers it never saw: hold out the newest corpus commits.

Run: .venv/bin/python -m bench.redflags_model [--last 2] [--language en]

For each language, the lines added by the last `--last` commits that touched its urgent and ordinary files
(git blame) are the test fold: newer writers, written after everything else. The model is trained on the
rest only, its threshold chosen by cross-validation by writer set inside the rest
(content.redflags.training), and then scored once on the test fold. The lexicon those writers were
measured against is the one before the oldest held-out commit (its content/ is run from `git archive` in
a subprocess): that lexicon had not seen them, as the model has not. The figures with today's lexicon,
which was tuned on those lines, are printed too, for reference only.

Outcomes: an urgent message is urgent by the lexicon, raised by the model (the lexicon found no emergency
and P(crisis) or the urgent score reached its raise threshold, content.redflags.second_opinion), asked
about by the lexicon (POSSIBLE), asked about by the model (the score reached the question threshold), or
silent. An ordinary message is a false emergency, raised by the model, asked by the lexicon, asked by the
model, or silent. The old lexicon gives only an outcome, not its partial sign's code, so the second
opinion's "agree" step (a partial sign raised when the model suspects its group) is not counted here.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from io import BytesIO
from pathlib import Path

from content.redflags import lexicon_names, screen
from content.redflags.classifier import CLASSES, ORDINARY, Model
from content.redflags.training import Sample, corpus_files, corpus_folder, read_samples, train

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS = REPO_ROOT / "tests" / "content" / "corpus"
_OLD_SCREEN = """
import json, sys
from content.redflags import screen
for line in sys.stdin:
    text, language = json.loads(line)
    print(screen(text, language).outcome.value)
"""


def git(*args: str) -> str:
    """The output of a git command in the repository."""
    return subprocess.run(["git", *args], cwd=REPO_ROOT, check=True, capture_output=True, text=True).stdout


def held_out_commits(language: str, last: int) -> list[str]:
    """The newest `last` commits that changed a language's urgent or ordinary files, newest first."""
    folder = corpus_folder(CORPUS, language)
    paths = [str(folder / kind) for kind in ("urgent", "ordinary")]
    return git("log", "--format=%H", "-n", str(last), "--", *paths).split()


def line_commits(path: Path) -> dict[int, str]:
    """The commit that last wrote each line of a file (git blame)."""
    commits: dict[int, str] = {}
    for line in git("blame", "--porcelain", "--", str(path.relative_to(REPO_ROOT))).splitlines():
        parts = line.split()
        if len(parts) >= 3 and len(parts[0]) == 40 and parts[1].isdigit() and parts[2].isdigit():
            commits[int(parts[2])] = parts[0]
    return commits


def split(language: str, last: int) -> tuple[list[Sample], list[Sample], list[str]]:
    """The training and the held-out samples of a language, and the held-out commits."""
    commits = held_out_commits(language, last)
    folder = corpus_folder(CORPUS, language)
    blame = {path.relative_to(folder).as_posix(): line_commits(path) for path in corpus_files(CORPUS, language)}
    rest, held = [], []
    for sample in read_samples(CORPUS, language):
        file = sample.file
        (held if blame[file].get(sample.line) in commits else rest).append(sample)
    return rest, held, commits


def old_outcomes(commit: str, texts: list[tuple[str, str]]) -> list[str]:
    """The outcome of each (text, language) under the lexicon of a commit, run from its own content/."""
    archive = subprocess.run(["git", "archive", commit, "content"], cwd=REPO_ROOT, check=True, capture_output=True)
    with tempfile.TemporaryDirectory() as folder:
        with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
            tar.extractall(folder, filter="data")
        lines = "".join(json.dumps(pair) + "\n" for pair in texts)
        done = subprocess.run(
            [sys.executable, "-c", _OLD_SCREEN], input=lines, text=True, capture_output=True, check=True,
            env={"PYTHONPATH": folder, "PATH": "/usr/bin:/bin"}, cwd=folder,
        )  # fmt: skip
    return done.stdout.split()


def outcome_of(lexicon: str, model: Model, text: str) -> str:
    """What the screen with the model does: the lexicon's emergency, the model's, or a question."""
    if lexicon in ("urgent", "crisis"):
        return "emergency"
    probabilities = model.probabilities(text)
    if probabilities[CLASSES.index("crisis")] >= model.crisis_threshold or (
        1.0 - probabilities[0] >= model.raise_threshold
    ):
        return "raised by model"
    if model.urgent_score(text)[0] >= model.threshold:
        return "asked by model" if lexicon == "none" else "asked by lexicon"
    return "asked by lexicon" if lexicon == "possible" else "silent"


def report(title: str, held: list[Sample], lexicon: list[str], model: Model) -> None:
    """Print the held-out outcomes of urgent and ordinary messages, with the lexicon alone and with the model."""
    print(f"\n{title}")
    kinds = {"urgent": [i for i, s in enumerate(held) if s.label != ORDINARY],
             "ordinary": [i for i, s in enumerate(held) if s.label == ORDINARY]}  # fmt: skip
    columns = ("emergency", "raised by model", "asked by lexicon", "asked by model", "silent")
    print(f"{'':<10} {'n':>4} " + " ".join(f"{c:>17}" for c in columns))
    for kind, indices in kinds.items():
        if not indices:
            continue
        alone = Counter(
            "emergency" if lexicon[i] in ("urgent", "crisis") else
            "asked by lexicon" if lexicon[i] == "possible" else "silent" for i in indices
        )  # fmt: skip
        both = Counter(outcome_of(lexicon[i], model, held[i].text) for i in indices)
        for name, counts in (("lexicon", alone), ("+ model", both)):
            cells = " ".join(f"{counts[c]:>7} = {counts[c] / len(indices):>6.1%}  " for c in columns)
            print(f"{kind + ' ' + name:<17} {len(indices):>4} {cells}")
    silent = [held[i] for i in kinds["urgent"] if outcome_of(lexicon[i], model, held[i].text) == "silent"]
    by_category = Counter(s.category for s in silent)
    if by_category:
        print("still silent, by category: " + ", ".join(f"{c} {n}" for c, n in sorted(by_category.items())))


def evaluate(language: str, last: int) -> None:
    """Train without the held-out commits, choose the threshold inside, and score the held-out fold once."""
    rest, held, commits = split(language, last)
    model, probabilities = train(rest, language)
    scores = 1.0 - probabilities[:, 0]
    urgent = [s.label != ORDINARY for s in rest]
    reach = sum(score >= model.threshold for score, u in zip(scores, urgent, strict=True) if u) / sum(urgent)
    asked = sum(score >= model.threshold for score, u in zip(scores, urgent, strict=True) if not u) / (
        len(urgent) - sum(urgent)
    )
    print(
        f"\n=== {language}: held out {len(held)} lines of {', '.join(c[:7] for c in commits)}; "
        f"trained on {len(rest)} ==="
    )
    print(
        f"L2 {model.l2:g}, threshold {model.threshold:.3f}, chosen on the training folds (by writer set): "
        f"{reach:.1%} of urgent and {asked:.1%} of ordinary training messages reach it"
    )
    before = f"{commits[-1]}^"
    texts = [(s.text, language) for s in held]
    report(
        f"lexicon at {git('rev-parse', '--short', before).strip()} (before these writers; honest)",
        held,
        old_outcomes(before, texts),
        model,
    )
    report(
        "today's lexicon (tuned on these lines; for reference)",
        held,
        [screen(t, language, second_opinion=False).outcome.value for t, _ in texts],
        model,
    )


def main() -> None:
    """Parse the options and evaluate each language."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--last", type=int, default=2, help="how many of the newest corpus commits to hold out")
    parser.add_argument("--language", choices=lexicon_names())
    args = parser.parse_args()
    for language in [args.language] if args.language else lexicon_names():
        evaluate(language, args.last)


if __name__ == "__main__":
    main()
