"""/report in Spanish and Russian through the real bot: the PDF speaks the user's language, draws every
character it prints, and lists preventives with their adherence without ever counting them as acute days.

The diary (Europe/London; "today" is Saturday 21 November 2026): in November an attack on the 3rd
with a triptan (emoji typed in its name), triptans on 2-11 November (10 days: at the overuse limit),
and a preventive logged on 12 days by an old client (it must not add a single acute day). A paused
Propranolol reminder was answered "taken" on 2 of 3 doses; Topiramate is on the medicine list as a
preventive with no reminder.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from diary_factory import ALICE, clock, diary_harness
from PIL import Image
from sqlalchemy import update
from sqlmodel import col

from bot.reports.charts import HEADACHE_BAR, NO_DATA_FILL
from bot.reports.pdf_document import font_charmap
from bot.texts import LANGUAGE_NAMES, texts_for
from storage.db import transaction
from storage.diary_models import Attack, Checkin, MedicationIntake, Medicine
from storage.reminder_prefs import set_paused
from storage.schedule_models import Delivery, Schedule
from support.databases import Database
from support.harness import BotHarness
from support.pdf import pdf_images, pdf_text


def day(d: int, hour: int = 9) -> datetime:
    """A November 2026 time in London (UTC in winter)."""
    return datetime(2026, 11, d, hour, tzinfo=UTC)


async def write_diary(bot: BotHarness) -> None:
    """Insert the diary of the module docstring."""
    rows: list[object] = [
        Attack(user_id=ALICE, started_at=day(3, 7), ended_at=day(3, 19), peak_intensity=7, impact="limited"),
        Medicine(user_id=ALICE, name="Topiramate 50 mg", med_class="preventive"),
    ]
    triptan = "Sumatriptan 💊"  # the emoji typed in the name is dropped on the PDF
    rows += [MedicationIntake(user_id=ALICE, name=triptan, med_class="triptan", taken_at=day(d)) for d in range(2, 12)]
    rows += [
        MedicationIntake(user_id=ALICE, name="Amitriptyline", med_class="preventive", taken_at=day(d, 22))
        for d in range(2, 14)
    ]
    async with transaction(bot.services.sessions) as session:
        session.add_all(rows)
        await session.flush()
        attack_id = rows[0].id  # type: ignore[attr-defined]
        rows[3].attack_id = attack_id  # type: ignore[attr-defined]  # the 3 November triptan
        reminder = Schedule(
            user_id=ALICE, kind="medication", timezone="Europe/London", enabled=False, payload={"name": "Propranolol"}
        )
        session.add(reminder)
        await session.flush()
        session.add_all(
            Delivery(
                user_id=ALICE,
                schedule_id=reminder.id,
                kind="medication",
                due_at=day(d, 8),
                status="sent",
                response=response,
            )
            for d, response in ((14, "taken"), (15, None), (16, "taken"))
        )


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    async with diary_harness(database) as harness:
        await harness.onboard(ALICE)
        yield harness


async def choose_language(bot: BotHarness, language: str) -> None:
    """Switch the interface language in /settings, as the user would."""
    await bot.send(ALICE, "/settings")
    await bot.press(ALICE, texts_for("en").BTN_LANGUAGE)
    await bot.press(ALICE, LANGUAGE_NAMES[language])


async def report_text(bot: BotHarness, command: str = "/report 1") -> tuple[str, str]:
    """Send the command; return the PDF's text on one line and the caption."""
    replies = await bot.send(ALICE, command)
    assert [m.kind for m in replies] == ["document"]
    pdf = replies[0].document_bytes or b""
    text = " ".join(pdf_text(pdf).split())
    assert set(text) - set(" ") <= {chr(code) for code in font_charmap()}  # only characters the font draws
    return text, replies[0].caption or ""


async def test_report_in_spanish(bot: BotHarness) -> None:
    await write_diary(bot)
    await choose_language(bot, "es")

    text, caption = await report_text(bot)

    assert caption.startswith(texts_for("es").REPORT_CAPTION_MONTHS(1).format(months=1))
    assert "Informe del diario de cefaleas" in text
    assert "1/11/2026 – 21/11/2026 (meses naturales: 1) · elaborado el 21/11/2026 · zona horaria: Londres" in text
    assert "nov 2026 1/21 1 1 1 10" in text  # recorded, headache, migraine-like, attacks, acute days: 10, not 22
    assert "Triptanes (Sumatriptan) 10 ≥10" in text and "💊" not in text
    assert "Propranolol (recordatorio desactivado) 2/3 67 %" in text
    assert "Topiramate 50 mg sin recordatorio configurado –" in text
    assert "Amitriptyline" not in text and "Preventivos" not in text  # never an acute medicine or class
    assert "1 crisis; dolor máximo medio 7,0/10" in text
    assert "3/11/2026 07:00 12 h 7 – Sumatriptan 09:00 → sin valorar" in text
    assert "Diario registrado por el paciente; no es un diagnóstico · página 1 de 1" in text


async def test_report_in_russian(bot: BotHarness) -> None:
    await write_diary(bot)
    await choose_language(bot, "ru")

    text, caption = await report_text(bot)

    assert caption.startswith(texts_for("ru").REPORT_CAPTION_MONTHS(1).format(months=1))
    assert "Отчёт по дневнику головной боли" in text and "часовой пояс: Лондон" in text
    assert "нояб. 2026 г. 1/21 1 1 1 10" in text  # preventive days are not acute medication days
    assert "Триптаны (Sumatriptan) 10 ≥10" in text
    assert "Propranolol (напоминание выключено) 2/3 67 %" in text
    assert "Topiramate 50 mg напоминание не настроено –" in text
    assert "1 приступ; средняя максимальная боль 7,0/10" in text
    assert "Приступы (1) и ауры без головной боли (0); М — мигренеподобный, см. определение выше" in text
    kept = {"Sumatriptan", "Propranolol", "Topiramate", "mg", "MIDAS", "van", "der", "Arend"}
    assert set(re.findall(r"[A-Za-z]{2,}", text)) - kept - {"Terwindt"} == set()

    clock(bot).advance(timedelta(hours=1))  # past the per-user budget for reports
    text, _ = await report_text(bot, "/report 3")
    assert "01.09.2026 – 21.11.2026 (календарных месяцев: 3)" in text


async def test_a_paused_reminder_is_reported_paused_until_its_day_not_off(bot: BotHarness) -> None:
    await write_diary(bot)
    async with transaction(bot.services.sessions) as session:
        await session.execute(update(Schedule).where(col(Schedule.user_id) == ALICE).values(enabled=True))
        await set_paused(session=session, user_id=ALICE, paused=True, until=datetime(2026, 12, 10, tzinfo=UTC))
    await choose_language(bot, "ru")

    text, _ = await report_text(bot)

    assert "Propranolol (напоминания приостановлены до 10.12.2026) 2/3 67 %" in text
    assert "выключено" not in text


def colour_columns(picture: Path, colour: str, *, at_least: int = 20) -> list[range]:
    """The runs of pixel columns with at least ``at_least`` pixels of the colour ("#rrggbb"): a bar, not a letter's
    anti-aliased edge or the key's swatch."""
    pixels = np.asarray(Image.open(picture).convert("RGB"))
    wanted = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    columns = np.flatnonzero((pixels == wanted).all(axis=2).sum(axis=0) >= at_least)
    runs: list[range] = []
    for column in columns:
        if runs and column == runs[-1].stop:
            runs[-1] = range(runs[-1].start, column + 1)
        else:
            runs.append(range(column, column + 1))
    return runs


async def test_a_month_without_entries_is_no_data_not_zero(bot: BotHarness, tmp_path: Path) -> None:
    # September has no entry at all; October one check-in, a headache-free day: a real 0.
    await write_diary(bot)
    async with transaction(bot.services.sessions) as session:
        session.add(Checkin(user_id=ALICE, local_date=date(2026, 10, 20), headache_level=0))
    await choose_language(bot, "ru")

    replies = await bot.send(ALICE, "/report 3")

    pdf = replies[0].document_bytes or b""
    text = " ".join(pdf_text(pdf).split())
    assert "сент. 2026 г. 0/30 – – – – окт. 2026 г. 1/31 0 0 0 0 нояб. 2026 г. 1/21 1 1 1 10" in text
    assert texts_for("ru").REPORT_NO_DATA_NOTE in text
    assert "Триптаны (Sumatriptan) – 0 10 ≥10" in text
    # The chart: one hatched "no data" bar (September); October's slot stays empty (its bar is 0 days high), then
    # November's headache bar (the migraine-like bar inside splits its colour in two).
    [chart] = pdf_images(pdf, tmp_path)
    [no_data] = colour_columns(chart, NO_DATA_FILL)
    headache = colour_columns(chart, HEADACHE_BAR)
    assert headache and headache[0].start > no_data.stop + len(no_data)


async def test_a_total_over_months_without_entries_is_no_data_not_zero(bot: BotHarness) -> None:
    # Only an attack long before the report's months: every month of it, and so its total, is "no data".
    async with transaction(bot.services.sessions) as session:
        session.add(Attack(user_id=ALICE, started_at=datetime(2026, 5, 4, 9, tzinfo=UTC), peak_intensity=5))

    text, _caption = await report_text(bot, "/report 3")

    assert "Oct 2026 0/31 – – – – Nov 2026 0/21 – – – – Total 0/82 – – – –" in text
    assert "Total 0/82 0" not in text
    assert texts_for("en").REPORT_NO_DATA_NOTE in text


@pytest.mark.parametrize(
    ("language", "written"), [("en", "2 hrs 3 mins"), ("es", "2 h 3 min"), ("ru", "2 ч 3 мин")]
)
async def test_the_report_writes_a_duration_as_the_diary_does(bot: BotHarness, language: str, written: str) -> None:
    started = day(3, 7)
    async with transaction(bot.services.sessions) as session:
        ended = started + timedelta(hours=2, minutes=3)
        session.add(Attack(user_id=ALICE, started_at=started, ended_at=ended, peak_intensity=6))
    await choose_language(bot, language)

    await bot.send(ALICE, "/diary")
    await bot.press(ALICE, bot.fake.last_message(ALICE).button_labels[0])
    entry = bot.last_text(ALICE)
    text, _ = await report_text(bot)

    assert f"({written})" in entry
    assert f" 07:00 {written} 6 " in text
