"""Sets Z7 and Z8 narrowed false alarms with new exceptions; an independent review found real emergencies they took
away. Each case here was urgent (or crisis) before those sets, by the lexicons alone, and must stay so; the look-alikes
the sets were tuned for stay quiet or get one question."""

from __future__ import annotations

import pytest
from screen_probes import lexicon

from content.redflags import Outcome, screen

ALARM = (Outcome.URGENT, Outcome.CRISIS)


@pytest.mark.parametrize(
    "text",
    [
        # a "no" two comma-parts after the question answers something else; the signs between stand
        "the gp asked about my neck. stiff neck and high fever and confused, no, haven't taken anything yet",
        "nurse asked whether i'd taken anything. right arm weak and face drooping, no, nothing taken",
        "they asked about pregnancy, i'm 30 weeks pregnant and this headache is new and severe, no, never had migraine",
        "asked about fever. 39.5 and stiff neck, no, no rash",
        # the writer's own asking is no reported question
        "asking if someone can help, stiff neck, fever 39 and confused, no, I don't have a rash",
        "I want to ask about this: worst headache of my life, came on in seconds. No, I haven't taken anything",
        "asked if i had any weakness, no, but my face is drooping",
    ],
)
def test_a_no_that_answers_another_question_leaves_the_signs_standing(text: str) -> None:
    assert lexicon(text, "en") in ALARM


@pytest.mark.parametrize(
    "text",
    ["the neuro asked about vomiting and fainting, i said no to both", "asked about seizures, no"],
)
def test_a_reported_question_answered_no_is_denied(text: str) -> None:
    assert lexicon(text, "en") is Outcome.NONE


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("my words are slurred, it's not from the drinks, i only had one", "en"),
        ("my speech is slurred and no, it's not because of the wine", "en"),
        ("язык заплетается, я не пьяная", "ru"),
        # a tooth out or a crown is no cause of slurring
        ("маме 72 года, месяц назад удалили зуб, а сегодня язык заплетается", "ru"),
        ("поставили коронку на прошлой неделе, а сейчас язык заплетается", "ru"),
    ],
)
def test_slurring_with_drink_denied_or_with_dental_work_stays_urgent(text: str, language: str) -> None:
    assert lexicon(text, language) in ALARM


@pytest.mark.parametrize(
    ("text", "language"),
    [("my speech is slurred, thats the wine", "en"), ("язык заплетается, я пьяная после корпоратива", "ru")],
)
def test_slurring_put_down_to_drink_gets_a_question_not_silence(text: str, language: str) -> None:
    result = screen(text, language, second_opinion=False)
    assert result.outcome is Outcome.POSSIBLE and result.possible == "drink_speech"


@pytest.mark.parametrize(
    "text",
    [
        "мне 70, вчера напилась на юбилее, а сегодня челюсть болит когда жую",  # drink is no cause of a jaw
        "мне 75. Год назад удалили зуб мудрости, всё зажило, а теперь челюсть болит когда жую",  # long healed
    ],
)
def test_an_older_jaw_on_chewing_gives_way_only_to_dental_work_beside_it(text: str) -> None:
    assert lexicon(text, "ru") in ALARM
    assert lexicon("мне 68, сделали зубной протез, челюсть натирает когда ем", "ru") is Outcome.NONE


@pytest.mark.parametrize(
    "text",
    [
        "я всё решила, записалась к неврологу. больше так не могу. выбрала способ",
        "я всё решила, записалась к психиатру. больше не могу так, уже знаю как и когда",
        "всё решено, записалась к терапевту чтобы выписал снотворное, накоплю и всё",
    ],
)
def test_a_doctors_visit_booked_does_not_take_back_a_method_or_saved_up_tablets(text: str) -> None:
    assert lexicon(text, "ru") is Outcome.CRISIS
    assert lexicon("я все решила: больше не могу так, записалась к неврологу платно", "ru") is not Outcome.CRISIS


# The second review (sets Z8 and Z9, Spanish): a red eye's ordinary causes, a lie-in, feeling well again, a red mark.
@pytest.mark.parametrize(
    "text",
    [
        "el ojo izquierdo rojo y me duele muchísimo, veo halos alrededor de las luces, llevo horas llorando del dolor",
        "tengo la vista borrosa y el ojo rojo que me duele muchísimo, la pupila no se mueve, llevo un rato llorando",
        "soy alérgica al ibuprofeno. tengo el ojo rojo muy doloroso y la pupila dilatada",
        "el ojo rojo y me duele mucho, la pupila más grande que la otra, dormí poco",
        "dormí mal por el dolor del ojo, lo tengo rojo y me duele muchísimo",
        "tengo alergia al polen, pero hoy el ojo derecho está rojo, duele muchísimo y veo halos",
        "tengo resaca pero esto es otra cosa: ojo rojo, me duele horrible y veo halos",
        "de repente veo una mancha roja que me tapa la vista del ojo derecho",
        "veo una mancha roja en medio de la vista desde hace una hora",
    ],
)
def test_a_red_eye_with_halos_an_odd_pupil_or_pain_keeps_its_alarm_beside_an_ordinary_cause(text: str) -> None:
    assert lexicon(text, "es") in ALARM


def test_halos_with_a_red_painful_eye_alarm_in_hayfever_season_too() -> None:
    assert lexicon("hayfever season, but today my right eye is red, very painful and I see halos", "en") in ALARM
    assert lexicon("tengo alergia al polen y los ojos rojos y me pican", "es") is not Outcome.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "quiero dormir y no despertar hasta que todo termine",
        "quiero dormir y no despertar, con esta vida no puedo",
        "quiero dormir y no despertar mañana",
        "solo quiero dormirme y no despertar, que se acabe todo",
        "quiero dormir y no despertar el resto de mi vida",
        "el año pasado quise matarme. ahora me siento bien ahora que ya decidí cómo hacerlo",
        "hace un mes intenté suicidarme. hoy me siento tranquila, ya sé que la próxima vez no fallo",
        "hace años pensaba en suicidarme y ahora me siento bien, pero ayer compré una cuerda",
        "el mes pasado intenté suicidarme, ya me siento mejor del estómago, pero no de la cabeza",
    ],
)
def test_not_waking_and_a_past_crisis_with_more_said_after_it_stay_crises(text: str) -> None:
    assert lexicon(text, "es") is Outcome.CRISIS
    assert lexicon("hoy quiero dormir y no despertar hasta el mediodia", "es") is not Outcome.CRISIS
