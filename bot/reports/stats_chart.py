"""The /stats picture for exactly the period /stats counts: its days, then its weeks or months as bars.

Short periods (30 or 90 days, a calendar month) draw each day: worst pain as colour, a migraine-like
frame, and one marker per medicine kind taken. Every period draws bars (weeks up to a month, calendar
months beyond): headache days with migraine-like days inside, and medication days stacked by kind.
A bar with nothing recorded is hatched grey and labelled "no data", never drawn as 0. Each kind has a
colour AND a hatch and a marker shape, so the chart still reads printed in greyscale; preventives stand
apart (hollow, beside the stack), since they never count as acute medication.

Drawn with Pillow on a ``Canvas`` (canvas.py), not matplotlib: the render holds the GIL, and matplotlib
took about 265 ms of CPU for it. What was drawn is read back from the canvas's record (pixel boxes turned
back into days through the same scales) into ``PeriodChartData``, so tests hold the picture against /stats.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.reports.canvas import Box, Canvas, Drawn, fitting_size
from bot.reports.charts import PNG_HEIGHT, PNG_WIDTH, STATS_SCALE, ChartLabels, level_colours, safe_text
from bot.reports.stats_bars import (
    KIND_STYLES,
    Plot,
    draw_headache_bars,
    draw_kind_key,
    draw_medication_bars,
    key_height,
    kinds_used,
)
from bot.reports.stats_days import Grid, draw_days, draw_scale
from storage.diary_types import MedClass, PeriodChart

__all__ = ["KIND_STYLES", "PeriodChartData", "PeriodPicture", "render_period_png"]
MARGIN = 40


@dataclass(frozen=True, slots=True)
class PeriodChartData:
    """What the chart shows, read back from what was drawn.

    ``days`` maps each past day to its drawn level (None where hatched "no entry"); ``headache_days``
    and each list in ``medication_days`` hold one value per bar, None where the bar says "no data".
    ``texts`` are the words drawn with their pixel boxes, ``no_data`` the boxes of the "no data" bars.
    """

    days: Mapping[date, int | None]
    migraine_days: frozenset[date]
    day_kinds: Mapping[date, frozenset[MedClass]]
    bars: tuple[date, ...]  # first day of each bar
    headache_days: tuple[int | None, ...]
    migraine_days_per_bar: tuple[int | None, ...]
    medication_days: Mapping[MedClass, tuple[int | None, ...]]
    legend: tuple[str, ...]  # the medicine kinds named in the key
    dates: tuple[str, ...] = ()  # the days named with their month: in the calendar, then under weekly bars
    texts: tuple[Drawn, ...] = ()
    no_data: tuple[Box, ...] = ()


@dataclass(frozen=True, slots=True)
class PeriodPicture:
    """The PNG bytes and what they show."""

    png: bytes
    data: PeriodChartData


def render_period_png(
    chart: PeriodChart, *, title: str, labels: ChartLabels | None = None, kinds: Mapping[str, str] | None = None
) -> PeriodPicture:
    """Render the period's chart as a 960x1280 PNG (laid out on 1080x1440), and read back what it shows.

    ``kinds`` names the medicine kinds by MedClass value, as the /stats text names them.
    """
    labels = labels or ChartLabels()
    names = kinds or {}
    canvas = Canvas(PNG_WIDTH, PNG_HEIGHT, STATS_SCALE)
    try:
        head, med, legend, grid = _draw(canvas, chart, title, labels, names)
        png = canvas.png()
    finally:
        canvas.close()
    return PeriodPicture(png=png, data=read_period_chart(canvas.drawn, chart, grid, head, med, legend))


def _draw(
    canvas: Canvas, chart: PeriodChart, title: str, labels: ChartLabels, names: Mapping[str, str]
) -> tuple[Plot, Plot, tuple[str, ...], Grid | None]:
    """Draw the title, the calendar and its scale, both bar charts and the key; return what reading back needs."""
    heading = safe_text(title, 70)
    canvas.text(
        (MARGIN, 44), heading, fitting_size(heading, 39, PNG_WIDTH - 2 * MARGIN, bold=True), anchor="lm", bold=True
    )
    top, grid = 84, None
    if chart.days:
        grid, top = draw_days(canvas, chart.days, labels, left=MARGIN, top=top, width=PNG_WIDTH - 2 * MARGIN)
        top = draw_scale(canvas, labels, left=MARGIN, top=top + 22, width=PNG_WIDTH - 2 * MARGIN)
    used = kinds_used(chart)
    # The two bar charts share what the calendar and the key leave; the key grows with the kinds taken.
    panel = (PNG_HEIGHT - 10 - key_height(len(used)) - top) // 2
    head = draw_headache_bars(canvas, chart, labels, top=top, height=panel)
    med = draw_medication_bars(canvas, chart, labels, top=top + panel, height=panel)
    legend = draw_kind_key(canvas, used, names, top=top + 2 * panel)
    return head, med, legend, grid


def read_period_chart(
    drawn: Sequence[Drawn], chart: PeriodChart, grid: Grid | None, head: Plot, med: Plot, legend: tuple[str, ...]
) -> PeriodChartData:
    """Recover the drawn days and bars from the canvas's record (None where "no entry" or "no data")."""
    days: dict[date, int | None] = {}
    migraine: set[date] = set()
    kinds: dict[date, set[MedClass]] = {}
    heights: dict[str, int] = {}
    no_data: set[int] = set()
    colours = level_colours()
    for item in drawn:
        kind, _, rest = item.gid.partition(":")
        if grid is not None and kind in {"level", "no-entry", "migraine", "kind"}:
            day = grid.day_at(item.box)
            if kind == "level":
                days[day] = colours.index(item.fill)
            elif kind == "no-entry":
                days[day] = None
            elif kind == "migraine":
                migraine.add(day)
            else:
                kinds.setdefault(day, set()).add(MedClass(rest))
        elif kind in {"headache", "migraine-bar"}:
            heights[item.gid] = head.days_in(item.box)
        elif kind == "med":
            heights[item.gid] = med.days_in(item.box)
        elif kind == "no-data":
            no_data.add(int(rest))
    n = len(chart.bars)

    def series(prefix: str) -> tuple[int | None, ...]:
        return tuple(None if i in no_data else heights.get(f"{prefix}:{i}", 0) for i in range(n))

    used = {MedClass(gid.split(":")[1]) for gid in heights if gid.startswith("med:")}
    named_days = [item.text for item in drawn if item.gid == "day" and not item.text.isdigit()]
    ticks = [item.text for item in drawn if item.gid == "tick:head"] if chart.bucket == "week" else []
    return PeriodChartData(
        days=dict(sorted(days.items())),
        migraine_days=frozenset(migraine),
        day_kinds={d: frozenset(k) for d, k in sorted(kinds.items())},
        bars=tuple(b.first for b in chart.bars),
        headache_days=series("headache"),
        migraine_days_per_bar=series("migraine-bar"),
        medication_days={k: series(f"med:{k.value}") for k in KIND_STYLES if k in used},
        legend=legend,
        dates=(*named_days, *ticks),
        texts=tuple(item for item in drawn if item.text),
        no_data=tuple(item.box for item in drawn if item.gid.startswith("no-data:")),
    )
