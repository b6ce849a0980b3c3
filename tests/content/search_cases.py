"""Load the one shared question set (search_questions.yaml), used by the search tests and bench/lessons.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

QUESTIONS_FILE = Path(__file__).with_name("search_questions.yaml")


@dataclass(frozen=True)
class Question:
    """A question a user might type and the lesson that should come first."""

    question: str
    expected: str
    # Where two lessons both answer a question, the expected one must be within the first `top` hits.
    top: int = 1


def load_questions() -> tuple[list[Question], list[str]]:
    """Return the questions with their expected lesson, and the questions no lesson should match."""
    data = yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))
    return [Question(**item) for item in data["questions"]], list(data["irrelevant"])
