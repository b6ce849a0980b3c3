"""Read the red-flag corpus (tests/content/corpus/, see its README): one message per line, by category."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
# A file's development part comes first; each mark starts a held-out part.
SPLITS = {"=== held out ===": "held_out", "=== held out, written last ===": "held_out_last"}
DEV = "dev"


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


def read(kind: str) -> list[Message]:
    """Every message of one kind: "urgent", "ordinary" or "possible"."""
    messages: list[Message] = []
    for path in sorted((CORPUS / kind).glob("*.txt")):
        split = DEV
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() in SPLITS:
                split = SPLITS[line.strip()]
            elif line.strip() and not line.startswith("#"):
                messages.append(Message(line.replace("\\n", "\n"), path.stem, split))
    return messages
