"""Lesson content: load and validate lesson files, search them, and spot red-flag symptoms.

Layout: content/lessons/<lang>/modules.yaml plus one <lesson-id>.md per lesson; a new language is a
new folder. This package never imports `telegram` or anything of ours outside `content/`.
"""

from content.html import utf16_length
from content.loader import check_content, content_hash, default_root, load_catalog
from content.models import Catalog, Evidence, Lesson, Module, Quiz, QuizOption, Source, Step
from content.problems import ContentError, Problem
from content.redflags import RED_FLAG_CODES, RedFlag, find_red_flags
from content.search import LessonSearch, SearchHit

__all__ = [
    "RED_FLAG_CODES",
    "Catalog",
    "ContentError",
    "Evidence",
    "Lesson",
    "LessonSearch",
    "Module",
    "Problem",
    "Quiz",
    "QuizOption",
    "RedFlag",
    "SearchHit",
    "Source",
    "Step",
    "check_content",
    "content_hash",
    "default_root",
    "find_red_flags",
    "load_catalog",
    "utf16_length",
]
