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


@pytest.mark.parametrize(
    ("text", "alarm"),
    [
        # A sight blurred or doubled that the writer puts down to glasses, right beside it, as a fact.
        ("36 weeks pregnant, swollen feet, blurry vision was my old glasses", False),
        ("my old glasses made me see double when i looked to the side, new prescription fixed it", False),
        ("blurry vision, it was my old glasses, new ones sorted it", False),
        ("my cheap reading glasses make everything blurry, is that bad for migraines?", False),
        ("seeing double, it was the wrong glasses the optician gave me", False),
        ("the blur was down to my old specs, fine now", False),
        ("vision was blurry all week, turned out it was my dirty glasses", False),
        ("double vision was my old prescription, fixed now", False),
        # A guess, a question, glasses that were fine, or a sight lost beside: still an emergency.
        ("sudden double vision, i thought it was my old glasses but its still there", True),
        ("i lost the sight in my left eye even with my glasses on", True),
        ("blurry vision was my old glasses but now i cant see out of my right eye at all", True),
        ("blurry vision was my old glasses. now i cant see out of my right eye at all", True),
        ("36 weeks pregnant, swollen face and hands, blurry vision, not my glasses", True),
        ("sudden double vision this morning, is it my glasses?", True),
        ("my vision went dark in one eye for 10 minutes, my glasses were fine", True),
    ],
)
def test_a_blur_put_down_to_glasses_is_no_emergency(text: str, alarm: bool) -> None:
    assert alarms(text) is alarm


@pytest.mark.parametrize(
    ("text", "alarm"),
    [
        # A rash the writer says faded under the glass: the test passed.
        ("the red rash faded when i pressed the glass, and its gone now", False),
        ("did the glass test, the spots faded under the glass", False),
        ("rash on my legs disappeared when i pressed a glass on it", False),
        ("the rash goes pale when i press the glass so i think its fine", False),
        ("spots on his tummy faded with the glass, he is playing happily", False),
        ("rash went white when we rolled a tumbler on it", False),
        ("the blotchy rash blanches when i press the glass on it", False),
        ("the spots vanish under a glass, heat rash i think", False),
        # Spots that stay, the test named without its result, or a fever beside it: meningitis until shown otherwise.
        ("the spots didnt fade when i pressed the glass", True),
        ("rash faded under the glass but she has a fever of 39 and a stiff neck", True),
        ("some spots faded when i pressed the glass but the ones on her legs dont fade", True),
        ("purple rash, pressed a glass on it and it stayed", True),
        ("did the glass test on her rash this morning", True),
        ("rash under the glass, still purple", True),
    ],
)
def test_a_rash_that_faded_under_the_glass_is_no_fixed_rash(text: str, alarm: bool) -> None:
    assert alarms(text) is alarm


@pytest.mark.parametrize(
    ("text", "alarm"),
    [
        # A stretch looked back on as a good one is no attack's length.
        ("these last few weeks have been great, only one migraine", False),
        ("the past two weeks were really good, just one attack", False),
        ("its been a really good few weeks, only one migraine", False),
        ("my last 3 months have been brilliant, two migraines in total", False),
        ("these past few days have been migraine free", False),
        ("the last couple of weeks have been quiet, one small migraine", False),
        ("had a great fortnight, only one headache", False),
        ("this past week has been fine, one migraine on monday", False),
        # An attack told going on for days stays over 72 hours.
        ("these last few weeks have been great but this migraine has been going 4 days now", True),
        ("migraine for 4 days now and nothing helps", True),
        ("the last few weeks have been great, but now ive had the same migraine for five days straight", True),
    ],
)
def test_a_good_spell_is_no_long_attack(text: str, alarm: bool) -> None:
    assert alarms(text) is alarm


@pytest.mark.parametrize(
    ("text", "alarm"),
    [
        # Tests named, then the doctors' verdict: the worst headache told before it is settled.
        (
            "two weeks ago i had the worst headache of my life, went to a&e, they did a ct and a lumbar puncture and "
            "said it was nothing serious",
            False,
        ),
        ("worst headache of my life last month, they did a scan and said it was fine", False),
        ("had a thunderclap headache in may, they did an mri and said it was benign", False),
        # A verdict followed by a sign now, or an all-clear of something else: still an emergency.
        ("worst headache of my life today, they did a ct and said it was fine, now im vomiting and confused", True),
        ("worst headache of my life 2 hours ago, they said it was clear now im vomiting and confused", True),
        ("worst headache of my life right now, came on in seconds", True),
    ],
)
def test_tests_with_a_verdict_settle_the_story_before_them(text: str, alarm: bool) -> None:
    assert alarms(text) is alarm


@pytest.mark.parametrize(
    ("text", "alarm"),
    [
        # A headache set off by effort, worked up with nothing found and named a primary one by a doctor.
        (
            "my cough headache was investigated, MRI normal, doc called it primary cough headache. does it go away?",
            False,
        ),
        (
            "my exertion headaches were checked, CT normal, neuro said benign exertional headache. can i still lift?",
            False,
        ),
        (
            "sex headaches last year, MRI and MRA all clear, doctor diagnosed primary sex headache. indomethacin ok?",
            False,
        ),
        ("headaches at orgasm for years, had an mri and mra, all clear, diagnosed as primary sex headache", False),
        ("my head pounds when i cough, had a scan, all normal, consultant says primary cough headache", False),
        # Sudden, new, with another sign, or not worked up: still a red flag.
        ("mri normal last year for my cough headache but today a sudden explosive headache during sex", True),
        ("doc called it primary cough headache but now my headache comes with vomiting and my arm is weak", True),
        ("i get a headache when i cough, the mri is booked for next week", True),
        ("mri normal, but now every time i cough my head explodes and its new", True),
        (
            "when i cough i get a headache, my gp said its probably a primary cough headache but i havent had a scan",
            True,
        ),
        (
            "sudden headache when lifting weights today, never had it before, had an mri 5 years ago that was normal",
            True,
        ),
    ],
)
def test_an_effort_headache_worked_up_and_named_primary_is_no_red_flag(text: str, alarm: bool) -> None:
    assert alarms(text) is alarm


@pytest.mark.parametrize(
    ("text", "alarm"),
    [
        # A pregnancy told as past by the age the child is now.
        (
            "when i was pregnant with my son (he's 3 now) i had awful headaches and they checked my blood pressure",
            False,
        ),
        ("ages ago when i was pregnant with my son (hes 6 now) i had bad headaches and they checked my bp", False),
        ("when i was pregnant with my first, shes 10 now, i had terrible migraines and blurry vision", False),
        ("while i was pregnant with my daughter (she is 7 now) the headaches were severe", False),
        ("when i was pregnant with my twins, theyre 5 now, i had bad headaches every day", False),
        ("was pregnant with my eldest who is 8 now and had severe headaches then", False),
        ("when i was pregnant with my first, my migraines disappeared. will that happen again?", False),
        ("my mum got terrible headaches when she was pregnant with me, is migraine hereditary", False),
        # A pregnancy or a birth now, beside a child's age or not, stays one.
        ("my son is 3 now and im pregnant again, awful headache and blurry vision", True),
        (
            "when i was pregnant with my son (hes 3 now) i had headaches. now pregnant again with the worst headache",
            True,
        ),
        ("my daughter was born 2 weeks ago, shes 2 weeks now and i have a severe headache", True),
        (
            "when i was pregnant with my son i had bad headaches, now 30 weeks with my second and its the worst ever",
            True,
        ),
        ("im 34 weeks pregnant, my son is 4 now, severe headache and seeing flashing lights", True),
        ("after my daughter was born 10 days ago i have had an awful headache when i stand up", True),
    ],
)
def test_a_pregnancy_told_by_the_childs_age_now_is_past(text: str, alarm: bool) -> None:
    assert alarms(text) is alarm


@pytest.mark.parametrize(
    ("text", "alarm"),
    [
        # Someone else's attacks or another form of a medicine compared: no change of the writer's pattern.
        ("my usual migraines are different from my sisters, mine build slowly", False),
        ("the triptan works in seconds, different from the tablets, my usual migraine went quickly", False),
        ("the nasal spray works within a minute, much faster than tablets", False),
        ("rizatriptan melts kick in within minutes for my usual migraine", False),
        # An attack unlike the usual, or one at its peak in seconds, stays one.
        ("this headache is different from my usual ones", True),
        ("this headache is totally different from my normal migraines and came on in seconds", True),
        ("this one is different from my usual, it hit in a second like a bang", True),
        ("the triptan works in seconds but this headache came on in a second like a bang and is the worst ever", True),
    ],
)
def test_a_medicines_speed_or_someone_elses_attacks_are_no_change(text: str, alarm: bool) -> None:
    assert alarms(text) is alarm


@pytest.mark.parametrize(
    ("text", "alarm"),
    [
        # A medicine that does not help the aura, or a span that is the headache's or a sleep's.
        ("sumatriptan doesnt help the aura, only the headache, is that normal", False),
        ("triptans dont do anything for my aura, only the pain after", False),
        (
            "had a migraine with aura, vision came back fully after 20 minutes like always, then headache for 6 hours",
            False,
        ),
        ("usual aura for 20 min, then the headache lasted about 8 hours", False),
        ("zigzags for half an hour, then slept 3 hours", False),
        # An aura that persists or lasts over an hour of its own stays atypical.
        ("my aura is still there after 2 hours and sumatriptan doesnt help the aura", True),
        ("my aura wont go away, nothing helps", True),
        ("my aura has lasted 3 hours now, then headache for 6 hours", True),
        ("aura for 2 hours today, headache after", True),
        ("the aura started 20 minutes ago and is still there after 2 hours", True),
    ],
)
def test_a_span_or_a_medicine_not_the_auras_own_is_no_atypical_aura(text: str, alarm: bool) -> None:
    assert alarms(text) is alarm


@pytest.mark.parametrize(
    ("text", "alarm"),
    [
        # Food that comes back up with reflux named beside it.
        ("when i get heartburn my food comes back up a bit, unrelated to migraine", False),
        ("reflux, food comes back up after big meals", False),
        ("acid reflux means my dinner comes back up sometimes", False),
        # Fluids that will not stay down, or vomiting again and again, stay a sign whatever reflux is named.
        ("i have reflux and with this migraine ive been sick 10 times and cant keep water down", True),
        ("heartburn today and i cant keep anything down", True),
        ("reflux and i cant keep anything down since yesterday", True),
        ("got reflux, cant keep water down for 2 days", True),
        ("reflux, everything comes back up even water", True),
    ],
)
def test_food_back_up_with_reflux_is_no_vomiting_sign(text: str, alarm: bool) -> None:
    assert alarms(text) is alarm


@pytest.mark.parametrize(
    ("text", "alarm"),
    [
        # An effort during an attack already there is no headache set off by it.
        ("should i avoid sex when i have a migraine? it sometimes helps actually lol", False),
        ("is exercise ok during a migraine attack or should i rest", False),
        (
            "if I get a migraine while pregnant can I still take sumatriptan, we're thinking about trying next year",
            False,
        ),
        # A headache the effort sets off, sudden, new or made worse by a cough, stays one.
        ("i get a headache every time i have sex", True),
        ("sudden explosive headache during sex, when i have a migraine it never feels like this", True),
        ("my migraine gets worse when i cough", True),
        ("headache when i exercise, never had it before", True),
    ],
)
def test_an_effort_during_an_attack_is_no_effort_headache(text: str, alarm: bool) -> None:
    assert alarms(text) is alarm


@pytest.mark.parametrize(
    ("text", "alarm"),
    [
        # The same temple pain had for years, said right after it.
        ("58, usual migraine today, same left temple throb ive had for 40 years. took my triptan", False),
        ("im 70 and the scalp tenderness ive had for 20 years is back with my migraine", False),
        # A sore scalp or temple of weeks, or with the jaw or the sight, or the years said of the migraines: arteritis.
        ("im 70 and my scalp has been tender to touch for 2 weeks", True),
        ("72, new pain in my temple, sore to touch, and my jaw aches when i chew", True),
        ("im 68 and my temple is sore to touch, ive had migraines for 40 years but never this", True),
        ("65 and my temple throbs and my vision went blurry, had migraines for 30 years", True),
        ("62, my temples throb with every migraine, had it for 30 years", True),
    ],
)
def test_a_temple_pain_had_for_years_is_no_arteritis(text: str, alarm: bool) -> None:
    assert alarms(text) is alarm


@pytest.mark.parametrize(
    ("text", "alarm"),
    [
        # A deficit or the writer's own fit weeks back, told as over: a TIA or a first fit, a doctor the same day.
        ("last week my face drooped for 10 minutes... im fine now", True),
        ("two weeks ago my left arm went weak for 15 minutes and i couldnt lift it, im fine now", True),
        ("two weeks ago i had a seizure in my sleep, my partner saw it, im fine now", True),
        ("last week my speech went slurred for half an hour, all good now", True),
        ("a couple of weeks ago i lost the sight in one eye for 5 minutes, its fine now", True),
        ("last month my words came out jumbled for a few minutes, fine since", True),
        ("last weekend my arm went weak and floppy for 20 mins, back to normal now", True),
        # Years ago, seen to by a doctor, or someone else's fit: a story that is over.
        ("years ago my face drooped with a migraine, im fine now", False),
        ("last week i had a seizure, they did a scan and said it was fine", False),
        ("last week my arm went weak, doctors checked me and said it was nothing", False),
        ("neighbours little girl had a seizure with a fever last week, shes fine now", False),
        ("my dad had a seizure a month ago, it was low blood sugar, hes fine now", False),
    ],
)
def test_a_deficit_weeks_back_told_as_over_still_needs_a_doctor_today(text: str, alarm: bool) -> None:
    result = screen(text, "en", second_opinion=False)
    assert (result.outcome in ALARM) is alarm
    if alarm:
        assert result.tier is not None


@pytest.mark.parametrize(
    ("text", "alarm"),
    [
        # A hand of one side that will not do a fine task; half the sight switched off like a light.
        ("cant get my fingers to do up my buttons on the right", True),
        ("cant get my left hand to grip the cup since lunch", True),
        ("the fingers on my right hand wont do up my buttons", True),
        ("its like someone switched off the lights in half my vision", True),
        ("the lights went out in half my vision for 20 minutes then came back", True),
        # Cold fingers of both hands, small buttons, lights switched off in a room.
        ("cant get my fingers to do up my buttons, theyre so cold after the walk", False),
        ("switched off the lights in half the house to save money", False),
        ("someone switched off the lights in half the office, my migraine loves it", False),
    ],
)
def test_a_clumsy_hand_of_one_side_and_half_the_sight_switched_off(text: str, alarm: bool) -> None:
    assert alarms(text) is alarm


@pytest.mark.parametrize(
    ("text", "alarm"),
    [
        # The days of one attack counted, four or more.
        ("fourth morning waking up with the same attack, it never broke once", True),
        ("4th night in a row going to bed with this same migraine, it never actually went away in between", True),
        ("havent had a single minute without this migraine in 5 days", True),
        ("fifth day with this migraine and nothing touches it", True),
        # Fewer days, days of something else, or days with attacks and not one attack.
        ("second day with this migraine, any tips", False),
        ("third morning waking up with the same headache", False),
        ("havent had a single day without a migraine in 5 days this month", False),
        ("my fourth day of the new job and no migraine yet", False),
        ("havent had a single minute without this migraine in 2 days", False),
    ],
)
def test_the_fourth_day_of_one_attack_is_over_72_hours(text: str, alarm: bool) -> None:
    assert alarms(text) is alarm


@pytest.mark.parametrize(
    ("text", "alarm"),
    [
        # The glass test failed, told with the glass, stays meningitis even when the spots faded since.
        ("the spots didnt go away with the glass test but now theyve faded and im better", True),
        ("little purple spots on my legs that didnt fade under a glass, theyve gone now", True),
        ("her rash didnt fade under the glass", True),
        # The glass test passed.
        ("the rash faded under the glass, its an allergy", False),
        ("the spots did go away with the glass test", False),
    ],
)
def test_a_failed_glass_test_is_a_rash_that_does_not_fade(text: str, alarm: bool) -> None:
    assert alarms(text) is alarm


@pytest.mark.parametrize(
    ("text", "crisis"),
    [
        # "I know how and when" with the time right after it; a hug given today as a last one.
        ("i know how and when, it'll be next week", True),
        ("ive decided how and when. itll be on friday", True),
        ("hugged my dad today without letting him know it was the last time", True),
        ("kissed my kids tonight, they didnt know it was goodbye", True),
        # How and when of a thing, a hug alone, a loss grieved.
        ("i know how and when to take my triptan, itll be tomorrow", False),
        ("i know how and when my migraines start, itll be next week with my period", False),
        ("hugged my dad today, first time in months, he was so happy", False),
        ("my grandad died, i hugged him on sunday and didnt know it was the last time", False),
        ("i know how and when, the neuro explained my triptan, next dose itll be tonight", False),
    ],
)
def test_a_time_set_or_a_last_hug_is_the_crisis_path(text: str, crisis: bool) -> None:
    assert (screen(text, "en", second_opinion=False).outcome is Outcome.CRISIS) is crisis
