"""Load and validate the lessons of one language into a Catalog, reporting every problem at once."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from content.findings import Finding, finding
from content.html import markup_findings, render_body
from content.lesson_file import YamlError, parse_lesson_text, parse_yaml, split_lesson_links
from content.models import Catalog, Lesson, LessonMeta, Module, SlugError, Step
from content.parity import SOURCE_LANGUAGE, LessonSet, check_parity
from content.problems import ContentError, Problem, display_path, errors
from content.validate import (
    REVIEW_WARNING_DAYS,
    LessonRef,
    check_answer_positions,
    check_catalog,
    check_lesson,
    check_modules,
    review_expires,
)

MODULES_FILE = "modules.yaml"
# What the reader sees; metadata such as version, order, keywords or the review record does not change the
# hash, so re-checking a lesson without changing its text announces nothing.
_HASHED_FIELDS = {"title", "summary", "takeaways", "quiz", "evidence", "sources"}
ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class ReviewDue:
    """A lesson whose review has expired or expires soon."""

    file: str
    lesson_id: str
    reviewed: date
    expires: date


def default_root() -> Path:
    """Return the lessons folder shipped inside the package (one subfolder per language)."""
    return Path(__file__).parent / "lessons"


def load_catalog(root: Path | None = None, *, lang: str = "en", today: date | None = None) -> Catalog:
    """Return the validated catalog for a language, or raise ContentError listing every problem."""
    folder = (root or default_root()) / lang
    if not folder.is_dir():
        raise ContentError(
            [Problem.of(display_path(folder), "folder", finding("no_lessons_for_language", lang=repr(lang)))]
        )
    loaded = _load_language(folder, today=today or _utc_today())
    if loaded.catalog is None:
        raise ContentError(errors(loaded.problems))
    return loaded.catalog


def check_content(root: Path | None = None, *, today: date | None = None) -> list[Problem]:
    """Return the problems in every language folder under root (or in root), translations' parity included.

    Parity (content/parity.py) compares each translation with the English folder; here, for CI, a stale
    translation is an error.
    """
    root = root or default_root()
    folders = language_folders(root)
    if not folders:
        return [Problem.of(display_path(root), "folder", finding("no_language_folder", modules_file=MODULES_FILE))]
    today = today or _utc_today()
    loaded = [_load_language(folder, today=today) for folder in folders]
    problems = [problem for language in loaded for problem in language.problems]
    source = next((language for language in loaded if language.folder.name == SOURCE_LANGUAGE), None)
    sibling = root.parent / SOURCE_LANGUAGE
    if source is None and folders == [root] and _is_language_folder(sibling):
        # A translation folder checked alone is still compared with the English folder beside it.
        source = _load_language(sibling, today=today)
    for language in loaded:
        if source is not None and language is not source:
            problems.extend(check_parity(source.lessons, language.lessons))
    return problems


def reviews_due(
    root: Path | None = None, *, today: date | None = None, within_days: int = REVIEW_WARNING_DAYS
) -> list[ReviewDue]:
    """Return the lessons whose review expired or expires within `within_days`, soonest first."""
    today = today or _utc_today()
    due = []
    for folder in language_folders(root or default_root()):
        for ref in _load_language(folder, today=today).refs:
            if ref.review_date is None or ref.id is None:
                continue
            expires = review_expires(ref.review_date)
            if expires - today <= timedelta(days=within_days):
                due.append(ReviewDue(ref.file, ref.id, ref.review_date, expires))
    return sorted(due, key=lambda item: (item.expires, item.file))


def read_lesson(path: Path, *, today: date | None = None) -> tuple[Lesson | None, list[Problem]]:
    """Return one lesson file's lesson (None when it cannot be built) and the problems in that file alone."""
    problems: list[Problem] = []
    lesson, _ref = _load_lesson(path, today=today or _utc_today(), problems=problems)
    return lesson, problems


def language_folders(root: Path) -> list[Path]:
    """Return root if it holds lessons itself, else its subfolders that do (one per language)."""
    if _is_language_folder(root):
        return [root]
    if not root.is_dir():
        return []
    return sorted(child for child in root.iterdir() if child.is_dir() and _is_language_folder(child))


def content_hash(meta: LessonMeta, steps: Sequence[Step]) -> str:
    """Return the first 12 hex digits of a sha256 over the text a reader sees in this lesson."""
    visible: dict[str, Any] = meta.model_dump(mode="json", include=_HASHED_FIELDS)
    # Links are buttons the reader sees; a step without links hashes as before links existed.
    visible["steps"] = [[step.title, step.html, *([list(step.links)] if step.links else [])] for step in steps]
    payload = json.dumps(visible, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]


def _is_language_folder(folder: Path) -> bool:
    return (folder / MODULES_FILE).is_file() or any(folder.glob("*.md"))


def _utc_today() -> date:
    return datetime.now(UTC).date()


@dataclass(frozen=True, slots=True)
class _LoadedLanguage:
    """What one language folder held: its catalog (None on any error), problems, references and lessons."""

    folder: Path
    catalog: Catalog | None
    problems: list[Problem]
    refs: list[LessonRef]
    lessons: LessonSet


def _load_language(folder: Path, *, today: date) -> _LoadedLanguage:
    problems: list[Problem] = []
    modules = _load_modules(folder / MODULES_FILE, problems)
    paths = sorted(folder.glob("*.md"))
    if not paths:
        problems.append(Problem.of(display_path(folder), "folder", finding("no_lesson_files")))
    lessons: list[Lesson] = []
    refs: list[LessonRef] = []
    for path in paths:
        lesson, ref = _load_lesson(path, today=today, problems=problems)
        lessons.extend([lesson] if lesson is not None else [])
        refs.extend([ref] if ref is not None else [])
    known_ids = {path.stem for path in paths} | {ref.id for ref in refs if ref.id is not None}
    problems.extend(check_catalog(refs, modules, known_ids=known_ids))
    problems.extend(check_answer_positions(refs, file=display_path(folder)))
    lesson_set = LessonSet(folder.name, folder, frozenset(path.stem for path in paths), {x.id: x for x in lessons})
    if errors(problems) or modules is None:
        return _LoadedLanguage(folder, None, problems, refs, lesson_set)
    catalog = Catalog.build(lang=folder.name, modules=modules, lessons=lessons)
    return _LoadedLanguage(folder, catalog, problems, refs, lesson_set)


def _load_modules(path: Path, problems: list[Problem]) -> list[Module] | None:
    """Return the modules, or None when modules.yaml is broken (so lessons are not blamed for it)."""
    file = display_path(path)
    found: list[Problem] = []
    modules: list[Module] = []
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YamlError) as error:
        problems.append(
            Problem.of(file, "file", error.finding if isinstance(error, YamlError) else finding("cannot_read"))
        )
        return None
    items = data.get("modules") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        problems.append(Problem.of(file, "modules", finding("modules_not_list")))
        return None
    for index, item in enumerate(items):
        module = _validate(Module, item, file=file, prefix=f"modules[{index}]", problems=found)
        if module is not None:
            modules.append(module)
    found.extend(check_modules(modules, file=file))
    problems.extend(found)
    return None if found else modules


def _load_lesson(path: Path, *, today: date, problems: list[Problem]) -> tuple[Lesson | None, LessonRef | None]:
    file = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(Problem.of(file, "file", finding("not_utf8")))
        return None, None
    parsed = parse_lesson_text(text)
    problems.extend(Problem.of(file, field, found) for field, found in parsed.problems)
    steps: list[Step] = []
    for index, raw_step in enumerate(parsed.steps):
        linked = split_lesson_links(raw_step.body)
        reasons = [*linked.problems, *markup_findings(linked.body)]
        problems.extend(Problem.of(file, f"steps[{index}]", found) for found in reasons)
        if raw_step.title:
            steps.append(Step(title=raw_step.title, html=render_body(linked.body), links=linked.links))
    links = tuple((index, lesson_id) for index, step in enumerate(steps) for lesson_id in step.links)
    if parsed.front_matter is None:
        return None, None
    shape_problems: list[Problem] = []
    meta = _validate(LessonMeta, parsed.front_matter, file=file, prefix="", problems=shape_problems)
    problems.extend(shape_problems)
    if meta is None:
        broken = {problem.field.split(".")[0].split("[")[0] for problem in shape_problems}
        return None, _ref_from_raw(file, path.stem, parsed.front_matter, broken, links)
    lesson = Lesson(**dict(meta), steps=tuple(steps), content_hash=content_hash(meta, steps))
    problems.extend(check_lesson(lesson, file=file, today=today))
    return lesson, LessonRef(
        file,
        path.stem,
        lesson.id,
        lesson.module,
        lesson.order,
        lesson.related,
        has_evidence=lesson.evidence is not None,
        links=links,
        answer_position=lesson.quiz.correct_index if lesson.quiz is not None and _one_correct(lesson) else None,
        review_date=lesson.review.date,
    )


def _one_correct(lesson: Lesson) -> bool:
    return lesson.quiz is not None and sum(option.correct for option in lesson.quiz.options) == 1


def _ref_from_raw(
    file: str, stem: str, raw: dict[str, Any], broken: set[str], links: tuple[tuple[int, str], ...]
) -> LessonRef:
    """Return the well-formed parts of a lesson that failed validation, so links to and from it are still checked."""

    def usable(key: str, kind: type) -> Any:
        value = raw.get(key)
        return value if key not in broken and isinstance(value, kind) else None

    related = usable("related", list) or []
    return LessonRef(
        file,
        stem,
        id=usable("id", str),
        module=usable("module", str),
        order=usable("order", int),
        related=tuple(item for item in related if isinstance(item, str)),
        has_evidence=raw.get("evidence") is not None,
        links=links,
    )


def _validate(model: type[ModelT], data: object, *, file: str, prefix: str, problems: list[Problem]) -> ModelT | None:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems.extend(
            Problem.of(
                file, _field_path(prefix, detail["loc"]), _reason(detail["type"], detail["msg"], detail.get("ctx"))
            )
            for detail in error.errors()
        )
        return None


def _field_path(prefix: str, location: tuple[int | str, ...]) -> str:
    path = prefix
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "front matter"


# pydantic's error types, by the finding the bot words for them; its own English message is the detail.
_SCHEMA_CODES = {
    "int_type": "not_integer",
    "int_parsing": "not_integer",
    "int_from_float": "not_integer",
    "greater_than": "not_positive",
    "string_type": "not_text",
    "bool_type": "not_boolean",
    "bool_parsing": "not_boolean",
    "date_type": "not_date",
    "date_parsing": "not_date",
    "date_from_datetime_parsing": "not_date",
    "date_from_datetime_inexact": "not_date",
    "tuple_type": "not_list",
    "list_type": "not_list",
    "dict_type": "not_mapping",
    "model_type": "not_mapping",
    "model_attributes_type": "not_mapping",
    "literal_error": "not_allowed_value",
}


def _reason(error_type: str, message: str, context: dict[str, Any] | None) -> Finding:
    # pydantic speaks of tuples and validation; writers think in YAML lists.
    context = context or {}
    if error_type == "missing":
        return finding("missing")
    if error_type == "extra_forbidden":
        return finding("unknown_field")
    if error_type == "string_too_short":
        return finding("empty")
    if error_type == "too_short":
        return finding("too_few_items", minimum=str(context.get("min_length")), count=str(context.get("actual_length")))
    if error_type == "too_long":
        return finding(
            "too_many_items", maximum=str(context.get("max_length")), count=str(context.get("actual_length"))
        )
    error = context.get("error")
    if isinstance(error, SlugError):
        return finding("not_slug", value=repr(error.value), maximum=error.maximum)
    return finding(_SCHEMA_CODES.get(error_type, "invalid"), detail=message.removeprefix("Value error, "))
