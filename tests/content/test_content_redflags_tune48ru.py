"""Russian kept-out lines made right by concept (tune48ru): ordinary look-alikes stay quiet, emergencies still alarm."""

from __future__ import annotations

import pytest

from content.redflags import Outcome, screen

RAISED = {Outcome.URGENT, Outcome.CRISIS}


def lexicon(text: str) -> Outcome:
    return screen(text, "ru", second_opinion=False).outcome


# The day of another stretch of time (a holiday, a diet, a cycle, the days since a birth) is no attack's length.
OTHER_DAY = [
    "пошёл четвёртый день отпуска, голова ни разу не болела",
    "идет 4й день отпуска, голова ни разу не болела",
    "пошел пятый день диеты, голова немного побаливает",
    "4й день цикла, мигрень как обычно, суматриптан помог",
    "идут четвертые сутки после родов, голова не болит",
    "пятый день карантина, голова побаливает к вечеру",
    "шестой день голодания, голова немного кружится",
    "седьмой день курса топирамата, мигрень была один раз",
    "третий день месячных, голова болит как обычно",
    "пошел пятый день командировки, голова в порядке",
]
# An attack's own days, told with the same words, still alarm.
ATTACK_DAYS = [
    "пошел четвертый день, голова болит не проходит",
    "голова болит уже пятый день отпуска, не проходит",
    "четвертый день мигрень не отпускает",
    "идут четвертые сутки мигрени",
    "мигрень не проходит четвертый день",
    "пятый день отпуска, а голова болит уже 4 дня не проходит",
    "приступ тянется ещё с прошлых выходных",
    "голова болит с прошлых выходных, не проходит",
    "мигрень не отпускает с прошлых выходных",
    "уже 2 недели болит голова не проходит",
    "мигрень длится уже 4 дня, в том году такого не было",
]
# A past attack placed in last year, and attacks counted, are not one going on.
PAST_OR_COUNTED = [
    "мигрень длилась 4 дня в том году, сейчас короче",
    "последние 2 недели таблетки перестали помогать, мигрень пару раз была",
    "с прошлых выходных мигрень пару раз была",
    "за две недели мигрень три раза была, таблетки помогают хуже",
    "приступ длился 5 дней в позапрошлом году",
]
# Headaches after effort, years old and known to a doctor who named a cause or advised on it.
EFFORT_INVESTIGATED = [
    "после интенсивной тренировки иногда накрывает мигрень, уже лет 5 так, невролог в курсе, сказал дольше разминаться",
    "после бега иногда накрывает мигрень, так уже 3 года, врач в курсе",
    "после тренировки иногда прихватывает голову, уже лет 10 так, невролог знает",
]
EFFORT_NEW = [
    "после тренировки сегодня впервые резко заболела голова, невролог в курсе",
    "голова болит после пробежки, раньше такого не было",
    "при кашле голова взрывается, так уже 2 года, врач в курсе",
    "поднимаю штангу и голова резко взрывается, первый раз такое",
]


@pytest.mark.parametrize("text", OTHER_DAY + PAST_OR_COUNTED + EFFORT_INVESTIGATED)
def test_tune48ru_look_alike_is_not_raised(text: str) -> None:
    assert lexicon(text) not in RAISED


@pytest.mark.parametrize("text", ATTACK_DAYS + EFFORT_NEW)
def test_tune48ru_emergency_still_alarms(text: str) -> None:
    assert lexicon(text) in RAISED
