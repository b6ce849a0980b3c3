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
from screen_probes import lexicon

from content.redflags import Outcome

ALARM = (Outcome.URGENT, Outcome.CRISIS)


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
    assert lexicon(text, "es") not in ALARM


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
    assert lexicon(text, "es") in ALARM


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
    assert lexicon(text, "es") not in ALARM


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
    assert lexicon(text, "es") in ALARM


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
    assert lexicon(text, "es") not in ALARM


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
    assert lexicon(text, "es") in ALARM


@pytest.mark.parametrize(
    "text",
    [
        "veo borroso cuando no llevo las gafas, nada que ver con la migraña",
        "mi hija abla muy rapido, no tiene nada que ver con la migraña",
        "me pica el ojo por la alergia, nada que ver con la migraña",
        "se me nubla la vista cuando me levanto rapido, nada que ver con la migraña verdad?",
        "tengo la tension un poco alta, nada que ver con la migraña segun mi medico",
        "mi marido ronca mucho, no tiene nada que ver con las migrañas",
        "el insomnio no tiene nada que ver con la migraña?",
        "mi hijo tartamudea desde pequeño, no tiene nada que ver con la jaqueca",
    ],
)
def test_a_complaint_said_to_be_unrelated_to_the_migraine_is_no_change(text: str) -> None:
    assert lexicon(text, "es") not in ALARM


@pytest.mark.parametrize(
    "text",
    [
        "este dolor de cabeza no tiene nada que ver con la migraña de siempre, es brutal",
        "me duele la cabeza de una forma que no tiene nada que ver con mis migrañas",
        "de repente veo borroso de un ojo, nada que ver con la migraña de siempre",
        "dolor de cabeza nuevo, nada que ver con las migrañas que tengo",
        "hablo raro desde hace una hora, no tiene nada que ver con la migraña",
        "veo borroso desde esta mañana y no se me pasa",
        "tuve a mi bebe hace 3 semanas y desde ayer me duele la cabeza como nunca, nada que ver con mi migraña",
        "tengo 60 años y este dolor de cabeza es nuevo, nada que ver con las jaquecas de antes",
    ],
)
def test_a_headache_unlike_the_usual_attacks_still_alarms(text: str) -> None:
    assert lexicon(text, "es") in ALARM


@pytest.mark.parametrize(
    "text",
    [
        "a los 50 años ¿se puede empezar a tener migraña por primera vez? es curiosidad, yo la tengo desde los 18",
        "Porfa explicame por que dicen que la cefalea nueva despues de los 50 hay que mirarla. Tengo 52 pero migrañas "
        "desde los 20, las mismas de siempre",
        "tengo 58 y migrañas desde niña, ¿es verdad que a partir de los 50 un dolor de cabeza nuevo es peligroso?",
        "tengo 61, con jaquecas toda la vida, por que un dolor de cabeza nuevo a mi edad preocupa a los medicos?",
        "con 55 años y migraña desde los 16, se puede empezar con migraña nueva a esta edad? pregunto por mi hermana",
        "mi abuela dice que a los 60 le empezaron las migrañas, eso es posible? ella ya fallecio de otra cosa, es por "
        "saber",
        "mi abuelo tuvo dolores de cabeza nuevos a los 70, el ya murio de viejo, es hereditario?",
        "tengo 53, migraña desde los 14, dicen que una cefalea nueva a partir de los 50 es señal de alarma, por que?",
    ],
)
def test_a_question_of_the_rule_from_a_lifelong_migraineur_is_no_new_headache(text: str) -> None:
    assert lexicon(text, "es") not in ALARM


@pytest.mark.parametrize(
    "text",
    [
        "tengo 60, es normal que a mi edad empiecen las migrañas? llevo un mes con dolor de cabeza",
        "tengo 58, migrañas desde los 20, y desde hace una semana tengo un dolor de cabeza nuevo, distinto, es normal?",
        "tengo 70 años, se puede empezar con migraña a esta edad? me duele la cabeza todos los dias desde hace 2 "
        "semanas",
        "mi madre de 75 murio de un ictus hace años, yo tengo 60 y me empezo un dolor de cabeza nuevo esta semana",
        "tengo 62 y migraña desde joven, pero este dolor de cabeza es nuevo y empezo hace 3 dias",
        "tengo 55, nunca tuve migraña y desde hace una semana me duele la cabeza cada dia",
        "mi padre tiene 70 y le empezaron dolores de cabeza hace una semana, nunca los tuvo",
        "mi abuela de 80 tiene un dolor de cabeza nuevo desde ayer, ella nunca tuvo migrañas",
    ],
)
def test_a_new_headache_after_50_told_as_now_still_alarms(text: str) -> None:
    assert lexicon(text, "es") in ALARM


@pytest.mark.parametrize(
    "text",
    [
        "cuando corro mucho a veces me viene mi migraña de siempre, ¿es normal que el ejercicio la dispare?",
        "cuando salgo a correr mucho me viene la migraña de siempre al otro dia, tomo mucha agua?",
        "el ejercicio intenso me desencadena migraña desde siempre, la de siempre, ya lo hable con el medico. alguna "
        "recomendacion para calentar?",
        "si nado mucho rato me viene mi migraña normal, la misma de siempre, como la evito?",
        "jugando al padel me da la migraña de siempre si hace calor",
        "despues del futbol me da mi jaqueca de siempre, con aura y todo, es por el esfuerzo?",
        "cuando hago spinning me viene mi migraña habitual, que puedo tomar antes?",
        "si corro con calor me da la migraña de siempre, la de toda la vida",
    ],
)
def test_the_usual_migraine_a_workout_sets_off_is_no_exertion_headache(text: str) -> None:
    assert lexicon(text, "es") not in ALARM


@pytest.mark.parametrize(
    "text",
    [
        "cuando corro me viene la migraña de siempre, pero hoy al correr me dio de golpe un dolor brutal en la nuca",
        "cuando toso me viene mi migraña de siempre, es normal?",
        "con el sexo me viene la migraña de siempre pero hoy fue de golpe, como un latigazo",
        "en el gimnasio hoy me dio un dolor de cabeza explosivo, nada que ver con la migraña de siempre",
        "al levantar pesas me da la migraña de siempre y se me duerme el brazo derecho",
        "al hacer ejercicio me da un dolor de cabeza que no es la migraña de siempre, es distinto",
        "cada vez que corro me duele mucho la cabeza, antes tenia la migraña de siempre solo con la regla",
        "cuando hago ejercicio me duele la cabeza, es nuevo",
    ],
)
def test_a_headache_an_effort_sets_off_that_is_not_the_usual_one_still_alarms(text: str) -> None:
    assert lexicon(text, "es") in ALARM


@pytest.mark.parametrize(
    "text",
    [
        "me di un golpe en el pie con la mesa y cada vez me duele mas",
        "me di un golpe en el codo con la puerta, me duele mucho",
        "se golpeo el tobillo jugando al futbol y le duele mas cada dia",
        "me golpee el dedo gordo con la cama, me duele cada vez mas",
        "me pegue en la rodilla con la mesa y el dolor va a mas",
        "me di un golpe en la espalda al caerme de culo, me duele muchisimo",
        "le dio un golpe en el brazo con la puerta y le duele cada vez mas",
        "me golpee la muñeca con el borde de la mesa y va a peor",
    ],
)
def test_the_pain_after_a_blow_to_a_limb_is_not_the_heads(text: str) -> None:
    assert lexicon(text, "es") not in ALARM


@pytest.mark.parametrize(
    "text",
    [
        "me di un golpe en el pie y en la cabeza y cada vez me duele mas",
        "me di un golpe en el pie, me cai y me golpee la cabeza, me duele cada vez mas",
        "me golpee el hombro y la cabeza contra la pared y ahora vomito",
        "me di un golpe en el brazo con la puerta y ahora veo doble",
        "me di un golpe con el armario y cada vez me duele mas la cabeza",
        "me di un golpe en la rodilla al caerme y ahora tengo mucho sueño y vomito",
        "tomo sintrom y me di un golpe en el codo contra la pared",
        "me golpee la cabeza ayer y hoy me duele mas y mas",
    ],
)
def test_a_blow_to_the_head_or_a_sign_after_any_blow_still_alarms(text: str) -> None:
    assert lexicon(text, "es") in ALARM


@pytest.mark.parametrize(
    "text",
    [
        "me apunto en el diario: aura de 15 min, dolor 6/10, duro 8 horas, tome rizatriptan",
        "Día 3 del ciclo, migraña de la regla como cada mes, con aura de 20 minutos. Naproxeno y a la cama",
        "registro del mes: 5 dias de migraña, 2 con aura (20 y 25 min), tome 6 triptanes en total, es mucho?",
        "resumen del mes: 6 dias de migraña, 1 con aura de 15 min, ninguna de mas de un dia",
        "hoy aura de 30 min y despues dolor de cabeza durante 6 horas",
        "aura de 20 minutos y luego migraña 2 dias",
        "ayer aura visual de 25 minutos, el dolor me duro todo el dia",
        "diario: aura de unos 10 min, migraña de 12 horas, triptan a las 2 horas",
    ],
)
def test_a_long_span_beside_an_aura_of_minutes_is_the_pains(text: str) -> None:
    assert lexicon(text, "es") not in ALARM


@pytest.mark.parametrize(
    "text",
    [
        "siempre tengo el aura de los zigzags unos 20 minutos, pero hoy ya van casi tres horas y no se quita",
        "mi aura normalmente dura 20 min pero esta lleva ya casi 2 horas con las luces y el hormigueo, no se va",
        "mis auras son de 15 20 minutos y esta ya lleva mas de una hora",
        "normalmente tengo aura de 20 minutos, hoy llevo 2 horas con las luces",
        "aura desde hace 2 horas, siempre es de 20 minutos",
        "el aura dura ya 2 horas",
        "tengo aura desde hace 3 horas y no se va",
        "aura de 2 horas, nunca me habia durado tanto",
    ],
)
def test_an_aura_over_an_hour_still_alarms(text: str) -> None:
    assert lexicon(text, "es") in ALARM


@pytest.mark.parametrize(
    "text",
    [
        "mareo + vision doble + no poder caminar es urgente segun lei, verdad? yo no tengo nada de eso, pura "
        "curiosidad",
        "fiebre, rigidez de nuca y manchas que no se van es meningitis? no tengo nada de eso, solo pregunto",
        "hoy me siento rara por el aura, me tomé 1 sumatriptan nada más",
        "me siento raro desde que empezo el aura, es el cansancio",
        "oye mi aura es rara pero es MI aura: veo como si mirara a traves de agua, 15-20 min, y luego dolor. lo tengo "
        "desde los 12. tiene nombre eso?",
        "mi aura es un poco rara pero es mi aura de siempre, 20 minutos y se va",
        "vision doble y no poder hablar es de ictus? yo no tengo nada de esto, es por saber",
        "ando rara con el aura, me voy a acostar",
    ],
)
def test_a_list_denied_feeling_odd_or_ones_own_odd_aura_is_no_sign(text: str) -> None:
    assert lexicon(text, "es") not in ALARM


@pytest.mark.parametrize(
    "text",
    [
        "tengo mareo y vision doble y no puedo caminar. no tengo nada de eso de la lista que me diste, solo esto",
        "tengo vision doble y mareo, no tengo fiebre",
        "el aura de hoy es rara, diferente a la de siempre",
        "hoy tengo un aura rara, nunca la habia tenido asi",
        "mi aura es rara pero es mi aura, ya lleva 2 horas",
        "me siento rara y el aura es distinta a la de siempre, con hormigueo en la cara",
        "vision doble y mareo desde hace una hora, no tengo nada de eso que dicen de la fiebre",
        "hoy no me entero de nada, no se donde estoy y me duele la cabeza",
    ],
)
def test_signs_told_as_now_or_an_aura_unlike_the_usual_still_alarm(text: str) -> None:
    assert lexicon(text, "es") in ALARM


@pytest.mark.parametrize(
    "text",
    [
        "mi vecino de 75 tenia dolor en la mandibula al masticar y resulto ser arteritis, lo trataron a tiempo. q "
        "otras señales hay q vigilar en gente mayor?",
        "mi cuñado dice que su dolor de cabeza al hacer pesas le apareció de repente y resulta que era un aneurisma, "
        "ya operado. a mí solo me da migraña normal, debería preocuparme?",
        "a mi tio le dio un ictus, lo trataron a tiempo y esta bien, que señales tengo que conocer?",
        "mi padre de 75 tiene polimialgia reumatica ya tratada con prednisona y revisada, no tiene dolor de cabeza. la "
        "migraña de mi madre es hereditaria?",
        "a mi abuela de 80 se le nublo la vista de un ojo por arteritis, la trataron a tiempo y ve bien",
        "mi suegro tuvo un aneurisma con el peor dolor de cabeza de su vida, ya operado, es hereditario?",
    ],
)
def test_someone_elses_condition_treated_in_time_is_a_story_that_is_over(text: str) -> None:
    assert lexicon(text, "es") not in ALARM


@pytest.mark.parametrize(
    "text",
    [
        "mi madre tuvo un aneurisma, ya operada, y hoy tiene el peor dolor de cabeza de su vida",
        "a mi madre la trataron a tiempo de un ictus hace años, ahora tiene 70 y le duele la mandibula al comer",
        "mi padre tiene 72, le duele la mandibula al masticar, lo trataron con antibiotico pero sigue igual",
        "me operaron de urgencia y ahora tengo el peor dolor de cabeza de mi vida",
        "mi hermano tuvo meningitis, lo trataron a tiempo. yo ahora tengo fiebre y la nuca rigida",
        "a mi padre lo trataron a tiempo la otra vez, pero ahora otra vez no puede mover el brazo derecho",
    ],
)
def test_a_sign_now_after_a_story_treated_in_time_still_alarms(text: str) -> None:
    assert lexicon(text, "es") in ALARM


@pytest.mark.parametrize(
    ("text", "alarms"),
    [
        ("cada vez que hago ejercicio me encuentro mejor de la migraña", False),
        ("cuando corro me siento mejor de la cabeza", False),
        ("cuando nado la migraña se me pasa", False),
        ("al caminar un rato la jaqueca mejora", False),
        ("cuando corro me duele la cabeza y luego me encuentro mejor de la migraña", True),
        ("cada vez que toso me duele la cabeza, aunque al rato me encuentro mejor", True),
        ("al hacer ejercicio me duele mucho la cabeza, de golpe, y luego mejora", True),
        (
            "cuando hago esfuerzo me duele la cabeza, es nuevo, la migraña de siempre en cambio mejora con el "
            "ejercicio",
            True,
        ),
    ],
)
def test_a_headache_an_effort_makes_better_is_no_exertion_headache(text: str, alarms: bool) -> None:
    assert (lexicon(text, "es") in ALARM) is alarms
