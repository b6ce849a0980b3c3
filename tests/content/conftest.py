"""Fixtures for content tests; the builders live in lesson_factory.py so tests can import them."""

from __future__ import annotations

from pathlib import Path

import pytest
from lesson_factory import LessonFolder, valid_folder


@pytest.fixture
def lessons(tmp_path: Path) -> LessonFolder:
    """Return a valid lesson folder in tmp_path for a test to break one rule at a time."""
    return valid_folder(tmp_path / "lessons")
