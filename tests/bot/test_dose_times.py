"""Dose times: picked (the attack's start first), typed, edited, questioned outside the attack (issue 13, item 3)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from diary_factory import ALICE, NOW, add_attack, attacks, audit, diary_harness, intakes

from bot.texts import texts_for
from storage.db import transaction
from storage.diary import add_medicine
from storage.diary_types import MedClass
from storage.users import set_language, set_timezone
from support.databases import Database
from support.harness import BotHarness


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    async with diary_harness(database) as harness:
        yield harness


async def open_medicine(bot: BotHarness, start: datetime, end: datetime | None, zone: str = "Europe/London") -> None:
    """A saved attack with Ibuprofen on the list, its medicine screen open."""
    await bot.onboard(ALICE, zone=zone)
    await add_attack(bot, started_at=start, ended_at=end)
    async with transaction(bot.services.sessions) as session:
        await add_medicine(
            session=session, user_id=ALICE, name="Ibuprofen", med_class=MedClass.SIMPLE_ANALGESIC, now=NOW
        )
    await bot.send(ALICE, "/diary")
    await bot.press(ALICE, bot.fake.last_message(ALICE).button_labels[0])
    await bot.press(ALICE, "✏️ Change details")
    await bot.press(ALICE, "💊 Medicine")


def stats_text(bot: BotHarness) -> str:
    messages = reversed(bot.fake.visible_messages(ALICE))
    return next(m.source_text or "" for m in messages if "Headache days" in (m.text or ""))


async def test_a_dose_for_a_past_attack_defaults_to_its_start_and_counts_on_that_local_date(bot: BotHarness) -> None:
    start = datetime(2026, 10, 31, 22, 30, tzinfo=UTC)  # 23:30 on 31 October in Berlin; 1 November is UTC+1
    await open_medicine(bot, start, start + timedelta(hours=5), zone="Europe/Berlin")
    await bot.press(ALICE, "Ibuprofen")

    labels = bot.fake.last_message(ALICE).button_labels
    assert labels[0] == "At the start (23:30)" and "Now" not in labels  # it ended: "now" is no dose time
    await bot.press(ALICE, "At the start (23:30)")

    [dose] = await intakes(bot)
    assert dose.taken_at == start  # never the moment of logging
    await bot.send(ALICE, "/stats 2026-10")
    assert "Days with acute medication: <b>1</b>" in stats_text(bot)
    await bot.send(ALICE, "/stats 2026-11")
    assert "Days with acute medication: <b>0</b>" in stats_text(bot)


async def test_a_typed_dose_time_is_on_the_attacks_day(bot: BotHarness) -> None:
    start = NOW - timedelta(days=3, hours=2)  # Wed 18 Nov 10:00
    await open_medicine(bot, start, start + timedelta(hours=6))
    await bot.press(ALICE, "Ibuprofen")
    await bot.press(ALICE, "Pick a time")

    await bot.send(ALICE, "12:15")

    [dose] = await intakes(bot)
    assert dose.taken_at == datetime(2026, 11, 18, 12, 15, tzinfo=UTC)


async def test_a_dose_after_the_attack_ended_is_questioned(bot: BotHarness) -> None:
    start = NOW - timedelta(days=3, hours=2)  # 10:00-12:00 on Wed 18 Nov
    await open_medicine(bot, start, start + timedelta(hours=2))
    await bot.press(ALICE, "Ibuprofen")
    await bot.press(ALICE, "Pick a time")

    await bot.send(ALICE, "15:00")

    assert await intakes(bot) == []
    assert "after this headache ended (Wed 18 Nov 12:00)" in bot.last_text(ALICE)
    await bot.press(ALICE, "Yes, Wed 18 Nov 15:00")
    [dose] = await intakes(bot)
    assert dose.taken_at == datetime(2026, 11, 18, 15, 0, tzinfo=UTC)


async def test_a_dose_before_the_start_can_be_moved_instead(bot: BotHarness) -> None:
    start = NOW - timedelta(hours=2)
    await open_medicine(bot, start, None)
    await bot.press(ALICE, "Ibuprofen")
    await bot.press(ALICE, "Pick a time")
    await bot.send(ALICE, "8:00")
    assert "before this headache started (today 10:00)" in bot.last_text(ALICE)

    await bot.press(ALICE, "Pick another time")
    await bot.press(ALICE, "Now")

    [dose] = await intakes(bot)
    assert dose.taken_at == NOW


async def test_a_future_dose_time_is_refused(bot: BotHarness) -> None:
    await open_medicine(bot, NOW - timedelta(hours=1), None)
    await bot.press(ALICE, "Ibuprofen")
    await bot.press(ALICE, "Pick a time")

    await bot.send(ALICE, "18:00")

    assert "still to come" in bot.last_text(ALICE)
    assert await intakes(bot) == []


async def test_a_dose_time_can_be_edited_later_and_is_audited(bot: BotHarness) -> None:
    start = NOW - timedelta(hours=6)  # 06:00
    await open_medicine(bot, start, None)
    await bot.press(ALICE, "Ibuprofen")
    await bot.press(ALICE, "Now")
    await bot.press(ALICE, "« Back to the entry")
    await bot.press(ALICE, "💊 Took medicine")

    await bot.press(ALICE, "🕑 today 12:00")
    await bot.press(ALICE, "2 h in")

    [dose] = await intakes(bot)
    assert dose.taken_at == start + timedelta(hours=2)
    assert "🕑 Ibuprofen moved to today 08:00." in bot.last_text(ALICE)
    assert [e.detail for e in await audit(bot) if e.action == "diary.intake.edit"] == [
        f"intake={dose.id} fields=taken_at"
    ]


async def test_a_russian_dose_at_the_start_of_an_attack_logged_an_hour_ago_is_not_questioned(
    database: Database,
) -> None:
    # Found in the sandbox: an attack logged "1 h ago" starts at a moment with seconds, while a picked
    # dose time is whole minutes, so "at the start (02:03)" was asked about as "before the start (02:03)",
    # worded "в сегодня в 02:03".
    now = datetime(2026, 11, 21, 0, 3, 27, 456000, tzinfo=UTC)  # 03:03:27 in Moscow
    ru = texts_for("ru")
    async with diary_harness(database, now=now) as bot:
        await bot.onboard(ALICE)
        async with transaction(bot.services.sessions) as session:
            await set_language(session=session, user_id=ALICE, language="ru")
            await set_timezone(session=session, user_id=ALICE, timezone="Europe/Moscow")
            await add_medicine(
                session=session, user_id=ALICE, name="Суматриптан 50 мг", med_class=MedClass.TRIPTAN, now=now
            )
        await bot.send(ALICE, "/log")
        await bot.press(ALICE, ru.BTN_HOUR_AGO)
        await bot.press(ALICE, ru.BTN_MODERATE)
        await bot.press(ALICE, ru.BTN_NONE_OF_THESE)
        await bot.press(ALICE, ru.BTN_TOOK_MEDICINE)
        await bot.press(ALICE, "Суматриптан 50 мг")

        await bot.press(ALICE, "В начале (02:03)")

        text = " ".join(m.text or "" for m in bot.fake.visible_messages(ALICE))
        assert "раньше начала" not in text and "в сегодня" not in text
        assert "Записано: Суматриптан 50 мг, сегодня в 02:03." in text
        [dose] = await intakes(bot)
        [attack] = await attacks(bot)
        assert dose.taken_at == attack.started_at.replace(second=0, microsecond=0)


async def test_a_russian_dose_before_the_start_is_asked_about_in_plain_russian(database: Database) -> None:
    ru = texts_for("ru")
    async with diary_harness(database) as bot:
        await open_medicine(bot, NOW - timedelta(hours=2), None)
        async with transaction(bot.services.sessions) as session:
            await set_language(session=session, user_id=ALICE, language="ru")
        await bot.press(ALICE, "Ibuprofen")
        await bot.press(ALICE, ru.BTN_PICK_TIME)
        await bot.send(ALICE, "8:00")

        assert "Ibuprofen: приём сегодня в 08:00 — раньше, чем началась эта головная боль: сегодня в 10:00." in (
            bot.last_text(ALICE)
        )
        assert bot.fake.last_message(ALICE).button_labels[0] == "Да, сегодня в 08:00"
