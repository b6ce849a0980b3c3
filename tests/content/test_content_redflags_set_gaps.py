"""Set gaps: a sign told as over, tablets in a day, a faint after a question, clock logs and no let-up "in" a span."""

from __future__ import annotations

import pytest
from screen_probes import lexicon_codes

from content.redflags import Outcome, crisis_beside, screen
from content.redflags.engine import matcher_for, split_words


@pytest.mark.parametrize(
    ("language", "text", "code"),
    [
        ("es", "ayer tuve el peor dolor de mi vida de golpe, hoy ya dormí y estoy normal", "thunderclap"),
        ("es", "ayer no podía mover el brazo derecho durante 20 minutos, hoy ya estoy bien", "weakness"),
        ("es", "anoche tuve una convulsión, hoy ya me siento bien", "seizure_faint"),
        ("ru", "вчера резко как удар по голове, самая сильная боль в жизни, сейчас уже нормально", "thunderclap"),
        ("ru", "вчера отнялась правая рука минут на 20, сейчас все нормально", "weakness"),
        # Set gaps43: meningitis signs and confusion, told as over by the writer, need a doctor too.
        ("es", "tengo fiebre y el cuello rigido, ya se me pasó todo", "meningitis"),
        ("es", "me salieron manchas que no se quitan al apretar el vaso, ya se me pasó todo", "meningitis"),
        ("ru", "сыпь не бледнеет при надавливании стаканом, сейчас все прошло", "meningitis"),
        ("es", "estaba confundida no sabia donde estaba, ya se me pasó todo", "confusion"),
        ("ru", "была спутанность, не понимала где я, сейчас все прошло", "confusion"),
    ],
)
def test_the_writers_word_that_it_passed_does_not_cancel_a_sign_that_needs_a_doctor(
    language: str, text: str, code: str
) -> None:
    outcome, codes = lexicon_codes(text, language)
    assert outcome is Outcome.URGENT and code in codes


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "ayer tuve mi aura de siempre, luces 20 minutos y luego dolor, hoy ya estoy bien"),
        ("es", "ayer se me durmió el brazo porque dormí encima, a los 5 minutos se pasó, hoy ya estoy bien"),
        ("ru", "вчера была обычная аура, мушки минут 20, потом голова, сейчас все прошло"),
        ("ru", "вчера резко сильная боль в голове, скорая увезла, сделали кт, все чисто, сказали мигрень"),
    ],
)
def test_a_usual_aura_or_a_doctors_all_clear_still_settles_the_story(language: str, text: str) -> None:
    assert lexicon_codes(text, language)[0] not in (Outcome.URGENT, Outcome.CRISIS)


@pytest.mark.parametrize(
    ("language", "text", "crisis"),
    [
        ("es", "me da miedo hacerme una sobredosis sin querer, hoy ya llevo 8 ibuprofenos y me siento rara", True),
        ("en", "had 10 paracetamol since this morning and feel really weird", True),
        ("ru", "за сегодня уже 9 таблеток цитрамона, мне очень плохо", True),
        # The count spread over days is no overdose; a second count of one day beside it still is.
        ("en", "took 8 ibuprofen over the last 4 days, feeling really sick today", False),
        ("en", "took 8 ibuprofen over the last 4 days, but today alone ive had 10 paracetamol since this morning and i "
               "feel really weird", True),
        ("es", "este mes llevo 8 triptanes y me siento fatal, ¿es abuso de medicación?", False),
        ("en", "i've taken 2 paracetamol today and feel sick from the migraine", False),
    ],
)
def test_many_tablets_in_one_day_with_feeling_unwell_is_an_overdose(language: str, text: str, crisis: bool) -> None:
    outcome, codes = lexicon_codes(text, language)
    assert (outcome is Outcome.CRISIS and "overdose" in codes) is crisis


@pytest.mark.parametrize(
    ("language", "text", "urgent"),
    [
        ("ru", "а бывает потеря сознания от мигрени? я сегодня утром потеряла сознание", True),
        ("en", "can migraines make you pass out? i passed out this morning", True),
        ("es", "¿se puede perder el conocimiento por migraña? yo me desmayé una vez a los 15 en un análisis de sangre",
         False),
        ("en", "can migraines make you pass out? just curious, never happened to me", False),
    ],
)
def test_a_faint_today_after_a_question_about_fainting_is_a_report(language: str, text: str, urgent: bool) -> None:
    outcome, codes = lexicon_codes(text, language)
    assert (outcome is Outcome.URGENT and "seizure_faint" in codes) is urgent


def durations(text: str, language: str = "en") -> list[float]:
    matcher = matcher_for(language)
    hits = matcher.find(matcher.rewrite(split_words(text)))
    return [hit.value for hit in hits.get("DURATION", []) if hit.value is not None]


def test_a_log_entry_with_am_or_pm_after_its_minutes_still_says_the_sign_goes_on() -> None:
    # 10:00 to 11:40 is 1 h 40 min; the last entry's "am" once hid its "still" (read at the hour + 2 words).
    found = durations("aura log\n10:00 zigzags start\n10:30 still there\n10:50 still there\n11:40 am still there")
    assert found and max(found) == pytest.approx(100 / 60)


@pytest.mark.parametrize(
    ("language", "text", "hours"),
    [
        ("en", "headache hasnt let up once in 4 days", 96.0),
        ("es", "la migraña no se me ha ido en 5 dias", 120.0),
        ("en", "3 migraines in 4 days this week", None),
        ("en", "havent had a migraine in 4 days", None),
    ],
)
def test_in_a_span_is_how_long_only_after_a_word_that_the_sign_has_not_let_up(
    language: str, text: str, hours: float | None
) -> None:
    assert durations(text, language) == ([] if hours is None else [hours])


@pytest.mark.parametrize(
    ("language", "text", "code"),
    [
        ("es", "me tome 20 pastillas de golpe, ahora ya estoy bien", "overdose"),
        ("es", "me tome 15 paracetamoles hoy, hoy ya estoy bien", "overdose"),
        ("ru", "выпила всю пачку за сегодня, тошнит, сейчас уже нормально", "overdose"),
        ("ru", "наглоталась таблеток, 30 штук, сейчас все прошло", "overdose"),
        ("es", "ayer no veia nada de un ojo, hoy ya estoy bien", "vision"),
        ("ru", "вчера видела двоится, сейчас все прошло", "vision"),
    ],
)
def test_an_overdose_or_a_sight_lost_stands_when_the_writer_says_it_passed(language: str, text: str, code: str) -> None:
    # Review of set gaps: paracetamol harms a day or two after one feels well, and sight lost and back may be a TIA.
    assert code in lexicon_codes(text, language)[1]


def test_an_overdose_told_as_years_ago_and_over_stays_the_past() -> None:
    assert lexicon_codes("hace años tome una sobredosis, hoy ya estoy bien", "es")[0] is Outcome.NONE


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "this migraine hasnt let up once in 4 days. i dont see the point of anything anymore, i just want to "
               "disappear"),
        ("en", "its not let up in 5 days. i've written letters to my family and given my cat away"),
    ],
)
def test_an_emergency_the_lexicon_saw_does_not_hide_a_crisis_the_model_saw(language: str, text: str) -> None:
    # Review of set gaps: these were the model's crisis on main, until the new no-let-up reading made them urgent and
    # an urgent outcome stopped the model from being asked.
    urgent = screen(text, language)
    assert urgent.outcome is Outcome.URGENT  # the urgent message goes first, without the model
    result = crisis_beside(urgent, text, language)
    assert result.outcome is Outcome.CRISIS and "over_72h" in result.codes


@pytest.mark.parametrize(
    "text",
    [
        "QUE ALGUIEN ME AYUDE ME QUIERO SUICIDAR",
        "que alguien me escuche me quiero morir",
        "que alguien venga me quiero suicidar",
        "alguien me puede ayudar me quiero suicidar",
    ],
)
def test_a_plea_for_help_or_a_question_before_a_wish_to_die_does_not_hide_it(text: str) -> None:
    # test42 (unseen, es): the first silent crisis; the plea's "alguien" and a question's reach took the wish as theirs.
    assert lexicon_codes(text, "es")[0] is Outcome.CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "no me quiero suicidar, solo quiero que pare el dolor",
        "que dolor me quiero matar jaja",
        "alguien me puede ayudar con el topiramato? me da sueño",
        "socorro me muero de dolor de cabeza jaja",
    ],
)
def test_a_denied_wish_pain_hyperbole_or_a_plea_about_a_medicine_is_no_crisis_by_the_lexicon(text: str) -> None:
    assert lexicon_codes(text, "es")[0] is Outcome.NONE
