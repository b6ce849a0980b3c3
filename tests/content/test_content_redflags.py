"""Red-flag phrases fire on urgent symptoms, however they are typed, and stay quiet on ordinary questions."""

from __future__ import annotations

import random

import pytest
from search_cases import load_questions

from content import RED_FLAG_CODES, find_red_flags
from content.redflag_phrases import HEADACHE, PHRASES, TOGETHER
from content.redflags import fold_for_matching

URGENT = [
    ("This is the worst headache of my life", "worst_ever"),
    ("worst headahce of my life!!!", "worst_ever"),
    ("WORST HEADACHE EVER", "worst_ever"),
    ("It came on in seconds, like a thunderclap", "thunderclap"),
    ("the pain came on within seconds", "thunderclap"),
    ("Sudden severe headache out of nowhere", "thunderclap"),
    ("I have weakness on one side of my body", "one_sided_weakness"),
    ("my face is drooping and my arm feels funny", "one_sided_weakness"),
    ("numbness on one side of my face", "one_sided_weakness"),
    ("slured speech and a headache", "speech"),
    ("I can't speak properly", "speech"),
    ("My husband has SLURRED SPEECH", "speech"),
    ("Fever and a stif neck", "fever_stiff_neck"),
    ("I have a high temperature and my neck is stiff", "fever_stiff_neck"),
    ("headache after I hit my head yesterday", "head_injury"),
    ("I fell and banged my head on the door", "head_injury"),
    ("headache since my fall last week", "head_injury"),
    ("I suddenly lost my vision in one eye", "vision_loss"),
    ("sudden loss of vision", "vision_loss"),
    ("I feel confused and my head is killing me", "confusion"),
    ("she is confused and drowsy", "confusion"),
    ("I'm 30 weeks pregnant and have a bad headache", "pregnancy"),
    ("gave birth 2 weeks ago and now have a terrible headache", "pregnancy"),
    ("headache in pregnancy", "pregnancy"),
    ("my migraine has lasted 4 days", "over_72h"),
    ("headache for more than 72 hours", "over_72h"),
    ("seeing double with my headache", "double_vision"),
    ("I had a seizure this morning", "seizure"),
    ("I can't keep any water down, vomiting for hours", "cannot_keep_fluids"),
]

# Unicode a user's phone or a copy-paste can produce: full-width letters, zero-width spaces,
# combining accents, curly apostrophes, ligatures and shouting.
ODD_UNICODE = [
    ("Ｗｏｒｓｔ ｈｅａｄａｃｈｅ ｏｆ ｍｙ ｌｉｆｅ", "worst_ever"),
    ("wo\u200brst head\u0301ache of my life", "worst_ever"),
    ("I can\u2019t talk", "speech"),
    ("sti\ufb00 neck and a fever", "fever_stiff_neck"),
    ("WORRRRST HEADACHE OF MY LIFE!!!!!", "worst_ever"),
    ("slurred...   speech???", "speech"),
]

ORDINARY = [
    "what is aura",
    "can keppra prevent migraine",
    "my neck is stiff after yoga",
    "is it safe to take ibuprofen",
    "what are the worst triggers",
    "I can speak to my GP on Monday",
    "I can't speak to a doctor until next week",
    "I'm confused about which triptan to take",
    "can I take triptans while pregnant",
    "is topiramate safe if I want to get pregnant",
    "do I have a fever?",
    "how long does aura last",
    "I get tingling in my fingers during aura",
    "my head hurts on one side",
    "I had a migraine for 2 days",
    "I feel tired and foggy after an attack",
    "does feverfew help migraine",
    "which of my headaches is worst",
    "is levetiracetam an anti-seizure drug",
    "I can see zigzag lines",
    "blind spot before the headache",
    "I felt weak and tired all day",
    "neck pain and stiffness before migraine",
    "what is the worst that could happen with botox",
    "I have had headaches for years",
    "the pain hits hard behind my eye",
]


def codes(text: str) -> list[str]:
    return [flag.code for flag in find_red_flags(text)]


@pytest.mark.parametrize(("text", "code"), URGENT + ODD_UNICODE)
def test_urgent_symptom_is_flagged(text: str, code: str) -> None:
    assert code in codes(text)


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_question_is_not_flagged(text: str) -> None:
    assert codes(text) == []


def test_search_questions_are_not_flagged() -> None:
    questions, irrelevant = load_questions()
    flagged = {q.question: codes(q.question) for q in questions if codes(q.question)}
    assert flagged == {}
    assert all(codes(text) == [] for text in irrelevant)


def test_stiff_neck_needs_fever_to_count() -> None:
    assert codes("stiff neck") == []
    assert codes("stiff neck, fever") == ["fever_stiff_neck"]


def test_each_code_is_reported_once_with_the_words_that_matched() -> None:
    flags = find_red_flags("worst headache of my life, the worst headache ever, and slurred speech")
    assert [(flag.code, flag.matched) for flag in flags] == [
        ("worst_ever", "worst headache of my life"),
        ("speech", "slurred speech"),
    ]


def test_misspelt_match_reports_the_words_as_typed() -> None:
    assert find_red_flags("slured speech")[0].matched == "slured speech"


def test_near_miss_at_a_word_boundary_does_not_fire() -> None:
    assert codes("which my head feels like") == []


def test_a_red_flag_at_the_end_of_twenty_thousand_characters_is_found() -> None:
    # Its speed is measured in bench/lessons.py; here only that nothing is cut off.
    generator = random.Random(7)
    words = ["the", "pain", "aura", "light", "my", "neck", "stiff", "side", "weak", "vision", "head", "fall"]
    text = " ".join(generator.choice(words) for _ in range(5000))[:19950] + " worst headache of my life"

    assert "worst_ever" in [flag.code for flag in find_red_flags(text)]


def test_every_phrase_is_written_the_way_messages_are_folded() -> None:
    # A phrase such as "can't speak" would never match: messages are folded to "cannot speak" first.
    phrases = [p for group in PHRASES.values() for p in group]
    phrases += [p for pair in TOGETHER.values() for group in pair for p in group] + list(HEADACHE)
    assert [p for p in phrases if fold_for_matching(p) != p] == []


def test_codes_are_stable_snake_case_names() -> None:
    assert len(set(RED_FLAG_CODES)) == len(RED_FLAG_CODES)
    assert all(code.replace("_", "").isalnum() and code == code.lower() for code in RED_FLAG_CODES)
    assert {code for text, code in URGENT} <= set(RED_FLAG_CODES)
