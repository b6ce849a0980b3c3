"""The lexicon's outcome (second opinion off) on every corpus message, from today's content/ or an old commit's.

Run: python -m bench.loso.lexicon_outcomes [COMMIT ...]   (no commit: today's working tree; "." means it too)

An old commit's content/ is unpacked with `git archive` into a temporary folder and run in a subprocess, so
a held-out set can be screened by the lexicon that existed before anyone tuned on it (b5cc88a for set L,
d0ca48a^ for set J). Cached as JSON: {language: {sha1(text): outcome}}.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

from bench.loso.embed import CACHE, key
from bench.loso.sets import LANGUAGES, read_items

REPO_ROOT = Path(__file__).resolve().parents[2]
_RUN = """
import json, sys
from content.redflags import screen
try:
    screen("x", "en", second_opinion=False)
    kw = {"second_opinion": False}
except TypeError:
    kw = {}
for line in sys.stdin:
    text, language = json.loads(line)
    print(json.dumps(screen(text, language, **kw).outcome.value), flush=False)
"""


def outcomes(commit: str) -> dict[str, dict[str, str]]:
    requests = [(i.text, language) for language in LANGUAGES for i in read_items(language)]
    payload = "".join(json.dumps(r) + "\n" for r in requests)
    with tempfile.TemporaryDirectory() as folder:
        root = REPO_ROOT
        if commit != ".":
            archive = subprocess.run(
                ["git", "-C", str(REPO_ROOT), "archive", commit, "content"], check=True, capture_output=True
            ).stdout
            with tarfile.open(fileobj=BytesIO(archive)) as unpacked:
                unpacked.extractall(folder)
            root = Path(folder)
        done = subprocess.run(
            [sys.executable, "-c", _RUN],
            input=payload,
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
            cwd=str(root),
        )
    result: dict[str, dict[str, str]] = {language: {} for language in LANGUAGES}
    for (text, language), line in zip(requests, done.stdout.splitlines(), strict=True):
        result[language][key(text)] = json.loads(line)
    return result


def cached(commit: str) -> dict[str, dict[str, str]]:
    path = CACHE / f"lexicon_{commit.replace('^', '_parent').replace('.', 'today')}.json"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(outcomes(commit)))
    return json.loads(path.read_text())


if __name__ == "__main__":
    for commit in sys.argv[1:] or ["."]:
        found = cached(commit)
        print(commit, {language: len(values) for language, values in found.items()})
