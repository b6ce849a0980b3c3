"""Found with set V (dev30, en) and fixed in the English lexicon (the lexicon alone, no second opinion).

- A whole box of tablets meant to be taken, with a time when no one is there or "tonight", is the crisis path.
- A goodbye said only in one's head, with hopelessness, is the crisis path; alone it may be grief.
- Dwelling on dying is the crisis path; the fear of dying of an illness is health anxiety.
- A limb gone to sleep from lying on it, said to have passed, is no deficit; heavy legs that are tired are no weakness.
- An attack the person cannot break, or that goes on from last week, is a long attack.
- The least sip brought back up, or no fluid kept down, is vomiting that needs a doctor.
- Walking into a beam is a head injury; a joke taken back ("not so funny now") negates nothing.
- Migraine had since youth ("since I was a young woman") is no new headache at 69.
"""

from __future__ import annotations

import pytest

from content.redflags import Outcome, Tier, screen


@pytest.mark.parametrize(
    "text",
    [
        "planning to take the whole box of amitriptyline once my husband goes to work",
        "going to take the whole packet of sleeping pills when the kids are asleep",
        "planning to take the whole bottle of paracetamol tonight",
        "im going to take the whole box of my sleeping tablets, im done",
    ],
)
def test_a_whole_box_meant_to_be_taken_is_the_crisis_path(text: str) -> None:
    result = screen(text, "en", second_opinion=False)
    assert result.outcome is Outcome.CRISIS
    assert result.tier is Tier.EMERGENCY


def test_a_whole_box_carried_somewhere_is_no_plan() -> None:
    text = "going to take the whole box of tablets with me on holiday once the kids are at school"
    assert screen(text, "en", second_opinion=False).outcome is Outcome.NONE


@pytest.mark.parametrize(
    "text",
    [
        "tired of fighting, said goodbye to my mum today in my head, I think I'm done",
        "silently said goodbye to my kids this morning, cant do this anymore",
        "said goodbye to my husband without him knowing, i cant go on",
    ],
)
def test_a_goodbye_said_in_ones_head_with_hopelessness_is_the_crisis_path(text: str) -> None:
    assert screen(text, "en", second_opinion=False).outcome is Outcome.CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "said goodbye to my dad in my head at the funeral, it was beautiful",
        "said goodbye to my mum at the airport, migraine now",
        "tired of fighting this migraine, I think I'm done for today",
    ],
)
def test_a_goodbye_or_tiredness_alone_is_not_the_crisis_path(text: str) -> None:
    assert screen(text, "en", second_opinion=False).outcome is not Outcome.CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "I keep thinking about dying from a stroke",
        "ive had thoughts of dying of a brain tumour since my headaches started",
        "cant stop thinking about dying of cancer like my dad, every headache scares me",
    ],
)
def test_the_fear_of_dying_of_an_illness_is_not_the_crisis_path(text: str) -> None:
    assert screen(text, "en", second_opinion=False).outcome is not Outcome.CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "thinking about dying from pills",
        "i keep thinking about dying",
        "thoughts of dying from an overdose",
        "thinking about dying from the pain, i cant take it anymore",
    ],
)
def test_dwelling_on_dying_is_the_crisis_path(text: str) -> None:
    assert screen(text, "en", second_opinion=False).outcome is Outcome.CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "the numbness in my hand was because i slept on it funny, gone now, no headache",
        "my foot went numb after i sat on it, went after a few minutes",
        "my legs feel heavy and tired after the migraine, probably because i didnt move all day",
        "i get a pins and needles feeling in my arm when i sleep on it, nothing to do with my migraines probably",
    ],
)
def test_a_limb_lain_on_or_tired_is_no_deficit(text: str) -> None:
    assert screen(text, "en", second_opinion=False).outcome is Outcome.NONE


@pytest.mark.parametrize(
    "text",
    [
        "left arm numb and tingling, i slept on it funny but its still there, headache too",
        "my hand went numb because i slept on it",
        "my arm went numb, gone now",
        "my left arm feels heavy and weird",
        "my right leg feels heavy and tired",
    ],
)
def test_numbness_not_both_explained_and_passed_or_heavy_and_odd_stays_weakness(text: str) -> None:
    result = screen(text, "en", second_opinion=False)
    assert result.outcome is Outcome.URGENT
    assert "weakness" in result.codes


@pytest.mark.parametrize(
    "text",
    [
        "3 and a half days cant break it",
        "4 days and it wont break",
        "Hello, my migraine attack has been continuing from last week Thursday itself, still not reducing.",
    ],
)
def test_an_attack_that_cannot_be_broken_for_days_is_a_long_attack(text: str) -> None:
    assert screen(text, "en", second_opinion=False).codes == ("over_72h",)


@pytest.mark.parametrize(
    "text",
    [
        "even a tiny sip of water makes me throw up again, been like this 12 hours",
        "my daughter is 22 and has a migraine, she hasnt kept any fluid down all day and is barely weeing",
        "every mouthful of water makes me sick, migraine since last night",
    ],
)
def test_no_fluid_kept_down_is_vomiting(text: str) -> None:
    assert "vomiting" in screen(text, "en", second_opinion=False).codes


@pytest.mark.parametrize(
    "text",
    [
        "a glass of wine makes me sick the next day",
        "threw up once this morning, been like this 2 hours, feeling better",
    ],
)
def test_a_drink_that_disagrees_or_one_vomit_is_no_alarm(text: str) -> None:
    assert screen(text, "en", second_opinion=False).outcome is Outcome.NONE


@pytest.mark.parametrize(
    "text",
    [
        "walked straight into a low beam at the pub an hour ago lol, not so funny now the headache is getting worse",
        "banged my head on a low beam an hour ago lol, not so funny now the headache is getting worse",
        "stood up into the cupboard door this morning, headache getting worse",
    ],
)
def test_walking_into_a_beam_then_a_worsening_headache_is_a_head_injury(text: str) -> None:
    assert "head_injury" in screen(text, "en", second_opinion=False).codes


def test_a_joke_taken_back_leaves_a_real_negation_standing() -> None:
    text = "not funny, no headache at all after i hit my head"
    assert screen(text, "en", second_opinion=False).outcome is Outcome.NONE


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("everything is spinning and my speech is coming out slurred", "speech"),
        ("my words keep coming out jumbled and my head is pounding", "speech"),
        ("my eye is very red and paining a lot along with the head ache, what to do", "red_eye"),
        ("headaches getting worse every single week for the last 2 months", "pattern_change"),
        ("head pain and i cant think straight, just got lost on my own street walking back from the shop", "confusion"),
        ("I'm confused where I am, I was on the bus with this headache", "confusion"),
        ("very sudden severe pain in head which came in one moment only", "thunderclap"),
        ("like somebody hit me from behind with a bat, severe head pain", "thunderclap"),
        (
            "my head gets so much worse every time i bend over or lie down and its been like that since monday",
            "exertion_posture",
        ),
        ("my head gets worse every time i lie down, started on monday", "exertion_posture"),
    ],
)
def test_set_v_signs_said_in_other_words_are_found(text: str, code: str) -> None:
    assert code in screen(text, "en", second_opinion=False).codes


@pytest.mark.parametrize(
    "text",
    [
        "im 16 and my migraines are ruining everything and i keep thinking about how to not be here anymore",
        "been wondering how i could not be around anymore",
    ],
)
def test_thinking_how_not_to_be_here_anymore_is_the_crisis_path(text: str) -> None:
    assert screen(text, "en", second_opinion=False).outcome is Outcome.CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "thinking about how to not be here when my parents visit, ugh",
        "been working out how to not be here at all on monday, dentist is scary",
        "my head is worse when i bend over to tie my shoes, normal migraine stuff",
    ],
)
def test_being_away_or_a_usual_aggravation_is_no_alarm(text: str) -> None:
    assert screen(text, "en", second_opinion=False).outcome is Outcome.NONE


@pytest.mark.parametrize(
    "text",
    [
        "I am 69 years old and I have suffered from migraine since I was a young woman. Any new treatments?",
        "im 70, had migraines since i was a teenager, this one is the same",
        "im 75 and have had migraines most of my adult life, what is new for prevention",
    ],
)
def test_an_older_person_with_migraine_since_youth_is_asked_nothing(text: str) -> None:
    assert screen(text, "en", second_opinion=False).outcome is Outcome.NONE


def test_an_older_person_with_a_headache_and_no_history_is_still_asked() -> None:
    assert screen("im 72 and have a headache today", "en", second_opinion=False).possible == "older_headache"
