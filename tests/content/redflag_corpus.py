"""Read the red-flag corpus (tests/content/corpus/, see its README): one message per line, by category and language."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
# A file's development part comes first; each mark starts a held-out part.
SPLITS = {"=== held out ===": "held_out", "=== held out, written last ===": "held_out_last"}
DEV = "dev"
# A message kept out of the measured lines because the screen still gets it wrong: a comment of this form (its
# reason, if any, on a `# why kept out: ` line just before it), so it can be counted beside the measured lines.
KEPT_OUT = {"ordinary": "# kept out, still alarms: ", "urgent": "# kept out, still missed: "}


@dataclass(frozen=True, slots=True)
class Message:
    """A corpus message: its text, the file (category) it belongs to, and its split."""

    text: str
    category: str
    split: str

    @property
    def held_out(self) -> bool:
        """Whether the lexicon was tuned without this message."""
        return self.split != DEV


def read(kind: str, language: str = "en") -> list[Message]:
    """Every message of one kind ("urgent", "ordinary" or "possible") in a language.

    The English corpus sits at the top of corpus/; each other language has its own folder (corpus/es/...).
    """
    return [message for message, is_kept_out in _lines(kind, language) if not is_kept_out]


def kept_out(kind: str, language: str = "en") -> list[Message]:
    """The messages of one kind kept out of the measured lines (`# kept out, still alarms/missed: ...`)."""
    return [message for message, is_kept_out in _lines(kind, language) if is_kept_out]


def _lines(kind: str, language: str) -> Iterator[tuple[Message, bool]]:
    """Each measured or kept-out message of a kind, with whether it is kept out."""
    folder = CORPUS / kind if language == "en" else CORPUS / language / kind
    prefix = KEPT_OUT.get(kind)
    for path in sorted(folder.glob("*.txt")):
        split = DEV
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() in SPLITS:
                split = SPLITS[line.strip()]
            elif prefix is not None and line.startswith(prefix):
                yield Message(line.removeprefix(prefix).replace("\\n", "\n"), path.stem, split), True
            elif line.strip() and not line.startswith("#"):
                yield Message(line.replace("\\n", "\n"), path.stem, split), False
