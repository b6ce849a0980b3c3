"""Words people use for moments ("last night", "this morning", "noon"), per language. Data only.

bot/diary/parsing.py reads typed moments with these and dateparser. Parts of the day use the same
hours as the diary's "Morning / Afternoon / Evening / Night" buttons, so "yesterday evening" typed and
tapped mean the same thing. Phrases are lowercase, as the parser sees the message.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class MomentWords:
    """The words of one language for reading a typed moment."""

    # Whole phrases rewritten before anything else ("last night" is yesterday's night).
    rewrites: tuple[tuple[str, str], ...]
    # A part of the day and the hour it stands for when no clock time is given.
    parts_of_day: dict[str, int]
    # Parts of the day after noon: "evening at 7" is 19:00.
    afternoon_parts: frozenset[str]
    # Exact times of day said in words.
    named_times: dict[str, tuple[int, int]]
    days_back: dict[str, int]  # "today": 0, "yesterday": 1
    at_words: frozenset[str]  # "at 7", "around 7"
    ago_words: frozenset[str]  # first or last: "2 hours ago", "hace 2 horas", "2 часа назад"
    # Units too coarse for a start time on their own: "2 days ago" needs a time of day as well.
    coarse_units: frozenset[str]
    # Words that make a bare number next to them an hour of the day: before it ("at 7", "a las 7", "в 7"), or
    # after it ("7 o'clock"). Such an hour from 1 to 12 without a part of the day is the most recent one past:
    # "at 7" is 07:00 at 14:00, and 19:00 at 21:00. Narrower than at_words: "in 7" or "the 7" is no hour.
    hour_before: frozenset[str]
    hour_after: frozenset[str]


ENGLISH = MomentWords(
    rewrites=(
        ("day before yesterday", "2 days ago"),
        ("last night", "yesterday night"),
        ("tonight", "today night"),
        ("this morning", "today morning"),
        ("this afternoon", "today afternoon"),
        ("this evening", "today evening"),
        ("half an hour", "30 minutes"),
        ("an hour and a half", "90 minutes"),
        ("a couple of hours", "2 hours"),
        ("a couple hours", "2 hours"),
        ("a few minutes", "5 minutes"),
        ("an hour", "1 hour"),
        ("a minute", "1 minute"),
    ),
    parts_of_day={"morning": 8, "afternoon": 13, "evening": 18, "night": 22, "lunchtime": 12},
    afternoon_parts=frozenset({"afternoon", "evening", "night"}),
    named_times={"noon": (12, 0), "midday": (12, 0), "midnight": (0, 0)},
    days_back={"today": 0, "yesterday": 1},
    at_words=frozenset({"at", "around", "about", "approx", "approximately", "@", "from", "since", "in", "the", "on"}),
    ago_words=frozenset({"ago"}),
    coarse_units=frozenset({"day", "days", "week", "weeks", "month", "months", "year", "years"}),
    hour_before=frozenset({"at", "around", "about", "approx", "approximately", "@", "from", "since"}),
    hour_after=frozenset({"o'clock", "oclock"}),
)

# Spanish and Russian read clock times and dates through dateparser (digits and "ayer 23:00" need nothing more);
# "... ago" needs its own word, and the units too coarse for it. Parts of the day are rewritten to the English
# ones in Spanish, because "mañana" alone is tomorrow and only "por la mañana" is the morning.
_SPANISH_PARTS = (
    ("anoche", "ayer night"),
    *((f"esta {m}", "hoy morning") for m in ("mañana", "manana")),
    ("esta tarde", "hoy afternoon"),
    ("esta noche", "hoy night"),
    *((f"{w} la {m}", "morning") for w in ("por", "de") for m in ("mañana", "manana")),
    *((f"{w} la tarde", "afternoon") for w in ("por", "de")),
    *((f"{w} la noche", "night") for w in ("por", "de")),
    *((f"{w}{m}", "noon") for w in ("a ", "al ", "") for m in ("mediodía", "mediodia")),
    *((f"{w}medianoche", "midnight") for w in ("a ", "")),
)
SPANISH = replace(
    ENGLISH,
    rewrites=(*ENGLISH.rewrites, ("media hora", "30 minutos"), ("en punto", "o'clock"), *_SPANISH_PARTS),
    days_back={**ENGLISH.days_back, "hoy": 0, "ayer": 1, "anteayer": 2},
    at_words=ENGLISH.at_words | {"a", "las", "la", "sobre", "hacia", "desde", "eso", "de"},
    ago_words=frozenset({"ago", "hace"}),
    coarse_units=ENGLISH.coarse_units | {"día", "días", "semana", "semanas", "mes", "meses", "año", "años"},
    # "a las 7", "a la 1", "sobre las 7", "hacia las 8", "desde las 7", "a eso de las 7": the article is next to it.
    hour_before=ENGLISH.hour_before | {"las", "la"},
    hour_after=ENGLISH.hour_after,
)
# "ночи" is left out: "в 2 ночи" is two in the morning, not the evening hour an afternoon part would make it.
RUSSIAN = replace(
    ENGLISH,
    rewrites=(*ENGLISH.rewrites, ("полчаса", "30 минут")),
    parts_of_day={**ENGLISH.parts_of_day, "утром": 8, "утра": 8, "днем": 13, "днём": 13, "дня": 13}
    | {"вечером": 18, "вечера": 18, "ночью": 22},
    afternoon_parts=ENGLISH.afternoon_parts | {"днем", "днём", "дня", "вечером", "вечера"},
    named_times={**ENGLISH.named_times, "полдень": (12, 0), "полночь": (0, 0)},
    days_back={**ENGLISH.days_back, "сегодня": 0, "вчера": 1, "позавчера": 2},
    at_words=ENGLISH.at_words | {"в", "во", "около", "примерно", "с", "часов", "часа", "час"},
    ago_words=frozenset({"ago", "назад"}),
    coarse_units=ENGLISH.coarse_units
    | {"день", "дня", "дней", "сутки", "суток", "неделю", "недели", "недель", "месяц", "месяца", "месяцев"}
    | {"год", "года", "лет"},
    # "в 7", "около 7", "часов в 7", "в 7 часов" ("7 часов" alone may be a duration, so "часов" makes no hour).
    hour_before=ENGLISH.hour_before | {"в", "во", "около", "примерно", "с"},
    hour_after=ENGLISH.hour_after,
)

MOMENT_WORDS: dict[str, MomentWords] = {"en": ENGLISH, "es": SPANISH, "ru": RUSSIAN}
