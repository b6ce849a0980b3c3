"""Reading typed moments and numbers for the diary; the diary's strings do not shadow other features'."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

import bot.texts.en
from bot.diary.parsing import parse_moment, parse_whole_number

NOW = datetime(2026, 3, 29, 12, 0, tzinfo=UTC)  # the day Europe/London moves to summer time
LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9:30", datetime(2026, 3, 29, 8, 30, tzinfo=UTC)),  # BST already
        ("0:30", datetime(2026, 3, 29, 0, 30, tzinfo=UTC)),  # GMT still
        ("7pm", datetime(2026, 3, 29, 18, 0, tzinfo=UTC)),
        ("Yesterday 22:00", datetime(2026, 3, 28, 22, 0, tzinfo=UTC)),
        ("yesterday at 7.15am", datetime(2026, 3, 28, 7, 15, tzinfo=UTC)),
        ("2026-03-20 08:00", datetime(2026, 3, 20, 8, 0, tzinfo=UTC)),
        ("20.3 8:00", datetime(2026, 3, 20, 8, 0, tzinfo=UTC)),
        ("31/12 23:00", datetime(2025, 12, 31, 23, 0, tzinfo=UTC)),  # no year: the last such date
        ("3 h ago", datetime(2026, 3, 29, 9, 0, tzinfo=UTC)),
        ("45 min ago", datetime(2026, 3, 29, 11, 15, tzinfo=UTC)),
        ("１４：３０", datetime(2026, 3, 29, 13, 30, tzinfo=UTC)),
    ],
)
def test_typed_moments_in_the_users_zone(typed: str, expected: datetime) -> None:
    assert parse_moment(typed, tz=LONDON, now=NOW) == expected


@pytest.mark.parametrize("typed", ["", "soon", "25:00", "31.02 8:00", "2026-02-30 08:00", "9", "🙂", "1" * 500])
def test_unreadable_moments_are_none(typed: str) -> None:
    assert parse_moment(typed, tz=LONDON, now=NOW) is None


def test_a_bare_time_belongs_to_the_given_day() -> None:
    moment = parse_moment("21:00", tz=LONDON, now=NOW, day=date(2026, 3, 27))
    assert moment == datetime(2026, 3, 27, 21, 0, tzinfo=UTC)


@pytest.mark.parametrize(("typed", "expected"), [("7", 7), (" 90 ", 90), ("０", 0), ("91", None), ("-1", None),
                                                 ("1.5", None), ("²", 2), ("", None)])  # fmt: skip
def test_whole_numbers_in_range(typed: str, expected: int | None) -> None:
    assert parse_whole_number(typed, low=0, high=90) == expected


def test_diary_strings_shadow_no_other_features_strings() -> None:
    modules = [importlib.import_module(f"bot.texts.en.{m.name}") for m in pkgutil.iter_modules(bot.texts.en.__path__)]
    names = {m.__name__.rsplit(".", 1)[-1]: {n for n in vars(m) if n.isupper()} for m in modules}
    for mine in ("diary", "diary_reports"):
        for other, theirs in names.items():
            if other != mine:
                assert names[mine].isdisjoint(theirs), (mine, other, names[mine] & theirs)


SATURDAY = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)  # Saturday, London in winter time (UTC+0)
NEW_YORK = ZoneInfo("America/New_York")  # 10:00 there


@pytest.mark.parametrize(
    ("typed", "zone", "expected"),
    [
        ("noon", LONDON, datetime(2026, 11, 21, 12, 0, tzinfo=UTC)),
        ("11/30 8:15", LONDON, datetime(2025, 11, 30, 8, 15, tzinfo=UTC)),  # only month/day is a date
        ("11/30 8:15", NEW_YORK, datetime(2025, 11, 30, 13, 15, tzinfo=UTC)),
        ("3/5 14:00", LONDON, datetime(2026, 5, 3, 13, 0, tzinfo=UTC)),  # Britain: 3 May
        ("3/5 14:00", NEW_YORK, datetime(2026, 3, 5, 19, 0, tzinfo=UTC)),  # the US: 5 March
        ("yesterday 7pm", LONDON, datetime(2026, 11, 20, 19, 0, tzinfo=UTC)),
        ("yesterday 7pm", NEW_YORK, datetime(2026, 11, 21, 0, 0, tzinfo=UTC)),
        ("2 hours ago", LONDON, datetime(2026, 11, 21, 13, 0, tzinfo=UTC)),
        ("an hour ago", LONDON, datetime(2026, 11, 21, 14, 0, tzinfo=UTC)),
        ("half an hour ago", LONDON, datetime(2026, 11, 21, 14, 30, tzinfo=UTC)),
        ("last Tuesday morning", LONDON, datetime(2026, 11, 17, 8, 0, tzinfo=UTC)),
        ("yesterday evening at 7", LONDON, datetime(2026, 11, 20, 19, 0, tzinfo=UTC)),
        ("this morning at 6", LONDON, datetime(2026, 11, 21, 6, 0, tzinfo=UTC)),
        ("last night", LONDON, datetime(2026, 11, 20, 22, 0, tzinfo=UTC)),
        ("Friday 3pm", LONDON, datetime(2026, 11, 20, 15, 0, tzinfo=UTC)),
        ("2 days ago at 8pm", LONDON, datetime(2026, 11, 19, 20, 0, tzinfo=UTC)),
        ("around 9 last night", LONDON, datetime(2026, 11, 20, 21, 0, tzinfo=UTC)),
    ],
)
def test_moments_as_people_type_them(typed: str, zone: ZoneInfo, expected: datetime) -> None:
    assert parse_moment(typed, tz=zone, now=SATURDAY) == expected


@pytest.mark.parametrize("typed", ["last Tuesday", "today", "2 days ago", "march", "my head hurts", "8", "in 3"])
def test_a_day_without_a_time_or_a_lone_number_is_not_guessed(typed: str) -> None:
    assert parse_moment(typed, tz=LONDON, now=SATURDAY) is None


@pytest.mark.parametrize(
    ("typed", "language", "expected"),
    [
        ("ayer por la tarde", "es", datetime(2026, 11, 20, 13, 0, tzinfo=UTC)),
        ("anoche", "es", datetime(2026, 11, 20, 22, 0, tzinfo=UTC)),
        ("esta mañana a las 6", "es", datetime(2026, 11, 21, 6, 0, tzinfo=UTC)),
        ("esta manana a las 6", "es", datetime(2026, 11, 21, 6, 0, tzinfo=UTC)),
        ("a mediodía", "es", datetime(2026, 11, 21, 12, 0, tzinfo=UTC)),
        ("ayer a las 8 de la tarde", "es", datetime(2026, 11, 20, 20, 0, tzinfo=UTC)),
        ("в 7 утра", "ru", datetime(2026, 11, 21, 7, 0, tzinfo=UTC)),
        ("вчера вечером", "ru", datetime(2026, 11, 20, 18, 0, tzinfo=UTC)),
        ("вчера в 8 вечера", "ru", datetime(2026, 11, 20, 20, 0, tzinfo=UTC)),
        ("сегодня утром в 6", "ru", datetime(2026, 11, 21, 6, 0, tzinfo=UTC)),
        ("в полдень", "ru", datetime(2026, 11, 21, 12, 0, tzinfo=UTC)),
        ("в 14:00", "ru", datetime(2026, 11, 21, 14, 0, tzinfo=UTC)),
    ],
)
def test_spanish_and_russian_parts_of_the_day_are_read(typed: str, language: str, expected: datetime) -> None:
    assert parse_moment(typed, tz=LONDON, now=SATURDAY, language=language) == expected


@pytest.mark.parametrize(("typed", "language"), [("mañana", "es"), ("7", "es"), ("7", "ru"), ("в час", "ru")])
def test_a_lone_number_or_word_in_spanish_or_russian_is_not_guessed(typed: str, language: str) -> None:
    assert parse_moment(typed, tz=LONDON, now=SATURDAY, language=language) is None


# A bare hour is the most recent such hour past: the moments asked for (a start, an end) have happened.
MORNING, AFTERNOON, EVENING = (datetime(2026, 11, 21, hour, 30, tzinfo=UTC) for hour in (6, 14, 21))
BARE_HOURS = {"en": ["at 7", "around 7", "7 o'clock"], "es": ["a las 7", "sobre las 7", "a las 7 en punto"],
              "ru": ["в 7", "около 7", "в 7 часов"]}  # fmt: skip


@pytest.mark.parametrize(("language", "typed"), [(lang, typed) for lang, said in BARE_HOURS.items() for typed in said])
def test_a_bare_hour_is_the_most_recent_such_hour_past(language: str, typed: str) -> None:
    def read(now: datetime) -> datetime | None:
        return parse_moment(typed, tz=LONDON, now=now, language=language)

    assert read(AFTERNOON) == datetime(2026, 11, 21, 7, 0, tzinfo=UTC)  # 19:00 is still ahead
    assert read(EVENING) == datetime(2026, 11, 21, 19, 0, tzinfo=UTC)  # both past: the later
    assert read(MORNING) == datetime(2026, 11, 20, 19, 0, tzinfo=UTC)  # both ahead today: last evening's


@pytest.mark.parametrize(
    ("typed", "language", "expected"),
    [
        ("yesterday at 7", "en", datetime(2026, 11, 20, 19, 0, tzinfo=UTC)),  # a past day: its later 7 o'clock
        ("ayer a las 7", "es", datetime(2026, 11, 20, 19, 0, tzinfo=UTC)),
        ("вчера в 7", "ru", datetime(2026, 11, 20, 19, 0, tzinfo=UTC)),
        ("a la 1", "es", datetime(2026, 11, 21, 13, 0, tzinfo=UTC)),
        ("at 12", "en", datetime(2026, 11, 21, 12, 0, tzinfo=UTC)),
        ("at 7pm", "en", datetime(2026, 11, 21, 19, 0, tzinfo=UTC)),  # a half of the day said: no guess
        ("at 7 in the morning", "en", datetime(2026, 11, 21, 7, 0, tzinfo=UTC)),
        ("a las 7 de la tarde", "es", datetime(2026, 11, 21, 19, 0, tzinfo=UTC)),
        ("a las 7 de la mañana", "es", datetime(2026, 11, 21, 7, 0, tzinfo=UTC)),
        ("в 7 вечера", "ru", datetime(2026, 11, 21, 19, 0, tzinfo=UTC)),
        ("в 7 утра", "ru", datetime(2026, 11, 21, 7, 0, tzinfo=UTC)),
        ("at 19", "en", datetime(2026, 11, 21, 19, 0, tzinfo=UTC)),
    ],
)
def test_bare_hours_with_a_day_or_a_half_of_the_day(typed: str, language: str, expected: datetime) -> None:
    assert parse_moment(typed, tz=LONDON, now=EVENING, language=language) == expected


def test_a_bare_hour_on_a_named_day_still_ahead_is_left_for_the_caller_to_refuse() -> None:
    assert parse_moment("today at 7", tz=LONDON, now=MORNING) == datetime(2026, 11, 21, 7, 0, tzinfo=UTC)
    assert parse_moment("at 7", tz=LONDON, now=MORNING, day=date(2026, 11, 15)) == datetime(
        2026, 11, 15, 19, 0, tzinfo=UTC
    )
