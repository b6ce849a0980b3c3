"""Frozen pydantic models for modules, lessons and the catalog that orders them.

The models check shape (types, required fields, slugs, list sizes). Rules that need the rendered
text, today's date or other lessons live in `content.validate`.
Text fields other than `Step.html` are plain text: escape them before sending with parse_mode HTML.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, StrictBool, StrictInt

SLUG_MAX_LENGTH = 40
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class SlugError(ValueError):
    """An id that is not a slug; keeps the value, so a report can word the reason in any language."""

    def __init__(self, value: str) -> None:
        super().__init__(
            f"{value!r} is not a lowercase slug (a-z, 0-9 and single hyphens, at most {SLUG_MAX_LENGTH} chars)"
        )
        self.value = value
        self.maximum = SLUG_MAX_LENGTH


def _check_slug(value: str) -> str:
    # Ids travel inside callback data such as `lesson:next:<id>`, which Telegram caps at 64 bytes.
    if len(value) > SLUG_MAX_LENGTH or not _SLUG.fullmatch(value):
        raise SlugError(value)
    return value


Slug = Annotated[str, AfterValidator(_check_slug)]
Day = date  # so a field may be called `date` (YAML reads a key `on:` as true)
Text = Annotated[str, Field(min_length=1)]
PositiveInt = Annotated[StrictInt, Field(gt=0)]


class _Frozen(BaseModel):
    # extra="forbid" turns a misspelt key such as `soruces:` into a reported problem instead of silence.
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Module(_Frozen):
    """A group of lessons shown together in the course menu."""

    id: Slug
    title: Text
    order: PositiveInt
    treatment: StrictBool


# The grades a lesson may give a treatment, strongest first. Levels A-C are the AAN/AHS grades; "limited" and
# "experimental" cover weaker or off-label evidence; "expert-opinion" is for rules such as the overuse
# thresholds that rest on consensus rather than trials. The bot shows each with its words (texts catalog).
EvidenceLevel = Literal["level-a", "level-b", "level-c", "limited", "experimental", "expert-opinion"]
EVIDENCE_LEVELS: tuple[str, ...] = get_args(EvidenceLevel)


class Evidence(_Frozen):
    """How well a treatment is supported: a grade from EVIDENCE_LEVELS and one sentence on why."""

    level: EvidenceLevel
    why: Text


class Review(_Frozen):
    """Who last checked a lesson against the fact sheet (a role, never a name), what they checked, and when."""

    by: Text
    checked: Text
    date: Day


class Source(_Frozen):
    """A guideline, trial or review the lesson is based on."""

    name: Text
    # None for a living document (such as a NICE Clinical Knowledge Summary) with no single year: leave it
    # out rather than guess one.
    year: Annotated[StrictInt, Field(ge=1900)] | None = None
    url: Text | None = None


class QuizOption(_Frozen):
    """One answer button of a quiz."""

    text: Text
    correct: StrictBool = False
    explanation: Text


class Quiz(_Frozen):
    """A single-answer question asked at the end of a lesson."""

    question: Text
    options: Annotated[tuple[QuizOption, ...], Field(min_length=2, max_length=4)]

    @property
    def correct_index(self) -> int:
        """Return the position of the correct option (validation guarantees exactly one)."""
        return next(index for index, option in enumerate(self.options) if option.correct)


class Step(_Frozen):
    """One screen of a lesson: a heading, its body in Telegram's HTML subset, and the lessons it points to."""

    title: Text
    html: str
    # Lessons named in the text as [[lesson-id|words]]: the bot shows each as a button under the step.
    links: tuple[str, ...] = ()


class LessonMeta(_Frozen):
    """The YAML front matter of a lesson file."""

    id: Slug
    version: PositiveInt
    module: Slug
    order: PositiveInt
    title: Text
    summary: Text
    keywords: tuple[Text, ...] = ()
    evidence: Evidence | None = None
    sources: Annotated[tuple[Source, ...], Field(min_length=1)]
    review: Review
    related: tuple[Slug, ...] = ()
    takeaways: tuple[Text, ...] = ()
    quiz: Quiz | None = None
    # A translation's record of the English it was translated from: that lesson's content_hash when the
    # translation last matched it (`python -m content stamp es/aura`). English lessons leave it out;
    # content/parity.py requires it of translations and reports a stale one.
    source_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{12}$")] | None = None


class Lesson(LessonMeta):
    """A lesson ready to send: front matter, rendered steps and a hash of what the reader sees."""

    steps: tuple[Step, ...]
    content_hash: str


class Catalog(_Frozen):
    """All lessons of one language, in reading order, with lookups the bot needs."""

    lang: str
    modules: tuple[Module, ...]
    lessons: tuple[Lesson, ...]
    _by_id: dict[str, Lesson] = PrivateAttr(default_factory=dict)
    _position: dict[str, int] = PrivateAttr(default_factory=dict)
    _modules_by_id: dict[str, Module] = PrivateAttr(default_factory=dict)
    _by_module: dict[str, tuple[Lesson, ...]] = PrivateAttr(default_factory=dict)

    @classmethod
    def build(cls, *, lang: str, modules: list[Module], lessons: list[Lesson]) -> Catalog:
        """Return a catalog with modules and lessons sorted into reading order."""
        module_rank = {module.id: module.order for module in modules}
        ordered = sorted(lessons, key=lambda lesson: (module_rank.get(lesson.module, 0), lesson.order))
        return cls(lang=lang, modules=tuple(sorted(modules, key=lambda m: m.order)), lessons=tuple(ordered))

    def model_post_init(self, context: Any, /) -> None:
        """Index lessons and modules once, so lookups in handlers are dictionary hits."""
        self._by_id = {lesson.id: lesson for lesson in self.lessons}
        self._position = {lesson.id: index for index, lesson in enumerate(self.lessons)}
        self._modules_by_id = {module.id: module for module in self.modules}
        self._by_module = {
            module.id: tuple(lesson for lesson in self.lessons if lesson.module == module.id) for module in self.modules
        }

    def get_lesson(self, lesson_id: str) -> Lesson | None:
        """Return the lesson with this id, or None (ids from callback data are untrusted)."""
        return self._by_id.get(lesson_id)

    def get_module(self, module_id: str) -> Module | None:
        """Return the module with this id, or None."""
        return self._modules_by_id.get(module_id)

    def lessons_in(self, module_id: str) -> tuple[Lesson, ...]:
        """Return the lessons of a module in order (empty for an unknown module)."""
        return self._by_module.get(module_id, ())

    def next_lesson(self, lesson_id: str, *, within_module: bool = False) -> Lesson | None:
        """Return the lesson after this one in reading order, or None at the end."""
        return self._neighbour(lesson_id, step=1, within_module=within_module)

    def previous_lesson(self, lesson_id: str, *, within_module: bool = False) -> Lesson | None:
        """Return the lesson before this one in reading order, or None at the start."""
        return self._neighbour(lesson_id, step=-1, within_module=within_module)

    def _neighbour(self, lesson_id: str, *, step: int, within_module: bool) -> Lesson | None:
        position = self._position.get(lesson_id)
        if position is None or not 0 <= position + step < len(self.lessons):
            return None
        neighbour = self.lessons[position + step]
        if within_module and neighbour.module != self.lessons[position].module:
            return None
        return neighbour
