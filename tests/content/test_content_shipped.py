"""The lessons we ship in content/lessons/en pass every rule, and every planned lesson is there."""

from __future__ import annotations

from content import default_root, load_catalog, word_count

PLANNED = {
    "understanding": [
        "what-is-migraine", "prodrome", "aura", "headache-phase", "postdrome", "chronic-migraine",
        "vestibular-migraine", "hormonal-migraine", "is-it-migraine",
    ],
    "acute": [
        "painkillers-nsaids", "triptans", "gepants-ditans", "anti-sickness", "medication-overuse",
        "acute-treatment-tips",
    ],
    "prevention": [
        "when-prevention", "beta-blockers", "anti-seizure-preventives", "antidepressants", "candesartan",
        "cgrp-treatments", "botox",
    ],
    "nondrug": ["non-drug-treatments", "devices", "supplements"],
    "life-stages": ["menstrual-migraine", "pregnancy-breastfeeding", "children-migraine"],
    "emerging": ["betahistine", "levetiracetam", "ketamine"],
    "living": ["triggers-diary", "seeds-lifestyle", "appointment-prep", "living-well"],
    "safety": ["red-flags"],
}
# The lessons Curriculum 2 added: each must be reachable from search, from other lessons and from the drip.
CURRICULUM_2 = [
    "pregnancy-breastfeeding", "menstrual-migraine", "is-it-migraine", "acute-treatment-tips", "non-drug-treatments",
    "devices", "supplements", "children-migraine", "living-well",
]


def test_every_shipped_lesson_passes_the_validator() -> None:
    # Uses today's date on purpose: a lesson not reviewed for two years should fail CI.
    catalog = load_catalog()
    assert catalog.lessons


def test_every_planned_lesson_is_shipped_in_its_module() -> None:
    # Order within a module is the writers' call; which lessons exist, and where, is the plan.
    catalog = load_catalog()
    shipped = {module.id: sorted(lesson.id for lesson in catalog.lessons_in(module.id)) for module in catalog.modules}
    assert shipped == {module: sorted(lesson_ids) for module, lesson_ids in PLANNED.items()}


def test_shipped_lessons_live_inside_the_package() -> None:
    assert default_root().parent.name == "content"
    assert (default_root() / "en" / "modules.yaml").is_file()


def test_the_catalogue_has_at_least_36_lessons() -> None:
    assert len(load_catalog().lessons) >= 36


def test_each_new_lesson_has_keywords_and_related_lessons_and_is_related_from_another() -> None:
    catalog = load_catalog()
    for lesson_id in CURRICULUM_2:
        lesson = catalog.get_lesson(lesson_id)
        assert lesson is not None, lesson_id
        assert len(lesson.keywords) >= 5 and lesson.related, lesson_id
        older = [other for other in catalog.lessons if other.id not in CURRICULUM_2]
        pointing = [other.id for other in older if lesson_id in other.related]
        assert pointing, f"no older lesson lists {lesson_id} as related"


def test_every_shipped_lesson_is_a_two_minute_read_with_a_quiz() -> None:
    for lesson in load_catalog().lessons:
        assert word_count(lesson) <= 400 and lesson.quiz is not None, lesson.id


def test_the_off_label_module_has_its_new_name() -> None:
    module = load_catalog().get_module("emerging")
    assert module is not None and module.title == "Off-label and experimental options"


def test_the_childrens_lesson_says_the_course_is_for_adults() -> None:
    lesson = load_catalog().get_lesson("children-migraine")
    assert lesson is not None
    assert "This course is written for <b>adults</b>." in lesson.steps[0].html
