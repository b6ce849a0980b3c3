"""Set Z16 (test48): the concepts its misses showed, by concept, with look-alikes of the same words that stay quiet.

Lexicon alone (no second opinion): what the words and the rules promise whatever the model says.
"""

from __future__ import annotations

import pytest
from screen_probes import lexicon

from content.redflags import Outcome

RAISED = (Outcome.URGENT, Outcome.CRISIS)


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


# The guards set Z16's false alarms asked for, each beside emergencies of the same shape: en migraines had since a
# young age answer the question of new headaches after 50; en a sight trouble that turned out to be the glasses;
# ru an all-clear without "said" ("окулист посмотрел, всё ок"), weeks well since ("с тех пор уже месяц нормально");
# ru a definition asked after the thing named, no "?" ("... это что вообще такое"); es a diagnosis treated and well,
# tests for the headache named all normal, a story placed years back ("eso fue hace 4 años"); the effort said not to
# bring the headache on (en, es, ru); en an attack set against the usual ones told in another sentence.
@pytest.mark.parametrize(
    ("language", "text", "raised"),
    [
        (
            "en",
            "I read that new headaches after 50 are a red flag. Im 52 but Ive had the same migraines since I "
            "was 20 and nothing has changed, so I guess that doesnt apply to me?",
            False,
        ),
        (
            "en",
            "im 55, is a new headache after 50 worrying? ive had these migraines since i was 18, nothing new",
            False,
        ),
        ("en", "im 60 and getting new headaches, ive had migraines since i was 20 but these are new", True),
        (
            "en",
            "im 52, are new headaches after 50 a red flag? ive had migraines since i was 20 but this is a new kind",
            True,
        ),
        ("en", "at 63, is it normal to start getting new headaches?", True),
        ("en", "my double vision turned out to be my new glasses, optician fixed them", False),
        ("en", "blurry vision turned out to be my old prescription, new lenses now", False),
        ("en", "the double vision turned out to be from my contact lenses", False),
        (
            "en",
            "my double vision last week turned out to be my glasses, but today i see double again and my "
            "head is pounding",
            True,
        ),
        ("en", "my double vision turned out to be my glasses but now my face is drooping", True),
        (
            "ru",
            "на прошлой неделе двоилось в глазах от усталости после 14 часов за рулём, окулист посмотрел, "
            "всё ок. просто рассказываю",
            False,
        ),
        ("ru", "в прошлом месяце двоилось в глазах, офтальмолог проверил, всё в порядке", False),
        (
            "ru",
            "в приёмном тогда сказали что моя боль была мигренозным статусом, прокапали, с тех пор уже месяц нормально",
            False,
        ),
        ("ru", "в том году был мигренозный статус, с тех пор уже полгода без приступов", False),
        (
            "ru",
            "на прошлой неделе двоилось в глазах, окулист посмотрел, всё ок, а сегодня опять двоится и "
            "голова раскалывается",
            True,
        ),
        ("ru", "окулист посмотрел, всё ок, но сейчас двоится в глазах и голова болит", True),
        ("ru", "мигрень уже 4 дня, с тех пор уже месяц нормально не сплю", True),
        ("ru", "громоподобная головная боль это что вообще такое", False),
        ("ru", "мигрень с аурой это что такое", False),
        ("ru", "менингит это что такое вообще", False),
        ("ru", "громоподобная головная боль у меня это что такое", True),
        (
            "es",
            "mi abuelo se quejaba de la mandíbula al masticar y resultó ser la arteritis, ya está tratado y "
            "bien. es familiar?",
            False,
        ),
        ("es", "a mi tía le dolía la mandíbula al masticar, era arteritis, ya está tratada y bien", False),
        ("es", "mi abuela tiene 80, le duele la mandíbula al masticar, ya está tratada de la tensión", True),
        (
            "es",
            "tengo 55 y hace 3 semanas me hicieron analítica y resonancia por unos dolores de cabeza nuevos, "
            "todo normal, el neurólogo dice que es tensional. ¿qué ejercicios de cuello me recomiendas?",
            False,
        ),
        ("es", "tengo 60 y me hicieron una resonancia por unos dolores de cabeza nuevos y todo normal", False),
        (
            "es",
            "en el parto me pusieron la epidural y luego tuve un dolor de cabeza horrible al ponerme de pie, "
            "me pusieron un parche de sangre y se fue. eso fue hace 4 años. ahora estoy bien, la puedo "
            "volver a pedir en este parto que viene?",
            False,
        ),
        ("es", "tuve un golpe en la cabeza y vomité, eso fue hace 10 años", False),
        (
            "es",
            "tengo 55 y me duelen la cabeza unos dolores nuevos, me hicieron analítica por unos dolores de "
            "cabeza nuevos y todo normal, pero hoy es el peor dolor de mi vida",
            True,
        ),
        ("es", "tuve un golpe en la cabeza, eso fue hace 2 años, pero hoy me duele muchísimo y vomito", True),
        (
            "es",
            "me pusieron la epidural y luego tuve un dolor de cabeza horrible al ponerme de pie, eso fue hace 4 días",
            True,
        ),
        (
            "es",
            "cuando toso no me duele la cabeza, te lo digo porque leí que es algo peligroso, yo solo tengo "
            "la migraña normal",
            False,
        ),
        ("en", "when i cough my head doesnt hurt, i just have my normal migraines", False),
        ("ru", "когда кашляю голова не болит, у меня просто обычная мигрень", False),
        ("es", "al agacharme no me duele la cabeza, solo tengo mi migraña de siempre", False),
        ("en", "my head hurts when i cough", True),
        ("es", "me duele la cabeza cuando toso, no es como mi migraña normal", True),
        ("en", "not when i cough, but when i bend down my head pounds", True),
        ("es", "cuando toso no me duele la cabeza pero cuando corro me explota de golpe", True),
        (
            "en",
            "So I've had migraines since school, I know them really well, I know the build up, the nausea, "
            "the whole thing. But this one since yesterday is just not it, different kind of pain, different "
            "place, and it's not behaving like any of mine. idk if I'm overthinking",
            True,
        ),
        ("en", "I know my migraines. this one is a different kind of pain", True),
        ("en", "had migraines for years but this one is not behaving like any of mine", True),
        ("en", "what different kind of pain would a brain tumour cause vs migraine?", False),
        ("ru", "у меня громоподобная головная боль, это что такое", True),
        ("ru", "у мужа сейчас громоподобная головная боль это что такое", True),
    ],
)
def test_set_z16_guard_beside_an_emergency_of_the_same_shape(language: str, text: str, raised: bool) -> None:
    assert (lexicon(text, language) in RAISED) is raised


# en a scare told over: the tests listed and all fine, the attacks since then the usual ones; ru the usual migraine
# turned somehow not itself, with a sign of the change.
@pytest.mark.parametrize(
    ("language", "text", "raised"),
    [
        (
            "en",
            "Ok long story but basically last summer I had a migraine that felt different, went to urgent care "
            "because I was worried it was a stroke, they did bloods, scans, the lot, everything was fine and it was "
            "a migraine with a weird aura. Since then they've all been normal again. Should I keep a card in my "
            "wallet about it?",
            False,
        ),
        ("en", "had an odd aura last summer, they did bloods, a scan, the lot, everything was fine", False),
        ("en", "last year a strange migraine, since then theyve been the usual again", False),
        (
            "en",
            "last summer I had a weird aura, they did bloods, scans, the lot, everything was fine. but today the "
            "aura has lasted 3 hours",
            True,
        ),
        ("en", "they did bloods and scans, everything was fine, but now my arm is weak and my speech is slurred", True),
        (
            "en",
            "last summer I had a migraine that felt different. since then theyve all been normal again, except today "
            "my arm went weak",
            True,
        ),
        (
            "ru",
            "привычная мигрень стала какой то не такой: теперь просыпаюсь уже с ней и днём нарастает, "
            "раньше так не было никогда",
            True,
        ),
        ("ru", "мигрень стала какая то другая, и всё сильнее с каждой неделей", True),
        ("ru", "приступы стали какие то не такие, теперь каждый день и хуже", True),
        ("ru", "мама стала какая то не такая после болезни, голова не болит", False),
    ],
)
def test_set_z16_story_over_or_pattern_changed(language: str, text: str, raised: bool) -> None:
    assert (lexicon(text, language) in RAISED) is raised
