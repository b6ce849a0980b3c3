"""The /stats chart's days: a calendar of worst pain with migraine-like frames and medicine markers, and its key."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.reports.canvas import Box, Canvas, text_width
from bot.reports.charts import MIGRAINE_EDGE, NO_ENTRY_COLOUR, ChartLabels, level_colours, safe_text
from bot.reports.stats_bars import KIND_STYLES
from storage.diary_types import DayCell

NO_ENTRY_HATCH = "///"
GAP = 2  # white between cells, each side


@dataclass(frozen=True, slots=True)
class Grid:
    """Where the calendar puts each day: weeks as rows, Monday first, from the period's first day."""

    left: float
    top: float
    cell_width: float
    cell_height: float
    first: date

    def cell(self, day: date) -> Box:
        """The day's cell in pixels, less the white gap around it."""
        row, col = divmod(self.first.weekday() + (day - self.first).days, 7)
        return (
            round(self.left + col * self.cell_width) + GAP,
            round(self.top + row * self.cell_height) + GAP,
            round(self.left + (col + 1) * self.cell_width) - GAP,
            round(self.top + (row + 1) * self.cell_height) - GAP,
        )

    def day_at(self, box: Box) -> date:
        """The day whose cell holds the middle of ``box``: how a frame or marker is read back."""
        x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        col, row = int((x - self.left) // self.cell_width), int((y - self.top) // self.cell_height)
        return self.first + timedelta(days=row * 7 + col - self.first.weekday())


def draw_days(
    canvas: Canvas, cells: Sequence[DayCell], labels: ChartLabels, *, left: int, top: int, width: int
) -> tuple[Grid, int]:
    """Draw the period day by day: pain colour, hatched when empty, migraine frame, a marker per kind.

    Returns the grid and the calendar's bottom edge.
    """
    first = cells[0].day
    rows = (first.weekday() + len(cells) - 1) // 7 + 1
    small = rows > 6  # 90 days: smaller numbers and markers
    grid = Grid(left, top + 36, width / 7, min(72.0, 460 / rows), first)
    for col, name in enumerate(labels.weekdays):
        canvas.text((left + (col + 0.5) * grid.cell_width, top + 16), name, 30, anchor="mm", gid="weekday")
    colours = level_colours()
    number, marker = (22, 17) if small else (28, 22)
    order = list(KIND_STYLES)
    for cell in cells:
        box = grid.cell(cell.day)
        if cell.future:
            canvas.box(box, "#ffffff", outline="#e3e3e3", width=2)
        elif cell.level is None:
            canvas.hatched(box, NO_ENTRY_COLOUR, NO_ENTRY_HATCH, "#a0a0a0", gid="no-entry")
        else:
            canvas.box(box, colours[cell.level], gid="level")
        dark = cell.level is not None and cell.level >= 7
        text = str(cell.day.day) if cell.day.day != 1 and cell is not cells[0] else labels.day_month(cell.day)
        canvas.text((box[0] + 6, box[1] + 2), text, number, colour="white" if dark else "#333333", gid="day")
        if cell.future:
            continue
        if cell.migraine:
            inset = 2 if small else 3
            frame = (box[0] + inset, box[1] + inset, box[2] - inset, box[3] - inset)
            canvas.frame(frame, MIGRAINE_EDGE, 3 if small else 6, gid="migraine")
        for slot, kind in enumerate(sorted(cell.classes, key=order.index)):  # right to left, in the key's order
            x = box[2] - 8 - marker / 2 - slot * (marker + 6)
            y = box[3] - 5 - marker / 2
            canvas.marker(KIND_STYLES[kind].marker, (x, y), marker, KIND_STYLES[kind].colour, gid=f"kind:{kind.value}")
    return grid, round(grid.top + rows * grid.cell_height)


def draw_scale(canvas: Canvas, labels: ChartLabels, *, left: int, top: int, width: int) -> int:
    """Draw the pain colour scale, and under it the key to "no entry" and the migraine-like frame; the bottom."""
    name = safe_text(labels.pain_scale)
    canvas.text((left, top + 20), name, 26, anchor="lm")
    start = left + text_width(name, 26) + 16
    step = (left + width - start) / 11
    for level, colour in enumerate(level_colours()):
        box = (round(start + level * step), top, round(start + (level + 1) * step), top + 40)
        canvas.box(box, colour)
        middle = ((box[0] + box[2]) / 2, top + 20)
        canvas.text(middle, str(level), 24, anchor="mm", colour="white" if level >= 7 else "#333333", gid="scale")
    canvas.frame((round(start), top, left + width, top + 40), "#9a9a9a", 1)
    # The key: a hatched swatch for "no entry", a framed one for migraine-like days, side by side, centred.
    entries = [safe_text(labels.no_entry), safe_text(labels.migraine_days)]
    size = 26
    widths = [56 + text_width(entry, size) for entry in entries]
    x = left + (width - sum(widths) - 48) / 2
    y = top + 58
    for i, entry in enumerate(entries):
        swatch = (round(x), y, round(x) + 44, y + 28)
        if i == 0:
            canvas.hatched(swatch, NO_ENTRY_COLOUR, NO_ENTRY_HATCH, "#a0a0a0")
        else:
            canvas.frame(swatch, MIGRAINE_EDGE, 5)
        canvas.text((swatch[2] + 12, y + 14), entry, size, anchor="lm", gid="key")
        x += widths[i] + 48
    return y + 28 + 16
