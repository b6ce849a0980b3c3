"""Read the red-flag corpus (tests/content/corpus/, see its README): one message per line, by category and language."""

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


def read(kind: str, language: str = "en") -> list[Message]:
    """Every message of one kind ("urgent", "ordinary" or "possible") in a language.

    The English corpus sits at the top of corpus/; each other language has its own folder (corpus/es/...).
    """
    messages: list[Message] = []
    folder = CORPUS / kind if language == "en" else CORPUS / language / kind
    for path in sorted(folder.glob("*.txt")):
        split = DEV
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() in SPLITS:
                split = SPLITS[line.strip()]
            elif line.strip() and not line.startswith("#"):
                messages.append(Message(line.replace("\\n", "\n"), path.stem, split))
    return messages
