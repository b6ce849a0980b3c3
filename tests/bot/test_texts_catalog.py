"""The gettext catalogs: complete, in step with the English texts, with plural rules and CLDR formatting."""

from __future__ import annotations

import io
import re
from dataclasses import fields
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from bot.app import register_commands
from bot.diary.common import local_moment
from bot.reminders.views import time_refusal, times_text
from bot.reports.charts import ChartLabels
from bot.reports.wording import chart_labels
from bot.texts import LANGUAGE_NAMES, LANGUAGES, language_from_telegram, texts_for
from bot.texts.catalog import read_catalog
from bot.texts.checks import catalog_problems, entry_problems
from bot.texts.punctuation import single_full_stops
from scheduler.timeparse import TimeParseError, parse_user_time
from support.databases import Database
from support.harness import make_settings, running_bot

TRANSLATED = [language for language in LANGUAGES if language != "en"]


def test_spanish_and_russian_are_offered_from_their_catalogs() -> None:
    assert {"en", "es", "ru"} <= set(LANGUAGES)
    assert LANGUAGE_NAMES["es"] == "Español" and LANGUAGE_NAMES["ru"] == "Русский"


def test_every_catalog_translates_every_text_without_fuzzy_or_broken_entries() -> None:
    # A new or changed English text in bot/texts/en/ needs its Spanish and Russian: run
    # `python -m bot.texts update`, translate the new entries in bot/locale/*/LC_MESSAGES/messages.po.
    assert catalog_problems() == []


def test_entries_left_by_hand_edits_are_problems() -> None:
    messages = Catalog()
    messages.add("Yes", context="BTN_YES", locations=[("bot/texts/en/general.py", 3)])
    messages.add("No", context="BTN_NO", locations=[("bot/texts/en/general.py", 4)])
    po = (
        '#: pending\nmsgctxt "BTN_YES"\nmsgid "Yes"\nmsgstr "Sí"\n\n'
        '#: bot/texts/en/general.py:4\nmsgctxt "BTN_NO"\nmsgid "No"\nmsgstr "No"\n\n'
        '#: pending\nmsgctxt "BTN_NO"\nmsgid "No"\nmsgstr "Nope"\n\n'
        '#: bot/texts/en/general.py:5\nmsgctxt "BTN_MAYBE"\nmsgid "Maybe"\nmsgstr "Quizás"\n'
    )
    catalog = read_po(io.BytesIO(po.encode()), locale="es")

    assert entry_problems(catalog, messages) == [
        "BTN_YES: location is not an English text (pending): write its bot/texts/en/ file and line",
        "BTN_NO: listed twice (only the first translation is used: keep one)",
        "BTN_MAYBE: stale (its English text is gone or changed: delete the entry)",
    ]


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_text_falls_back_to_english(language: str) -> None:
    assert texts_for(language).missing == frozenset()


@pytest.mark.parametrize(
    ("code", "language"),
    [("es", "es"), ("es-419", "es"), ("es-MX", "es"), ("ru", "ru"), ("ru-RU", "ru"), ("en-GB", "en"),
     ("pt-br", "en"), ("uk", "en"), ("", "en"), (None, "en")],
)  # fmt: skip
def test_language_comes_from_telegrams_language_code(code: str | None, language: str) -> None:
    assert language_from_telegram(code) == language


@pytest.mark.parametrize(
    ("n", "russian", "spanish", "english"),
    [
        (1, " и 1 запись о лекарстве", " y 1 registro de medicamento", " and its 1 medicine entry"),
        (2, " и 2 записи о лекарствах", " y 2 registros de medicamentos", " and its 2 medicine entries"),
        (5, " и 5 записей о лекарствах", " y 5 registros de medicamentos", " and its 5 medicine entries"),
        (11, " и 11 записей о лекарствах", " y 11 registros de medicamentos", " and its 11 medicine entries"),
        (21, " и 21 запись о лекарстве", " y 21 registros de medicamentos", " and its 21 medicine entries"),
        (24, " и 24 записи о лекарствах", " y 24 registros de medicamentos", " and its 24 medicine entries"),
    ],
)
def test_plural_forms_follow_each_languages_rules(n: int, russian: str, spanish: str, english: str) -> None:
    for language, expected in (("ru", russian), ("es", spanish), ("en", english)):
        assert texts_for(language).DELETE_MEDS(n).format(count=n) == expected


def test_dates_times_and_numbers_come_from_cldr() -> None:
    day = date(2026, 11, 21)
    en, es, ru = texts_for("en"), texts_for("es"), texts_for("ru")
    assert (en.short_day(day), es.short_day(day), ru.short_day(day)) == (
        "Sat 21 Nov",
        "sábado 21 de noviembre",
        "21 ноября (сб)",
    )
    in_year = ("21 Nov 2026", "21 de noviembre de 2026", "21 ноября 2026\u202fг.")
    assert (en.day(day), es.day(day), ru.day(day)) == in_year
    assert (en.table_day(day), es.table_day(day), ru.table_day(day)) == ("21 Nov 2026", "21/11/2026", "21.11.2026")
    ends = ("Sat 21 Nov", "21 de noviembre", "21 ноября")
    assert (en.period_end(day), es.period_end(day), ru.period_end(day)) == ends
    moment = datetime(2026, 11, 21, 14, 5)
    assert es.date_time(moment) == "21 de noviembre de 2026, 14:05"
    assert ru.date_time(moment) == "21 ноября 2026\u202fг., 14:05"
    assert (en.month(11), es.month(11), ru.month(11)) == ("November", "Noviembre", "Ноябрь")
    assert es.month_year(day) == "noviembre de 2026" and ru.month_year(day) == "ноябрь 2026\u202fг."
    assert [ru.weekday(d) for d in (0, 6)] == ["Пн", "Вс"] and es.weekday(0) == "Lun"
    assert (en.decimal(4.25), es.decimal(4.25), ru.decimal(4.25)) == ("4.2", "4,2", "4,2")
    assert en.time(time(7, 5)) == es.time(time(7, 5)) == ru.time(time(7, 5)) == "07:05"
    assert ru.zone_city("Europe/London") == "Лондон" and es.country("GB") == "Reino Unido"


def test_every_word_of_the_chart_comes_from_the_catalog() -> None:
    en = texts_for("en")
    assert {f.name for f in fields(ChartLabels)} - {"months", "weekdays", "day_month"} == set(en.CHART_LABELS)


def test_the_russian_chart_has_no_english_word_left() -> None:
    english_chart, chart = ChartLabels(), chart_labels(texts_for("ru"))
    for name in (f.name for f in fields(ChartLabels)):
        assert getattr(chart, name) != getattr(english_chart, name), name


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("typed", ["", "25:00", "<b>noonish</b>", "x" * 5000])
def test_a_refused_time_is_worded_in_the_users_language_with_an_example(language: str, typed: str) -> None:
    with pytest.raises(TimeParseError) as refused:
        parse_user_time(typed)
    t = texts_for(language)
    text = time_refusal(refused.value, t)
    assert t.TIME_EXAMPLE in text and "07:30" in text and len(text) < 200
    assert "<b>" not in text  # what the user typed is escaped
    if typed == "25:00":
        assert "«25:00»" in text or "“25:00”" in text


async def test_menus_and_descriptions_are_published_in_every_language_for_every_scope(
    sqlite_database: Database,
) -> None:
    settings = make_settings(sqlite_database.url)
    async with running_bot(settings) as bot:
        bot.fake.add_user(999)  # the operator has opened the bot, so Telegram knows their chat
        await register_commands(bot.app)

        for language in LANGUAGES:
            code = "" if language == "en" else language
            t = texts_for(language)
            everyone = bot.fake.commands(language_code=code)
            operator = bot.fake.commands({"type": "chat", "chat_id": 999}, language_code=code)
            assert [(c["command"], c["description"]) for c in everyone] == [tuple(c) for c in t.COMMANDS]
            assert [c["command"] for c in operator] == [c for c, _ in [*t.COMMANDS, *t.OPERATOR_COMMANDS]]
            assert bot.fake.my_descriptions[code] == t.BOT_DESCRIPTION
            assert bot.fake.my_short_descriptions[code] == t.BOT_SHORT_DESCRIPTION
        spanish = {c["command"]: c["description"] for c in bot.fake.commands(language_code="es")}
        assert spanish["log"] == "Registrar un dolor de cabeza"
        russian = {c["command"]: c["description"] for c in bot.fake.commands({"type": "chat", "chat_id": 999}, "ru")}
        assert russian["broadcast"] == "Отправить объявление"


def test_a_date_that_ends_a_sentence_does_not_double_its_full_stop() -> None:
    t = texts_for("ru")
    day = t.day(date(2026, 12, 10))
    assert day.endswith("г.")

    text = t.REM_PAUSED_UNTIL_NOTE.format(day=day)

    assert f"{day}</b> Нажмите" in text
    assert ".." not in text
    assert t.REM_MED_SAVED.format(name="X", times="09:00", days="до 3 дек. 2026 г.").endswith("г.")
    assert texts_for("en").REM_PAUSED_UNTIL_NOTE.format(day="Thu 10 Dec").count("Dec.</b>") == 1


def test_an_ellipsis_is_not_taken_for_a_doubled_full_stop() -> None:
    assert single_full_stops("Wait... then 10 дек..") == "Wait... then 10 дек."
    assert single_full_stops("до <b>10 дек.</b>.") == "до <b>10 дек.</b>"


def test_russian_titles_and_emergency_numbers_read_naturally() -> None:
    t = texts_for("ru")
    assert t.STATS_PERIOD_DAYS(30).format(days=30, start="a", end="b").startswith("<b>Последние 30 дней</b>")
    assert t.STATS_PERIOD_DAYS(21).format(days=21, start="a", end="b").startswith("<b>Последний 21 день</b>")
    assert "Номер можно изменить" in t.EMERGENCY_FOR_ZONE.format(emergency="103 или 112")


def test_durations_write_days_out_and_keep_the_units_spaced() -> None:
    ru, es = texts_for("ru"), texts_for("es")
    assert ru.duration(timedelta(days=1, hours=4)) == "1 день 4 ч"
    assert ru.duration(timedelta(days=5)) == "5 дней"
    assert ru.duration(timedelta(hours=1, minutes=1)) == "1 ч 1 мин"
    assert es.duration(timedelta(days=2)) == "2 días"
    assert es.duration(timedelta(hours=2, minutes=3)) == "2 h 3 min"  # the report's too: not "2h 3min"
    assert es.duration(timedelta(seconds=40)) == "0 min"


def test_a_spanish_moment_reads_as_a_day_and_a_time_and_times_join_as_a_list() -> None:
    es = texts_for("es")
    now = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
    taken = datetime(2026, 11, 28, 13, 0, tzinfo=UTC)  # 14:00 in Madrid
    moment = local_moment(taken, ZoneInfo("Europe/Madrid"), now=now, t=es)

    assert es.INTAKE_LOGGED.format(name="Ibuprofeno 400 mg", time=moment) == (
        f"💊 Registrado: <b>Ibuprofeno 400 mg</b>, el {es.short_day(date(2026, 11, 28))} a las 14:00."
    )
    assert local_moment(now, ZoneInfo("Europe/Madrid"), now=now, t=es) == "hoy a las 13:00"
    assert times_text(es, [time(9, 0), time(21, 5)]) == "09:00 y 21:05"
    assert times_text(texts_for("ru"), [time(9, 0), time(21, 5)]) == "09:00 и 21:05"


def test_spanish_speaks_to_the_user_as_usted_throughout() -> None:
    # The Spanish catalog addresses the user as "usted"; two insights lines once slipped into "tú" ("has").
    catalog = read_catalog("es")
    informal = re.compile(r"\b(has|tienes|puedes|quieres|tú|tu|tus|te)\b", re.IGNORECASE)
    slips = {
        message.context: form
        for message in catalog
        if message.id
        for form in (message.string if isinstance(message.string, tuple) else (message.string,))
        if informal.search(form or "")
    }
    assert slips == {}


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_moment_reads_inside_a_sentence_without_brackets_in_brackets(language: str) -> None:
    # A Russian day carries its weekday in brackets ("28 ноября (сб) в 14:00"), so a sentence never wraps a
    # moment in brackets of its own; a Russian verb takes "сегодня в 14:00" as it is, where "с" would not.
    t = texts_for(language)
    now = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
    zone = ZoneInfo("Europe/Madrid")
    earlier = local_moment(datetime(2026, 11, 28, 13, 0, tzinfo=UTC), zone, now=now, t=t)
    today = local_moment(now, zone, now=now, t=t)
    heading = t.INSIGHTS_MEDS_HEADING.format(start=t.short_day(date(2026, 11, 28)))
    texts = [
        t.DOSE_BEFORE_START.format(name="X", time=today, start=earlier),
        t.DOSE_AFTER_END.format(name="X", time=earlier, end=today),
        heading,
        t.ONGOING_EXISTS.format(start=today),
        t.ONGOING_EXISTS.format(start=earlier),
    ]
    for text in texts:
        assert not re.search(r"\([^()]*\(", text), text
    assert "с сегодня" not in t.ONGOING_EXISTS.format(start=today)
    if language == "es":
        assert "(desde el sábado 28 de noviembre)" in heading
