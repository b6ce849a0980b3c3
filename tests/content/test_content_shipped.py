"""The lessons we ship in content/lessons/en pass every rule, and every planned lesson is there."""

from __future__ import annotations

from content import default_root, load_catalog

PLANNED = {
    "understanding": [
        "what-is-migraine", "prodrome", "aura", "headache-phase", "postdrome", "chronic-migraine",
        "vestibular-migraine", "hormonal-migraine",
    ],
    "acute": ["painkillers-nsaids", "triptans", "gepants-ditans", "anti-sickness", "medication-overuse"],
    "prevention": [
        "when-prevention", "beta-blockers", "anti-seizure-preventives", "antidepressants", "candesartan",
        "cgrp-treatments", "botox",
    ],
    "emerging": ["betahistine", "levetiracetam", "ketamine"],
    "living": ["triggers-diary", "seeds-lifestyle", "appointment-prep"],
    "safety": ["red-flags"],
}


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
