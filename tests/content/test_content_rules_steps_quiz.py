"""Step and quiz rules: step count, Telegram length limits and the HTML subset."""

from __future__ import annotations

from collections import Counter

import pytest
from lesson_factory import BODY, DROP, LessonFolder

from content import load_catalog


def two_steps(first: str = "Text one.", second: str = "Text two.") -> str:
    return f"## Step one\n{first}\n\n## Step two\n{second}\n"


@pytest.mark.parametrize("count", [1, 6])
def test_lesson_needs_two_to_five_steps(lessons: LessonFolder, count: int) -> None:
    lessons.write("beta", order=2, body="".join(f"## Step {n}\nText.\n\n" for n in range(count)))
    assert lessons.reasons("beta.md", "steps") == [f"{count} steps ('## ' headings), need 2 to 5"]


def test_step_length_counts_utf16_units_so_emoji_count_twice(lessons: LessonFolder) -> None:
    # 1,900 emoji are 1,900 Python characters but 3,800 UTF-16 units: with the footer they overflow.
    lessons.write("beta", order=2, body=two_steps(second="😀" * 1900))
    assert lessons.reasons("beta.md", "steps[1]") == [
        "4210 UTF-16 units, limit 4096 (title + text + 400 for the footer)"
    ]


def test_step_length_counts_visible_text_not_tags(lessons: LessonFolder) -> None:
    # 300 words (under the word limit) of 3,000 visible characters but 5,100 characters of markup.
    lessons.write("beta", order=2, body=two_steps(second="<b>xxxxxxxxx</b> " * 300))
    assert lessons.problems() == []


@pytest.mark.parametrize(
    ("markup", "reason"),
    [
        ("<div>x</div>", "tag <div> is not in Telegram's HTML subset"),
        ("<b>never closed", "<b> is never closed"),
        ("closed </i> only", "</i> closes a tag that was never opened"),
        ("<b><i>x</b></i>", "</b> found where </i> was expected (tags must nest)"),
        ("take less than 2 < 3 doses", "bare '<' in text near '< 3 doses'; write &lt; or rephrase"),
        ("<a>link</a>", "<a> needs an href"),
        ('<a href="javascript:alert(1)">x</a>', "<a href='javascript:alert(1)'> must start with https:// or "
         "http:// or tg:// or mailto:"),
        ('<a href="https://x.org" title="t">x</a>', "<a> takes only href, not title"),
        ('<b class="x">x</b>', "<b> takes no attributes"),
        ("five&nbsp;days", "entity &nbsp; is not supported by Telegram; type the character itself"),
    ],
)
def test_markup_outside_telegram_subset_is_rejected(lessons: LessonFolder, markup: str, reason: str) -> None:
    lessons.write("beta", order=2, body=two_steps(second=markup))
    assert reason in lessons.reasons("beta.md", "steps[1]")


def test_every_allowed_tag_is_accepted(lessons: LessonFolder) -> None:
    markup = (
        '<b>b</b> <i>i</i> <u>u</u> <s>s</s> <a href="https://ichd-3.org">a</a> <code>c</code> '
        "<pre>p</pre> <blockquote>q</blockquote> <tg-spoiler>t</tg-spoiler> &lt;&gt;&amp;&quot;&#8212;"
    )
    lessons.write("beta", order=2, body=two_steps(second=markup))
    assert lessons.problems() == []


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("Intro text.\n" + BODY, "text before the first '## ' step heading"),
        (two_steps(second="**bold**"), "Markdown '**bold**' is shown literally; use <b>...</b>"),
        (two_steps(second="see [ICHD](https://ichd-3.org)"), 'Markdown [text](link) is shown literally; use '
         '<a href="...">text</a>'),
        (two_steps(second="### Small heading\ntext"), "only '## ' headings are supported, found '### Small heading'"),
        ("## Step one\n\n## Step two\ntext", "step has no text"),
        (
            "## <b>Bold</b> heading\ntext\n\n## Two\ntext",
            "step heading is plain text (the bot formats it); remove the tags",
        ),
    ],
)
def test_body_structure_mistakes_are_reported(lessons: LessonFolder, body: str, reason: str) -> None:
    lessons.write("beta", order=2, body=body)
    assert reason in [p.reason for p in lessons.problems()]


def quiz(options: list[dict[str, object]], question: str = "Which one?") -> dict[str, object]:
    return {"question": question, "options": options}


def option(text: str = "An answer", *, correct: bool = False, explanation: str = "Because.") -> dict[str, object]:
    return {"text": text, "correct": correct, "explanation": explanation}


@pytest.mark.parametrize("correct_count", [0, 2])
def test_quiz_needs_exactly_one_correct_option(lessons: LessonFolder, correct_count: int) -> None:
    options = [option(correct=n < correct_count) for n in range(3)]
    lessons.write("beta", order=2, quiz=quiz(options))
    assert lessons.reasons("beta.md", "quiz.options") == [
        f"{correct_count} options marked correct: true, need exactly 1"
    ]


@pytest.mark.parametrize(
    ("count", "reason"), [(1, "needs at least 2 item(s), found 1"), (5, "allows at most 4 item(s), found 5")]
)
def test_quiz_needs_two_to_four_options(lessons: LessonFolder, count: int, reason: str) -> None:
    options = [option(correct=n == 0) for n in range(count)]
    lessons.write("beta", order=2, quiz=quiz(options))
    assert lessons.reasons("beta.md", "quiz.options") == [reason]


@pytest.mark.parametrize(
    ("field", "changed_quiz", "reason"),
    [
        ("quiz.question", quiz([option(correct=True), option()], question="q" * 301), "301 UTF-16 units, limit 300"),
        ("quiz.options[1].text", quiz([option(correct=True), option("o" * 101)]), "101 UTF-16 units, limit 100"),
        (
            "quiz.options[0].explanation",
            quiz([option(correct=True, explanation="e" * 201), option()]),
            "201 UTF-16 units, limit 200",
        ),
    ],
)
def test_quiz_text_must_fit_telegram_limits(
    lessons: LessonFolder, field: str, changed_quiz: dict[str, object], reason: str
) -> None:
    lessons.write("beta", order=2, quiz=changed_quiz)
    assert lessons.reasons("beta.md", field) == [reason]


def test_quiz_is_optional(lessons: LessonFolder) -> None:
    lessons.write("beta", order=2, quiz=DROP)
    assert lessons.problems() == []


@pytest.mark.parametrize("start", ["Right.", "right, ", "Correct!", "No.", "Not quite.", "Wrong:", "Yes —"])
def test_explanation_must_not_repeat_the_verdict_the_bot_already_gives(lessons: LessonFolder, start: str) -> None:
    options = [option(correct=True, explanation=f"{start} It lasts an hour."), option()]
    lessons.write("beta", order=2, quiz=quiz(options))
    reasons = lessons.reasons("beta.md", "quiz.options[0].explanation")
    assert reasons == [f"starts with {start.rstrip()!r}; the bot already says whether the answer is right"]


@pytest.mark.parametrize("start", ["Nothing", "Not every", "No trial", "Rightly", "Yesterday"])
def test_explanation_may_start_with_words_that_only_look_like_a_verdict(lessons: LessonFolder, start: str) -> None:
    options = [option(correct=True, explanation=f"{start} shows this."), option()]
    lessons.write("beta", order=2, quiz=quiz(options))
    assert lessons.problems() == []


def write_quizzes(lessons: LessonFolder, positions: list[int]) -> None:
    """Write one lesson per position, each with a three-option quiz whose right answer is at that position."""
    for number, position in enumerate(positions):
        options = [option(f"Answer {n}", correct=n == position) for n in range(3)]
        lessons.write(f"quiz-{number}", order=10 + number, quiz=quiz(options))


def test_right_answer_in_one_position_in_over_40_percent_of_quizzes_is_reported(lessons: LessonFolder) -> None:
    # With alpha, beta and gamma (right answer first): 3 + 3 = 6 of 12 quizzes have it first.
    write_quizzes(lessons, [0, 0, 0, 1, 1, 1, 2, 2, 2])
    problems = [p for p in lessons.problems() if p.field == "quiz"]
    assert [(p.file, p.reason) for p in problems] == [
        (
            lessons.folder.as_posix(),
            "the right answer is option 1 in 6 of 12 quizzes (50%); at most 40% may share a position, so move some",
        )
    ]


def test_right_answers_spread_over_positions_pass(lessons: LessonFolder) -> None:
    # With alpha, beta and gamma: 3 + 1 first, 4 second, 4 third = at most 33% each.
    write_quizzes(lessons, [0, 1, 1, 1, 1, 2, 2, 2, 2])
    assert lessons.problems() == []


def test_answer_positions_are_not_judged_on_fewer_than_ten_quizzes(lessons: LessonFolder) -> None:
    write_quizzes(lessons, [0] * 6)  # 9 quizzes, all with the right answer first
    assert lessons.problems() == []


def test_shipped_quizzes_spread_the_right_answer() -> None:
    quizzes = [lesson.quiz for lesson in load_catalog().lessons if lesson.quiz is not None]
    positions = Counter(quiz.correct_index for quiz in quizzes)
    assert max(positions.values()) / len(quizzes) <= 0.40, positions
