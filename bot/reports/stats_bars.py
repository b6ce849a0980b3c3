"""The /stats chart's bars: headache days per week or month, medication days stacked by kind, and their keys."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.reports.canvas import Box, Canvas, fitting_size, text_width
from bot.reports.charts import (
    HEADACHE_BAR,
    MIGRAINE_BAR,
    NO_DATA_FILL,
    NO_DATA_HATCH,
    NO_DATA_HATCH_COLOUR,
    NO_DATA_PATCH,
    ChartLabels,
    safe_text,
)
from storage.diary_types import MedClass, PeriodChart, SpanCount

MARGIN, AXIS_LEFT, RIGHT = 40, 84, 1040
STEPS = (1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 25, 30, 40, 50, 100)  # whole days between the side's ticks


@dataclass(frozen=True, slots=True)
class KindStyle:
    """How one medicine kind is drawn: colour (Okabe-Ito), hatch and marker, for colour and greyscale."""

    colour: str
    hatch: str
    marker: str
    hatch_colour: str = "#222222"


# Stacking order, bottom up; the preventive is drawn apart from the stack.
KIND_STYLES: dict[MedClass, KindStyle] = {
    MedClass.SIMPLE_ANALGESIC: KindStyle("#009E73", "..", "o"),
    MedClass.TRIPTAN: KindStyle("#0072B2", "//", "^", "#ffffff"),
    MedClass.COMBINATION: KindStyle("#E69F00", "xx", "s"),
    MedClass.OPIOID: KindStyle("#D55E00", "\\\\", "D"),
    MedClass.ERGOT: KindStyle("#CC79A7", "++", "v"),
    MedClass.GEPANT: KindStyle("#56B4E9", "--", "P"),
    MedClass.DITAN: KindStyle("#F0E442", "||", "X"),
    MedClass.OTHER: KindStyle("#8c8c8c", "oo", "*"),
    MedClass.PREVENTIVE: KindStyle("#ffffff", "...", "o", "#555555"),
}
ACUTE_ORDER = tuple(cls for cls in KIND_STYLES if cls is not MedClass.PREVENTIVE)


@dataclass(frozen=True, slots=True)
class Plot:
    """One bar chart's scale: a slot per bar from ``left`` to ``right``, ``per_day`` pixels a day up from 0."""

    left: float
    right: float
    baseline: int
    per_day: float
    count: int
    highest: int  # the top tick, in days: how tall a "no data" bar stands

    def x(self, i: float) -> float:
        """The middle of bar ``i`` (fractions move beside it)."""
        return self.left + (i + 0.5) * (self.right - self.left) / max(self.count, 1)

    @property
    def slot(self) -> float:
        """Pixels per bar."""
        return (self.right - self.left) / max(self.count, 1)

    def y(self, days: float) -> int:
        """The height of ``days`` on the image."""
        return round(self.baseline - days * self.per_day)

    def days_in(self, box: Box) -> int:
        """How many days a drawn bar shows: its pixel height back through the scale."""
        return round((box[3] - box[1]) / self.per_day)

    def bar(self, i: float, width: float, low: float, high: float) -> Box:
        """The box of a bar ``width`` slots wide centred on ``i``, from ``low`` to ``high`` days."""
        middle, half = self.x(i), width * self.slot / 2
        return (round(middle - half), self.y(high), round(middle + half), self.y(low))


def kind_name(kind: MedClass, names: Mapping[str, str]) -> str:
    """The kind as the /stats text names it."""
    return safe_text(names.get(kind.value, kind.value.replace("_", " ")), 34)


def kinds_used(chart: PeriodChart) -> list[MedClass]:
    """The medicine kinds taken in the period, in the key's order."""
    return [k for k in KIND_STYLES if any(b.medication_days.get(k) for b in chart.bars)]


def _tick(bar: SpanCount, i: int, bucket: str, labels: ChartLabels, *, years: bool) -> str:
    if bucket == "week":
        return labels.day_month(bar.first)
    year = f"\n{bar.first.year}" if years and (i == 0 or bar.first.month == 1) else ""
    return labels.months[bar.first.month - 1] + year


def _panel(
    canvas: Canvas, chart: PeriodChart, labels: ChartLabels, *, top: int, height: int, title: str, most: int, name: str
) -> Plot:
    """Title, side scale, gridlines and ticks of one bar chart: its scale. ``most`` is its tallest bar in days."""
    heading = safe_text(title)
    canvas.text(
        (MARGIN, top + 24), heading, fitting_size(heading, 32, RIGHT - MARGIN, bold=True), anchor="lm", bold=True
    )
    bars = chart.bars
    many = len(bars) > 6
    ticks = [_tick(b, i, chart.bucket, labels, years=many) for i, b in enumerate(bars)]
    lines = max([t.count("\n") + 1 for t in ticks] or [1])
    slot = (RIGHT - AXIS_LEFT) / max(len(bars), 1)
    size = min(fitting_size(t, 25 if many else 28, slot - 6) for t in ticks) if ticks else 25
    baseline = top + height - lines * (size + 6) - 14
    plot_top = top + (96 if name == "head" else 62)  # the headache chart has its key under the title
    room = baseline - plot_top - 30  # pixels for the tallest bar; its number stands above it
    # At most 4 steps up the side, whole days, and never closer than a number's height.
    step = next((s for s in STEPS if most <= 4 * s and room * s / (-(-most // s) * s) >= 30), STEPS[-1])
    highest = -(-most // step) * step
    plot = Plot(AXIS_LEFT, RIGHT, baseline, room / highest, len(bars), highest)
    for days in range(0, highest + 1, step):
        y = plot.y(days)
        canvas.box((AXIS_LEFT, y, RIGHT, y + 1), "#e2e2e2")
        canvas.text((AXIS_LEFT - 10, y), str(days), 24, anchor="rm", colour="#444444", gid="ytick")
    for i, tick in enumerate(ticks):
        canvas.text((plot.x(i), baseline + 10), tick, size, anchor="ma", gid=f"tick:{name}")
    return plot


def _axis(canvas: Canvas, plot: Plot) -> None:
    canvas.box((AXIS_LEFT, plot.baseline, RIGHT, plot.baseline + 2), "#444444")


def _no_data(canvas: Canvas, plot: Plot, i: int, labels: ChartLabels) -> None:
    """A hatched grey bar as tall as the scale, "no data" inside it: along the bar when it is too narrow.

    The words shrink until they fit the bar, so a short bar ("Нет данных" on a 4-day scale) still holds them.
    """
    box = plot.bar(i, 0.8, 0, plot.highest)
    canvas.hatched(box, NO_DATA_FILL, NO_DATA_HATCH, NO_DATA_HATCH_COLOUR, gid=f"no-data:{i}")
    text = safe_text(labels.no_data, 20)
    width, length = box[2] - box[0], box[3] - box[1]
    middle = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    across_size = fitting_size(text, 23, width - 16, smallest=18)  # across the bar if it fits at 18 px or more
    across = text_width(text, across_size) <= width - 16
    size = across_size if across else min(fitting_size(text, 23, length - 20, smallest=8), int((width - 10) / 1.3))
    # A light patch under the words, so the hatch does not cross them.
    half_long, half_short = text_width(text, size) / 2 + 4, size * 0.65 + 2
    half_x, half_y = (half_long, half_short) if across else (half_short, half_long)
    patch = (round(middle[0] - half_x), round(middle[1] - half_y), round(middle[0] + half_x), round(middle[1] + half_y))
    canvas.box(patch, NO_DATA_PATCH)
    if across:
        canvas.text(middle, text, size, anchor="mm", colour="#444444", gid=f"no-data-label:{i}")
    else:
        canvas.upright_text(middle, text, size, colour="#444444", gid=f"no-data-label:{i}")


def _key(canvas: Canvas, entries: Sequence[tuple[str, str]], *, left: float, top: int) -> None:
    """A row of colour swatches with their names, shrunk to fit the width."""
    size = fitting_size("      ".join(name for _, name in entries), 25, RIGHT - left - 46 * len(entries))
    x = left
    for colour, name in entries:
        canvas.box((round(x), top, round(x) + 36, top + 24), colour)
        canvas.text((round(x) + 46, top + 12), name, size, anchor="lm", gid="key")
        x += 46 + text_width(name, size) + 32


def draw_headache_bars(canvas: Canvas, chart: PeriodChart, labels: ChartLabels, *, top: int, height: int) -> Plot:
    """Headache days per bar with migraine-like days inside; "no data" where nothing was recorded."""
    bars = chart.bars
    most = max([*(b.headache_days for b in bars), 4])
    title = labels.weekly_title if chart.bucket == "week" else labels.bars_title
    plot = _panel(canvas, chart, labels, top=top, height=height, title=title, most=most, name="head")
    entries = [(HEADACHE_BAR, safe_text(labels.headache_days)), (MIGRAINE_BAR, safe_text(labels.migraine_days))]
    _key(canvas, entries, left=AXIS_LEFT, top=top + 52)
    value = 24 if len(bars) > 6 else 27
    for i, bar in enumerate(bars):
        if not bar.has_data:
            _no_data(canvas, plot, i, labels)
            continue
        canvas.box(plot.bar(i, 0.72, 0, bar.headache_days), HEADACHE_BAR, gid=f"headache:{i}")
        canvas.box(plot.bar(i, 0.4, 0, bar.migraine_days), MIGRAINE_BAR, gid=f"migraine-bar:{i}")
        canvas.text((plot.x(i), plot.y(bar.headache_days) - 6), str(bar.headache_days), value, anchor="md", gid="value")
    _axis(canvas, plot)
    return plot


def draw_medication_bars(canvas: Canvas, chart: PeriodChart, labels: ChartLabels, *, top: int, height: int) -> Plot:
    """Medication days per bar stacked by kind, preventives hollow beside the stack."""
    bars = chart.bars
    acute = [sum(n for k, n in b.medication_days.items() if k is not MedClass.PREVENTIVE) for b in bars]
    most = max([*acute, *(b.medication_days.get(MedClass.PREVENTIVE, 0) for b in bars), 4])
    plot = _panel(canvas, chart, labels, top=top, height=height, title=labels.medication_title, most=most, name="med")
    value = 24 if len(bars) > 6 else 27
    for i, bar in enumerate(bars):
        if not bar.has_data:
            _no_data(canvas, plot, i, labels)
            continue
        bottom = 0
        for kind in ACUTE_ORDER:
            if days := bar.medication_days.get(kind, 0):
                style = KIND_STYLES[kind]
                box = plot.bar(i - 0.08, 0.56, bottom, bottom + days)
                canvas.hatched(box, style.colour, style.hatch, style.hatch_colour, gid=f"med:{kind.value}:{i}")
                bottom += days
        # A recorded week or month without acute medication says 0, as "no data" never does.
        canvas.text((plot.x(i - 0.08), plot.y(bottom) - 6), str(acute[i]), value, anchor="md", gid="value")
        if days := bar.medication_days.get(MedClass.PREVENTIVE, 0):
            style = KIND_STYLES[MedClass.PREVENTIVE]
            box = plot.bar(i + 0.3, 0.18, 0, days)
            canvas.hatched(
                box, style.colour, style.hatch, style.hatch_colour, gid=f"med:{MedClass.PREVENTIVE.value}:{i}"
            )
            canvas.frame(box, style.hatch_colour, 2)
    _axis(canvas, plot)
    return plot


def key_height(kinds: int) -> int:
    """The height of the key to ``kinds`` medicine kinds: two to a row."""
    return 0 if not kinds else -(-kinds // 2) * KEY_ROW + 16


KEY_ROW = 64


def _wrapped(name: str) -> str:
    """Two lines for a long kind name, so two columns of the key fit a phone ("Комбинированное обезболивающее")."""
    return textwrap.fill(name, 22, max_lines=2, placeholder="…")


def draw_kind_key(canvas: Canvas, used: Sequence[MedClass], names: Mapping[str, str], *, top: int) -> tuple[str, ...]:
    """The key to the medicine kinds: swatch (colour and hatch), the day marker, and the name; the names."""
    column = (RIGHT - MARGIN) / 2
    for j, kind in enumerate(used):
        row, col = divmod(j, 2)
        x, y = round(MARGIN + col * column), top + 8 + row * KEY_ROW + KEY_ROW // 2
        style = KIND_STYLES[kind]
        swatch = (x, y - 15, x + 46, y + 15)
        canvas.hatched(swatch, style.colour, style.hatch, style.hatch_colour)
        canvas.frame(swatch, "#555555", 1)
        canvas.marker(style.marker, (x + 72, y), 22, style.colour)
        canvas.text((x + 96, y), _wrapped(kind_name(kind, names)), 25, anchor="lm", align="left", gid="key")
    return tuple(kind_name(k, names) for k in used)
