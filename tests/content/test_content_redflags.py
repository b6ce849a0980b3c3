"""The red-flag screen on its corpus and on the ways people type: recall, false alarms, partial signs.

Thresholds are the Safety-net issue's targets (timings are in bench/redflags.py, never asserted here).
"""

from __future__ import annotations

import math
import random
from collections import Counter

import pytest
from redflag_corpus import Message, read
from search_cases import load_questions

from content import RED_FLAG_CODES, find_red_flags
from content.redflags import ASKED_CODES, CRISIS_CODES, QUESTIONS, Outcome, Tier, screen
from content.redflags.text import fold
from content.redflags.training import CRISIS_RATE, RAISE_RATE

SPLITS = ("dev", "held_out", "held_out_last")
RECALL, CATEGORY_RECALL, FALSE_ALARMS = 0.99, 0.95, 0.01


def caught(message: Message) -> bool:
    outcome = screen(message.text).outcome
    return outcome is Outcome.CRISIS if message.category == "crisis" else outcome in (Outcome.URGENT, Outcome.CRISIS)


@pytest.mark.parametrize("split", SPLITS[:2])
def test_urgent_messages_are_caught_in_every_category(split: str) -> None:
    messages = [m for m in read("urgent") if m.split == split]
    totals = Counter(m.category for m in messages)
    missed = [m for m in messages if not caught(m)]
    by_category = Counter(m.category for m in missed)
    assert len(totals) == 21 and min(totals.values()) >= 8
    assert 1 - len(missed) / len(messages) >= RECALL, [m.text for m in missed]
    for category, total in totals.items():
        assert 1 - by_category[category] / total >= CATEGORY_RECALL, (category, [m.text for m in missed])


def test_the_corpus_has_what_the_issue_asks_for() -> None:
    urgent, ordinary = read("urgent"), read("ordinary")
    assert len(urgent) >= 500 and len(ordinary) >= 500
    assert min(Counter(m.category for m in urgent).values()) >= 25
    topics = {m.category for m in ordinary}
    assert {"questions_about_red_flags", "prodrome_neck", "aura_normal", "pregnancy_questions"} <= topics


@pytest.mark.parametrize("split", SPLITS[:2])
def test_ordinary_messages_raise_almost_no_false_alarms(split: str) -> None:
    messages = [m for m in read("ordinary") if m.split == split]
    alarms = [m.text for m in messages if screen(m.text).outcome in (Outcome.URGENT, Outcome.CRISIS)]
    assert len(alarms) / len(messages) <= FALSE_ALARMS, alarms


def test_a_partial_sign_is_asked_about_never_ignored() -> None:
    outcomes = {m.text: screen(m.text) for m in read("possible") if m.split != "held_out_last"}
    silent = [text for text, result in outcomes.items() if result.outcome is Outcome.NONE]
    assert silent == []
    asked = [r for r in outcomes.values() if r.outcome is Outcome.POSSIBLE]
    assert len(asked) >= 0.9 * len(outcomes)
    assert {r.possible for r in asked} >= {"new_headache", "pregnancy_headache", "usual_aura_deficit"}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("This is the worst headache of my life", "thunderclap"),
        ("worst headahce of my life!!!", "thunderclap"),
        ("WORST HEADACHE EVER", "thunderclap"),
        ("It came on in seconds, like a thunderclap", "thunderclap"),
        ("Sudden severe headache out of nowhere", "thunderclap"),
        ("I have weakness on one side of my body", "weakness"),
        ("my face is drooping and my arm feels funny", "weakness"),
        ("numbness on one side of my face", "weakness"),
        ("slured speech and a headache", "speech"),
        ("I can't speak properly", "speech"),
        ("My husband has SLURRED SPEECH", "speech"),
        ("Fever and a stif neck", "meningitis"),
        ("I have a high temperature and my neck is stiff", "meningitis"),
        ("headache after I hit my head yesterday and it's getting worse", "head_injury"),
        ("I suddenly lost my vision in one eye", "vision"),
        ("seeing double with my headache", "vision"),
        ("I feel confused and my head is killing me", "confusion"),
        ("she is confused and drowsy", "confusion"),
        ("I'm 30 weeks pregnant and have a bad headache", "pregnancy"),
        ("gave birth 2 weeks ago and now have a terrible headache", "pregnancy"),
        ("my migraine has lasted 4 days", "over_72h"),
        ("headache for more than 72 hours", "over_72h"),
        ("I had a seizure this morning", "seizure_faint"),
        ("I can't keep any water down, vomiting for hours", "vomiting"),
        # Odd Unicode: full-width letters, zero-width spaces, combining marks, curly apostrophes, ligatures.
        ("Ｗｏｒｓｔ ｈｅａｄａｃｈｅ ｏｆ ｍｙ ｌｉｆｅ", "thunderclap"),
        ("wo\u200brst head\u0301ache of my life", "thunderclap"),
        ("I can\u2019t talk", "speech"),
        ("sti\ufb00 neck and a fever", "meningitis"),
        ("WORRRRST HEADACHE OF MY LIFE!!!!!", "thunderclap"),
        ("slurred...   speech???", "speech"),
        # Numbers in digits and words; no punctuation at all.
        ("im 62 and these headaches are new", "older_new"),
        ("sixty three and never had headaches before this month", "older_new"),
        ("aura for 2 hours now", "aura_atypical"),
        ("migraine since monday its thursday now", "over_72h"),
        ("temp 39 and my neck is stiff", "meningitis"),
    ],
)
def test_urgent_signs_are_found_however_they_are_typed(text: str, code: str) -> None:
    assert code in [flag.code for flag in find_red_flags(text)]


@pytest.mark.parametrize(
    "text",
    [
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
        # Negated, asked about, in the past, someone else's, a joke.
        "no fever, no stiff neck, just my usual migraine",
        "what is a thunderclap headache?",
        "which medicines are fine in pregnancy?",
        "my friend's mother had a stroke years ago",
        "I had a seizure as a child",
        "this migraine is killing me lol",
        "I'm not suicidal, just fed up with the pain",
    ],
)
def test_ordinary_messages_get_no_alarm(text: str) -> None:
    assert find_red_flags(text) == []


def test_search_questions_get_no_alarm_from_the_lexicon_and_few_from_the_model() -> None:
    questions, irrelevant = load_questions()
    texts = [q.question for q in questions] + irrelevant
    alarm = (Outcome.URGENT, Outcome.CRISIS)
    assert [text for text in texts if screen(text, second_opinion=False).outcome in alarm] == []
    # The second opinion raises what scores in the top 0.5% of ordinary messages, urgent or crisis (RAISE_RATE,
    # CRISIS_RATE), in cross-validation
    # (training.py): "I throw up during attacks and can't keep tablets down" did, on 2026-12-04.
    raised = [text for text in texts if find_red_flags(text)]
    assert len(raised) <= math.ceil((RAISE_RATE + CRISIS_RATE) * len(texts)), raised


def test_the_crisis_path_is_its_own_outcome_and_names_the_kind() -> None:
    assert screen("I want to kill myself").outcome is Outcome.CRISIS
    assert screen("I took a whole box of paracetamol").codes == ("overdose",)
    assert screen("i've been cutting myself again").codes == ("self_harm",)
    assert set(CRISIS_CODES) == {"suicidal", "self_harm", "overdose"}
    # Hyperbole and questions about side effects are not a crisis.
    assert screen("my head is killing me").outcome is Outcome.NONE
    assert screen("can keppra cause suicidal thoughts?").outcome is Outcome.NONE


@pytest.mark.parametrize(
    ("language", "overdose", "dose"),
    [
        ("en", "i took 10000mg of paracetamol", "i took 1000mg of paracetamol at 8"),
        ("en", "just swallowed 12 g of ibuprofen", "had 6000mg of ibuprofen over the week"),
        ("es", "me tomé 10000 mg de paracetamol", "me tomé 1000 mg de paracetamol"),
        ("es", "me trague 8 gramos de ibuprofeno", "tome 4000 mg de paracetamol en todo el dia"),
        ("ru", "выпила 10000 мг парацетамола", "выпила 500 мг парацетамола"),
        ("ru", "проглотил 12 г ибупрофена", "принял 6000 мг ибупрофена за неделю"),
    ],
)  # fmt: skip
def test_a_dose_in_milligrams_or_grams_beyond_any_single_dose_is_an_overdose(
    language: str, overdose: str, dose: str
) -> None:
    # 5,000 mg (5 g) at once is beyond a single dose of any migraine medicine; "10000" is not folded to "100"
    # as stretched letters are.
    assert screen(overdose, language, second_opinion=False).codes == ("overdose",)
    assert screen(dose, language, second_opinion=False).outcome is Outcome.NONE


def test_digits_are_not_shortened_as_stretched_letters_are() -> None:
    assert fold("sooooo 10000 mg") == "soo 10000 mg"


@pytest.mark.parametrize(
    ("language", "over", "not_over"),
    [
        ("en", "i wanted to kill myself last year, i got help and im doing much better now",
         "i wanted to kill myself last year, i got help and im not doing much better now"),
        ("en", "i overdosed in 2023, got help after and im in a much better place now",
         "i overdosed in 2023 and got help after. still not ok tbh"),
        ("es", "el año pasado quise matarme, pedí ayuda y ahora estoy mucho mejor",
         "el año pasado quise matarme, pedí ayuda pero no estoy mucho mejor"),
        ("ru", "в прошлом году хотела покончить с собой, обратилась за помощью и сейчас мне намного лучше",
         "в прошлом году хотела покончить с собой, обратилась за помощью, но лучше мне не стало"),
    ],
)  # fmt: skip
def test_a_past_crisis_is_over_only_if_the_recovery_is_not_denied(language: str, over: str, not_over: str) -> None:
    # Help alone does not end a crisis: "I got help but I'm not any better" keeps the crisis path.
    assert screen(over, language, second_opinion=False).outcome is Outcome.NONE
    assert screen(not_over, language, second_opinion=False).outcome is Outcome.CRISIS


def test_tiers_say_where_to_go() -> None:
    assert screen("sudden worst headache of my life").tier is Tier.EMERGENCY
    assert screen("I'm 58 and this is a new kind of headache for me").tier is Tier.SAME_DAY
    # A severe new headache after giving birth is an emergency; in pregnancy, the same day.
    assert screen("gave birth 10 days ago, severe headache").tier is Tier.EMERGENCY
    assert screen("I'm 20 weeks pregnant with a severe headache").tier is Tier.SAME_DAY
    # A head injury with a worsening headache is an emergency.
    assert screen("hit my head yesterday and the headache is getting worse").tier is Tier.EMERGENCY


def test_a_clear_emergency_is_never_delayed_by_a_question() -> None:
    # A partial sign (pregnant, headache) next to a clear one (slurred speech): urgent at once.
    result = screen("I'm pregnant and have a headache and now my speech is slurred")
    assert result.outcome is Outcome.URGENT and result.possible is None


def test_every_partial_sign_has_one_to_three_questions_each_a_red_flag() -> None:
    assert set(QUESTIONS) == set(ASKED_CODES)
    for questions in QUESTIONS.values():
        assert 1 <= len(questions) <= 3
        assert all(q.code in RED_FLAG_CODES for q in questions)


def test_each_code_is_reported_once_with_the_words_that_matched() -> None:
    flags = find_red_flags("worst headache of my life, the worst headache ever, and slurred speech")
    assert [flag.code for flag in flags] == ["thunderclap", "speech"]
    assert "worst headache of my life" in flags[0].matched


@pytest.mark.parametrize(
    ("language", "question", "report"),
    [
        ("en", "what does thunderclap headache even mean", "i just got the worst headache of my life"),
        ("es", "que significa cefalea en trueno", "me acaba de dar el peor dolor de cabeza de mi vida"),
        ("ru", "что значит громоподобная головная боль", "у меня только что резко началась самая сильная боль в жизни"),
    ],
)
def test_a_question_reaches_to_the_end_of_its_clause_unless_the_sentence_ends_in_a_question_mark(
    language: str, question: str, report: str
) -> None:
    assert screen(f"{question}?", language).outcome is Outcome.NONE
    assert screen(f"{question}, {report}", language).outcome is Outcome.URGENT


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "no fever but my neck is so stiff i cant bend it and i'm burning up"),
        ("es", "no tengo fiebre pero el cuello lo tengo tan rigido que no puedo doblarlo y estoy ardiendo"),
        ("ru", "температуры вроде нет, но шея такая деревянная что не могу наклонить голову и меня всего жжет жаром"),
    ],
)
def test_a_negation_stays_in_its_clause(language: str, text: str) -> None:
    assert screen(text, language).codes == ("meningitis",)


def test_a_red_flag_in_the_middle_of_a_long_message_is_found() -> None:
    generator = random.Random(7)
    words = ["the", "pain", "light", "my", "neck", "side", "vision", "head", "and", "today", "coffee", "sleep"]
    filler = " ".join(generator.choice(words) for _ in range(2500))
    text = f"{filler[:9000]} and then my speech went slurred {filler[:9000]}"
    assert "speech" in [flag.code for flag in find_red_flags(text)]


def test_typos_in_held_out_urgent_messages_are_mostly_tolerated() -> None:
    # One changed letter in each long word, as thumbs do; the corpus itself has its own typos.
    generator = random.Random(3)

    def smudge(word: str) -> str:
        if len(word) < 6 or not word.isalpha():
            return word
        i = generator.randrange(1, len(word) - 1)
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]

    messages = [m for m in read("urgent") if m.split == "held_out"]
    smudged = [Message(" ".join(smudge(w) for w in m.text.split()), m.category, m.split) for m in messages]
    assert sum(caught(m) for m in smudged) / len(smudged) >= 0.85


def test_a_short_sentence_that_is_only_a_habit_cue_makes_the_one_before_it_the_usual() -> None:
    assert screen("after an attack I am confused for a day", second_opinion=False).outcome is Outcome.URGENT
    assert screen("after an attack I am confused for a day. always like that", second_opinion=False).outcome is (
        Outcome.NONE
    )
    assert screen("после приступа день туго соображаю. всегда так", "ru", second_opinion=False).outcome is Outcome.NONE
    # Not a question about the habit, nor a sentence that tells something else done as usual.
    assert screen("after an attack I am confused for a day. always like that?", second_opinion=False).outcome is (
        Outcome.URGENT
    )
    assert screen("after an attack I am confused for a day. as always I went to bed", second_opinion=False).outcome is (
        Outcome.URGENT
    )


@pytest.mark.parametrize("language", ["en", "es", "ru"])
def test_a_lone_surrogate_is_read_as_a_mark_and_the_sign_beside_it_still_counts(language: str) -> None:
    # JSON may carry "\ud800" on its own; Python decodes it to a string that cannot be encoded as UTF-8.
    assert screen("\ud800", language).outcome is Outcome.NONE
    assert screen("i want to kill myself \udfff", language).outcome is Outcome.CRISIS
