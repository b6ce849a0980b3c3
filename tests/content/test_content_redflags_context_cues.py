"""Context cues found on the ordinary-only set T: a question answered no, a story's end, a trailing "just curious"."""

from __future__ import annotations

from content.redflags import Outcome, screen


def outcome(text: str) -> Outcome:
    return screen(text, "en", second_opinion=False).outcome


def test_a_question_the_writer_answers_with_a_bare_no_is_denied() -> None:
    assert outcome("eye red and sore?? nope, just mascara in it lol") is Outcome.NONE
    assert outcome("stiff neck? no. fever? nah. just the usual one sided thumping") is Outcome.NONE
    # A yes, or a no that is the start of something else, leaves the sign standing.
    assert outcome("eye red and sore?? yes, and the light hurts") is Outcome.URGENT
    assert outcome("stiff neck? yes. temperature? 39.4 and my head is killing me") is Outcome.URGENT


def test_a_story_ends_where_the_writers_own_clause_starts_at_its_comma() -> None:
    story = "watched a film last night where a character had an aneurysm burst and collapsed"
    assert outcome(f"{story}, now I'm paranoid about my own headaches") is Outcome.NONE
    assert outcome(f"{story}, now I have the worst headache of my life") is Outcome.URGENT


def test_just_curious_makes_a_question_typed_without_its_question_mark_a_question() -> None:
    question = "whats the deal with coughing and headaches, my friend said cough headaches need checking"
    assert outcome(question) is Outcome.URGENT
    assert outcome(f"{question}. i dont have that, just curious") is Outcome.NONE
