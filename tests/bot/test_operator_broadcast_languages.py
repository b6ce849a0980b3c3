"""/broadcast in the operator's language: delays typed in Russian or Spanish, dates written by CLDR."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update

from bot.operators.broadcast_views import status_name
from bot.operators.send_time import parse_send_time, send_time_example
from bot.outbound.broadcast_worker import build_broadcast_worker
from bot.outbound.broadcasts import TelegramOperatorNotifier
from bot.texts import texts_for
from scheduler.broadcast import BroadcastWorker
from scheduler.broadcast_pacing import Unpaced
from scheduler.clock import ManualClock
from storage.broadcast_models import BroadcastStatus
from storage.db import transaction
from storage.models import User
from storage.reminder_prefs import set_quiet_hours
from support.broadcast_helpers import NOW, add_users, load_broadcast
from support.databases import Database
from support.harness import BotHarness, make_settings, running_bot

OPERATOR = 999
PATIENTS = list(range(2001, 2004))
MOSCOW = ZoneInfo("Europe/Moscow")


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    """The real bot with one operator and a clock that stands still at NOW."""
    settings = make_settings(database.url, operator_ids=str(OPERATOR))
    async with running_bot(settings, search_path=database.search_path, clock=ManualClock(NOW)) as harness:
        await add_users(harness.services.sessions, PATIENTS)
        yield harness


def worker_for(bot: BotHarness) -> BroadcastWorker:
    """The bot's own broadcast worker (real Sender, real notifier), unpaced for speed."""
    sender = bot.services.extras["sender"]
    notifier = TelegramOperatorNotifier(sender.broadcasts.bot)
    return build_broadcast_worker(bot.services, sender=sender, notifier=notifier, pacer=Unpaced())


async def speak(bot: BotHarness, language: str, timezone: str) -> None:
    """Make the operator a user who reads the bot in `language` and lives in `timezone`."""
    await bot.send(OPERATOR, "/help")
    async with transaction(bot.services.sessions) as session:
        await session.execute(update(User).where(User.id == OPERATOR).values(language=language, timezone=timezone))


async def test_a_russian_operator_schedules_in_two_minutes_and_reads_russian_dates(bot: BotHarness) -> None:
    await speak(bot, "ru", "Europe/Moscow")
    await bot.send(OPERATOR, "/broadcast")
    await bot.send(OPERATOR, "Клиника закрыта в понедельник")
    await bot.press(OPERATOR, "Всем активным")
    await bot.press(OPERATOR, "🕒 Запланировать")
    asked = bot.last_text(OPERATOR)
    assert "через 2 ч" in asked and "через 30 мин" in asked and "in 2h" not in asked

    refused = await bot.send(OPERATOR, "через пару минуток")
    assert "Не удалось понять это время" in (refused[0].text or "") and "через 2 ч" in (refused[0].text or "")
    await bot.send(OPERATOR, "через 2 минуты")
    # NOW is 12:00 UTC, 15:00 in Moscow.
    assert "21 ноября 2026\u202fг., 15:02 MSK" in bot.last_text(OPERATOR)
    assert "2026-11-21" not in bot.last_text(OPERATOR)
    await bot.press(OPERATOR, "✅ Отправить")

    progress = bot.last_text(OPERATOR)
    assert "запланирована на 21 ноября 2026\u202fг., 15:02 MSK" in progress and "2026-11-21" not in progress
    assert (await load_broadcast(bot.services.sessions, 1)).send_at == NOW + timedelta(minutes=2)

    await bot.send(OPERATOR, "/broadcasts")
    listed = bot.fake.last_message(OPERATOR).text or ""
    assert "№1 · 21 ноября 2026\u202fг., 15:00 · запланирована на 21 ноября 2026\u202fг., 15:02 MSK" in listed


async def test_a_spanish_operators_send_now_is_under_way_not_scheduled(bot: BotHarness) -> None:
    await speak(bot, "es", "Europe/Madrid")
    await bot.send(OPERATOR, "/broadcast")
    await bot.send(OPERATOR, "Clínica cerrada el lunes")
    await bot.press(OPERATOR, "Todos los activos")
    await bot.press(OPERATOR, "Enviar ahora")
    await bot.press(OPERATOR, "✅ Enviar")

    progress = bot.last_text(OPERATOR)
    assert "en curso desde las 13:00 CET" in progress and "programad" not in progress

    await bot.send(OPERATOR, "/broadcasts")
    listed = bot.fake.last_message(OPERATOR).text or ""
    assert "21 de noviembre de 2026, 13:00 · en curso desde las 13:00 CET" in listed


@pytest.mark.parametrize(
    ("language", "timezone", "today", "another_day"),
    # The operator reads the progress in London first, then in `timezone`.
    [
        # NOW is 12:00 UTC: 13:00 in Madrid, 15:00 in Moscow; quiet hours in London end at 23:00 UTC, midnight
        # in Madrid (the next day) and 02:00 in Moscow.
        (
            "es",
            "Europe/Madrid",
            "en espera hasta las 23:00 GMT",
            "en espera hasta el 22 de noviembre de 2026, 00:00 CET",
        ),
        ("ru", "Europe/Moscow", "ждёт до 23:00 GMT", "ждёт до 22 ноября 2026\u202fг., 02:00 MSK"),
        ("en", "Europe/Madrid", "waiting until 23:00 GMT", "waiting until 22 Nov 2026, 00:00 CET"),
    ],
)
async def test_a_wait_later_today_reads_with_its_time_and_one_tomorrow_with_its_date(
    bot: BotHarness, language: str, timezone: str, today: str, another_day: str
) -> None:
    async with transaction(bot.services.sessions) as session:
        await set_quiet_hours(session=session, user_id=PATIENTS[2], window=(time(11, 0), time(23, 0)))
    await speak(bot, language, "Europe/London")
    await bot.send(OPERATOR, "/broadcast")
    await bot.send(OPERATOR, "Clinic closed")
    await bot.press(OPERATOR, {"es": "Todos los activos", "ru": "Всем активным", "en": "Everyone active"}[language])
    await bot.press(OPERATOR, {"es": "Enviar ahora", "ru": "Отправить сейчас", "en": "Send now"}[language])
    await bot.press(OPERATOR, {"es": "✅ Enviar", "ru": "✅ Отправить", "en": "✅ Send"}[language])
    await worker_for(bot).run_until_idle()
    await bot.send(OPERATOR, "/broadcasts")
    await bot.press(OPERATOR, "📣 #1")
    assert today in bot.last_text(OPERATOR)

    await speak(bot, language, timezone)
    await bot.send(OPERATOR, "/broadcasts")
    await bot.press(OPERATOR, "📣 #1")
    assert another_day in bot.last_text(OPERATOR)


@pytest.mark.parametrize(
    ("language", "hour", "today", "another_day"),
    [
        ("es", 13, "en curso desde las 13:00 CET", "en curso desde el 20 de noviembre de 2026, 13:00 CET"),
        ("es", 1, "en curso desde la 01:00 CET", "en curso desde el 20 de noviembre de 2026, 01:00 CET"),
        ("ru", 13, "идёт с 13:00 CET", "идёт с 20 ноября 2026\u202fг., 13:00 CET"),
        ("en", 13, "under way since 13:00 CET", "under way since 20 Nov 2026, 13:00 CET"),
    ],
)
def test_a_started_broadcast_names_a_time_today_and_a_date_another_day(
    language: str, hour: int, today: str, another_day: str
) -> None:
    madrid = ZoneInfo("Europe/Madrid")
    send_at = datetime(2026, 11, 21, hour, 0, tzinfo=madrid)
    started = partial(status_name, BroadcastStatus.SCHEDULED, t=texts_for(language), zone=madrid)
    assert started(send_at, due_by=send_at + timedelta(minutes=1)) == today
    assert started(send_at - timedelta(days=1), due_by=send_at) == another_day


def read(text: str, language: str) -> timedelta | None:
    """The delay parse_send_time reads from `text` at NOW in Moscow, or None when it refuses it."""
    moment = parse_send_time(text, now=NOW, zone=MOSCOW, language=language)
    return None if moment is None else moment - NOW


@pytest.mark.parametrize(
    ("language", "text", "delay"),
    [
        ("ru", "через 2 минуты", timedelta(minutes=2)),
        ("ru", "через 2 часа", timedelta(hours=2)),
        ("ru", "через 30 минут", timedelta(minutes=30)),
        ("ru", "через 2 мин", timedelta(minutes=2)),
        ("ru", "через 1 ч", timedelta(hours=1)),
        ("ru", "Через 1 день и 2 часа", timedelta(days=1, hours=2)),
        ("ru", "через 2ч30м", timedelta(hours=2, minutes=30)),
        ("ru", "in 2h", timedelta(hours=2)),
        ("ru", "через час", timedelta(hours=1)),
        ("ru", "Через полчаса", timedelta(minutes=30)),
        ("es", "en 2 h", timedelta(hours=2)),
        ("es", "en 30 min", timedelta(minutes=30)),
        ("es", "dentro de 2 horas", timedelta(hours=2)),
        ("es", "en 2 minutos", timedelta(minutes=2)),
        ("es", "en 1 día y 3 h", timedelta(days=1, hours=3)),
        ("es", "in 30m", timedelta(minutes=30)),
        ("es", "en una hora", timedelta(hours=1)),
        ("es", "dentro de  media hora", timedelta(minutes=30)),
        ("en", "in 2h", timedelta(hours=2)),
        ("en", "in 1d 3h", timedelta(days=1, hours=3)),
        ("en", "in 30m", timedelta(minutes=30)),
    ],
)
def test_delays_are_read_in_the_operators_language_and_in_english(language: str, text: str, delay: timedelta) -> None:
    assert read(text, language) == delay


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "через"),
        ("ru", "через часа"),
        ("ru", "2 минуты"),
        ("ru", "через 2 мартышки"),
        ("ru", "через 2 часика"),
        ("ru", "через 30 минут 2 часа"),
        ("es", "en"),
        ("es", "en 2 perros"),
        ("es", "dentro 2 horas"),
        ("es", "en horas"),
        ("es", "en 2 horasss"),
        ("en", "через 2 часа"),  # another language's words are not the operator's
        ("en", "en 2 h"),
        ("en", "через час"),
        ("es", "через час"),
        ("ru", "через часок"),
        ("es", "en una horita"),
        ("en", "next tuesday-ish"),
    ],
)
def test_nonsense_and_other_languages_delays_are_refused(language: str, text: str) -> None:
    assert read(text, language) is None


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("ru", "завтра 9:00", datetime(2026, 11, 22, 6, 0, tzinfo=UTC)),
        ("ru", "сегодня 18:30", datetime(2026, 11, 21, 15, 30, tzinfo=UTC)),
        ("es", "mañana 9:00", datetime(2026, 11, 22, 6, 0, tzinfo=UTC)),
        ("es", "Hoy 18:30", datetime(2026, 11, 21, 15, 30, tzinfo=UTC)),
        ("en", "tomorrow 9:00", datetime(2026, 11, 22, 6, 0, tzinfo=UTC)),
    ],
)
def test_today_and_tomorrow_in_the_operators_language(language: str, text: str, expected: datetime) -> None:
    assert parse_send_time(text, now=NOW, zone=MOSCOW, language=language) == expected


def test_today_and_tomorrow_in_another_language_or_at_no_hour_are_refused() -> None:
    assert parse_send_time("завтра 9:00", now=NOW, zone=MOSCOW, language="es") is None
    assert parse_send_time("mañana 25:00", now=NOW, zone=MOSCOW, language="es") is None
    assert parse_send_time("someday 9:00", now=NOW, zone=MOSCOW, language="en") is None


@pytest.mark.parametrize(
    ("language", "example"),
    [("es", "22/11/2026 09:00"), ("ru", "22.11.2026 09:00"), ("en", "2026-11-22 09:00")],
)
def test_the_example_date_is_written_as_the_language_writes_it_and_read_back(language: str, example: str) -> None:
    written = send_time_example(date(2026, 11, 22), time(9), language)

    assert written == example
    assert parse_send_time(written, now=NOW, zone=MOSCOW, language=language) == datetime(2026, 11, 22, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("es", "5/12/2026 14:00", datetime(2026, 12, 5, 11, 0, tzinfo=UTC)),
        ("es", "05-12-2026 14.30", datetime(2026, 12, 5, 11, 30, tzinfo=UTC)),
        ("ru", "05.12.2026 14:00", datetime(2026, 12, 5, 11, 0, tzinfo=UTC)),
        ("ru", "5.12.2026, 9:05", datetime(2026, 12, 5, 6, 5, tzinfo=UTC)),
        ("ru", "2026-12-05 14:00", datetime(2026, 12, 5, 11, 0, tzinfo=UTC)),  # ISO from everyone
    ],
)
def test_a_day_first_date_is_read_in_spanish_and_russian(language: str, text: str, expected: datetime) -> None:
    assert parse_send_time(text, now=NOW, zone=MOSCOW, language=language) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "31/11/2026 14:00"),  # no such day
        ("ru", "05.13.2026 14:00"),  # no such month
        ("ru", "05.12.2026 24:00"),
        ("en", "05/12/2026 14:00"),  # day or month first? English keeps ISO
    ],
)
def test_an_impossible_or_ambiguous_numeric_date_is_refused(language: str, text: str) -> None:
    assert parse_send_time(text, now=NOW, zone=MOSCOW, language=language) is None


async def test_the_spanish_prompt_shows_a_date_it_then_accepts(bot: BotHarness) -> None:
    await speak(bot, "es", "Europe/Madrid")
    await bot.send(OPERATOR, "/broadcast")
    await bot.send(OPERATOR, "Clínica cerrada el lunes")
    await bot.press(OPERATOR, "Todos los activos")
    await bot.press(OPERATOR, "🕒 Programar")
    asked = bot.last_text(OPERATOR)
    assert "22/11/2026 09:00" in asked and "2026-11-22" not in asked

    await bot.send(OPERATOR, "22/11/2026 09:00")

    assert "Cuándo: 22 de noviembre de 2026, 09:00 CET" in bot.last_text(OPERATOR)
