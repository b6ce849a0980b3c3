"""The red-flag corpus's kept-out lines: one machine-readable form, found in every language, never measured."""

from __future__ import annotations

import re

import pytest
from redflag_corpus import CORPUS, KEPT_OUT, kept_out, read

LANGUAGES = ("en", "es", "ru")
WHY = "# why kept out: "
# The ways a kept-out line used to be marked. Such a comment may stay only as a note on the measured line right
# below it (that line is measured, so nothing is hidden), and then it does not call itself kept out; lines marked
# "still asks/asked" are not misses and are left as they are.
OLD_MARKER = re.compile(
    r"^# (?:still (?:alarm|miss)|to do \(still missed\)|set [^:]*, still (?:missed|a false alarm))", re.IGNORECASE
)


def test_no_kept_out_line_is_left_in_an_old_form() -> None:
    problems: list[str] = []
    for path in sorted(CORPUS.rglob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        kind = path.parent.name
        for number, line in enumerate(lines, 1):
            after = lines[number] if number < len(lines) else ""
            where = f"{path.relative_to(CORPUS)}:{number}"
            if OLD_MARKER.match(line):
                on_measured = bool(after.strip()) and not after.startswith("#")
                says_kept_out = re.search(r"kept out|commented out", line.partition(": ")[0])
                if says_kept_out or not on_measured:
                    problems.append(f"{where}: an old kept-out marker: {line[:80]}")
            if line.startswith(WHY) and not after.startswith(tuple(KEPT_OUT.values())):
                problems.append(f"{where}: a reason with no kept-out line after it")
            if line.startswith("# kept out") and not line.startswith(KEPT_OUT.get(kind, "-")):
                problems.append(f"{where}: a kept-out line of a {kind} file must start {KEPT_OUT.get(kind)!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["urgent", "ordinary"])
def test_kept_out_lines_are_found_in_every_language(kind: str, language: str) -> None:
    kept = kept_out(kind, language)
    assert kept
    assert all(m.text and not m.text.startswith("#") for m in kept)
    assert not kept_out("possible", language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["urgent", "ordinary", "possible"])
def test_the_measured_lines_never_include_a_kept_out_line(kind: str, language: str) -> None:
    measured = read(kind, language)
    assert not any(m.text.startswith("#") for m in measured)
    assert not set(measured) & set(kept_out(kind, language))
