"""Front-matter rules, broken one at a time, are reported against the right file and field."""

from __future__ import annotations

import pytest
from lesson_factory import BODY, DROP, LessonFolder


def test_missing_required_field_is_reported(lessons: LessonFolder) -> None:
    lessons.write("beta", order=2, title=DROP)
    assert lessons.reasons("beta.md", "title") == ["required field is missing"]


def test_empty_sources_list_is_reported(lessons: LessonFolder) -> None:
    lessons.write("beta", order=2, sources=[])
    assert lessons.reasons("beta.md", "sources") == ["needs at least 1 item(s), found 0"]


def test_misspelt_field_is_reported_as_unknown(lessons: LessonFolder) -> None:
    lessons.write("beta", order=2, soruces=[{"name": "x", "year": 2020}])
    assert lessons.reasons("beta.md", "soruces") == ["unknown field (check the spelling)"]


def test_wrong_type_is_reported_at_nested_field(lessons: LessonFolder) -> None:
    lessons.write("beta", order=2, sources=[{"name": "ICHD-3", "year": "recent"}])
    assert lessons.reasons("beta.md", "sources[0].year") == ["Input should be a valid integer"]


@pytest.mark.parametrize("version", [0, -1, 1.5, "1"])
def test_version_must_be_a_positive_integer(lessons: LessonFolder, version: object) -> None:
    lessons.write("beta", order=2, version=version)
    assert len(lessons.reasons("beta.md", "version")) == 1


@pytest.mark.parametrize("bad_id", ["Aura", "aura_phase", "aura--phase", "-aura", "a" * 41])
def test_id_must_be_a_short_lowercase_slug(lessons: LessonFolder, bad_id: str) -> None:
    lessons.write(bad_id, file_stem="delta", order=3)
    assert any("lowercase slug" in reason for reason in lessons.reasons("delta.md", "id"))


def test_id_of_forty_characters_is_accepted(lessons: LessonFolder) -> None:
    lessons.write("a" * 40, order=3)
    assert lessons.problems() == []


def test_id_must_match_file_name(lessons: LessonFolder) -> None:
    lessons.write("delta", file_stem="epsilon", order=3)
    assert lessons.reasons("epsilon.md", "id") == ["'delta' does not match the file name epsilon.md"]


def test_duplicate_ids_are_reported_on_every_file(lessons: LessonFolder) -> None:
    lessons.write("alpha", file_stem="alpha-copy", order=3)
    assert "'alpha' is used by 2 lessons" in lessons.reasons("alpha.md", "id")
    assert "'alpha' is used by 2 lessons" in lessons.reasons("alpha-copy.md", "id")


def test_related_id_must_exist(lessons: LessonFolder) -> None:
    lessons.write("beta", order=2, related=["alpha", "no-such-lesson"])
    assert lessons.reasons("beta.md", "related[1]") == ["no lesson with id 'no-such-lesson'"]


def test_related_lesson_with_broken_front_matter_is_not_reported_twice(lessons: LessonFolder) -> None:
    lessons.write("beta", order=2, title=DROP)
    assert lessons.reasons("alpha.md", "related[0]") == []


def test_lesson_cannot_be_related_to_itself(lessons: LessonFolder) -> None:
    lessons.write("beta", order=2, related=["beta"])
    assert lessons.reasons("beta.md", "related") == ["a lesson cannot be related to itself"]


def test_module_must_exist(lessons: LessonFolder) -> None:
    lessons.write("beta", order=2, module="nowhere")
    assert lessons.reasons("beta.md", "module") == ["unknown module 'nowhere' (known: basics, treating)"]


def test_evidence_is_required_in_a_treatment_module(lessons: LessonFolder) -> None:
    lessons.write("gamma", module="treating", order=1)
    assert lessons.reasons("gamma.md", "evidence") == ["required because module 'treating' is about treatment"]


def test_evidence_level_must_be_known(lessons: LessonFolder) -> None:
    lessons.write("gamma", module="treating", order=1, evidence={"level": "established", "why": "Trials."})
    assert lessons.reasons("gamma.md", "evidence.level") == [
        "Input should be 'level-a', 'level-b', 'level-c', 'limited', 'experimental' or 'expert-opinion'"
    ]


@pytest.mark.parametrize("level", ["level-a", "level-b", "level-c", "limited", "experimental", "expert-opinion"])
def test_every_evidence_grade_on_the_list_is_accepted(lessons: LessonFolder, level: str) -> None:
    lessons.write("gamma", module="treating", order=1, evidence={"level": level, "why": "Trials."})
    assert lessons.problems() == []


def test_order_must_be_unique_within_a_module(lessons: LessonFolder) -> None:
    lessons.write("beta", order=1)
    assert lessons.reasons("beta.md", "order") == [
        f"order 1 in module 'basics' is also used by {(lessons.folder / 'alpha.md').as_posix()}"
    ]


def test_same_order_in_different_modules_is_fine(lessons: LessonFolder) -> None:
    lessons.write("delta", module="treating", order=2, evidence={"level": "limited", "why": "One trial."})
    lessons.write("epsilon", order=3)
    assert lessons.problems() == []


def test_source_year_in_the_future_is_reported(lessons: LessonFolder) -> None:
    lessons.write("beta", order=2, sources=[{"name": "Future trial", "year": 2027}])
    assert lessons.reasons("beta.md", "sources[0].year") == ["2027 is in the future"]


def test_a_living_source_may_have_no_year(lessons: LessonFolder) -> None:
    lessons.write("beta", order=2, sources=[{"name": "NICE Clinical Knowledge Summary"}])
    assert lessons.problems() == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("## Step\ntext\n", "file must start with a '---' line"),
        ("---\nid: beta\n## Step\n", "no closing '---' line"),
        ("---\nid: [beta\n---\n" + BODY, "invalid YAML at line 3: did not find expected ',' or ']'"),
        ("---\n- a list\n---\n" + BODY, "must be a YAML mapping of field: value"),
    ],
)
def test_broken_front_matter_is_reported(lessons: LessonFolder, text: str, reason: str) -> None:
    lessons.write_raw("beta.md", text)
    assert lessons.reasons("beta.md", "front matter") == [reason]


def test_file_that_is_not_utf8_is_reported(lessons: LessonFolder) -> None:
    (lessons.folder / "beta.md").write_bytes(b"---\nid: beta\xff\n---\n")
    assert lessons.reasons("beta.md", "file") == ["is not valid UTF-8"]


def test_duplicate_module_ids_in_modules_yaml_are_reported(lessons: LessonFolder) -> None:
    lessons.write_modules(
        [
            {"id": "basics", "title": "Basics", "order": 1, "treatment": False},
            {"id": "basics", "title": "Again", "order": 2, "treatment": True},
        ]
    )
    assert lessons.reasons("modules.yaml", "modules[1].id") == ["'basics' is not unique"]
