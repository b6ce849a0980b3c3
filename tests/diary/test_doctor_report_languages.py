"""The doctor's report in the user's language, and every character it prints drawn from the font."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import matplotlib.image
import pytest

from bench.synthetic_diary import NOW, TZ, synthetic_diary
from bot.reports.doctor_report import build_report, render_report
from bot.reports.pdf_document import FONT_FAMILY, ReportDocument, font_charmap, user_text
from bot.texts import texts_for
from bot.texts.catalog import english_constants, transform
from storage.diary_queries import DiaryRecords
from storage.diary_types import Effect, IntakeRecord, MedClass
from storage.report_data import RegularMedicine, build_report_data
from support.pdf import pdf_fonts, pdf_text, pdf_to_pngs

DIARY = synthetic_diary(400)
TYPED = ("Sumatriptan 50 mg", "Ibuprofen 400 mg", "Thomapyrin", "Propranolol 80 mg", "Magnesium")
# Latin words a Russian clinician's report keeps: the questionnaire's name, cited authors, the library.
LATIN_KEPT = {"MIDAS", "van", "der", "Arend", "Terwindt", "scipy", "II", "III", "IV"}


def _emoji_diary() -> object:
    """The synthetic diary with emoji typed into a dose name and a reminder's name."""
    records = DIARY.records
    attack = records.attacks[-1]
    dose = IntakeRecord(
        attack.started_at + timedelta(minutes=5), MedClass.TRIPTAN, "Суматриптан 💊❤️👍🏽", Effect.GOOD, attack.id
    )
    regular = (*DIARY.regular, RegularMedicine("Топирамат 🙂", 20, 30, True))
    return replace(
        DIARY, records=DiaryRecords(records.attacks, (*records.intakes, dose), records.checkins), regular=regular
    )


def _data(months: int = 6, diary: object = DIARY) -> object:
    d = diary
    return build_report_data(d.records, d.factors, tz=TZ, now=NOW, months=months, regular=d.regular, midas=d.midas)  # type: ignore[attr-defined]


def _unreadable(document: ReportDocument) -> set[str]:
    """Characters of the drawn texts that the font's cmap (read with fontTools) has no glyph for."""
    charmap = font_charmap()
    return {ch for text in document.drawn for ch in text if not ch.isspace() and ord(ch) not in charmap}


@pytest.mark.parametrize("language", ["en", "es", "ru"])
def test_every_character_printed_has_a_glyph_and_every_page_renders(language: str, tmp_path: Path) -> None:
    document = build_report(_data(6, _emoji_diary()), texts_for(language))  # type: ignore[arg-type]
    pdf = bytes(document.output())

    assert len(document.drawn) > 300  # every heading, cell and line went through the recording hook
    assert document.missing_glyphs() == []  # fpdf2's own record of characters it drew as boxes
    assert _unreadable(document) == set()
    text = pdf_text(pdf)
    assert "Суматриптан" in text and "Топирамат" in text
    assert not any(ch in text for ch in "💊❤👍🙂\ufe0f")  # the emoji were dropped on purpose
    rendered = subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-", str(tmp_path / "check")], input=pdf, capture_output=True, check=True
    )
    assert rendered.stderr == b""  # poppler found nothing to complain about (fonts, glyphs)
    fonts = pdf_fonts(pdf, tmp_path)
    assert fonts and all("DejaVuSans" in name and embedded for name, embedded in fonts)  # nothing substituted
    for page in pdf_to_pngs(pdf, tmp_path):
        assert matplotlib.image.imread(page).min() < 0.5  # each page has ink on it


def test_the_glyph_checks_catch_a_character_the_font_lacks() -> None:
    document = ReportDocument("{page}")
    document.add_page()
    document.set_font(FONT_FAMILY, "", 10)
    document.cell(0, 5, "Sumatriptan 💊")  # bypassing user_text, as a careless caller would
    document.output()

    assert document.missing_glyphs() == ["💊"]
    assert _unreadable(document) == {"💊"}


def test_typed_text_loses_emoji_and_control_characters_and_keeps_what_the_font_has() -> None:
    assert user_text("Суматриптан 💊❤️") == "Суматриптан"
    assert user_text("Ибупрофен 💊\u0007 x") == "Ибупрофен x"
    assert user_text("👍🏽🇪🇸") == "?"  # a flag is two regional indicators: dropped, then nothing is left
    assert user_text("名前") == "??"  # not an emoji, not in the font: shown as missing, never as a box
    assert user_text("Naproxeno 550 mg") == "Naproxeno 550 mg"


def test_the_russian_report_has_no_english_word_left() -> None:
    text = pdf_text(render_report(_data(), texts_for("ru")))  # type: ignore[arg-type]
    for name in TYPED:
        text = text.replace(name, "")

    assert "Отчёт по дневнику головной боли" in text and "Сводка по месяцам" in text
    assert "27 приступов; средняя максимальная боль 6,5/10" in " ".join(text.split())
    assert "янв. 2026" in text and "Берлин" in text and "стр. 1 из 3" in text
    assert {word for word in re.findall(r"[A-Za-z]{2,}", text)} - LATIN_KEPT == set()


def test_the_spanish_report_uses_the_catalog_and_spanish_formats() -> None:
    text = " ".join(pdf_text(render_report(_data(), texts_for("es"))).split())  # type: ignore[arg-type]

    assert "1/1/2026 – 20/6/2026 (meses naturales: 6)" in text and "zona horaria: Berlín" in text
    assert "Días con medicación aguda por mes y límites de uso excesivo (ICHD-3)" in text
    assert "27 crisis; dolor máximo medio 6,5/10" in text and "(69 %)" in text
    english: list[str] = []
    for name, value in english_constants().items():
        if name.startswith("REPORT_"):
            transform(name, value, lambda _, leaf: english.append(leaf) if isinstance(leaf, str) else None)
    phrases = [phrase.split("{")[0] for phrase in english if len(phrase.split("{")[0]) >= 12]
    assert len(phrases) > 30 and [phrase for phrase in phrases if phrase in text] == []


@pytest.mark.parametrize(
    ("language", "paused", "off"),
    [
        ("en", "Propranolol 40 mg (reminders paused until 10 Dec 2026)", "(reminder off)"),
        ("es", "Propranolol 40 mg (recordatorios en pausa hasta el 10/12/2026)", "desactivado"),
        ("ru", "Propranolol 40 mg (напоминания приостановлены до", "выключено"),  # the cell wraps
    ],
)
def test_a_reminder_paused_until_a_day_says_so_and_not_that_it_is_off(language: str, paused: str, off: str) -> None:
    until = datetime(2026, 12, 9, 23, 0, tzinfo=UTC)  # 10 December, midnight in Berlin
    regular = (RegularMedicine("Propranolol 40 mg", 5, 10, False, paused=True, paused_until=until),)
    text = " ".join(pdf_text(render_report(_data(diary=replace(DIARY, regular=regular)), texts_for(language))).split())  # type: ignore[arg-type]

    assert paused in text.replace("\u202f", " ")
    assert {"en": "10 Dec 2026", "es": "10/12/2026", "ru": "10.12.2026"}[language] in text
    assert off not in text
