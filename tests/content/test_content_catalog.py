"""The loaded catalog: reading order, lookups, rendered steps and the content hash."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pydantic
import pytest
from lesson_factory import BODY, TODAY, LessonFolder, front_matter, lesson_text

from content import ContentError, Lesson, load_catalog


def ids(lessons: Iterable[Lesson | None]) -> list[str | None]:
    return [lesson.id if lesson is not None else None for lesson in lessons]


def test_catalog_orders_modules_and_lessons(lessons: LessonFolder) -> None:
    catalog = lessons.load()
    assert catalog.lang == "en"
    assert [module.id for module in catalog.modules] == ["basics", "treating"]
    assert ids(catalog.lessons) == ["alpha", "beta", "gamma"]
    assert ids(catalog.lessons_in("basics")) == ["alpha", "beta"]
    assert catalog.lessons_in("unknown") == ()


def test_lookup_by_untrusted_id_returns_none_when_unknown(lessons: LessonFolder) -> None:
    catalog = lessons.load()
    assert catalog.get_lesson("beta") is not None
    assert catalog.get_lesson("lesson:next:beta") is None
    module = catalog.get_module("treating")
    assert module is not None and module.treatment
    assert catalog.get_module("nope") is None


def test_next_lesson_continues_into_the_next_module(lessons: LessonFolder) -> None:
    catalog = lessons.load()
    assert ids([catalog.next_lesson("alpha"), catalog.next_lesson("beta")]) == ["beta", "gamma"]
    assert catalog.next_lesson("gamma") is None
    assert catalog.next_lesson("beta", within_module=True) is None
    assert catalog.next_lesson("missing") is None


def test_previous_lesson_mirrors_next(lessons: LessonFolder) -> None:
    catalog = lessons.load()
    assert ids([catalog.previous_lesson("gamma"), catalog.previous_lesson("beta")]) == ["beta", "alpha"]
    assert catalog.previous_lesson("alpha") is None
    assert catalog.previous_lesson("gamma", within_module=True) is None


def test_lesson_order_follows_order_field_not_file_names(lessons: LessonFolder) -> None:
    lessons.write("alpha", order=5)
    assert ids(lessons.load().lessons_in("basics")) == ["beta", "alpha"]


def test_steps_are_rendered_as_telegram_html(lessons: LessonFolder) -> None:
    lesson = lessons.load().get_lesson("alpha")
    assert lesson is not None
    assert [step.title for step in lesson.steps] == ["What it is", "What it feels like"]
    assert lesson.steps[0].html == "<b>Aura</b> is a set of short symptoms &amp; signs.\n\nIt goes away completely."
    assert lesson.steps[1].html == "• flashing lights\n• tingling"


def test_existing_entities_and_tags_survive_rendering_while_bare_angles_are_escaped(lessons: LessonFolder) -> None:
    body = '## One\nA &amp; B &#8212; 3 > 2 <a href="https://x.org/?a=1&b=2">link</a>\n\n\n\n## Two\n  - indented\n'
    lessons.write("beta", order=2, body=body)
    lesson = lessons.load().get_lesson("beta")
    assert lesson is not None
    assert lesson.steps[0].html == 'A &amp; B &#8212; 3 &gt; 2 <a href="https://x.org/?a=1&amp;b=2">link</a>'
    assert lesson.steps[1].html == "• indented"


def test_models_are_frozen(lessons: LessonFolder) -> None:
    catalog = lessons.load()
    with pytest.raises(pydantic.ValidationError):
        catalog.lessons[0].title = "Changed"  # type: ignore[misc]


def test_quiz_knows_its_correct_option(lessons: LessonFolder) -> None:
    lesson = lessons.load().get_lesson("alpha")
    assert lesson is not None and lesson.quiz is not None
    assert lesson.quiz.correct_index == 0


def test_missing_language_folder_raises_content_error(lessons: LessonFolder) -> None:
    with pytest.raises(ContentError) as raised:
        load_catalog(lessons.root, lang="de", today=TODAY)
    assert [p.reason for p in raised.value.problems] == ["no lessons for language 'de'"]


def test_second_language_is_a_new_folder(lessons: LessonFolder) -> None:
    german = LessonFolder(lessons.root, lang="de")
    german.write("alpha", title="Aura auf Deutsch")
    catalog = load_catalog(lessons.root, lang="de", today=TODAY)
    assert catalog.lang == "de"
    assert ids(catalog.lessons) == ["alpha"]


def hash_of(folder: LessonFolder) -> str:
    lesson = folder.load().get_lesson("beta")
    assert lesson is not None
    return lesson.content_hash


def test_content_hash_is_twelve_hex_digits(lessons: LessonFolder) -> None:
    content_hash = hash_of(lessons)
    assert len(content_hash) == 12
    int(content_hash, 16)


def test_content_hash_changes_when_step_text_changes(lessons: LessonFolder) -> None:
    before = hash_of(lessons)
    lessons.write("beta", order=2, body=BODY.replace("flashing lights", "flashing light"))
    assert hash_of(lessons) != before


@pytest.mark.parametrize(
    "changes",
    [
        {"summary": "A different summary."},
        {"takeaways": ["Another line."]},
        {"sources": [{"name": "ICHD-3", "year": 2019}]},
        {
            "quiz": {
                "question": "How long does aura last?",
                "options": [
                    {"text": "5 to 60 minutes", "correct": True, "explanation": "It is, for each symptom."},
                    {"text": "A few seconds", "explanation": "Too short."},
                ],
            }
        },
    ],
)
def test_content_hash_changes_when_reader_facing_fields_change(
    lessons: LessonFolder, changes: dict[str, object]
) -> None:
    before = hash_of(lessons)
    lessons.write("beta", order=2, **changes)
    assert hash_of(lessons) != before


def test_content_hash_ignores_metadata_and_formatting(lessons: LessonFolder) -> None:
    before = hash_of(lessons)
    review = {"by": "pharmacist", "checked": "Doses", "date": date(2026, 11, 1)}
    front = front_matter("beta", order=3, version=2, review=review, keywords=["other"], related=["alpha"])
    reformatted = lesson_text(front, BODY.replace("\n", "   \n") + "\n\n\n").replace("\n", "\r\n")
    lessons.write_raw("beta.md", "\ufeff" + reformatted)
    assert hash_of(lessons) == before


def test_content_hash_is_stable_across_loads(lessons: LessonFolder) -> None:
    assert hash_of(lessons) == hash_of(lessons)
