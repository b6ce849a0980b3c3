"""Found with set V (dev30, es: regional Spanish) and its tuning (the lexicon alone, no second opinion).

- Nothing kept down told with "de" or a perfect ("no retiene nada de liquido", "no he podido retener nada").
- Not placing oneself ("no me ubico") and the way home not remembered are confusion; "no me ubico con la app" is not.
- A crash or a fall told without the head, with a headache after it, is seen the same day.
- Days "sin que se me quite" are an attack that never left, not an all-clear.
- A headache the next day after training is no exertion headache; one during it still is.
- Vanishing for a weekend is a break, not the crisis path; vanishing with nothing after it still is.
- A Spanish "son 4 dias" is a count, not an English son aged 4.
- "si" after knowing or asking is "whether": what follows is asked, or told when it is happening now; a doubt about
  what to do ("no se si ir a urgencias") leaves its reasons a report. Questions open after "vos", "che", "wey".
- Regional words for a child, a blow, the neck, a faint and a pain at its height; a baby named before the writer's own
  migraine is not the one with it.
"""

from __future__ import annotations

import pytest

from content.redflags import Outcome, screen


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("wey no he podido retener nada, vomito cada 15 min y la cabeza a reventar", "vomiting"),
        ("mi hijo no ha podido retener nada en todo el dia, vomita cada media hora", "vomiting"),
        ("no me ubico, no se ni que dia es y me duele mucho la cabeza", "confusion"),
        ("mi esposo no se acuerda de como volvio a casa anoche y le duele la cabeza", "confusion"),
        ("to me da vuelta y no me puedo parar, tengo que agarrarme de la pared", "vertigo"),
        ("tuve un choque con el carro ayer y hoy me duele la cabeza", "head_injury"),
        ("van 4 dias sin que se me quite la migraña, ya probe de todo", "over_72h"),
        ("mi nena de 7 se despierta a las 2 de la mañana agarrandose la cabeza, ya van varias noches", "child"),
        ("tengo 72 y me duele el cuero cabelludo, no me puedo ni peinar", "older_scalp_jaw"),
        ("tengo 66, cuando mastico me da un dolor en la mandibula y tengo que parar", "older_scalp_jaw"),
        ("la cabeza me duele cada dia un poco mas, ya van dos semanas", "pattern_change"),
        ("acostada se me quita y cuando me levanto me vuelve con fuerza", "exertion_posture"),
        ("cuando entreno muy fuerte me da migraña", "exertion_posture"),
    ],
)
def test_regional_and_indirect_urgent_signs_are_urgent(text: str, code: str) -> None:
    result = screen(text, "es", second_opinion=False)
    assert result.outcome is Outcome.URGENT
    assert code in result.codes


@pytest.mark.parametrize(
    "text",
    [
        "ya no kiero seguir, nada tiene sentido",
        "me quiero hacer daño",
        "esta noche me voy a tomar todo el frasco de amitriptilina",
        "ya no aguanto mas, quiero desaparecer del mapa",
    ],
)
def test_a_wish_to_die_or_to_hurt_oneself_and_a_bottle_to_take_tonight_are_the_crisis_path(text: str) -> None:
    assert screen(text, "es", second_opinion=False).outcome is Outcome.CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "cuando entreno muy fuerte a veces me da migraña al día siguiente, la normal, como me hidrato mejor?",
        "me dio migraña en plena presentación y me tuve que ir corriendo",
        "quiero desaparecer del mapa un fin de semana y desconectar de todo",
        "es verdad que si el dolor de cabeza empeora al toser hay que ir al medico? a mi no me pasa eh",
        "me quiero cortar el flequillo pero con la migraña no me animo",
        "no me ubico con los horarios del preventivo, cuando lo tomo?",
        "no entiendo lo que leo en el prospecto del topiramato, me lo explicas?",
        "son 4 dias de migraña este mes, me duele la cabeza otra vez",
        "tuve un accidente de coche hace años y desde entonces tengo migrañas",
        "de crio me cai de la bici y me hice una brecha en la cabeza. tengo 40 años y migrañas desde los 20",
        "tengo 58 y después de 30 años de migraña ya casi no me dan, qué alivio",
        "tuve gripe con fiebre la semana pasada y me dio migraña, ya se me pasó todo",
    ],
)
def test_a_delay_a_hurry_a_break_a_question_or_the_past_is_ordinary(text: str) -> None:
    assert screen(text, "es", second_opinion=False).outcome is Outcome.NONE


@pytest.mark.parametrize(
    "text",
    [
        "no se si es normal que no vea nada de un ojo desde hace una hora",
        "vos sabes si es normal que no vea nada de un ojo desde hace una hora?",
        "decime si es normal que tenga 39 de fiebre y el cuello duro ahora mismo",
        "no se si ir a urgencias porque tengo el cuello rigido y fiebre",
    ],
)
def test_whether_it_is_normal_with_a_sign_happening_now_is_urgent(text: str) -> None:
    assert screen(text, "es", second_opinion=False).outcome is Outcome.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "me pregunto si un dolor de cabeza al toser es grave",
        "vos qué opinás, la fiebre con dolor de cabeza es peligrosa?",
        "wey, sabes si la vision doble con migraña es de ir a urgencias?",
        "me podés decir cuándo un dolor de cabeza es de urgencia?",
    ],
)
def test_a_question_in_tu_or_vos_forms_asks(text: str) -> None:
    assert screen(text, "es", second_opinion=False).outcome is Outcome.NONE


@pytest.mark.parametrize(
    "text",
    [
        "me agarró un dolor de cabeza de la nada, al toque estaba al mango, nunca me pasó",
        "a mi abuela le dio un jamacuco, se quedó privada y ahora le duele la cabeza",
        "mi morro de 6 se despierta en la noche llorando del dolor de cabeza",
        "me pegue un madrazo en la cabeza y estoy vomitando",
        "tengo calentura de 39 y el pescuezo tieso",
    ],
)
def test_regional_words_for_urgent_signs_are_urgent(text: str) -> None:
    assert screen(text, "es", second_opinion=False).outcome is Outcome.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "estoy agotada con el bebe y tengo migraña",
        "me quede privada de sueño con el bebe y tengo migraña",
        "la musica estaba al mango en la fiesta y me dio la migraña de siempre",
        "al toque se me paso el dolor de cabeza con el triptan",
    ],
)
def test_a_tired_parent_a_loud_party_or_a_quick_relief_is_ordinary(text: str) -> None:
    assert screen(text, "es", second_opinion=False).outcome is Outcome.NONE
