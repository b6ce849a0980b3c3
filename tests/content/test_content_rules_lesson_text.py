"""Lesson text rules: a two-minute read, no doses, and [[lesson-id|words]] links that become buttons."""

from __future__ import annotations

import pytest
from lesson_factory import LessonFolder

from content import word_count


def steps_of_words(count: int) -> str:
    # Two steps whose titles are one word each; the rest of the words are split between the bodies.
    first = count // 2 - 1
    return f"## One\n{'word ' * first}\n\n## Two\n{'word ' * (count - 2 - first)}\n"


def test_lesson_of_400_words_is_accepted(lessons: LessonFolder) -> None:
    lessons.write("beta", order=2, body=steps_of_words(400))
    lesson = lessons.load().get_lesson("beta")
    assert lesson is not None and word_count(lesson) == 400


def test_lesson_over_400_words_is_reported(lessons: LessonFolder) -> None:
    lessons.write("beta", order=2, body=steps_of_words(401))
    assert lessons.reasons("beta.md", "steps") == ["401 words of lesson text, at most 400 (about a two-minute read)"]


def test_word_count_reads_numbers_contractions_and_hyphens_as_one_word(lessons: LessonFolder) -> None:
    body = "## Two-minute read\nAbout 4.5 million don't <b>X-ray</b> 1,025 people.\n\n## End\nDone.\n"
    lessons.write("beta", order=2, body=body)
    lesson = lessons.load().get_lesson("beta")
    # Two-minute, read, About, 4.5, million, don't, X-ray, 1,025, people; End, Done.
    assert lesson is not None and word_count(lesson) == 11


@pytest.mark.parametrize(
    ("field", "changes", "amount"),
    [
        ("steps[1]", {"body": "## One\nText.\n\n## Two\nTake 400 mg a day.\n"}, "400 mg"),
        ("steps[1]", {"body": "## One\nText.\n\n## Two\nAbout 10mg/kg works.\n"}, "10mg/kg"),
        ("takeaways[0]", {"takeaways": ["Melatonin 3 mg helps."]}, "3 mg"),
        ("summary", {"summary": "Up to 200 milligrams of caffeine."}, "200 milligrams"),
        (
            "quiz.options[1]",
            {
                "quiz": {
                    "question": "How much?",
                    "options": [
                        {"text": "Ask a pharmacist", "correct": True, "explanation": "They know your medicines."},
                        {"text": "2.5 mg twice a day", "explanation": "Lessons give no amounts."},
                    ],
                }
            },
            "2.5 mg",
        ),
    ],
)
def test_an_amount_with_a_unit_is_reported_as_a_dose(
    lessons: LessonFolder, field: str, changes: dict[str, object], amount: str
) -> None:
    lessons.write("beta", order=2, **changes)
    assert lessons.reasons("beta.md", field) == [
        f"names an amount ({amount!r}); lessons never give doses, so leave it out"
    ]


def test_numbers_without_a_dose_unit_are_fine(lessons: LessonFolder) -> None:
    body = "## One\nIn 2 trials of 1,400 people, 39% were pain-free at 2 hours.\n\n## Two\nDrink 1.5 litres.\n"
    lessons.write("beta", order=2, body=body)
    assert lessons.problems() == []


def test_lesson_link_becomes_bold_words_and_a_step_link(lessons: LessonFolder) -> None:
    body = "## One\nSee [[alpha|the alpha lesson]] and [[gamma|Gamma]].\n\n## Two\nAgain [[alpha|alpha]].\n"
    lessons.write("beta", order=2, body=body)
    lesson = lessons.load().get_lesson("beta")
    assert lesson is not None
    assert lesson.steps[0].html == "See <b>the alpha lesson</b> and <b>Gamma</b>."
    assert [step.links for step in lesson.steps] == [("alpha", "gamma"), ("alpha",)]


def test_lesson_link_to_a_missing_lesson_is_reported(lessons: LessonFolder) -> None:
    lessons.write("beta", order=2, body="## One\nSee [[ghost|Ghost]].\n\n## Two\nText.\n")
    assert lessons.reasons("beta.md", "steps[0]") == ["[[ghost|...]] links to no lesson with id 'ghost'"]


def test_lesson_cannot_link_to_itself(lessons: LessonFolder) -> None:
    lessons.write("beta", order=2, body="## One\nSee [[beta|this]].\n\n## Two\nText.\n")
    assert lessons.reasons("beta.md", "steps[0]") == ["a lesson cannot link to itself"]


@pytest.mark.parametrize("broken", ["[[alpha]]", "[[Alpha|words]]", "[[alpha|]]", "[[alpha|words]", "see [[ alpha|x]]"])
def test_malformed_lesson_link_is_reported(lessons: LessonFolder, broken: str) -> None:
    lessons.write("beta", order=2, body=f"## One\n{broken}\n\n## Two\nText.\n")
    reasons = lessons.reasons("beta.md", "steps[0]")
    assert len(reasons) == 1 and reasons[0].endswith("must look like [[lesson-id|words]]"), reasons


def test_links_are_part_of_the_content_hash(lessons: LessonFolder) -> None:
    lessons.write("beta", order=2, body="## One\nAbout <b>Alpha</b>.\n\n## Two\nText.\n")
    plain = lessons.load().get_lesson("beta")
    lessons.write("beta", order=2, body="## One\nAbout [[alpha|Alpha]].\n\n## Two\nText.\n")
    linked = lessons.load().get_lesson("beta")
    assert plain is not None and linked is not None
    assert plain.steps[0].html == linked.steps[0].html
    assert plain.content_hash != linked.content_hash


@pytest.mark.parametrize("mention", ["See <b>Red flags</b>.", "read the <b>Triptans</b> lesson", "Read <b>SEEDS</b>"])
def test_a_lesson_named_in_bold_instead_of_linked_is_reported(lessons: LessonFolder, mention: str) -> None:
    lessons.write("beta", order=2, body=f"## One\n{mention}\n\n## Two\nText.\n")
    reasons = lessons.reasons("beta.md", "steps[0]")
    assert len(reasons) == 1 and reasons[0].endswith("names a lesson without a button; write [[lesson-id|words]]")
