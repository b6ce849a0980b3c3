"""The /stats picture: a month heatmap and headache days per month, sized for a phone.

Drawn on ``matplotlib.figure.Figure`` objects, never pyplot: no global figure registry, no backend
switch, so it is safe next to other users of matplotlib. Rendering takes a few hundred ms: the bot
should call it through ``asyncio.to_thread``. What was drawn is read back from the artists into
``ChartData`` so tests can hold the picture against the statistics.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

import numpy as np
from matplotlib import colormaps, font_manager
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from storage.diary_types import MonthCalendar, MonthCount

PNG_WIDTH, PNG_HEIGHT, PNG_DPI = 1080, 1440, 150
NO_ENTRY_COLOUR, FUTURE_COLOUR, MIGRAINE_EDGE = "#d4d4d4", "#ffffff", "#1d3a8a"
HEADACHE_BAR, MIGRAINE_BAR = "#f4a259", "#9b2226"
# Level 0 is a pale neutral; 1-10 run from light yellow to dark red (mild 1-3, moderate 4-6, severe 7-10).
LEVEL_CMAP = ListedColormap(["#f1f3ee", *colormaps["YlOrRd"](np.linspace(0.12, 1.0, 10))])
ENGLISH_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LEVEL_NORM = BoundaryNorm(np.arange(-0.5, 11.5), LEVEL_CMAP.N)


def english_day_month(day: date) -> str:
    """ "22 May": the English day and month, as the charts draw them without a language."""
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]}"


@dataclass(frozen=True, slots=True)
class ChartLabels:
    """Every word drawn on the charts, so the bot can translate them."""

    months: tuple[str, ...] = ENGLISH_MONTHS  # stand-alone: a month on its own, as a bar's tick
    # A day with its month is not a day next to the stand-alone name: Russian says "22 мая", not "22 Май".
    day_month: Callable[[date], str] = english_day_month
    weekdays: tuple[str, ...] = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
    bars_title: str = "Headache days per month"
    headache_days: str = "Headache days"
    migraine_days: str = "Migraine-like days"
    medication: str = "Medication"
    no_entry: str = "No entry"
    pain_scale: str = "Pain 0–10"
    no_data: str = "No data"
    weekly_title: str = "Headache days per week"
    medication_title: str = "Medication days by kind"


@dataclass(frozen=True, slots=True)
class ChartData:
    """What the charts show, read back from the drawn artists.

    ``calendar`` maps each past day of the month to its drawn level, None where hatched as "no entry".
    """

    calendar: Mapping[date, int | None]
    medication_days: frozenset[date]
    migraine_days: frozenset[date]
    months: tuple[date, ...]
    headache_days: tuple[int, ...]
    migraine_days_per_month: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class StatsChart:
    """The PNG bytes and what they show."""

    png: bytes
    data: ChartData


@cache
def _font_charmap() -> frozenset[int]:
    path = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"))
    return frozenset(FT2Font(path).get_charmap())


def safe_text(text: str, limit: int = 60) -> str:
    """Make user text drawable: no mathtext, no control characters, no glyphs the font lacks."""
    charmap = _font_charmap()
    cleaned = "".join(ch if ord(ch) in charmap else "?" for ch in text if unicodedata.category(ch)[0] != "C")
    cleaned = " ".join(cleaned.split())
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1] + "…"
    return cleaned.replace("$", r"\$")


def _grid(calendar: MonthCalendar) -> tuple[dict[date, tuple[int, int]], int]:
    """Place each day at (row, column): weeks as rows, Monday first."""
    offset = calendar.month.weekday()
    places = {cell.day: divmod(offset + cell.day.day - 1, 7) for cell in calendar.days}
    rows = max(row for row, _ in places.values()) + 1 if places else 1
    return places, rows


def draw_calendar(ax: Axes, calendar: MonthCalendar, labels: ChartLabels, *, font: float = 15) -> None:
    """Draw one month as a heatmap; hatched grey where nothing was logged."""
    places, rows = _grid(calendar)
    values = np.ma.masked_array(np.zeros((rows, 7)), mask=True)
    for cell in calendar.days:
        row, col = places[cell.day]
        if cell.future:
            ax.add_patch(Rectangle((col, row), 1, 1, facecolor=FUTURE_COLOUR, edgecolor="#e3e3e3", lw=0.8))
        elif cell.level is None:
            ax.add_patch(
                Rectangle(
                    (col, row), 1, 1, facecolor=NO_ENTRY_COLOUR, hatch="///", edgecolor="#a0a0a0", lw=0, gid="no-entry"
                )
            )
        else:
            values[row, col] = cell.level
    ax.pcolormesh(
        np.arange(8),
        np.arange(rows + 1),
        values,
        cmap=LEVEL_CMAP,
        norm=LEVEL_NORM,
        edgecolors="white",
        linewidth=2,
        gid="levels",
    )
    for cell in calendar.days:
        row, col = places[cell.day]
        dark = cell.level is not None and cell.level >= 7
        ax.text(
            col + 0.08,
            row + 0.1,
            str(cell.day.day),
            ha="left",
            va="top",
            fontsize=font * 0.8,
            color="white" if dark else "#333333",
        )
        if cell.migraine and not cell.future:
            ax.add_patch(
                Rectangle(
                    (col + 0.06, row + 0.06),
                    0.88,
                    0.88,
                    fill=False,
                    lw=font / 5,
                    edgecolor=MIGRAINE_EDGE,
                    gid="migraine",
                )
            )
    med = [places[cell.day] for cell in calendar.days if cell.medication and not cell.future]
    ax.scatter(
        [col + 0.72 for _, col in med],
        [row + 0.7 for row, _ in med],
        s=(font * 0.9) ** 2,
        c="#111111",
        edgecolors="white",
        linewidths=1.2,
        zorder=3,
        gid="medication",
    )
    calendar_axes(ax, rows, labels, font=font * 0.85)


def calendar_axes(ax: Axes, rows: int, labels: ChartLabels, *, font: float) -> None:
    """A week per row, weekday names on top (`font` their size), no frame: the calendar grids' axes."""
    ax.set_xlim(0, 7)
    ax.set_ylim(rows, 0)
    ax.set_xticks(np.arange(7) + 0.5, labels.weekdays, fontsize=font)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def draw_legend(fig: Figure, cbar_ax: Axes, legend_ax: Axes, labels: ChartLabels, *, font: float) -> None:
    """Draw the pain colour scale and the key to the calendar's marks."""
    bar = fig.colorbar(ScalarMappable(norm=LEVEL_NORM, cmap=LEVEL_CMAP), cax=cbar_ax, orientation="horizontal")
    bar.set_ticks(range(11))
    bar.ax.tick_params(labelsize=font * 0.75, length=0)
    bar.set_label(labels.pain_scale, fontsize=font * 0.8)
    handles = [
        Patch(facecolor=NO_ENTRY_COLOUR, hatch="///", edgecolor="#a0a0a0", label=labels.no_entry),
        Line2D([], [], marker="o", ls="", markersize=font * 0.7, color="#111111", label=labels.medication),
        Patch(facecolor="white", edgecolor=MIGRAINE_EDGE, lw=font / 5, label=labels.migraine_days),
    ]
    legend_ax.axis("off")
    legend_ax.legend(
        handles=handles, loc="center", ncol=3, frameon=False, fontsize=font * 0.75, handlelength=1.4, columnspacing=1.2
    )


def draw_monthly_bars(ax: Axes, monthly: Sequence[MonthCount], labels: ChartLabels, *, font: float = 15) -> None:
    """Draw headache days per month with migraine-like days overlaid."""
    x = np.arange(len(monthly))
    headache = [m.headache_days for m in monthly]
    bars = ax.bar(x, headache, width=0.72, color=HEADACHE_BAR, label=labels.headache_days)
    overlay = ax.bar(x, [m.migraine_days for m in monthly], width=0.4, color=MIGRAINE_BAR, label=labels.migraine_days)
    inside = [str(m.migraine_days) if m.migraine_days >= 2 else "" for m in monthly]  # too short for text
    ax.bar_label(overlay, inside, label_type="center", color="white", fontsize=font * 0.7)
    ax.bar_label(bars, fontsize=font * 0.8, padding=3)
    ticks = [
        labels.months[m.month.month - 1] + (f"\n{m.month.year}" if i == 0 or m.month.month == 1 else "")
        for i, m in enumerate(monthly)
    ]
    ax.set_xticks(x, ticks, fontsize=font * 0.8)
    ax.set_ylim(0, max([*headache, 4]) * 1.45)  # headroom for the legend and the labels
    ax.tick_params(axis="y", labelsize=font * 0.75)
    ax.set_title(labels.bars_title, fontsize=font, loc="left", fontweight="bold")
    ax.legend(fontsize=font * 0.72, loc="upper left", frameon=False, ncol=2)
    ax.spines[["top", "right"]].set_visible(False)


def read_calendar(ax: Axes, calendar: MonthCalendar) -> tuple[dict[date, int | None], frozenset[date], frozenset[date]]:
    """Recover the drawn levels (None = hatched), medication days and migraine-like days of a heatmap."""
    places, _ = _grid(calendar)
    by_place = {place: day for day, place in places.items()}

    def day_at(x: float, y: float) -> date:
        return by_place[(int(y), int(x))]

    mesh_values = next(c for c in ax.collections if c.get_gid() == "levels").get_array()
    assert mesh_values is not None
    grid = np.ma.asarray(mesh_values).reshape(-1, 7)
    drawn: dict[date, int | None] = {
        day: int(grid[row, col]) for (row, col), day in by_place.items() if not np.ma.is_masked(grid[row, col])
    }
    rectangles = [p for p in ax.patches if isinstance(p, Rectangle)]
    drawn.update({day_at(*p.get_xy()): None for p in rectangles if p.get_gid() == "no-entry"})
    migraine = frozenset(day_at(*p.get_xy()) for p in rectangles if p.get_gid() == "migraine")
    dots = next(c for c in ax.collections if c.get_gid() == "medication").get_offsets()
    medication = frozenset(day_at(x, y) for x, y in np.asarray(dots).reshape(-1, 2))
    return dict(sorted(drawn.items())), medication, migraine


def read_bars(ax: Axes) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Recover the drawn headache-day and migraine-day bar heights, oldest month first."""
    # draw_monthly_bars adds the headache bars first, then the migraine-like overlay.
    headache, migraine = (tuple(round(rect.get_height()) for rect in c) for c in ax.containers[:2])
    return headache, migraine


def render_stats_png(
    calendar: MonthCalendar, monthly: Sequence[MonthCount], *, title: str = "", labels: ChartLabels | None = None
) -> StatsChart:
    """Render the month heatmap and the monthly bars as a 1080x1440 PNG."""
    labels = labels or ChartLabels()
    font = 18.0
    fig = Figure(figsize=(PNG_WIDTH / PNG_DPI, PNG_HEIGHT / PNG_DPI), dpi=PNG_DPI)
    grid = fig.add_gridspec(
        4, 1, height_ratios=[5.4, 0.28, 0.45, 3.6], left=0.07, right=0.97, top=0.905, bottom=0.07, hspace=0.35
    )
    heading = title or f"{labels.months[calendar.month.month - 1]} {calendar.month.year}"
    fig.text(0.07, 0.965, safe_text(heading), fontsize=font * 1.45, fontweight="bold", va="center")
    cal_ax, cbar_ax, legend_ax, bars_ax = (fig.add_subplot(grid[i]) for i in range(4))
    draw_calendar(cal_ax, calendar, labels, font=font)
    draw_legend(fig, cbar_ax, legend_ax, labels, font=font)
    draw_monthly_bars(bars_ax, monthly, labels, font=font)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    drawn, medication, migraine = read_calendar(cal_ax, calendar)
    headache_bars, migraine_bars = read_bars(bars_ax)
    data = ChartData(
        calendar=drawn,
        medication_days=medication,
        migraine_days=migraine,
        months=tuple(m.month for m in monthly),
        headache_days=headache_bars,
        migraine_days_per_month=migraine_bars,
    )
    return StatsChart(png=buffer.getvalue(), data=data)
