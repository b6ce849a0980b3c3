"""Lesson content: load and validate lesson files, search them, and spot red-flag symptoms.

Layout: content/lessons/<lang>/modules.yaml plus one <lesson-id>.md per lesson; a new language is a
new folder. This package never imports `telegram` or anything of ours outside `content/`.
"""

from content.html import utf16_length
from content.loader import ReviewDue, check_content, content_hash, default_root, load_catalog, reviews_due
from content.models import EVIDENCE_LEVELS, Catalog, Evidence, Lesson, Module, Quiz, QuizOption, Review, Source, Step
from content.parity import SOURCE_LANGUAGE, check_catalogs
from content.problems import ContentError, Problem
from content.redflags import RED_FLAG_CODES, RedFlag, find_red_flags
from content.search import LessonSearch, SearchHit
from content.validate import word_count

__all__ = [
    "EVIDENCE_LEVELS",
    "RED_FLAG_CODES",
    "SOURCE_LANGUAGE",
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
    "Review",
    "ReviewDue",
    "SearchHit",
    "Source",
    "Step",
    "check_catalogs",
    "check_content",
    "content_hash",
    "default_root",
    "find_red_flags",
    "load_catalog",
    "reviews_due",
    "utf16_length",
    "word_count",
]
