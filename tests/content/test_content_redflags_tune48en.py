"""tune48en: English false alarms of the kept-out lines, mended by concept, with emergencies of each guard's shape.

Each list holds ordinary wordings of a concept that must not alarm (lexicon alone) and emergencies of the same shape
that must still alarm: the guard is as narrow as its look-alikes allow.
"""

from __future__ import annotations

import pytest

from content.redflags import Outcome, screen

ALARM = (Outcome.URGENT, Outcome.CRISIS)


def alarms(text: str) -> bool:
    """Whether the lexicon alone raises the urgent outcome or the crisis path."""
    return screen(text, "en", second_opinion=False).outcome in ALARM


@pytest.mark.parametrize(
    ("text", "alarm"),
    [
        # A confusion with its cause (a flight, the time difference, a night shift) named and told as over now.
        ("yesterday i was disoriented from the jet lag, slept and im fine now", False),
        ("was disoriented from the time difference on monday, today im totally fine", False),
        ("jetlag had me confused for a whole day but now im back to normal", False),
        ("i felt disoriented after my night shifts last week, slept it off", False),
        ("confused from the clock change on sunday, all good now", False),
        ("after the long haul flight i was a bit disoriented, today im myself again", False),
        ("disoriented due to jet lag for two days, feeling fine now", False),
        ("the time difference made me confused on the first day, it passed after a good sleep", False),
        ("my husband was disoriented from the jet lag yesterday, hes fine today", False),
        # A confusion now stays one whatever flight came before it, and so does one without a cause, or one that is
        # well only until something, or another sign beside it.
        ("after the long flight he doesnt know what year it is", True),
        ("totally disoriented from jet lag after the flight to tokyo", True),
        ("disoriented from jet lag yesterday, im fine now but this morning my dad doesnt know where he is", True),
        ("disoriented from the jet lag, im fine until i stand up then i get confused again", True),
        ("i was fine after the flight, now im confused and my head is killing me", True),
        ("disoriented since the flight yesterday and still confused now", True),
        ("jet lag made me disoriented, im okay now but my left arm is weak", True),
        ("he is confused after the night shift and not making sense", True),
        ("yesterday i was disoriented from the jet lag, slept and now i cant get my words out", True),
    ],
)
def test_a_confusion_from_a_flight_told_as_over_is_no_alarm(text: str, alarm: bool) -> None:
    assert alarms(text) is alarm


@pytest.mark.parametrize(
    ("text", "alarm"),
    [
        # Puzzled by a thing, or unsure of a topic of dates and times: no confusion of the mind.
        ("i was confused about the dates of my period, sorted it out now", False),
        ("the instructions confused me but im fine now", False),
        ("the leaflet confused me, which tablet first?", False),
        ("im confused about the time zones for my flight", False),
        ("confused about the date of my neuro appointment", False),
        ("was confused about the time zones yesterday, fine now", False),
        ("the new dosing chart confused us, is it twice a day?", False),
        ("a bit confused about the time difference for my triptan doses when i fly", False),
        # Unsure what time or day it is, or where one is: a confusion.
        ("im confused about the time and where i am", True),
        ("im confused about the day, i dont know where i am", True),
        ("confused about the time, keep asking what day it is", True),
        ("shes confused about the date and keeps calling me by my sisters name", True),
        ("im so confused and my head is pounding", True),
    ],
)
def test_puzzled_by_a_topic_is_no_confusion(text: str, alarm: bool) -> None:
    assert alarms(text) is alarm


@pytest.mark.parametrize(
    ("text", "alarm"),
    [
        # A word for the attack declined: "cant say its the worst ever".
        ("cant say this is the worst ever but its annoying", False),
        ("wouldnt say its the worst ever, just a normal one that lasts", False),
        ("i wouldnt call it the worst ever, it's my standard migraine", False),
        ("i couldnt say it was the worst ever, just a normal tuesday one", False),
        ("i wouldnt call this the worst migraine of my life, just long", False),
        ("cant say its the worst ever, pretty average one honestly, but its day 2 and im bored of it", False),
        ("couldnt really say its the worst pain ever, its a 6", False),
        ("cant say it was the worst headache ive had, pretty average", False),
        # The pain beyond words, or the word declined for another name, stays the worst ever.
        ("i cant describe it, its the worst headache of my life", True),
        ("i cant say how bad it is, worst headache of my life", True),
        ("cant describe it its the worst headache ever", True),
        ("i cant say it enough, this is the worst headache of my life", True),
        ("i wouldnt say its a migraine, its the worst headache of my life and it came on in a second", True),
        ("i cant say it, the worst headache ive ever had", True),
        ("wouldnt call it a migraine, more like the worst headache ever and sudden", True),
        ("cant say its the worst ever but it hit me in a second like a bang", True),
    ],
)
def test_the_worst_ever_declined_is_no_thunderclap(text: str, alarm: bool) -> None:
    assert alarms(text) is alarm
