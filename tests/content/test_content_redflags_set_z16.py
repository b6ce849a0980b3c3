"""Set Z16 (test48): the concepts its misses showed, by concept, with look-alikes of the same words that stay quiet.

Lexicon alone (no second opinion): what the words and the rules promise whatever the model says.
"""

from __future__ import annotations

import pytest

from content.redflags import Outcome, screen

RAISED = (Outcome.URGENT, Outcome.CRISIS)


def lexicon(text: str, language: str) -> Outcome:
    return screen(text, language, second_opinion=False).outcome


# Weary of living said to be meant (es); no sense in going on with nothing and nobody helping (ru).
@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "estoy harta de vivir, de verdad"),
        ("es", "cansado de vivir, en serio, no es broma"),
        ("es", "ya estoy harto de la vida, lo digo en serio"),
        ("es", "harta de existir, literalmente"),
        ("es", "estoy cansada de estar viva, te lo juro que no es una forma de hablar"),
        ("es", "mi cabeza no para y ya estoy aburrida de vivir, de verdad"),
        ("es", "otra vez con dolor. cansada de vivir en serio"),
        ("es", "harto de vivir. de verdad te lo digo"),
        ("ru", "не вижу смысла дальше, голова болит каждый день и никто не помогает"),
        ("ru", "не вижу смысла жить дальше, ничего не помогает"),
        ("ru", "какой смысл дальше, врачи не помогают, таблетки не помогают"),
        ("ru", "зачем жить дальше если ничего не помогает"),
        ("ru", "не вижу больше смысла дальше, никто мне не помогает"),
        ("ru", "стоит ли жить дальше, ничего уже не помогает от этой боли"),
        ("ru", "не вижу никакого смысла дальше, мне никто не помогает уже год"),
    ],
)
def test_set_z16_crisis_takes_the_crisis_path(language: str, text: str) -> None:
    assert lexicon(text, language) is Outcome.CRISIS


# ru a fever told as chills or burning up with a stiff neck; es a blow from something fallen "encima de la cabeza" and
# a crash named by its vehicle; es a sudden headache someone is seen screaming with; es the birth a month ago, a clause
# before the headache; ru "новая какая то головная боль" at 68, "малой 3 г", one's own address mixed up; es attacks
# turned daily; en a vertigo that is usual with swallowing trouble now, "woman 80" with jaw claudication, a headache
# "near the end" of a run.
@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "заболела голова с ознобом шея деревянная вырвало"),
        ("ru", "муж горит весь, голова болит адски и шею повернуть не может"),
        ("ru", "с ознобом и головной болью, шея не гнется"),
        ("ru", "вся горит, шея каменная, голова раскалывается"),
        ("ru", "сын весь горит, шею не может наклонить, голова болит"),
        ("ru", "трясет с ознобом, шею не повернуть, голова болит"),
        ("ru", "дочка горит как печка, шея не сгибается и голова болит"),
        ("ru", "весь горячий как печка, шея не гнётся, голова трещит"),
        ("ru", "у меня озноба нет но шея не гнется и температура 39, голова болит"),
        ("es", "se me cayó una caja encima de la cabeza y ahora tengo una migraña rara y estoy mareada"),
        ("es", "le cayó una tabla encima de la cabeza y no para de vomitar"),
        ("es", "se me cayó un estante encima de la cabeza ayer, hoy me duele muchísimo y veo borroso"),
        ("es", "se le cayó una maceta encima de la cabeza y está muy dormido, le duele la cabeza"),
        ("es", "choque en moto hace 2 dias, iba con casco pero igual me pegué, hoy me duele la cabeza un montón"),
        ("es", "tuve un choque en coche ayer y hoy me duele mucho la cabeza"),
        ("es", "accidente de moto el domingo, hoy tengo un dolor de cabeza fuerte y vomité"),
        ("es", "choque en bici esta mañana, me duele la cabeza horrible"),
        ("es", "choco en moto mi hijo, le duele la cabeza y está como ido"),
        ("es", "mi novio se agarró la cabeza gritando que le dolía muchísimo, le vino de golpe hace 10 min"),
        ("es", "mi madre empezó a gritar de dolor, de repente, se agarra la cabeza"),
        ("es", "de golpe mi padre se puso gritando que le duele la cabeza"),
        ("es", "le vino de repente, está chillando de dolor y se sujeta la cabeza"),
        ("es", "mi hermano de golpe gritando del dolor de cabeza"),
        ("es", "mi marido de repente grita de dolor, dice que es la cabeza, el peor de su vida"),
        ("es", "estaba bien y de golpe empezó gritando que le duele muchísimo la cabeza"),
        ("es", "mi hija de repente gritaba que le dolía la cabeza, nunca le pasó"),
        ("es", "tuve a mi bebé hace un mes, le doy pecho, y desde ayer me duele la cabeza muchísimo"),
        ("es", "di a luz hace un mes, estoy cansada, y hoy tengo un dolor de cabeza horrible"),
        ("es", "tuve a mi bebé la semana pasada, todo bien, pero desde anoche me duele la cabeza muchísimo"),
        ("es", "nació mi hija el mes pasado, doy pecho, y esta migraña no es como las mías"),
        ("es", "tuve a mi bebé hace un mes, no duermo, y hoy me duele la cabeza fatal"),
        ("ru", "мне 68 новая какая то головная боль, раньше ничего не болело"),
        ("ru", "папе 72, у него новая какая то головная боль с утра"),
        ("ru", "мне 60, появилась новая какая то боль в голове"),
        ("ru", "маме 75 лет, жалуется на незнакомую какую то головную боль"),
        ("ru", "мне 55, уже неделю новая какая то головная боль"),
        ("ru", "малой 3 г трёт голову ручками и плачет, вялый, срыгнул обед"),
        ("ru", "мелкий 2 года держится за голову и плачет"),
        ("ru", "малая 1 год трет голову и не спит"),
        ("ru", "младший 4 года жалуется что болит голова, вялый"),
        ("ru", "малому 3 года, головка болит, плачет"),
        (
            "ru",
            "после этой боли я как в тумане, не могу вспомнить пароль от телефона который 5 лет ввожу, "
            "адрес свой путаю",
        ),
        ("ru", "голова болит и я свой адрес путаю"),
        ("ru", "мама после приступа не помнит свое имя"),
        ("ru", "муж не может вспомнить свой адрес, голова болит"),
        ("ru", "забыла свою фамилию на приеме, голова раскалывается"),
        ("ru", "с утра свой адрес путает, заговаривается, головная боль"),
        ("es", "las migrañas se me volvieron diarias de repente y son peores que nunca"),
        ("es", "mis dolores de cabeza se han vuelto diarios y cada vez peores"),
        ("es", "la migraña se me hizo diaria este mes y es más fuerte"),
        ("es", "las crisis se volvieron continuas y peores"),
        ("es", "se le volvieron diarias las migrañas a mi madre y empeoran"),
        ("en", "usually get vertigo with my migraine but now i cant swallow properly, water goes down wrong"),
        ("en", "i always get dizzy with migraines but today i cant swallow"),
        ("en", "i get vestibular migraine spins often but now i can barely swallow"),
        ("en", "my mum usually gets vertigo but now she cant swallow her tea"),
        ("en", "woman 80 jaw pain when chewing, headache, tired all the time and lost weight"),
        ("en", "man 76, jaw aches when he chews, new headache"),
        ("en", "lady 82 sore jaw on chewing and headache at the temples"),
        ("en", "female 70, jaw pain chewing and blurred vision"),
        ("en", "went for my usual run and got a crushing headache near the end, i never get headaches from running"),
        ("en", "towards the end of my workout a severe headache hit me, never had that before"),
        ("en", "near the end of sex i got the worst headache of my life"),
        ("en", "got a bad headache towards the end of lifting weights and its still there"),
        ("es", "di a luz hace un mes, le doy biberón, y me duele la cabeza horrible"),
        ("en", "i usually get vertigo with attacks but now swallowing is hard, keep choking"),
    ],
)
def test_set_z16_emergency_is_raised(language: str, text: str) -> None:
    assert lexicon(text, language) in RAISED


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "estoy harta de vivir de alquiler, de verdad"),
        ("es", "harta de vivir con migraña, ¿qué tratamiento preventivo me recomiendas?"),
        ("es", "cansada de vivir en esta ciudad tan ruidosa"),
        ("ru", "не вижу смысла дальше пить топирамат, он не помогает"),
        ("ru", "не вижу смысла дальше ходить к этому неврологу, он не помогает"),
        ("ru", "суматриптан не помогает, какие ещё есть средства?"),
        ("ru", "свет горит весь день, голова болит от экрана"),
        ("ru", "лицо горит после мигрени, шея затекла немного"),
        ("ru", "вся горит от стыда, голова побаливает"),
        ("ru", "озноба нет, шея не болит, просто обычная мигрень"),
        ("es", "se me cayó el móvil encima de la cama, me duele la cabeza de estrés"),
        ("es", "hace 10 años tuve un accidente de coche, ahora tengo migrañas normales, ¿puede estar relacionado?"),
        ("es", "vi un choque en moto en la tele y me impresionó, ahora me duele un poco la cabeza"),
        ("es", "mi hijo gritaba de dolor por la rodilla cuando se cayó, ya está bien"),
        ("es", "mi vecino grita que le duele todo cuando juega al fútbol, jaja"),
        ("es", "tuve a mi bebé hace tres años y desde entonces tengo migrañas, ¿es hormonal?"),
        ("es", "di a luz hace dos años, hoy me duele un poco la cabeza por no dormir"),
        ("ru", "мне 30, новая какая то головная боль после работы за ноутбуком"),
        ("ru", "малой 5 лет, спрашивает почему у мамы болит голова"),
        ("ru", "забыла пароль от почты, голова болит немного"),
        ("es", "el café se me volvió diario por las migrañas"),
        ("es", "mis migrañas se volvieron menos frecuentes con el topiramato"),
        ("en", "i usually get vertigo with my migraine, swallowing is fine"),
        ("en", "woman 30 jaw pain when chewing after dentist"),
        ("en", "near the end of the day my usual migraine starts, is that normal"),
        ("en", "towards the end of my period i get migraines"),
    ],
)
def test_set_z16_look_alike_is_not_raised(language: str, text: str) -> None:
    assert lexicon(text, language) not in RAISED
