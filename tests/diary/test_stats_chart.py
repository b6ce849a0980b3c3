"""The /stats chart covers the period /stats counts, and shows the same numbers (issue 13, item 8)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import matplotlib.image
import pytest
from PIL import Image

from bot.diary.stats import Period, period_for
from bot.reports.canvas import Canvas, encode_png
from bot.reports.stats_chart import KIND_STYLES, render_period_png
from bot.reports.wording import chart_labels
from bot.texts import texts_for
from storage.diary_stats import chart_buckets, compute_period_stats, period_chart
from storage.diary_types import AttackRecord, CheckinRecord, Impact, IntakeRecord, MedClass

TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 6, 20, 15, 0, tzinfo=UTC)
TODAY = date(2026, 6, 20)


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ).astimezone(UTC)


def diary() -> tuple[list[AttackRecord], list[IntakeRecord], list[CheckinRecord]]:
    """February to June 2026 (nothing before): attacks every third day, every medicine kind, a gap in June."""
    attacks, intakes, checkins = [], [], []
    for i in range(120):
        day = date(2026, 2, 21) + timedelta(days=i)
        if day > TODAY or date(2026, 6, 3) <= day <= date(2026, 6, 6):
            continue
        checkins.append(CheckinRecord(day, 0 if i % 3 else 4))
        if i % 3 == 0:
            start = at(day, 20 if i % 2 else 9)
            attacks.append(
                AttackRecord(
                    id=i,
                    started_at=start,
                    ended_at=start + timedelta(hours=6),  # the evening ones cross midnight
                    peak_intensity=3 + i % 8,
                    symptoms=frozenset({"nausea", "photophobia"} if i % 2 else {"neck_pain"}),
                    features=frozenset({"throbbing", "one_sided"}),
                    impact=Impact.UNABLE if i % 5 == 0 else None,
                )
            )
            intakes.append(IntakeRecord(at(day, 21), MedClass.SIMPLE_ANALGESIC, "Ibuprofen"))
    intakes += [IntakeRecord(at(date(2026, 5, d * 3), 8), MedClass.TRIPTAN, "Sumatriptan") for d in range(1, 11)]
    intakes += [IntakeRecord(at(date(2026, 6, d), 7), MedClass.PREVENTIVE, "Topiramate") for d in range(1, 21)]
    intakes += [
        IntakeRecord(at(date(2026, 6, 10), 23), MedClass.OPIOID, "Codeine"),
        IntakeRecord(at(date(2026, 5, 25), 9), MedClass.COMBINATION, "Excedrin"),
        IntakeRecord(at(date(2026, 6, 12), 9), MedClass.OTHER, "Metoclopramide"),
        IntakeRecord(at(date(2026, 6, 12), 10), MedClass.GEPANT, "Rimegepant"),
    ]
    return attacks, intakes, checkins


@pytest.mark.parametrize("choice", ["30", "90", "2026-05", "2026-06", "year"])
def test_chart_shows_the_numbers_of_stats_for_the_same_period(choice: str) -> None:
    attacks, intakes, checkins = diary()
    period = period_for(choice, today=TODAY)
    assert period is not None
    stats = compute_period_stats(attacks, intakes, checkins, tz=TZ, start=period.start, end=period.end, now=NOW)
    chart = period_chart(attacks, intakes, checkins, tz=TZ, now=NOW, start=period.start, end=period.end)
    data = render_period_png(chart, title="t").data

    assert data.bars[0] == period.start and chart.bars[-1].last == period.end
    assert sum(n or 0 for n in data.headache_days) == stats.counts.headache_days
    assert sum(n or 0 for n in data.migraine_days_per_bar) == stats.counts.migraine_days
    drawn = {kind: sum(n or 0 for n in days) for kind, days in data.medication_days.items()}
    preventive = {MedClass.PREVENTIVE: stats.counts.preventive_days} if stats.counts.preventive_days else {}
    assert drawn == {**stats.medication_days_by_class, **preventive}
    if period.kind == "year":
        assert data.days == {}  # 365 cells are too small on a phone: monthly bars only
    else:
        assert len(data.days) == (period.end - period.start).days + 1
        assert sum(1 for level in data.days.values() if level) == stats.counts.headache_days
        assert len(data.migraine_days) == stats.counts.migraine_days
        acute_days = {day for day, kinds in data.day_kinds.items() if kinds - {MedClass.PREVENTIVE}}
        assert len(acute_days) == stats.counts.medication_days


def test_buckets_are_weeks_up_to_a_month_and_calendar_months_beyond() -> None:
    assert chart_buckets(date(2026, 5, 22), date(2026, 6, 20)) == (
        "week",
        (
            (date(2026, 5, 22), date(2026, 5, 24)),  # Friday to Sunday
            (date(2026, 5, 25), date(2026, 5, 31)),
            (date(2026, 6, 1), date(2026, 6, 7)),
            (date(2026, 6, 8), date(2026, 6, 14)),
            (date(2026, 6, 15), date(2026, 6, 20)),
        ),
    )
    kind, spans = chart_buckets(date(2026, 3, 23), date(2026, 6, 20))
    assert kind == "month" and [s[0] for s in spans] == [date(2026, 3, 23), *(date(2026, m, 1) for m in (4, 5, 6))]


def test_months_without_a_diary_are_drawn_as_no_data_not_as_zero() -> None:
    attacks, intakes, checkins = diary()
    checkins.append(CheckinRecord(date(2025, 9, 3), 0))  # September 2025: one headache-free check-in
    year = period_for("year", today=TODAY)
    assert year == Period(date(2025, 7, 1), TODAY, "year")
    chart = period_chart(attacks, intakes, checkins, tz=TZ, now=NOW, start=year.start, end=year.end)
    data = render_period_png(chart, title="t").data

    by_month = dict(zip(data.bars, data.headache_days, strict=True))
    assert by_month[date(2025, 9, 1)] == 0  # a recorded day without headache is a real 0
    empty = [date(2025, m, 1) for m in (7, 8, 10, 11, 12)] + [date(2026, 1, 1)]
    assert [by_month[m] for m in empty] == [None] * 6
    assert all(data.medication_days[MedClass.TRIPTAN][data.bars.index(m)] is None for m in empty)
    assert by_month[date(2026, 5, 1)] == chart.bars[-2].headache_days > 0


def test_every_medicine_kind_has_its_own_colour_hatch_and_marker() -> None:
    styles = list(KIND_STYLES.values())
    assert len(KIND_STYLES) == len(MedClass)
    for part in ("colour", "hatch", "marker"):
        values = [getattr(s, part) for s in styles if s is not KIND_STYLES[MedClass.PREVENTIVE]]
        assert len(set(values)) == len(values), part  # greyscale still tells hatches and markers apart
    preventive = KIND_STYLES[MedClass.PREVENTIVE]
    assert preventive.colour == "#ffffff" and preventive.hatch not in {s.hatch for s in styles[:-1]}


def test_chart_key_names_the_kinds_as_stats_does_and_keeps_preventives_apart() -> None:
    attacks, intakes, checkins = diary()
    t = texts_for("es")
    period = period_for("30", today=TODAY)
    assert period is not None
    chart = period_chart(attacks, intakes, checkins, tz=TZ, now=NOW, start=period.start, end=period.end)
    data = render_period_png(chart, title="t", labels=chart_labels(t), kinds=t.MED_CLASSES).data

    kinds = (MedClass.SIMPLE_ANALGESIC, MedClass.TRIPTAN, MedClass.COMBINATION, MedClass.OPIOID, MedClass.GEPANT)
    assert data.legend == tuple(t.MED_CLASSES[k.value] for k in (*kinds, MedClass.OTHER, MedClass.PREVENTIVE))
    assert data.day_kinds[date(2026, 6, 12)] == {
        MedClass.SIMPLE_ANALGESIC,
        MedClass.GEPANT,
        MedClass.OTHER,
        MedClass.PREVENTIVE,
    }
    assert data.day_kinds[date(2026, 6, 10)] == {MedClass.OPIOID, MedClass.PREVENTIVE}  # 23:00 Berlin
    assert data.days[date(2026, 6, 4)] is None  # the gap is hatched "no entry"


@pytest.mark.parametrize("choice", ["30", "90", "year"])
def test_chart_is_a_phone_sized_png(choice: str) -> None:
    attacks, intakes, checkins = diary()
    period = period_for(choice, today=TODAY)
    assert period is not None
    chart = period_chart(attacks, intakes, checkins, tz=TZ, now=NOW, start=period.start, end=period.end)
    pixels = matplotlib.image.imread(io.BytesIO(render_period_png(chart, title="t").png))
    assert pixels.shape[:2] == (1280, 960)  # Telegram keeps a photo at most 1280 pixels on its long side


@pytest.mark.parametrize(
    ("language", "dates"),
    [
        ("en", ("22 May", "1 Jun", "22 May", "25 May", "1 Jun", "8 Jun", "15 Jun")),
        ("es", ("22 may", "1 jun", "22 may", "25 may", "1 jun", "8 jun", "15 jun")),
        ("ru", ("22 мая", "1 июн.", "22 мая", "25 мая", "1 июн.", "8 июн.", "15 июн.")),
    ],
)
def test_a_day_with_its_month_takes_the_months_format_form(language: str, dates: tuple[str, ...]) -> None:
    """Russian names a day's month in the genitive ("22 мая"), never the stand-alone "22 Май"."""
    attacks, intakes, checkins = diary()
    period = period_for("30", today=TODAY)
    assert period is not None
    chart = period_chart(attacks, intakes, checkins, tz=TZ, now=NOW, start=period.start, end=period.end)
    t = texts_for(language)
    data = render_period_png(chart, title="t", labels=chart_labels(t), kinds=t.MED_CLASSES).data

    assert data.dates == dates  # the calendar's first day and 1 June, then the weekly bars' first days
    assert t.day_month(date(2026, 3, 8)) == {"en": "8 Mar", "es": "8 mar", "ru": "8 мар."}[language]


def overlapping(boxes: list[tuple[str, tuple[int, int, int, int]]]) -> list[tuple[str, str]]:
    """The pairs of words whose boxes share a pixel."""
    return [
        (a, b)
        for i, (a, (l1, t1, r1, b1)) in enumerate(boxes)
        for b, (l2, t2, r2, b2) in boxes[i + 1 :]
        if l1 < r2 and l2 < r1 and t1 < b2 and t2 < b1
    ]


@pytest.mark.parametrize("language", ["en", "es", "ru"])
@pytest.mark.parametrize("choice", ["30", "90", "2026-06", "year"])
@pytest.mark.parametrize("empty", [False, True])
def test_no_two_words_on_the_chart_overlap_and_all_are_on_it(language: str, choice: str, empty: bool) -> None:
    attacks, intakes, checkins = ([], [], []) if empty else diary()
    period = period_for(choice, today=TODAY)
    assert period is not None
    chart = period_chart(attacks, intakes, checkins, tz=TZ, now=NOW, start=period.start, end=period.end)
    t = texts_for(language)
    title = "Последние 12 месяцев (июль 2025 г. – июнь 2026 г.)"
    data = render_period_png(chart, title=title, labels=chart_labels(t), kinds=t.MED_CLASSES).data

    words = [(item.text, item.box) for item in data.texts]
    assert len(words) > 20 and overlapping(words) == []
    assert all(min(left, top) >= 0 and right <= 1080 and bottom <= 1440 for _, (left, top, right, bottom) in words)


@pytest.mark.parametrize("language", ["en", "es", "ru"])
@pytest.mark.parametrize(("choice", "checkins"), [("30", 0), ("90", 0), ("year", 1), ("year", 120)])
def test_the_no_data_label_fits_inside_its_bar(language: str, choice: str, checkins: int) -> None:
    """ "Нет данных" used to stand taller than a short "no data" bar (a scale of 4 days); now it fits inside."""
    attacks, intakes, checkins = diary() if checkins else ([], [], [])
    if checkins == 1:
        attacks, intakes, checkins = [], [], [CheckinRecord(TODAY, 2)]  # one headache day: the lowest scale
    period = period_for(choice, today=TODAY)
    assert period is not None
    chart = period_chart(attacks, intakes, checkins, tz=TZ, now=NOW, start=period.start, end=period.end)
    t = texts_for(language)
    data = render_period_png(chart, title="t", labels=chart_labels(t), kinds=t.MED_CLASSES).data

    labels = [item for item in data.texts if item.gid.startswith("no-data-label:")]
    empty = sum(1 for bar in chart.bars if not bar.has_data)
    assert empty and len(labels) == len(data.no_data) == 2 * empty  # in both bar charts
    assert {item.text for item in labels} == {t.CHART_LABELS["no_data"]}
    for label in labels:
        x0, y0, x1, y1 = label.box
        assert any(bar[0] <= x0 and bar[1] <= y0 and x1 <= bar[2] and y1 <= bar[3] for bar in data.no_data), label


def test_the_png_holds_exactly_the_pixels_drawn() -> None:
    image = Image.effect_mandelbrot((301, 203), (-2, -1.5, 1, 1.5), 50).convert("RGB")  # every row different
    decoded = Image.open(io.BytesIO(encode_png(image)))
    assert decoded.mode == "RGB" and decoded.size == (301, 203)
    assert decoded.tobytes() == image.tobytes()
    assert decoded.info["dpi"] == pytest.approx((150, 150), abs=0.02)  # stored per metre


def test_the_canvas_png_is_opaque_and_holds_exactly_what_was_drawn() -> None:
    """The canvas is encoded from its RGBX memory as RGBA: everything it draws must leave the padding at 255."""
    canvas = Canvas(301, 203)
    try:
        canvas.hatched((0, 0, 301, 203), "#ececec", "///", "#b8b8b8")  # beyond the kept pattern: tiled
        canvas.box((5, 5, 60, 40), "#f4a259", outline="#9b2226", width=3)
        canvas.frame((70, 5, 120, 40), "#1d3a8a", 6)
        canvas.hatched((10, 50, 150, 120), "#009E73", "..", "#222222")
        canvas.marker("^", (100, 100), 22, "#0072B2")  # an RGBA sprite pasted through its alpha
        canvas.marker("o", (130, 100), 17, "#009E73")
        canvas.text((20, 150), "Migraine-like days\n22 мая", 25, anchor="lm", bold=True)
        canvas.upright_text((250, 100), "Нет данных", 18, colour="#444444", gid="no-data-label:0")
        drawn = canvas.image.convert("RGB").tobytes()
        png = canvas.png()
    finally:
        canvas.close()
    decoded = Image.open(io.BytesIO(png))
    assert decoded.mode == "RGBA" and decoded.size == (301, 203)
    assert decoded.getchannel("A").getextrema() == (255, 255)
    assert decoded.convert("RGB").tobytes() == drawn


def test_words_on_a_flat_colour_are_the_pixels_pillow_blends_in_place() -> None:
    """Words copied in pre-blended (on the white page, on a box's fill) equal Pillow's bitmap fill, and so do
    words over lines and hatches, which are blended in place; the same canvas twice draws the same bytes."""
    from PIL import ImageDraw

    from bot.reports.canvas import _upright, _words

    def draw(canvas: Canvas, *, by_pillow: bool) -> bytes:
        canvas.box((0, 0, 400, 60), "#f4a259")
        canvas.hatched((0, 60, 400, 120), "#ececec", "///", "#b8b8b8")
        placed = [
            ((10, 20), "Migraine-like days", 20, "#222222"),  # on the box's flat fill
            ((10, 80), "über den Linien", 18, "#9b2226"),  # over the hatch: not flat
            ((10, 140), "Нет данных\n22 мая", 16, "#444444"),  # on the white page
        ]
        for xy, text, size, colour in placed:
            if not by_pillow:
                canvas.text(xy, text, size, colour=colour, anchor="la")
                continue
            dx, dy, mask = _words(text, float(size), False, "la", "center")
            ImageDraw.Draw(canvas.image).bitmap((xy[0] + dx, xy[1] + dy), mask, fill=colour)
        if by_pillow:
            mask = _upright("Нет данных", 14.0)
            left, top = round(350 - mask.width / 2), round(170 - mask.height / 2)
            ImageDraw.Draw(canvas.image).bitmap((left, top), mask, fill="#0072B2")
        else:
            canvas.upright_text((350, 170), "Нет данных", 14, colour="#0072B2", gid="no-data-label:0")
        return canvas.pixels.tobytes()

    results = []
    for by_pillow in (True, False, False):
        canvas = Canvas(400, 200)
        try:
            results.append(draw(canvas, by_pillow=by_pillow))
        finally:
            canvas.close()
    assert results[0] == results[1] == results[2]
