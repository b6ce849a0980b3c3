"""What the charts share: their words, colours and pain scale, user text made drawable, the monthly bars.

The doctor's report (doctor_report.py, its monthly bars) draws on ``matplotlib.figure.Figure`` objects,
never pyplot: no global figure registry, no backend switch, so it is safe next to other users of
matplotlib. The /stats chart (stats_chart.py) draws the same colours and words with Pillow, in the same
DejaVu Sans font.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

import numpy as np
from matplotlib import colormaps, font_manager
from matplotlib.axes import Axes
from matplotlib.colors import BoundaryNorm, ListedColormap, to_hex
from matplotlib.ft2font import FT2Font

from storage.diary_types import MonthCount

PNG_WIDTH, PNG_HEIGHT, PNG_DPI = 1080, 1440, 150
# The /stats chart is laid out on PNG_WIDTH x PNG_HEIGHT and drawn at 960 x 1280: Telegram shrinks a photo to
# 1280 pixels on its long side, so no phone ever showed more, and each render fills and encodes a fifth fewer.
STATS_SCALE = 8 / 9
NO_ENTRY_COLOUR, MIGRAINE_EDGE = "#d4d4d4", "#1d3a8a"
# A week or month with nothing recorded: a hatched grey bar with "no data" on a light patch, never a 0.
NO_DATA_FILL, NO_DATA_HATCH, NO_DATA_HATCH_COLOUR, NO_DATA_PATCH = "#ececec", "///", "#b8b8b8", "#f7f7f7"
HEADACHE_BAR, MIGRAINE_BAR = "#f4a259", "#9b2226"
# Level 0 is a pale neutral; 1-10 run from light yellow to dark red (mild 1-3, moderate 4-6, severe 7-10).
LEVEL_CMAP = ListedColormap(["#f1f3ee", *colormaps["YlOrRd"](np.linspace(0.12, 1.0, 10))])
ENGLISH_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LEVEL_NORM = BoundaryNorm(np.arange(-0.5, 11.5), LEVEL_CMAP.N)


@cache
def level_colours() -> tuple[str, ...]:
    """The colour of each pain level 0-10 as "#rrggbb", the /stats calendar's fills."""
    return tuple(to_hex(LEVEL_CMAP(level)) for level in range(11))


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


@cache
def _font_charmap() -> frozenset[int]:
    path = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"))
    return frozenset(FT2Font(path).get_charmap())


@lru_cache(maxsize=4096)  # labels and medicine names repeat from render to render
def safe_text(text: str, limit: int = 60) -> str:
    """Make user text drawable: no control characters, no glyphs the font lacks, at most ``limit`` characters."""
    charmap = _font_charmap()
    cleaned = "".join(ch if ord(ch) in charmap else "?" for ch in text if unicodedata.category(ch)[0] != "C")
    cleaned = " ".join(cleaned.split())
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1] + "…"
    return cleaned


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


def draw_monthly_bars(ax: Axes, monthly: Sequence[MonthCount], labels: ChartLabels, *, font: float = 15) -> None:
    """Draw headache days per month with migraine-like days overlaid; a month with nothing recorded says "no data".

    A month the user did not log is not a month without headaches: it gets the /stats chart's hatched grey bar
    with the words, never a 0 above an empty slot.
    """
    x = np.arange(len(monthly))
    headache = [m.headache_days for m in monthly]
    bars = ax.bar(x, headache, width=0.72, color=HEADACHE_BAR, label=labels.headache_days)
    overlay = ax.bar(x, [m.migraine_days for m in monthly], width=0.4, color=MIGRAINE_BAR, label=labels.migraine_days)
    inside = [str(m.migraine_days) if m.migraine_days >= 2 else "" for m in monthly]  # too short for text
    ax.bar_label(overlay, inside, label_type="center", color="white", fontsize=font * 0.7)
    ax.bar_label(bars, [str(m.headache_days) if m.has_data else "" for m in monthly], fontsize=font * 0.8, padding=3)
    tallest = max([*headache, 4])
    for i, month in enumerate(monthly):
        if not month.has_data:
            _no_data_bar(ax, i, tallest, labels.no_data, font=font * 0.7, upright=len(monthly) > 6)
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


def _no_data_bar(ax: Axes, i: int, height: float, words: str, *, font: float, upright: bool) -> None:
    """A hatched grey bar as tall as the tallest month, "no data" across it (along it when bars are narrow)."""
    [bar] = ax.bar(
        i, height, width=0.72, color=NO_DATA_FILL, hatch=NO_DATA_HATCH, edgecolor=NO_DATA_HATCH_COLOUR, linewidth=0
    )
    bar.set_gid(f"no-data:{i}")
    patch = {"boxstyle": "square,pad=0.25", "facecolor": NO_DATA_PATCH, "edgecolor": "none"}
    text = ax.text(
        i, height / 2, safe_text(words, 20), ha="center", va="center", fontsize=font, color="#444444",
        rotation=90 if upright else 0, bbox=patch,
    )
    text.set_gid(f"no-data-label:{i}")
