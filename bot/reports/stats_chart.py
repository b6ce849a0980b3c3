"""The /stats picture for exactly the period /stats counts: its days, then its weeks or months as bars.

Short periods (30 or 90 days, a calendar month) draw each day: worst pain as colour, a migraine-like
frame, and one marker per medicine kind taken. Every period draws bars (weeks up to a month, calendar
months beyond): headache days with migraine-like days inside, and medication days stacked by kind.
A bar with nothing recorded is hatched grey and labelled "no data", never drawn as 0. Each kind has a
colour AND a hatch and a marker shape, so the chart still reads printed in greyscale; preventives stand
apart (hollow, beside the stack), since they never count as acute medication. What was drawn is read
back from the artists into ``PeriodChartData`` so tests can hold the picture against /stats.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.figure import Figure
from matplotlib.gridspec import SubplotSpec
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import MaxNLocator
from PIL import Image

from bot.reports.charts import (
    HEADACHE_BAR,
    LEVEL_CMAP,
    LEVEL_NORM,
    MIGRAINE_BAR,
    MIGRAINE_EDGE,
    NO_ENTRY_COLOUR,
    PNG_DPI,
    PNG_HEIGHT,
    PNG_WIDTH,
    ChartLabels,
    calendar_axes,
    safe_text,
)
from storage.diary_types import DayCell, MedClass, PeriodChart, SpanCount


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
NO_DATA_HATCH = "///"


@dataclass(frozen=True, slots=True)
class PeriodChartData:
    """What the chart shows, read back from the drawn artists.

    ``days`` maps each past day to its drawn level (None where hatched "no entry"); ``headache_days``
    and each list in ``medication_days`` hold one value per bar, None where the bar says "no data".
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


@dataclass(frozen=True, slots=True)
class PeriodPicture:
    """The PNG bytes and what they show."""

    png: bytes
    data: PeriodChartData


def _places(cells: Sequence[DayCell]) -> tuple[dict[date, tuple[int, int]], int]:
    """Place each day at (row, column): weeks as rows, Monday first, from the period's first day."""
    if not cells:
        return {}, 1
    first = cells[0].day
    places = {c.day: divmod(first.weekday() + (c.day - first).days, 7) for c in cells}
    return places, max(row for row, _ in places.values()) + 1


def _kind_name(kind: MedClass, names: Mapping[str, str]) -> str:
    return safe_text(names.get(kind.value, kind.value.replace("_", " ")), 34)


def _wrapped(name: str) -> str:
    """Two lines for a long kind name, so two columns of the key fit a phone ("Комбинированное обезболивающее")."""
    return textwrap.fill(name, 22, max_lines=2, placeholder="…")


def draw_days(ax: Axes, cells: Sequence[DayCell], labels: ChartLabels, *, font: float) -> None:
    """Draw the period day by day: pain colour, hatched when empty, migraine frame, a marker per kind."""
    places, rows = _places(cells)
    values = np.ma.masked_array(np.zeros((rows, 7)), mask=True)
    for cell in cells:
        row, col = places[cell.day]
        if cell.future:
            ax.add_patch(Rectangle((col, row), 1, 1, facecolor="#ffffff", edgecolor="#e3e3e3", lw=0.8))
        elif cell.level is None:
            ax.add_patch(
                Rectangle((col, row), 1, 1, facecolor=NO_ENTRY_COLOUR, hatch="///", edgecolor="#a0a0a0", lw=0)
            ).set_gid("no-entry")
        else:
            values[row, col] = cell.level
    ax.pcolormesh(
        np.arange(8), np.arange(rows + 1), values, cmap=LEVEL_CMAP, norm=LEVEL_NORM, edgecolors="white", linewidth=2
    ).set_gid("levels")
    small = rows > 6  # 90 days: smaller numbers and markers
    for cell in cells:
        row, col = places[cell.day]
        dark = cell.level is not None and cell.level >= 7
        text = str(cell.day.day) if cell.day.day != 1 and cell != cells[0] else labels.day_month(cell.day)
        ax.text(
            col + 0.06,
            row + 0.08,
            text,
            ha="left",
            va="top",
            fontsize=font * (0.6 if small else 0.75),
            color="white" if dark else "#333333",
        )
        if cell.migraine and not cell.future:
            inset = 0.05
            ax.add_patch(
                Rectangle(
                    (col + inset, row + inset),
                    1 - 2 * inset,
                    1 - 2 * inset,
                    fill=False,
                    lw=font / (7 if small else 5),
                    edgecolor=MIGRAINE_EDGE,
                )
            ).set_gid("migraine")
    size = (font * (0.45 if small else 0.6)) ** 2
    for kind, style in KIND_STYLES.items():
        spots = [
            (places[c.day], sorted(c.classes, key=list(KIND_STYLES).index).index(kind))
            for c in cells
            if kind in c.classes and not c.future
        ]
        if not spots:
            continue  # an empty collection still costs a marker and a draw
        ax.scatter(
            [col + 0.88 - 0.2 * slot for (_, col), slot in spots],
            [row + 0.74 for (row, _), _ in spots],
            s=size,
            marker=style.marker,
            c=style.colour,
            edgecolors="#111111",
            linewidths=0.9,
            zorder=3,
        ).set_gid(f"kind:{kind.value}")
    calendar_axes(ax, rows, labels, font=font * 0.8)


def _month(day: date, labels: ChartLabels) -> str:
    return labels.months[day.month - 1]


def _tick(bar: SpanCount, i: int, bucket: str, labels: ChartLabels, *, years: bool) -> str:
    if bucket == "week":
        return labels.day_month(bar.first)
    year = f"\n{bar.first.year}" if years and (i == 0 or bar.first.month == 1) else ""
    return _month(bar.first, labels) + year


def _no_data(ax: Axes, x: float, top: float, i: int, labels: ChartLabels, *, font: float) -> None:
    ax.add_patch(
        Rectangle((x - 0.4, 0), 0.8, top, facecolor="#ececec", hatch=NO_DATA_HATCH, edgecolor="#b0b0b0", lw=0)
    ).set_gid(f"no-data:{i}")
    ax.text(
        x,
        top / 2,
        safe_text(labels.no_data, 20),
        rotation=90,
        ha="center",
        va="center",
        fontsize=font * 0.62,
        color="#555555",
    )


def draw_headache_bars(ax: Axes, chart: PeriodChart, labels: ChartLabels, *, font: float) -> None:
    """Headache days per bar with migraine-like days inside; "no data" where nothing was recorded."""
    bars = chart.bars
    top = max([*(b.headache_days for b in bars), 4]) * 1.6  # headroom for the key
    for i, bar in enumerate(bars):
        if not bar.has_data:
            _no_data(ax, i, top / 1.6, i, labels, font=font)
            continue
        _bar(ax, i, bar.headache_days, width=0.72, facecolor=HEADACHE_BAR, gid=f"headache:{i}")
        _bar(ax, i, bar.migraine_days, width=0.4, facecolor=MIGRAINE_BAR, gid=f"migraine:{i}")
        ax.text(i, bar.headache_days, str(bar.headache_days), ha="center", va="bottom", fontsize=font * 0.7)
    title = labels.weekly_title if chart.bucket == "week" else labels.bars_title
    _bar_axes(ax, chart, labels, top=top, title=title, font=font)
    handles = [
        Patch(color=HEADACHE_BAR, label=labels.headache_days),
        Patch(color=MIGRAINE_BAR, label=labels.migraine_days),
    ]
    ax.legend(handles=handles, fontsize=font * 0.62, loc="upper left", frameon=False, ncol=2)
    ax.spines[["top", "right"]].set_visible(False)


def draw_medication_bars(
    ax: Axes, chart: PeriodChart, labels: ChartLabels, names: Mapping[str, str], *, font: float
) -> tuple[str, ...]:
    """Medication days per bar stacked by kind, preventives hollow beside the stack; return the key's names."""
    bars = chart.bars
    used = [k for k in KIND_STYLES if any(b.medication_days.get(k) for b in bars)]
    acute_tops = [sum(n for k, n in b.medication_days.items() if k is not MedClass.PREVENTIVE) for b in bars]
    top = max([*acute_tops, *(b.medication_days.get(MedClass.PREVENTIVE, 0) for b in bars), 4]) * 1.2
    for i, bar in enumerate(bars):
        if not bar.has_data:
            _no_data(ax, i, top / 1.2, i, labels, font=font)
            continue
        bottom = 0
        for kind in ACUTE_ORDER:
            if days := bar.medication_days.get(kind, 0):
                style = KIND_STYLES[kind]
                _bar(
                    ax,
                    i - 0.08,
                    days,
                    bottom=bottom,
                    width=0.56,
                    facecolor=style.colour,
                    hatch=style.hatch,
                    edgecolor=style.hatch_colour,
                    lw=0,
                    gid=f"med:{kind.value}:{i}",
                )
                bottom += days
        if bottom:
            ax.text(i - 0.08, bottom, str(acute_tops[i]), ha="center", va="bottom", fontsize=font * 0.62)
        if days := bar.medication_days.get(MedClass.PREVENTIVE, 0):
            style = KIND_STYLES[MedClass.PREVENTIVE]
            _bar(
                ax,
                i + 0.3,
                days,
                width=0.18,
                facecolor=style.colour,
                hatch=style.hatch,
                edgecolor=style.hatch_colour,
                lw=1,
                gid=f"med:{MedClass.PREVENTIVE.value}:{i}",
            )
    _bar_axes(ax, chart, labels, top=top, title=labels.medication_title, font=font)
    ax.spines[["top", "right"]].set_visible(False)
    return tuple(_kind_name(k, names) for k in used)


def _bar(ax: Axes, x: float, height: float, *, width: float, bottom: float = 0, **style: Any) -> None:
    """One bar centred on ``x``, as ``ax.bar`` draws it, without its container, unit and autoscale work.

    The limits are set by hand (_bar_axes), so nothing is lost; a few ms less CPU on a 12-bar chart.
    """
    ax.add_patch(Rectangle((x - width / 2, bottom), width, height, **style))


def _bar_axes(ax: Axes, chart: PeriodChart, labels: ChartLabels, *, top: float, title: str, font: float) -> None:
    """The axes both bar charts share: a tick per bar, whole days up the side, the title on the left."""
    bars = chart.bars
    ax.set_xticks(
        range(len(bars)),
        [_tick(b, i, chart.bucket, labels, years=len(bars) > 6) for i, b in enumerate(bars)],
        fontsize=font * (0.62 if len(bars) > 6 else 0.72),
    )
    ax.set_xlim(-0.6, len(bars) - 0.4)
    ax.set_ylim(0, top)
    ax.tick_params(axis="y", labelsize=font * 0.65)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))  # days are whole
    ax.set_title(safe_text(title), fontsize=font * 0.85, loc="left", fontweight="bold")


def kinds_used(chart: PeriodChart) -> list[MedClass]:
    """The medicine kinds taken in the period, in the key's order."""
    return [k for k in KIND_STYLES if any(b.medication_days.get(k) for b in chart.bars)]


def draw_kind_key(fig: Figure, box: SubplotSpec, chart: PeriodChart, names: Mapping[str, str], *, font: float) -> None:
    """The key to the medicine kinds in ``box``: swatch (colour and hatch) with the day marker, and the name."""
    used = kinds_used(chart)
    handles: list[tuple[Patch, Line2D]] = []
    for kind in used:
        style = KIND_STYLES[kind]
        swatch = Patch(facecolor=style.colour, hatch=style.hatch, edgecolor=style.hatch_colour, lw=0)
        mark = Line2D(
            [], [], marker=style.marker, ls="", markersize=font * 0.45, color=style.colour, markeredgecolor="#111111"
        )
        handles.append((swatch, mark))
    if handles:
        fig.legend(  # on the figure, in the key's slot: an empty Axes to hold it would cost a tenth of a render
            cast(list[Artist], handles),  # HandlerTuple draws the pairs; Figure.legend's stub names only artists
            [_wrapped(_kind_name(k, names)) for k in used],
            handler_map={tuple: HandlerTuple(ndivide=None)},
            loc="center",
            ncol=2,
            frameon=False,
            fontsize=font * 0.62,
            handlelength=2.6,
            columnspacing=1.0,
            bbox_to_anchor=box.get_position(fig),
        )


def render_period_png(
    chart: PeriodChart, *, title: str, labels: ChartLabels | None = None, kinds: Mapping[str, str] | None = None
) -> PeriodPicture:
    """Render the period's chart as a 1080x1440 PNG, and read back what it shows.

    ``kinds`` names the medicine kinds by MedClass value, as the /stats text names them.
    """
    labels = labels or ChartLabels()
    names = kinds or {}
    font = 18.0
    fig = Figure(figsize=(PNG_WIDTH / PNG_DPI, PNG_HEIGHT / PNG_DPI), dpi=PNG_DPI)
    heading = safe_text(title, 70)
    size = font * 1.05 * min(1.0, 40 / max(len(heading), 1))  # a long title ("пт, 22 мая – сб, 20 июня") shrinks
    fig.text(0.05, 0.972, heading, fontsize=size, fontweight="bold", va="center")
    day_ax = None
    # The key to the medicine kinds has two columns of names that may take two lines each: its height grows
    # with its rows, so a diary with every kind (seven) is not cut off at the bottom.
    key_rows = max(3, -(-len(kinds_used(chart)) // 2))
    if chart.days:
        ratios = [3.9, 0.2, 0.42, 2.0, 2.1, 0.49 * key_rows]
        grid = fig.add_gridspec(6, 1, height_ratios=ratios, left=0.08, right=0.97, top=0.93, bottom=0.015, hspace=0.6)
        day_ax, cbar_ax, head_ax, med_ax = (fig.add_subplot(grid[i]) for i in (0, 1, 3, 4))
        key_box = grid[5]
        draw_days(day_ax, chart.days, labels, font=font)
        draw_scale(fig, cbar_ax, grid[2], labels, font=font)
    else:
        grid = fig.add_gridspec(
            3, 1, height_ratios=[3.2, 3.6, 0.3 * key_rows], left=0.08, right=0.97, top=0.92, bottom=0.04, hspace=0.4
        )
        head_ax, med_ax = (fig.add_subplot(grid[i]) for i in range(2))
        key_box = grid[2]
    draw_headache_bars(head_ax, chart, labels, font=font)
    legend = draw_medication_bars(med_ax, chart, labels, names, font=font)
    draw_kind_key(fig, key_box, chart, names, font=font)
    return PeriodPicture(png=encode_png(fig), data=read_period_chart(day_ax, head_ax, med_ax, chart, legend))


def encode_png(fig: Figure) -> bytes:
    """Draw the figure and encode it as an opaque RGB PNG.

    savefig writes RGBA: a quarter more bytes through zlib for an alpha channel the white figure never
    uses. Compression level 3 is about as small as savefig's 6 once alpha is gone, and takes half the CPU.
    """
    raw = io.BytesIO()
    fig.savefig(raw, format="rgba", dpi=PNG_DPI)  # Agg's pixels as they are, no encoding
    size = (round(fig.bbox.width), round(fig.bbox.height))
    rgb = Image.frombuffer("RGBA", size, raw.getvalue(), "raw", "RGBA", 0, 1).convert("RGB")
    buffer = io.BytesIO()
    rgb.save(buffer, format="png", compress_level=3, dpi=(PNG_DPI, PNG_DPI))
    return buffer.getvalue()


def draw_scale(fig: Figure, cbar_ax: Axes, box: SubplotSpec, labels: ChartLabels, *, font: float) -> None:
    """Draw the pain colour scale, and in ``box`` the key to "no entry" and the migraine-like frame."""
    bar = fig.colorbar(ScalarMappable(norm=LEVEL_NORM, cmap=LEVEL_CMAP), cax=cbar_ax, orientation="horizontal")
    bar.set_ticks(range(11))
    bar.ax.tick_params(labelsize=font * 0.7, length=0)
    bar.set_label(safe_text(labels.pain_scale), fontsize=font * 0.75)
    handles = [
        Patch(facecolor=NO_ENTRY_COLOUR, hatch="///", edgecolor="#a0a0a0", label=safe_text(labels.no_entry)),
        Patch(facecolor="white", edgecolor=MIGRAINE_EDGE, lw=font / 6, label=safe_text(labels.migraine_days)),
    ]
    fig.legend(
        handles=handles,
        loc="center",
        ncol=2,
        frameon=False,
        fontsize=font * 0.7,
        handlelength=1.4,
        bbox_to_anchor=box.get_position(fig),
    )


def read_period_chart(
    day_ax: Axes | None, head_ax: Axes, med_ax: Axes, chart: PeriodChart, legend: tuple[str, ...]
) -> PeriodChartData:
    """Recover the drawn days and bars from the artists (None where "no entry" or "no data")."""
    days: dict[date, int | None] = {}
    migraine: set[date] = set()
    kinds: dict[date, set[MedClass]] = {}
    if day_ax is not None:
        places, _ = _places(chart.days)
        by_place = {place: day for day, place in places.items()}
        mesh = next(c for c in day_ax.collections if c.get_gid() == "levels").get_array()
        assert mesh is not None
        grid = np.ma.asarray(mesh).reshape(-1, 7)
        days = {d: int(grid[r, c]) for (r, c), d in by_place.items() if not np.ma.is_masked(grid[r, c])}
        for patch in day_ax.patches:
            x, y = patch.get_xy() if isinstance(patch, Rectangle) else (0.0, 0.0)
            if patch.get_gid() == "no-entry":
                days[by_place[(int(y), int(x))]] = None
            elif patch.get_gid() == "migraine":
                migraine.add(by_place[(int(y), int(x))])
        for collection in day_ax.collections:
            gid = collection.get_gid() or ""
            if gid.startswith("kind:"):
                for x, y in np.asarray(collection.get_offsets()).reshape(-1, 2):
                    kinds.setdefault(by_place[(int(y), int(x))], set()).add(MedClass(gid[5:]))
    heights: dict[str, float] = {
        str(p.get_gid()): p.get_height() for ax in (head_ax, med_ax) for p in ax.patches if isinstance(p, Rectangle)
    }
    n = len(chart.bars)

    def series(prefix: str) -> tuple[int | None, ...]:
        return tuple(None if f"no-data:{i}" in heights else round(heights.get(f"{prefix}:{i}", 0.0)) for i in range(n))

    used = {MedClass(g.split(":")[1]) for g in heights if g.startswith("med:")}
    cell_texts = [text.get_text() for text in day_ax.texts] if day_ax is not None else []
    named_days = [text for text in cell_texts if not text.isdigit()]
    return PeriodChartData(
        days=dict(sorted(days.items())),
        migraine_days=frozenset(migraine),
        day_kinds={d: frozenset(k) for d, k in sorted(kinds.items())},
        bars=tuple(b.first for b in chart.bars),
        headache_days=series("headache"),
        migraine_days_per_bar=series("migraine"),
        medication_days={k: series(f"med:{k.value}") for k in KIND_STYLES if k in used},
        legend=legend,
        dates=(*named_days, *(tick.get_text() for tick in head_ax.get_xticklabels() if chart.bucket == "week")),
    )
