"""Set Z15 concepts narrowed after review47: ordinary look-alikes stay quiet, the emergencies still alarm."""

from __future__ import annotations

import pytest
from screen_probes import lexicon

from content.redflags import Outcome

RAISED = {Outcome.URGENT, Outcome.CRISIS}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # es: not waking said of someone else's waking.
        ("es", "lo mejor es que no me despierte mi hija antes de las 8, asi duermo"),
        ("es", "lo mejor es que no despierte al bebe cuando tengo migraña"),
        ("es", "lo mejor es que no me despierte el perro a las 6"),
        # es: a pet lost, or lost for a cause named.
        ("es", "el perro se ha perdido volviendo del parque"),
        ("es", "el gato se perdio volviendo del parque"),
        ("es", "me he perdido volviendo del trabajo porque cortaron la calle por obras"),
        ("es", "me perdi yendo al gimnasio nuevo, no conozco la zona"),
        ("es", "nos hemos perdido yendo al parque porque la calle estaba cerrada"),
        # es: sight lost over the years.
        ("es", "mi abuela ha perdido vista con los años y necesita gafas nuevas"),
        ("es", "he perdido vista poco a poco, necesito gafas"),
        # ru: a parked car hit, a crash seen from a jam; a toddler learning to talk.
        ("ru", "в мою машину въехали на парковке, пока я была в магазине, от нервов разболелась голова"),
        ("ru", "в нашу машину въехали во дворе, пока мы спали"),
        ("ru", "было дтп впереди, два часа стояли в пробке"),
        ("ru", "ребенок еще не может фразу построить, ему 2 года, это нормально?"),
        ("ru", "малыш не может фразу построить, это нормально в 2 года?"),
        # en: a device's display going dark; wonder, not memory.
        ("en", "the left half of the screen went black, i think my phone is broken"),
        ("en", "the right side of the tv went dark, the backlight died again"),
        ("en", "the left side of the screen went dark on my monitor, cable loose"),
        ("en", "no idea how he got home so fast, the traffic was terrible"),
        ("en", "I dont know how they got in the garden, the fence is high"),
        ("en", "didnt know how he got there so fast"),
    ],
)
def test_review47_look_alike_is_not_raised(language: str, text: str) -> None:
    assert lexicon(text, language) not in RAISED


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "my aura is only ever visual, but my feet go numb when I sit cross legged"),
        ("ru", "аура у меня всегда только зрительная, а ноги немеют когда долго сижу по турецки"),
        ("ru", "аура всегда только зрительная, рука немеет если на ней сплю"),
    ],
)
def test_numbness_with_its_posture_beside_a_visual_aura_is_asked_about(language: str, text: str) -> None:
    assert lexicon(text, language) is Outcome.POSSIBLE


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "lo mejor para todos es que no despierte mañana"),
        ("es", "creo que lo mejor es que no me despierte"),
        ("es", "lo mejor seria que no me despierte nunca mas"),
        ("es", "ya no puedo mas, lo mejor es que no despierte"),
    ],
)
def test_own_not_waking_as_the_best_way_out_stays_a_crisis(language: str, text: str) -> None:
    assert lexicon(text, language) is Outcome.CRISIS


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "hace un rato me he perdido volviendo del super, por una calle por la que paso todos los dias"),
        ("es", "mi padre se ha perdido yendo a la farmacia"),
        ("es", "me he perdido volviendo del trabajo porque no reconocia nada"),
        ("es", "mi madre se perdio volviendo del mercado, el camino de siempre"),
        ("es", "he perdido vista en un ojo hace una hora"),
        ("es", "mi abuela ha perdido vista de golpe en el ojo izquierdo"),
        ("es", "he perdido vista con los años pero hoy de golpe no veo nada del ojo derecho"),
        ("ru", "в мою машину въехали сзади на светофоре, меня тряхнуло, теперь голова болит"),
        ("ru", "в мою машину въехали на светофоре, меня тряхнуло, болит шея и голова"),
        ("ru", "в нашу машину врезались на трассе, теперь голова болит и тошнит"),
        ("ru", "вчера было дтп, я была за рулем, сегодня голова раскалывается и тошнит"),
        ("ru", "было дтп, мы ехали в такси, теперь болит шея и голова"),
        ("ru", "у ребенка 8 лет болит голова и он вдруг не может фразу сказать"),
        ("ru", "мама вдруг не может фразу построить, путает слова"),
        ("ru", "сын 12 лет не может предложение сказать после приступа, мычит"),
        ("en", "the left half of everything is gone, came on suddenly"),
        ("en", "the left half of the page went blank while i was reading, my head hurts"),
        ("en", "looking at my phone and the left half just went black"),
        ("en", "i dont remember how i got home, my head is pounding"),
        ("en", "cant recall how i got here, bad headache"),
        ("en", "mum doesnt remember how she got to the shops"),
        ("en", "my aura is only ever visual, but now my arm and face are numb"),
        ("en", "my aura is always only visual, but my right hand went numb an hour ago"),
        ("en", "my aura is only ever visual and my arm went numb when i sat down an hour ago, still numb"),
        ("ru", "аура у меня всегда только зрительная, а сейчас онемела половина лица"),
        ("ru", "аура всегда только зрительная, а сейчас немеет рука и лицо, я сижу дома"),
    ],
)
def test_review47_emergency_still_alarms(language: str, text: str) -> None:
    assert lexicon(text, language) in RAISED
