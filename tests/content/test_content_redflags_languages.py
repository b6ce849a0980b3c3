"""The red-flag screen in Spanish and Russian: each language's corpus meets the targets, and the ways people
type in it (accents or none, ё or е, case, typos, mixing in English) change nothing.

Targets are the Safety-net issue's, asserted on the part of each corpus the lexicon was tuned on; the held-out
part is measured by bench/redflags.py and reported in the corpus README (a held-out figure asserted here would
be a figure tuned for).
"""

from __future__ import annotations

import math
from collections import Counter

import pytest
from redflag_corpus import Message, read
from search_cases import load_questions

from content.redflags import CRISIS_CODES, URGENT_CODES, Outcome, screen
from content.redflags.engine import screening_languages
from content.redflags.matcher import matcher_for
from content.redflags.reading import reads_as
from content.redflags.text import split_words
from content.redflags.training import CRISIS_RATE, RAISE_RATE

LANGUAGES = ("es", "ru")
RECALL, CATEGORY_RECALL, FALSE_ALARMS = 0.99, 0.95, 0.01
CATEGORIES = {*URGENT_CODES, *CRISIS_CODES} - {"suicidal", "self_harm", "overdose"} | {"crisis"}


def caught(message: Message, language: str) -> bool:
    outcome = screen(message.text, language).outcome
    return outcome is Outcome.CRISIS if message.category == "crisis" else outcome in (Outcome.URGENT, Outcome.CRISIS)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_a_corpus_of_its_own_as_large_as_the_issue_asks(language: str) -> None:
    urgent, ordinary = read("urgent", language), read("ordinary", language)
    per_category = Counter(m.category for m in urgent)
    assert len(urgent) >= 200 and len(ordinary) >= 200
    assert set(per_category) == CATEGORIES and min(per_category.values()) >= 15
    assert {m.split for m in urgent} >= {"dev", "held_out"} and {m.split for m in ordinary} >= {"dev", "held_out"}
    english = {m.text for m in read("urgent") + read("ordinary")}
    assert not english & {m.text for m in urgent + ordinary}


@pytest.mark.parametrize("language", LANGUAGES)
def test_urgent_messages_are_caught_in_every_category(language: str) -> None:
    messages = [m for m in read("urgent", language) if m.split == "dev"]
    missed = [m for m in messages if not caught(m, language)]
    assert 1 - len(missed) / len(messages) >= RECALL, [m.text for m in missed]
    totals, misses = Counter(m.category for m in messages), Counter(m.category for m in missed)
    for category, total in totals.items():
        assert 1 - misses[category] / total >= CATEGORY_RECALL, (category, [m.text for m in missed])


@pytest.mark.parametrize("language", LANGUAGES)
def test_ordinary_messages_raise_almost_no_false_alarms(language: str) -> None:
    messages = [m for m in read("ordinary", language) if m.split == "dev"]
    alarms = [m.text for m in messages if screen(m.text, language).outcome in (Outcome.URGENT, Outcome.CRISIS)]
    assert len(alarms) / len(messages) <= FALSE_ALARMS, alarms


@pytest.mark.parametrize(
    ("language", "text", "code"),
    [
        ("es", "De repente el peor dolor de cabeza de mi vida", "thunderclap"),
        ("es", "DE REPENTE EL PEOR DOLOR DE CABEZA DE MI VIDA", "thunderclap"),
        ("es", "de repente el peor dolor de cabesa de mi vida", "thunderclap"),
        ("es", "mi madre tiene la boca torcida y no puede mover el brazo", "weakness"),
        ("es", "tengo fiebre y el cuello rígido", "meningitis"),
        ("es", "tengo fiebre y el cuello rigido", "meningitis"),
        ("es", "estoy embarazada de 34 semanas, dolor de cabeza muy fuerte y veo borroso", "pregnancy"),
        ("es", "tengo 67 años y nunca había tenido dolores de cabeza", "older_new"),
        ("es", "quiero suicidarme", "suicidal"),
        ("es", "me tomé una caja entera de paracetamol", "overdose"),
        ("ru", "внезапно самая сильная головная боль в жизни", "thunderclap"),
        ("ru", "ВНЕЗАПНО САМАЯ СИЛЬНАЯ ГОЛОВНАЯ БОЛЬ В ЖИЗНИ", "thunderclap"),
        ("ru", "у мамы перекосило рот и рука не слушается", "weakness"),
        ("ru", "температура и шея не гнётся", "meningitis"),
        ("ru", "температура и шея не гнется", "meningitis"),
        ("ru", "всё двоится в глазах", "vision"),
        ("ru", "все двоится в глазах", "vision"),
        ("ru", "мне 67 лет и голова никогда не болела, а теперь болит каждый день", "older_new"),
        ("ru", "хочу покончить с собой", "suicidal"),
        ("ru", "выпила целую упаковку парацетамола", "overdose"),
    ],
)
def test_signs_are_found_with_or_without_accents_and_yo_in_any_case(language: str, text: str, code: str) -> None:
    assert code in screen(text, language).codes


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "no tengo fiebre ni el cuello rígido, solo mi migraña de siempre"),
        ("es", "¿qué es una cefalea en trueno?"),
        ("es", "la madre de mi amiga tuvo un ictus hace años"),
        ("es", "nunca he tenido convulsiones"),
        ("es", "me muero de ganas de un café"),
        ("ru", "температуры нет, шея не напряжена, обычная мигрень"),
        ("ru", "что такое громоподобная головная боль?"),
        ("ru", "судорог никогда не было"),
        ("ru", "у подруги много лет назад был инсульт"),
        ("ru", "умираю как хочу кофе"),
    ],
)
def test_negated_asked_past_and_other_peoples_signs_raise_no_alarm(language: str, text: str) -> None:
    assert screen(text, language).outcome not in (Outcome.URGENT, Outcome.CRISIS)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "no veo salida a todo esto"),
        ("es", "no veo ninguna salida, de verdad"),
        ("ru", "больше не вижу ни в чём смысла"),
        ("ru", "не вижу другого выхода"),
    ],
)
def test_seeing_no_way_out_is_never_read_as_losing_sight(language: str, text: str) -> None:
    """"I see no way out" is hopelessness (the crisis concepts' to judge), not vision loss."""
    assert "vision" not in screen(text, language).codes


def test_a_recovery_closes_its_story_when_what_follows_now_is_the_usual() -> None:
    """A past facial palsy "all recovered", then "now my migraines are the usual ones": nothing new happens now."""
    story = "три года назад был паралич Белла, лицо перекосило, потом всё восстановилось. "
    assert screen(story + "сейчас мигрени обычные, как всегда", "ru").outcome is Outcome.NONE
    assert screen(story + "сейчас лицо снова перекосило", "ru").outcome is Outcome.URGENT


def test_a_small_childs_age_with_the_parents_own_headache_is_no_child_red_flag() -> None:
    """The age of a baby next to the mother's own migraine: the headache is hers, not the child's."""
    assert screen("у меня болит голова, а сыну 2 года и он плачет", "ru", second_opinion=False).outcome is Outcome.NONE
    assert screen("дочке 4 года, у неё болит голова", "ru", second_opinion=False).outcome is Outcome.URGENT


def test_each_user_is_screened_in_their_language_english_and_every_other_alphabet() -> None:
    assert screening_languages("es") == ("es", "en", "ru")
    assert screening_languages("ru") == ("ru", "en")
    assert screening_languages("en") == ("en", "ru")
    assert screening_languages("xx") == ("en", "ru")
    # Telegram's language tags, as an edit is screened before any row is read.
    assert screening_languages("es-MX") == screening_languages("ES") == ("es", "en", "ru")
    # People mix languages: English in a Spanish message, Russian from a user whose settings say English.
    assert screen("tengo un stiff neck y fiebre alta", "es").outcome is Outcome.URGENT
    assert screen("хочу покончить с собой", "en").outcome is Outcome.CRISIS
    # One context for every lexicon: the Spanish "nunca" negates the English lexicon's "convulsions" too.
    # (the lexicons' answer: since set Z8 the retrained second opinion asks one question about this one)
    assert screen("nunca he tenido convulsiones", "es", second_opinion=False).outcome is Outcome.NONE
    assert screen("nunca he tenido convulsiones", "es").outcome in (Outcome.NONE, Outcome.POSSIBLE)
    assert screen("I have never had convulsions", "es", second_opinion=False).outcome is Outcome.NONE
    assert screen("I have never had convulsions", "es").outcome not in (Outcome.URGENT, Outcome.CRISIS)


def test_a_message_that_reads_as_spanish_is_screened_in_spanish_whatever_the_users_language() -> None:
    messages = [m for m in read("urgent", "es") if m.split == "dev"]
    for language in ("en", "ru"):  # the settings say another language
        missed = [m.text for m in messages if not caught(m, language)]
        assert 1 - len(missed) / len(messages) >= RECALL, (language, missed)
    ordinary = [m.text for m in read("ordinary", "es") if m.split == "dev"]
    alarms = [text for text in ordinary if screen(text, "en").outcome in (Outcome.URGENT, Outcome.CRISIS)]
    assert len(alarms) / len(ordinary) <= FALSE_ALARMS, alarms
    # A short crisis has few words to read it by.
    assert screen("ya no quiero vivir", "en").outcome is Outcome.CRISIS


def test_an_english_message_is_not_read_as_spanish() -> None:
    # The Spanish "confus*" would read "I'm confused about the dose": English stays English for English users,
    # and an English message from a Spanish user keeps the English lexicon.
    english = [m.text for m in read("urgent") + read("ordinary")]
    read_as_spanish = [text for text in english if "es" in _read(text, "en")]
    assert not read_as_spanish
    assert screen("I'm confused about the dose of my triptan", "en").outcome is Outcome.NONE
    assert screen("my face is drooping on one side", "es").outcome is Outcome.URGENT
    # A name or a song is no reading.
    assert screen("went to see La La Land, I'm a bit confused by the ending", "en").outcome is Outcome.NONE


def _read(text: str, language: str) -> tuple[str, ...]:
    words = split_words(text)
    return reads_as(text, words, [matcher_for(lang).lexicon for lang in screening_languages(language)])


def test_a_sign_in_the_middle_of_a_long_rambling_message_is_found() -> None:
    filler = "hoy fue un día normal en el trabajo, comí con mi hermana y luego vimos una serie. " * 20
    assert screen(filler + "y de repente se me durmió el brazo y la cara. " + filler, "es").outcome is Outcome.URGENT
    filler = "сегодня обычный день, работала, потом гуляли с сестрой в парке. " * 20
    assert screen(filler + "и вдруг онемела рука и лицо. " + filler, "ru").outcome is Outcome.URGENT


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_search_questions_of_each_language_raise_no_alarm(language: str) -> None:
    # Written for the lesson search by another hand, never for this screen: ordinary questions it never saw.
    questions, irrelevant = load_questions(language)
    texts = [q.question for q in questions] + irrelevant
    alarms = {
        text: screen(text, language, second_opinion=False).codes
        for text in texts
        if screen(text, language, second_opinion=False).outcome in (Outcome.URGENT, Outcome.CRISIS)
    }
    # "painkillers almost every day and the headaches come more and more often" is a steadily worsening
    # pattern, a same-day visit, as its English twin is; nothing else may alarm the lexicon.
    assert set(alarms.values()) <= {("pattern_change",)} and len(alarms) <= 1, alarms
    # The second opinion raises what scores in the top 0.5% of ordinary messages, urgent or crisis (RAISE_RATE,
    # CRISIS_RATE), in cross-validation
    # (training.py): "голова болит почти каждый день" did (same day), on 2026-12-04.
    alarm = (Outcome.URGENT, Outcome.CRISIS)
    raised = [text for text in texts if text not in alarms and screen(text, language).outcome in alarm]
    assert len(raised) <= math.ceil((RAISE_RATE + CRISIS_RATE) * len(texts)), raised
