"""The /stats PNG: what it draws must be the statistics (the doctor's report: test_doctor_report.py)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import matplotlib.image

from bot.reports.charts import PNG_HEIGHT, PNG_WIDTH, render_stats_png, safe_text
from storage.diary_stats import compute_period_stats, month_calendar, monthly_series
from storage.diary_types import AttackRecord, CheckinRecord, Impact, IntakeRecord, MedClass

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
