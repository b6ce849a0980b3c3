"""Load the shared question sets (search_questions[.LANG].yaml), used by the search tests and bench/lessons.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).parent
# English keeps the original file name; every other language has search_questions.LANG.yaml.
QUESTIONS_FILE = HERE / "search_questions.yaml"
LANGUAGES = ("en", *sorted(path.suffixes[0][1:] for path in HERE.glob("search_questions.*.yaml")))


@dataclass(frozen=True)
class Question:
    """A question a user might type and the lesson that should come first."""

    question: str
    expected: str
    # Where two lessons both answer a question, the expected one must be within the first `top` hits.
    top: int = 1


def questions_file(lang: str = "en") -> Path:
    """Return the question set of a language."""
    return QUESTIONS_FILE if lang == "en" else HERE / f"search_questions.{lang}.yaml"


def load_questions(lang: str = "en") -> tuple[list[Question], list[str]]:
    """Return the questions with their expected lesson, and the questions no lesson should match."""
    data = yaml.safe_load(questions_file(lang).read_text(encoding="utf-8"))
    return [Question(**item) for item in data["questions"]], list(data["irrelevant"])
