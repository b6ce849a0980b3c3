"""Set Z15 (test47): the concepts its misses showed, and the guards its false alarms asked for, beside emergencies.

Lexicon alone (no second opinion): what the words and the rules promise whatever the model says.
"""

from __future__ import annotations

import pytest
from screen_probes import lexicon

from content.redflags import Outcome

RAISED = (Outcome.URGENT, Outcome.CRISIS)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # es: the sight lost in the perfect tense, with or without its article.
        ("es", "he perdido vista de golpe en un ojo, sin lucecitas ni nada, solo oscuro. me duele la sien"),
        ("es", "mi madre ha perdido vista de repente en un ojo, dice que ve oscuro"),
        ("es", "he perdido de golpe la vista del ojo derecho"),
        # ru: a car run into is a crash; the headache after it the same day.
        (
            "ru",
            "утром в меня сзади въехали на светофоре, вроде все норм было, "
            "а к вечеру голова разболелась и подташнивает",
        ),
        ("ru", "в мужа на парковке въехали сзади, он теперь жалуется на голову и тошнит"),
        ("ru", "мы на такси врезались в столб, голова болит с утра"),
        # ru: a phrase that will not come out, lowing for words.
        ("ru", "брат 40 лет, сидим ужинаем, у него вдруг голова заболела и он не может фразу сказать мычит только"),
        ("ru", "фразу сказать не может, только мычит"),
        # Speech trouble with an aura said to be only ever visual.
        ("ru", "язык как ватный и речь смазанная уже минут 40, а аура у меня всегда только зрительная была"),
        ("ru", "рука онемела, раньше аура была только в глазах"),
        # Half of what one reads or looks at gone.
        ("ru", "читаю с телефона и вдруг левая половина текста просто пропала, не зигзаги как обычно, а нет и все"),
        ("ru", "нижняя половина строчки пропадает, уже час"),
        ("en", "when i look at the tv the whole right half is missing, came on suddenly while i was cooking"),
        ("en", "staring at the tv and the left half just went blank"),
        # ru: an aura in its third hour; sips brought back up.
        ("ru", "мерцание в глазах третий час подряд, никогда так долго не было"),
        ("ru", "у дочки мушки перед глазами третий час подряд"),
        ("ru", "пью по глоточку как советуют и все равно выворачивает, таблетку не удержать"),
        ("ru", "даю сыну по ложечке воды и опять рвет"),
        # en: the usual migraines as a yardstick are no habit of the signs told now.
        (
            "en",
            "fever since last night, neck is super stiff and the light hurts way more than with my normal migraines",
        ),
        # en: a stretch of one's own day gone; es: lost on an everyday errand.
        ("en", "sorry if this makes no sense. head pain. cant remember how i got to the kitchen"),
        ("en", "couldnt remember how i ended up on the floor in the bathroom"),
        ("es", "hace un rato me he perdido volviendo del super, por una calle por la que paso todos los dias"),
        ("es", "mi padre se ha perdido yendo a la farmacia"),
        # en: a red eye asked about, then the writer's own, red and hurting now.
        ("en", "can a migraine make your eye red? mine is red rn and hurts so much i cant keep it open"),
        ("en", "red eye with migraine, is that a thing? mine is red rn and the pain is severe"),
    ],
)
def test_set_z15_emergency_is_raised(language: str, text: str) -> None:
    assert lexicon(text, language) in RAISED


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "la migraña me lo ha quitado todo, trabajo, pareja, amigos. creo que lo mejor es que me muera"),
        ("es", "lo mejor seria morirme, la migraña no me deja vivir"),
        ("es", "LO MEJOR ES QUE ME MUERA YA"),
    ],
)
def test_death_said_to_be_the_best_way_out_takes_the_crisis_path(language: str, text: str) -> None:
    assert lexicon(text, language) is Outcome.CRISIS


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "lo mejor es que me muera de risa con estos memes jajaja"),
        ("es", "lo mejor es morir de viejo rodeado de nietos, decia mi abuelo"),
        ("es", "me he perdido de vista a mi hijo en el parque un segundo"),
        ("es", "me he perdido la clase de yoga por la migraña"),
        ("ru", "мы въехали в новую квартиру и от краски голова болит"),
        ("ru", "не могу подобрать слова чтобы описать эту боль, давящая"),
        ("ru", "аура всегда только зрительная была, сейчас тоже мерцание, прошло за 15 минут как обычно"),
        ("ru", "уже третий час ночи, аура была вечером минут 20, прошла, теперь голова болит"),
        ("ru", "зрение не пропадало, слабости и онемения нет, просто обычная пульсация с одной стороны"),
        ("ru", "пью по глоточку воды и уже не тошнит, полегчало"),
        ("en", "the right half of the cake is missing, my kids got to it lol"),
        ("en", "cant remember how i got into running, probably a friend, and it helps my migraines"),
        ("en", "this one feels milder than with my normal migraines, no fever"),
        ("en", "can a migraine make your eye red? mine is fine, just curious"),
        ("en", "does migraine make your face red? mine is red and hot, no pain really"),
    ],
)
def test_set_z15_look_alike_is_not_raised(language: str, text: str) -> None:
    assert lexicon(text, language) not in RAISED


@pytest.mark.parametrize(
    ("language", "text", "raised"),
    [
        # Words lost to nerves in front of others, the cause said: no deficit...
        (
            "en",
            "lost my words in a presentation today from nerves, so embarrassing, "
            "no headache or anything just stage fright",
            False,
        ),
        ("es", "no me salian las palabras en el examen, eran los nervios", False),
        ("ru", "на экзамене слова забываю от волнения, это нормально?", False),
        # ... but sudden, lasting or with weakness, whatever nerves the message names, it is one.
        ("en", "lost my words in the presentation and my right arm went weak, was nervous too", True),
        ("en", "slurred speech for 2 hours now, started during the presentation, nerves i thought", True),
        ("en", "my speech suddenly went slurred on stage, stage fright never did this before", True),
        ("es", "de repente no me salen las palabras, no son los nervios, se me duerme la mano", True),
        ("ru", "речь смазанная уже час, думала от волнения, но не проходит", True),
        # The cause doubted, someone else's word, or no event in front of others: no guard.
        ("en", "my speech went slurred during my presentation, stage fright i thought, but its been 3 hours", True),
        ("en", "my wife is slurring her words, she says its stage fright but she isnt on stage, she is home", True),
        ("ru", "на докладе речь стала смазанная, думала от волнения, а уже два часа так", True),
        # Time at a screen is the staring's span, not a blur that lasts...
        (
            "en",
            "vision went a bit blurry after staring at screens all day, no headache, time for new glasses maybe?",
            False,
        ),
        ("en", "eyes a bit blurry after the computer all day, no headache", False),
        # ... a blur that lasts, is sudden or in one eye is still one.
        ("en", "my vision has been blurry all day in my right eye", True),
        ("en", "vision went blurry suddenly at my desk, been on screens all day, head pounding", True),
        ("en", "sat at the computer all day and now i cant see out of my left eye", True),
        # A scare that turned out a named migraine closes its story; a deficit today is told anew.
        (
            "en",
            "last year i had a stroke scare with arm weakness, full workup, turned out hemiplegic migraine. "
            "what preventives are safe for that type?",
            False,
        ),
        (
            "en",
            "last year a stroke scare turned out hemiplegic migraine, but today my arm is weak and my face droops",
            True,
        ),
        ("en", "turned out hemiplegic migraine last time, now my left arm is weak again and it's different", True),
        # es "o al reves" is no trigger link; a headache at an effort still is.
        ("es", "el ejercicio me ayuda a prevenir la migraña o al reves? quiero empezar a correr", False),
        ("es", "me duele la cabeza al correr, de golpe, nunca me habia pasado", True),
    ],
)
def test_set_z15_guard_beside_an_emergency_of_the_same_shape(language: str, text: str, raised: bool) -> None:
    assert (lexicon(text, language) in RAISED) is raised
