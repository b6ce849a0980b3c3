"""Review47: emergencies the Z15/tune47 guards made lower, each alarming again with the lexicon alone, next to the
look-alikes each guard was built to quiet.

- Nerves at an event explain words lost in their own sentence only (en): not another day's nerves, not hearsay.
- A doctor merely told of an effort headache, or a scan still pending, is no work-up (ru WORKED_UP).
- An aura that ended hours ago explains no deficit still there in its sentence (en, ru).
- "сейчас нет" before what is lacking ("сил") is not the attack over (ru WELL_AGAIN).
- A neighbour telling of a household member there now is a report, not a story of others (ru STORY, ACUTE).
"""

from __future__ import annotations

import pytest
from screen_probes import lexicon

from content.redflags import Outcome

ALARM = (Outcome.URGENT, Outcome.CRISIS)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "yesterday stage fright at my talk, today slurred speech at breakfast for 20 minutes"),
        ("en", "yesterday stage fright at my talk, today my speech is slurred"),
        ("en", "stage fright at my presentation last night, this morning I cant get my words out"),
        ("en", "had stage fright at my presentation on monday. this morning my speech was slurred for half an hour"),
        (
            "en",
            "words came out as nonsense during my wedding speech, everyone laughed and said just stage fright, im 64",
        ),
        (
            "en",
            "lost my words during the presentation, my boss said just nerves, but i'm 58 and it never happened before",
        ),
        ("ru", "каждый раз при кашле голова раскалывается, невролог в курсе, МРТ только через месяц"),
        ("ru", "при кашле голова болит сильно, врач знает, записали на мрт"),
        ("ru", "при натуживании голова взрывается, невролог в курсе"),
        ("ru", "уже 3 часа как прошла аура, а речь до сих пор путается"),
        ("ru", "часа 2 как прошла аура, но рука до сих пор немеет"),
        ("en", "my aura faded an hour ago and now my speech is slurred"),
        ("en", "the aura passed 2 hours ago but my words are still jumbled"),
        ("en", "aura ended 3 hours ago and my arm is still numb"),
        ("ru", "голова болит четвертые сутки, рвота, сейчас нет сил даже встать"),
        ("ru", "мигрень уже 4 дня, рвет, теперь нет сил ни на что"),
        ("ru", "голова болит четвертые сутки не проходит, сейчас нет возможности пойти к врачу"),
        ("ru", "соседка говорит, у мужа лицо перекосило, он сидит во дворе и не может говорить"),
        ("ru", "соседка говорит, у мужа лицо перекосило, он сидит во дворе"),
        ("ru", "соседка говорит у ее мужа рука отнялась, он лежит дома, что делать"),
        ("ru", "подруга пишет, у ее мамы речь пропала, она сидит на кухне"),
        ("ru", "речь путается"),
    ],
)
def test_an_emergency_the_guards_lowered_alarms_again(language: str, text: str) -> None:
    assert lexicon(text, language) in ALARM


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "lost my words in a presentation today from nerves, just stage fright"),
        ("en", "got my words jumbled during the toast from nerves"),
        ("en", "stumbled over my words in the interview, just nerves"),
        ("en", "yesterday I lost my words in my talk from nerves, today im fine"),
        ("ru", "при кашле голова болит, меня полностью обследовали, мрт чисто"),
        ("ru", "при кашле голова болит, сделали мрт и все чисто, невролог сказал это доброкачественная"),
        ("ru", "уже 3 часа как прошла аура, голова болит"),
        ("ru", "часа 2 как прошла аура, сейчас все нормально"),
        ("en", "the aura passed 2 hours ago, now just the headache"),
        ("es", "el aura se me paso hace 2 horas, ahora solo el dolor"),
        ("ru", "раньше болела голова при кашле, сейчас нет"),
        ("ru", "соседка говорит что у ее сына онемела рука перед инсультом"),
        ("ru", "одна знакомая ослепла на один глаз из-за артериита"),
        ("ru", "подруга рассказывала, у ее отца перекосило лицо, потом был инсульт"),
        ("ru", "знакомая рассказывала как у нее отнялась рука, она потом полгода лечилась"),
    ],
)
def test_what_the_guards_were_built_for_stays_quiet(language: str, text: str) -> None:
    assert lexicon(text, language) not in ALARM
