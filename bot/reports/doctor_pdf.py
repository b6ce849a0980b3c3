"""The one-page A4 PDF for a clinician: the last 3 calendar months of the diary.

The months are calendar months ending with the current one (so it is partial, shown with its days
recorded), the unit ICHD-3 uses for headache days and medication-overuse limits. Call through
``asyncio.to_thread``: rendering blocks for a few hundred ms.
"""

from __future__ import annotations

import io
import textwrap
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from zoneinfo import ZoneInfo

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.table import Table
from matplotlib.transforms import Bbox

from bot.reports.charts import ChartLabels, draw_calendar, draw_legend, draw_monthly_bars, safe_text
from storage.diary_stats import (
    COMBINED_OVERUSE_LIMIT,
    OVERUSE_LIMITS,
    add_months,
    chronic_pattern,
    compute_period_stats,
    month_calendar,
    month_start,
)
from storage.diary_types import AttackRecord, CheckinRecord, IntakeRecord, MedClass, PeriodStats
from storage.midas import MidasResult

A4_INCHES = (8.27, 11.69)
OVER_LIMIT_FILL, OVER_LIMIT_TEXT = "#fde0dc", "#b00020"
CLASS_ORDER = (
    MedClass.SIMPLE_ANALGESIC,
    MedClass.COMBINATION,
    MedClass.TRIPTAN,
    MedClass.ERGOT,
    MedClass.OPIOID,
    MedClass.GEPANT,
    MedClass.DITAN,
    MedClass.OTHER,
)


@dataclass(frozen=True, slots=True)
class ReportLabels:
    """Every word on the report, so the bot can translate it."""

    chart: ChartLabels = field(default_factory=ChartLabels)
    title: str = "Headache diary summary"
    subtitle: str = "{start} – {end}  ·  generated {today}  ·  time zone {tz}"
    monthly_heading: str = "Days per calendar month"
    monthly_columns: tuple[str, ...] = ("Month", "Recorded", "Headache", "Migraine-like")
    total: str = "Total"
    summary_heading: str = "Summary"
    attacks: str = "Attacks: {attacks}; average peak pain {peak}/10"
    disability: str = "Days unable to function: {unable}; limited: {limited}"
    midas: str = "MIDAS: score {score}, grade {grade} ({severity}){on}"
    midas_missing: str = "MIDAS: not completed"
    chronic: str = "≥15 headache days in each of 3 consecutive months"
    medication_heading: str = "Acute medication: days per month against ICHD-3 overuse limits"
    medication_columns: tuple[str, str] = ("Class (medicines recorded)", "Limit")
    several_classes: str = "Several classes together"
    limits_note: str = "Highlighted: at or over the limit (days/month). No ICHD-3 limit for gepants, ditans."
    no_medication: str = "No acute medication recorded"
    calendar_heading: str = "Daily worst pain"
    triggers_heading: str = "Most common triggers"
    symptoms_heading: str = "Most common symptoms"
    none_recorded: str = "none recorded"
    footer: str = "Patient-recorded diary; not a diagnosis"
    med_classes: Mapping[MedClass, str] = field(
        default_factory=lambda: MappingProxyType(
            {
                MedClass.SIMPLE_ANALGESIC: "Simple analgesics",
                MedClass.COMBINATION: "Combination analgesics",
                MedClass.TRIPTAN: "Triptans",
                MedClass.ERGOT: "Ergots",
                MedClass.OPIOID: "Opioids",
                MedClass.GEPANT: "Gepants",
                MedClass.DITAN: "Ditans",
                MedClass.OTHER: "Other",
            }
        )
    )
    severity: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType(
            {"little_or_none": "little or none", "mild": "mild", "moderate": "moderate", "severe": "severe"}
        )
    )
    terms: Mapping[str, str] = field(default_factory=dict)  # display names of trigger/symptom keys

    def day(self, value: date) -> str:
        """Format a date without the process locale."""
        return f"{value.day} {self.chart.months[value.month - 1]} {value.year}"

    def term(self, key: str) -> str:
        """Name a trigger or symptom key."""
        return self.terms.get(key, key.replace("_", " "))


@dataclass(frozen=True, slots=True)
class DoctorReport:
    """The drawn page and what it was drawn from, for tests and for the PDF writer."""

    figure: Figure
    stats: PeriodStats
    monthly_table: tuple[tuple[str, ...], ...]
    medication_table: tuple[tuple[str, ...], ...]


def _medicine_names(intakes: Sequence[IntakeRecord], tz: ZoneInfo, start: date) -> dict[MedClass, str]:
    counts: dict[MedClass, Counter[str]] = {}
    for intake in intakes:
        name = safe_text(intake.name, limit=24)
        if name and intake.taken_at.astimezone(tz).date() >= start:
            counts.setdefault(intake.med_class, Counter())[name] += 1
    return {cls: ", ".join(name for name, _ in c.most_common(3)) for cls, c in counts.items()}


def _medication_rows(
    stats: PeriodStats, names: Mapping[MedClass, str], labels: ReportLabels
) -> list[tuple[list[str], list[bool]]]:
    """Return each table row's cells and which month cells carry an overuse warning."""
    flagged = {(w.month, w.med_class) for w in stats.overuse}
    rows = []
    for cls in CLASS_ORDER:
        days = [m.medication_days.get(cls, 0) for m in stats.months]
        if any(days):
            limit = OVERUSE_LIMITS.get(cls)
            title = labels.med_classes[cls] + (f" ({names[cls]})" if names.get(cls) else "")
            cells = [title, *map(str, days), f"≥{limit}" if limit else "–"]
            rows.append((cells, [(m.month, cls) in flagged for m in stats.months]))
    several = [sum(1 for cls in OVERUSE_LIMITS if m.medication_days.get(cls)) >= 2 for m in stats.months]
    if any(several):
        cells = [labels.several_classes, *(str(m.overuse_class_days) for m in stats.months)]
        rows.append(([*cells, f"≥{COMBINED_OVERUSE_LIMIT}"], [(m.month, None) in flagged for m in stats.months]))
    return rows


def _table(ax: Axes, cells: list[list[str]], widths: list[float], font: float) -> Table:
    ax.axis("off")
    whole_axes = Bbox.from_bounds(0, 0, 1, 1)
    table = ax.table(cellText=cells, colWidths=widths, loc="upper left", cellLoc="center", bbox=whole_axes)
    table.auto_set_font_size(False)
    table.set_fontsize(font)
    for (row, col), cell in table.get_celld().items():
        cell.set_edgecolor("#c8c8c8")
        cell.set_linewidth(0.5)
        if row == 0:
            cell.set_facecolor("#eeeeee")
            cell.get_text().set_fontweight("bold")
        if col == 0:
            cell.get_text().set_horizontalalignment("left")
            cell.PAD = 0.02
    return table


def build_doctor_report(
    attacks: Sequence[AttackRecord],
    intakes: Sequence[IntakeRecord],
    checkins: Sequence[CheckinRecord],
    *,
    tz: ZoneInfo,
    now: datetime,
    midas: MidasResult | None = None,
    months: int = 3,
    labels: ReportLabels | None = None,
) -> DoctorReport:
    """Lay out the report page for the last ``months`` calendar months."""
    labels = labels or ReportLabels()
    today = now.astimezone(tz).date()
    start = add_months(month_start(today), -(months - 1))
    stats = compute_period_stats(attacks, intakes, checkins, tz=tz, start=start, end=today, now=now)
    monthly = stats.months
    fig = Figure(figsize=A4_INCHES)
    left, width = 0.07, 0.86

    fig.text(left, 0.962, labels.title, fontsize=17, fontweight="bold", va="center")
    subtitle = labels.subtitle.format(
        start=labels.day(start), end=labels.day(today), today=labels.day(today), tz=tz.key
    )
    fig.text(left, 0.94, subtitle, fontsize=9.5, color="#444444", va="center")
    fig.add_artist(_rule(fig, 0.927, left, width))

    # Monthly days (left) and summary (right).
    month_names = [labels.chart.months[m.month.month - 1] + f" {m.month.year}" for m in monthly]
    monthly_cells = [list(labels.monthly_columns)]
    for name, m in zip(month_names, monthly, strict=True):
        monthly_cells.append([name, f"{m.logged_days}/{m.days_counted}", str(m.headache_days), str(m.migraine_days)])
    monthly_cells.append(
        [
            labels.total,
            f"{sum(m.logged_days for m in monthly)}/{sum(m.days_counted for m in monthly)}",
            str(stats.counts.headache_days),
            str(stats.counts.migraine_days),
        ]
    )
    fig.text(left, 0.912, labels.monthly_heading, fontsize=11, fontweight="bold", va="center")
    table_height = 0.021 * len(monthly_cells)
    _table(fig.add_axes((left, 0.898 - table_height, 0.47, table_height)), monthly_cells, [0.27, 0.22, 0.23, 0.28], 9)

    peak = stats.counts.average_peak_intensity
    summary = [
        labels.attacks.format(attacks=stats.counts.attacks, peak="–" if peak is None else f"{peak:.1f}"),
        labels.disability.format(unable=stats.counts.unable_days, limited=stats.counts.limited_days),
    ]
    if midas is None:
        summary.append(labels.midas_missing)
    else:
        on = f", {labels.day(midas.completed_on)}" if midas.completed_on else ""
        summary.append(
            labels.midas.format(
                score=midas.score, grade=midas.grade.value, severity=labels.severity[midas.grade.severity], on=on
            )
        )
    if chronic_pattern(monthly, min_migraine_days=0):
        summary.append(labels.chronic)
    fig.text(0.58, 0.912, labels.summary_heading, fontsize=11, fontweight="bold", va="center")
    wrapped = "\n".join(textwrap.fill(line, 46, subsequent_indent="  ") for line in summary)
    fig.text(0.58, 0.895, wrapped, fontsize=9, va="top", linespacing=1.7)
    y = 0.898 - table_height - 0.03

    # Medication days against the overuse limits.
    fig.text(left, y, labels.medication_heading, fontsize=11, fontweight="bold", va="center")
    rows = _medication_rows(stats, _medicine_names(intakes, tz, start), labels)
    header = [labels.medication_columns[0], *month_names, labels.medication_columns[1]]
    if rows:
        cells = [header, *(r for r, _ in rows)]
        height = 0.021 * len(cells)
        table = _table(
            fig.add_axes((left, y - 0.014 - height, width, height)), cells, [0.52] + [0.12] * len(monthly) + [0.12], 8.5
        )
        for row, (_, over) in enumerate(rows, start=1):
            for col, flagged in enumerate(over, start=1):
                if flagged:
                    table[row, col].set_facecolor(OVER_LIMIT_FILL)
                    table[row, col].get_text().set(color=OVER_LIMIT_TEXT, fontweight="bold")
        y -= 0.014 + height + 0.016
        fig.text(left, y, labels.limits_note, fontsize=8, color="#444444", va="center")
        medication_table = tuple(tuple(r) for r in cells)
    else:
        y -= 0.022
        fig.text(left, y, labels.no_medication, fontsize=9, va="center")
        medication_table = (tuple(header),)
    y -= 0.035

    # Calendars of the months, then the monthly bars beside the triggers and symptoms.
    fig.text(left, y, labels.calendar_heading, fontsize=11, fontweight="bold", va="center")
    cal_height, gap = 0.15, 0.03
    cal_width = (width - gap * (len(monthly) - 1)) / len(monthly)
    for i, m in enumerate(monthly):
        ax = fig.add_axes((left + i * (cal_width + gap), y - 0.03 - cal_height, cal_width, cal_height))
        calendar = month_calendar(attacks, intakes, checkins, tz=tz, now=now, month=m.month)
        draw_calendar(ax, calendar, labels.chart, font=7.5)
        ax.set_xlabel(month_names[i], fontsize=9)
    y -= 0.03 + cal_height + 0.03
    draw_legend(
        fig, fig.add_axes((left + 0.1, y, 0.3, 0.008)), fig.add_axes((0.5, y - 0.012, 0.43, 0.03)), labels.chart, font=8
    )
    y -= 0.05

    bars_height = max(0.12, y - 0.08)
    bars_ax = fig.add_axes((left + 0.03, y - bars_height, 0.4, bars_height))
    draw_monthly_bars(bars_ax, monthly, labels.chart, font=9)
    for offset, heading, items in (
        (0.0, labels.triggers_heading, stats.top_triggers),
        (0.13, labels.symptoms_heading, stats.top_symptoms),
    ):
        fig.text(0.58, y - offset, heading, fontsize=10, fontweight="bold", va="top")
        fig.text(0.58, y - offset - 0.02, "\n".join(_ranked(items, labels)), fontsize=9, va="top", linespacing=1.5)
    fig.text(0.5, 0.022, labels.footer, fontsize=9, ha="center", va="center", color="#444444", style="italic")
    fig.add_artist(_rule(fig, 0.035, left, width))
    return DoctorReport(fig, stats, tuple(tuple(r) for r in monthly_cells), medication_table)


def _ranked(items: Sequence[tuple[str, int]], labels: ReportLabels) -> list[str]:
    if not items:
        return [labels.none_recorded]
    return [f"{safe_text(labels.term(key), 40)}: {count}" for key, count in items]


def _rule(fig: Figure, y: float, left: float, width: float) -> Line2D:
    return Line2D([left, left + width], [y, y], transform=fig.transFigure, color="#999999", lw=0.6)


def render_doctor_report(
    attacks: Sequence[AttackRecord],
    intakes: Sequence[IntakeRecord],
    checkins: Sequence[CheckinRecord],
    *,
    tz: ZoneInfo,
    now: datetime,
    midas: MidasResult | None = None,
    months: int = 3,
    labels: ReportLabels | None = None,
) -> bytes:
    """Render the one-page A4 doctor report as PDF bytes."""
    report = build_doctor_report(attacks, intakes, checkins, tz=tz, now=now, midas=midas, months=months, labels=labels)
    buffer = io.BytesIO()
    title = (labels or ReportLabels()).title
    report.figure.savefig(buffer, format="pdf", metadata={"Title": title, "Creator": "Migraine Companion"})
    return buffer.getvalue()
