"""The tune48es concepts (Spanish), each with the emergencies of its own shape that it must leave alarming.

- An effort, cough or sex headache that recurs or is long-standing and that a doctor worked up, with nothing found or a
  benign name ("me hicieron estudio completo y es cefalea coital benigna", "mi medico dice q es por deshidratacion"), is
  no red flag (es WORKED_UP, LIFELONG for a diagnosis named); a new, sudden or uninvestigated one still is.
- Tingling a triptan is named as bringing ("el sumatriptan me da hormigueo en los dedos") is the drug's passing
  sensation (TRIPTAN_SENSATION, only the numbness it names); one-sided numbness, weakness or words lost still alarm.
- Hair that falls out, a side of a table, a phone fallen on the face in bed, drooling in one's sleep are no weakness.
"""

from __future__ import annotations

import pytest

from content.redflags import Outcome, screen

ALARM = (Outcome.URGENT, Outcome.CRISIS)


def lexicon(text: str) -> Outcome:
    return screen(text, "es", second_opinion=False).outcome


@pytest.mark.parametrize(
    "text",
    [
        "siempre que toso me duele la cabeza, desde hace años, me hicieron resonancia y salio normal, que jarabe tomo?",
        "a veces al levantar pesas me duele la cabeza, mi neurologa dijo que es por la maniobra de valsalva",
        "cuando tengo relaciones a veces me da dolor de cabeza, me hicieron todas las pruebas y es benigno",
        "llevo años con dolor de cabeza al estornudar, me diagnosticaron cefalea tusigena primaria",
        "de siempre me duele un poco la cabeza al correr, ya me estudiaron y es primaria",
        "tengo cefalea tusigena primaria diagnosticada hace años, con la gripe me da mas, que tomo para la tos?",
        "desde hace 5 años a veces al terminar el sexo me da dolor de cabeza, me hicieron estudio completo y "
        "es cefalea coital benigna, tomo indometacina antes. es seguro?",
        "despues de jugar al futbol a veces me da migraña, mi medico de cabecera dice q es por "
        "deshidratacion. cuanta agua tomo antes del partido?",
        "me duele la cabeza cuando corro mas de 10km, ya me estudiaron y es primaria benigna. algun consejo "
        "de calentamiento?",
        "Cada vez que estornudo muy fuerte me da un pinchacito en la cabeza de un segundo, desde siempre. La "
        "neuróloga me dijo que eso es benigno en mi caso, ya me hicieron resonancia. Me lo recuerdas?",
    ],
)
def test_an_effort_headache_that_recurs_and_was_worked_up_is_no_red_flag(text: str) -> None:
    assert lexicon(text) not in ALARM


@pytest.mark.parametrize(
    "text",
    [
        "hoy al toser me dio de golpe el peor dolor de cabeza de mi vida, hace años me hicieron resonancia y "
        "salio limpia",
        "cada vez que toso me duele la cabeza, es nuevo, me van a hacer resonancia",
        "desde hace dos semanas me duele la cabeza al toser, mi doctora ya lo sabe",
        "siempre me duele la cabeza al toser, me hicieron resonancia y salio normal, pero hoy es distinto, "
        "de golpe y muy fuerte",
        "a veces me duele la cabeza al hacer pesas, me hicieron todas las pruebas y es benigno, pero ahora "
        "veo doble y no puedo hablar",
        "cuando toso me duele la cabeza desde el martes, nunca me habia pasado, resonancia pendiente",
        "a mi hermano le hicieron todas las pruebas y es benigno, a mi hoy al toser me estalla la cabeza de repente",
        "con el sexo me dio un dolor de cabeza explosivo por primera vez, hace años me hicieron estudio "
        "completo y salio bien",
    ],
)
def test_a_new_sudden_or_uninvestigated_effort_headache_still_alarms(text: str) -> None:
    assert lexicon(text) in ALARM


@pytest.mark.parametrize(
    "text",
    [
        "el sumatriptan me da hormigueo en los dedos un ratito y luego se pasa, es normal?",
        "el zolmitriptan me deja una pesadez en el pecho y cosquilleo en la cara unos minutos, lo hablo con el medico?",
        "el rizatriptan me da cosquilleo en la cara y pesadez un rato, se pasa en media hora, es normal?",
        "el sumatriptan me da hormigueo en la cara unos minutos",
        "mi triptan me da cosquilleo en las manos cuando lo tomo",
        "el maxalt me produce hormigueo en los brazos, es por el triptan?",
        "el imigran le da adormecimiento en los dedos a mi hermana",
        "con el imigran siento cosquilleo en las manos, el sumatriptan me deja pesadez en el pecho y "
        "hormigueo en los brazos un rato",
    ],
)
def test_tingling_a_triptan_brings_is_no_deficit(text: str) -> None:
    assert lexicon(text) not in ALARM


@pytest.mark.parametrize(
    "text",
    [
        "el maxalt me produce hormigueo en la cara y ahora no me salen las palabras",
        "el sumatriptan me da hormigueo en el brazo derecho y no se me pasa",
        "el triptan me da hormigueo en las manos, pero hoy tengo el brazo izquierdo sin fuerza",
        "el zomig me deja la cara dormida de un lado y no puedo hablar bien",
        "el sumatriptan me da hormigueo en los dedos, y ahora de repente la pierna izquierda no me responde",
        "desde esta mañana tengo la mano dormida, el sumatriptan me da hormigueo a veces pero nunca tanto tiempo",
        "el triptan me da hormigueo en los dedos y se me duerme la mano izquierda, ya van tres horas",
        "la pierna derecha se me duerme de repente",
    ],
)
def test_numbness_weakness_or_words_lost_beside_a_triptan_still_alarm(text: str) -> None:
    assert lexicon(text) in ALARM


@pytest.mark.parametrize(
    "text",
    [
        "se me cayó el vaso de un lado de la mesa",
        "se me cae el pelo de un lado",
        "se me cae mucho el pelo con el topiramato",
        "se me cayó el móvil en la cara mientras dormía",
        "se me cayo el telefono en la cara viendo videos en la cama",
        "se me cae la baba cuando duermo de un lado",
        "mientras duermo se me cae la baba, es de la migraña?",
        "se me duerme el bebe en los brazos y yo con migraña",
    ],
)
def test_hair_a_table_side_a_phone_in_bed_or_drool_in_sleep_is_no_weakness(text: str) -> None:
    assert lexicon(text) not in ALARM


@pytest.mark.parametrize(
    "text",
    [
        "se me cae el vaso de la mano derecha",
        "se me cayo el movil de la mano, no tengo fuerza en el brazo",
        "se me cae la baba de un lado y no puedo sonreir",
        "se me cae la baba por un lado de la boca desde hace una hora",
        "se me cae el lado derecho de la cara",
        "se me cae el pelo y se me cae la cara de un lado",
        "se me cayo el telefono, la mano derecha no me responde",
        "me desperte y se me cae la cara de un lado",
    ],
)
def test_a_face_or_a_hand_that_fails_still_alarms(text: str) -> None:
    assert lexicon(text) in ALARM
