"""The /stats PNG and the doctor PDF: what they draw must be the statistics."""

from __future__ import annotations

import io
import re
import zlib
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import matplotlib.image
import pytest
from matplotlib.table import Table

from bot.reports.charts import PNG_HEIGHT, PNG_WIDTH, render_stats_png, safe_text
from bot.reports.doctor_pdf import OVER_LIMIT_FILL, build_doctor_report, render_doctor_report
from storage.diary_stats import compute_period_stats, month_calendar, monthly_series
from storage.diary_types import AttackRecord, CheckinRecord, Impact, IntakeRecord, MedClass
from storage.midas import MidasItem, score_midas

TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 6, 20, 15, 0, tzinfo=UTC)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ).astimezone(UTC)


def diary() -> tuple[list[AttackRecord], list[IntakeRecord], list[CheckinRecord]]:
    """About four months: attacks every third day, triptans on 10 days in May, a gap in early June."""
    attacks, intakes, checkins = [], [], []
    for i in range(120):
        day = date(2026, 2, 21) + timedelta(days=i)
        if day > NOW.date() or date(2026, 6, 3) <= day <= date(2026, 6, 6):
            continue
        checkins.append(CheckinRecord(day, 0 if i % 3 else 4))
        if i % 3 == 0:
            attacks.append(
                AttackRecord(
                    id=i,
                    started_at=at(day, 20 if i % 2 else 9),
                    ended_at=at(day, 20 if i % 2 else 9) + timedelta(hours=6),  # odd ones cross midnight
                    peak_intensity=3 + i % 8,
                    symptoms=frozenset({"nausea", "photophobia"} if i % 2 else {"neck_pain"}),
                    features=frozenset({"throbbing", "one_sided"}),
                    triggers=frozenset({"stress"} if i % 4 else {"sleep", "alcohol"}),
                    impact=Impact.UNABLE if i % 5 == 0 else Impact.LIMITED,
                )
            )
            intakes.append(IntakeRecord(at(day, 21), MedClass.SIMPLE_ANALGESIC, "Ibuprofen"))
    for d in range(1, 11):
        intakes.append(IntakeRecord(at(date(2026, 5, d * 3), 8), MedClass.TRIPTAN, "Sumatriptan"))
    return attacks, intakes, checkins


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def pdf_strings(pdf: bytes) -> list[str]:
    """The text shown by the PDF's TJ operators (ASCII only is enough for these checks)."""
    shown = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            continue
        for array in re.findall(rb"\[(.*?)\]\s*TJ", content, re.S):
            parts = re.findall(rb"\(((?:\\.|[^\\)])*)\)", array)
            shown.append(b"".join(parts).replace(b"\\(", b"(").replace(b"\\)", b")").decode("latin-1"))
    return shown


# --- the /stats PNG -------------------------------------------------------------------------------


def test_stats_png_is_a_phone_sized_png() -> None:
    attacks, intakes, checkins = diary()
    chart = render_stats_png(
        month_calendar(attacks, intakes, checkins, tz=TZ, now=NOW),
        monthly_series(attacks, intakes, checkins, tz=TZ, now=NOW),
    )
    assert chart.png.startswith(PNG_SIGNATURE)
    pixels = matplotlib.image.imread(io.BytesIO(chart.png))
    assert pixels.shape[:2] == (PNG_HEIGHT, PNG_WIDTH) == (1440, 1080)


def test_chart_draws_the_calendar_and_monthly_statistics() -> None:
    attacks, intakes, checkins = diary()
    calendar = month_calendar(attacks, intakes, checkins, tz=TZ, now=NOW)
    series = monthly_series(attacks, intakes, checkins, tz=TZ, now=NOW, months=4)
    data = render_stats_png(calendar, series).data
    past = [cell for cell in calendar.days if not cell.future]
    assert data.calendar == {cell.day: cell.level for cell in past}
    assert data.calendar[date(2026, 6, 4)] is None  # the gap is hatched
    assert data.calendar[date(2026, 6, 2)] == 0
    assert data.medication_days == {cell.day for cell in past if cell.medication}
    assert data.migraine_days == {cell.day for cell in past if cell.migraine}
    assert data.months == (date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1))
    assert data.headache_days == tuple(m.headache_days for m in series)
    assert data.migraine_days_per_month == tuple(m.migraine_days for m in series)
    june = compute_period_stats(
        attacks, intakes, checkins, tz=TZ, start=date(2026, 6, 1), end=date(2026, 6, 20), now=NOW
    )
    assert data.headache_days[-1] == june.counts.headache_days
    assert len(data.migraine_days) == data.migraine_days_per_month[-1] == june.counts.migraine_days


def test_chart_of_an_empty_diary_hatches_every_past_day() -> None:
    chart = render_stats_png(month_calendar([], [], [], tz=TZ, now=NOW), monthly_series([], [], [], tz=TZ, now=NOW))
    assert chart.data.calendar == {date(2026, 6, d): None for d in range(1, 21)}
    assert chart.data.headache_days == (0,) * 6
    assert chart.data.medication_days == frozenset()


def test_user_text_is_made_safe_to_draw() -> None:
    assert safe_text("Tramadol $50\x00 名") == r"Tramadol \$50 ?"
    assert safe_text("x" * 80, limit=10) == "x" * 9 + "…"


# --- the doctor PDF -------------------------------------------------------------------------------


def test_doctor_pdf_is_one_a4_page_with_header_and_footer() -> None:
    attacks, intakes, checkins = diary()
    pdf = render_doctor_report(attacks, intakes, checkins, tz=TZ, now=NOW)
    assert pdf.startswith(b"%PDF")
    assert pdf_pages(pdf) == 1
    assert re.search(rb"/MediaBox\s*\[\s*0 0 595\.44 841\.68\s*\]", pdf)  # A4 in points
    shown = pdf_strings(pdf)
    assert "Patient-recorded diary; not a diagnosis" in shown
    assert "Headache diary summary" in shown
    text = " ".join(shown)  # non-ASCII characters split the strings
    assert "1 Apr 2026 " in text and "generated 20 Jun 2026" in text


def test_doctor_report_tables_equal_the_statistics() -> None:
    attacks, intakes, checkins = diary()
    report = build_doctor_report(attacks, intakes, checkins, tz=TZ, now=NOW)
    months = report.stats.months
    assert [m.month for m in months] == [date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1)]
    assert report.monthly_table[1:-1] == tuple(
        (f"{name} 2026", f"{m.logged_days}/{m.days_counted}", str(m.headache_days), str(m.migraine_days))
        for name, m in zip(("Apr", "May", "Jun"), months, strict=True)
    )
    assert report.monthly_table[-1][2:] == (
        str(report.stats.counts.headache_days),
        str(report.stats.counts.migraine_days),
    )
    rows = {row[0]: row[1:] for row in report.medication_table[1:]}
    assert rows["Triptans (Sumatriptan)"] == ("0", "10", "0", "≥10")
    assert rows["Simple analgesics (Ibuprofen)"] == (
        *(str(m.medication_days[MedClass.SIMPLE_ANALGESIC]) for m in months),
        "≥15",
    )
    drawn = [a.tables[0] for a in report.figure.axes if a.tables]
    medication: Table = drawn[1]
    triptan_row = 1 + list(rows).index("Triptans (Sumatriptan)")
    assert [medication[triptan_row, col].get_facecolor() for col in (1, 2, 3)].count(
        matplotlib.colors.to_rgba(OVER_LIMIT_FILL)
    ) == 1
    assert medication[triptan_row, 2].get_text().get_text() == "10"


def test_doctor_pdf_shows_the_midas_grade() -> None:
    answers = {item: 3 for item in MidasItem}  # score 15: grade III
    midas = score_midas(answers, completed_on=date(2026, 6, 1))
    pdf = render_doctor_report([], [], [], tz=TZ, now=NOW, midas=midas)
    text = " ".join(" ".join(pdf_strings(pdf)).split())  # the summary may wrap
    assert "MIDAS: score 15, grade III (moderate), 1 Jun 2026" in text


def test_doctor_pdf_for_a_new_user_is_still_one_page() -> None:
    pdf = render_doctor_report([], [], [], tz=TZ, now=NOW)
    assert pdf.startswith(b"%PDF") and pdf_pages(pdf) == 1
    assert any("MIDAS: not completed" in s for s in pdf_strings(pdf))


@pytest.mark.parametrize("name", ["Tramadol $50", "名前のない薬", "x" * 300, "\x07bell"])
def test_medicine_names_from_users_never_break_the_pdf(name: str) -> None:
    intakes = [IntakeRecord(NOW - timedelta(days=1), MedClass.OPIOID, name)]
    assert pdf_pages(render_doctor_report([], intakes, [], tz=TZ, now=NOW)) == 1
