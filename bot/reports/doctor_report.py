"""The doctor's report: a multi-page A4 PDF of 1, 3, 6 or 12 calendar months, written with fpdf2.

Sections, in the order a neurologist asks: the months at a glance (with the chart), acute medication
days against the ICHD-3 overuse limits, what works per medicine, regular (preventive) medicines with
adherence, MIDAS items and grade with the trend, the menstrual pattern and the factor table when they
exist, then the attack list. The patient's name and date of birth are blank lines to fill in on paper:
they are never asked for or stored.

Text is set in DejaVu Sans, the TTF that ships inside matplotlib (Bitstream Vera licence plus public
domain changes: free to embed and redistribute), so Latin, Cyrillic and Greek render. Characters the
font lacks (emoji in a typed medicine name) are dropped on purpose rather than drawn as boxes.
Call through ``asyncio.to_thread``: rendering a 12-month report blocks for a few hundred ms.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import matplotlib
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import FontFace
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.reports.charts import ChartLabels, draw_monthly_bars
from storage.diary_stats import COMBINED_OVERUSE_LIMIT, OVERUSE_LIMITS, is_migraine_like_attack
from storage.diary_types import Effect, MedClass
from storage.report_data import AttackEntry, ReportData

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_FAMILY = "DejaVu"
NAME_LIMIT = 40  # characters of a typed medicine name shown in a table cell
GREY, DARK, RED, RED_FILL, HEAD_FILL = (90, 90, 90), (20, 20, 20), (176, 0, 32), (253, 224, 220), (238, 238, 238)
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
class ReportWords:
    """Every word on the report, so the bot can translate it."""

    chart: ChartLabels = field(default_factory=ChartLabels)
    title: str = "Headache diary report"
    subtitle: str = "{start} – {end} (calendar months: {months}) · generated {today} · time zone {tz}"
    patient_name: str = "Name"
    patient_birth: str = "Date of birth"
    patient_note: str = "Filled in by hand by the patient; the app does not store it."
    footer: str = "Patient-recorded diary; not a diagnosis · page {page} of {pages}"
    glance: str = "The months at a glance"
    glance_columns: tuple[str, ...] = (
        "Month",
        "Recorded",
        "Headache days",
        "Migraine-like",
        "Attacks",
        "Acute med. days",
    )
    total: str = "Total"
    summary: str = (
        "{attacks} attacks; average peak pain {peak}/10. Days unable to function: {unable}; limited: {limited}."
    )
    medication: str = "Acute medication days per month against ICHD-3 overuse limits"
    medication_class: str = "Class (medicines)"
    limit: str = "Limit"
    several_classes: str = "Several classes together"
    limits_note: str = "Red: at or over the limit (days in the calendar month). No ICHD-3 limit for gepants, ditans."
    no_medication: str = "No acute medication recorded."
    works: str = "What works: 2-hour follow-up per medicine"
    works_columns: tuple[str, ...] = (
        "Medicine",
        "Doses",
        "Pain gone",
        "Better",
        "No help",
        "Not rated",
        "Max days/month",
    )
    regular: str = "Regular (preventive) medicines and adherence"
    regular_columns: tuple[str, ...] = ("Medicine", "Doses confirmed taken", "Adherence")
    regular_none: str = "No medication reminders set up."
    regular_paused: str = " (reminder off)"
    midas: str = "MIDAS (disability, last 3 months)"
    midas_none: str = "MIDAS not completed yet."
    midas_items: tuple[str, ...] = (
        "1. Days of work or school missed",
        "2. Days work or school productivity halved",
        "3. Days no household work done",
        "4. Days household productivity halved",
        "5. Days family, social or leisure activities missed",
        "A. Headache days",
        "B. Average pain (0–10)",
    )
    midas_score: str = "Score {score}, grade {grade} ({severity}), {day}"
    midas_trend: str = "Trend"
    midas_item_columns: tuple[str, str] = ("Item (last 3 months)", "Answer")
    midas_columns: tuple[str, str, str] = ("Completed", "Score", "Grade")
    menstrual: str = "Menstrual pattern (ICHD-3 appendix A1.1: attacks day −2 to +3 in ≥2 of 3 cycles)"
    menstrual_met: str = "Attacks began in the window in {hit} of the last 3 cycles: pattern met ({kind})."
    menstrual_pure: str = "only in the windows"
    menstrual_related: str = "{other} attack(s) at other times too"
    menstrual_not_met: str = "Attacks began in the window in {hit} of the last 3 cycles: pattern not met."
    menstrual_wait: str = "Period days recorded for {cycles} complete cycle(s); the rule needs 3."
    menstrual_columns: tuple[str, str, str] = ("Day 1 of period", "Window", "Attacks begun in window")
    factors: str = "Daily factors: attack days against attack-free days (odds ratio, 95% CI)"
    factors_columns: tuple[str, ...] = (
        "Factor",
        "Attack on days with",
        "Attack on days without",
        "Odds ratio (95% CI)",
    )
    factors_wait: str = "Shown after 60 days of diary and 8 attacks (now {days} days, {attacks} attacks)."
    factors_few: str = "too few days"
    factors_note: str = (
        "Association in a patient's diary, not causation; sample odds ratio with Woolf interval (scipy)."
    )
    attacks: str = "Attacks"
    attack_columns: tuple[str, ...] = ("Start", "Duration", "Peak", "Aura", "Medicines (time → effect at 2 h)")
    ongoing: str = "ongoing"
    no_attacks: str = "No attacks recorded in this period."
    aura_minutes: str = "{minutes} min"
    not_recorded: str = "not rated"
    migraine_mark: str = "M = migraine-like (see definition)"
    definitions: str = (
        "Headache day: any headache that local day. Migraine-like day (van der Arend/Terwindt): headache ≥30 min with "
        "2 features and an associated symptom, aura 5–60 min, or migraine-specific acute medication on a headache day."
    )
    effects: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType(
            {"none": "no help", "some": "some help", "good": "good help", "complete": "pain gone"}
        )
    )
    med_classes: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType(
            {
                "simple_analgesic": "Simple analgesics",
                "combination": "Combination analgesics",
                "triptan": "Triptans",
                "ergot": "Ergots",
                "opioid": "Opioids",
                "gepant": "Gepants",
                "ditan": "Ditans",
                "other": "Other",
                "preventive": "Preventives",
            }
        )
    )
    factor_names: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType(
            {
                "sleep": "Poor sleep",
                "stress": "High stress",
                "period": "Period days",
                "caffeine": "Caffeine",
                "alcohol": "Alcohol",
                "exercise": "Exercise",
            }
        )
    )
    severity: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType(
            {"little_or_none": "little or none", "mild": "mild", "moderate": "moderate", "severe": "severe"}
        )
    )
    aura_kinds: Mapping[str, str] = field(default_factory=dict)

    def day(self, value: date) -> str:
        """Format a date without the process locale: "3 Dec 2026"."""
        return f"{value.day} {self.chart.months[value.month - 1]} {value.year}"

    def month(self, value: date) -> str:
        """Format a calendar month: "Dec 2026"."""
        return f"{self.chart.months[value.month - 1]} {value.year}"


@cache
def _charmap() -> frozenset[int]:
    with TTFont(FONT_DIR / "DejaVuSans.ttf") as font:
        return frozenset(font.getBestCmap())


def clean(text: str, limit: int = 80) -> str:
    """Keep what the font can draw: no control characters, no emoji (dropped on purpose), at most ``limit``."""
    charmap = _charmap()
    kept = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" and ord(ch) in charmap)
    kept = " ".join(kept.split())
    return kept if len(kept) <= limit else kept[: limit - 1] + "…"


class _Document(FPDF):
    """A4 pages with the footer on each."""

    def __init__(self, words: ReportWords) -> None:
        super().__init__(format="A4")
        self.words = words
        self.add_font(FONT_FAMILY, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT_FAMILY, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.add_font(FONT_FAMILY, "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
        self.set_margins(15, 14, 15)
        self.set_auto_page_break(True, margin=16)
        self.alias_nb_pages("{pages}")

    def footer(self) -> None:
        """Write the disclaimer and page number at the foot of every page."""
        self.set_y(-12)
        self.set_font(FONT_FAMILY, "I", 7.5)
        self.set_text_color(*GREY)
        text = self.words.footer.replace("{page}", str(self.page_no()))
        self.cell(0, 5, text, align="C")
        self.set_text_color(*DARK)

    def heading(self, text: str) -> None:
        """Start a section, on a new page when fewer than 35 mm are left."""
        if self.get_y() > self.h - 16 - 35:
            self.add_page()
        self.ln(3)
        self.set_font(FONT_FAMILY, "B", 11)
        self.multi_cell(0, 6, clean(text, 200), align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT_FAMILY, "", 8.5)
        self.ln(1)

    def line_text(self, text: str, *, size: float = 8.5, style: str = "", colour: tuple[int, int, int] = DARK) -> None:
        """Write a paragraph."""
        self.set_font(FONT_FAMILY, style, size)
        self.set_text_color(*colour)
        self.multi_cell(0, 4.4, clean(text, 600), align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*DARK)
        self.set_font(FONT_FAMILY, "", 8.5)

    def grid(
        self,
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        flagged: set[tuple[int, int]] = frozenset(),  # type: ignore[assignment]
        align: str = "CENTER",
        size: float = 8,
        left: frozenset[int] = frozenset({0}),
    ) -> None:
        """Draw a table whose first row is the heading (repeated on each page); flagged cells in red."""
        self.set_font(FONT_FAMILY, "", size)
        heading = FontFace(emphasis="BOLD", fill_color=HEAD_FILL)
        red = FontFace(emphasis="BOLD", color=RED, fill_color=RED_FILL)
        with self.table(
            width=min(sum(widths), self.epw),
            align="LEFT",
            col_widths=tuple(widths),
            text_align=align,
            headings_style=heading,
            line_height=size * 0.55,
            padding=0.8,
            borders_layout="SINGLE_TOP_LINE",
        ) as table:
            for r, cells in enumerate(rows):
                row = table.row()
                for c, text in enumerate(cells):
                    row.cell(
                        clean(text, 200), style=red if (r, c) in flagged else None, align="LEFT" if c in left else None
                    )
        self.ln(1.5)


def render_report(data: ReportData, words: ReportWords | None = None) -> bytes:
    """Render the report as PDF bytes."""
    words = words or ReportWords()
    pdf = _Document(words)
    pdf.set_title(words.title)
    pdf.set_creator("Migraine Companion")
    pdf.add_page()
    _header(pdf, data, words)
    _glance(pdf, data, words)
    _medication(pdf, data, words)
    _works(pdf, data, words)
    _regular(pdf, data, words)
    _midas(pdf, data, words)
    _menstrual(pdf, data, words)
    _factors(pdf, data, words)
    _attacks(pdf, data, words)
    return bytes(pdf.output())


def _header(pdf: _Document, data: ReportData, words: ReportWords) -> None:
    pdf.set_font(FONT_FAMILY, "B", 16)
    pdf.cell(0, 9, clean(words.title), new_x="LMARGIN", new_y="NEXT")
    subtitle = words.subtitle.format(
        start=words.day(data.start),
        end=words.day(data.end),
        months=data.months,
        today=words.day(data.end),
        tz=data.tz.key,
    )
    pdf.line_text(subtitle, size=8.5, colour=GREY)
    pdf.ln(2)
    # Blank lines for the patient to fill in by hand: the app never asks for or stores them.
    y = pdf.get_y() + 6
    pdf.set_font(FONT_FAMILY, "", 9.5)
    for x, label, length in ((15, words.patient_name, 78), (118, words.patient_birth, 32)):
        pdf.set_xy(x, y - 4)
        pdf.cell(0, 5, clean(label) + ":")
        start = x + pdf.get_string_width(clean(label) + ":") + 2
        pdf.line(start, y + 1, start + length, y + 1)
    pdf.set_y(y + 2.5)
    pdf.line_text(words.patient_note, size=7, style="I", colour=GREY)
    pdf.set_draw_color(150, 150, 150)
    pdf.line(15, pdf.get_y() + 1, pdf.w - 15, pdf.get_y() + 1)
    pdf.set_draw_color(0, 0, 0)
    pdf.ln(2)


def _glance(pdf: _Document, data: ReportData, words: ReportWords) -> None:
    stats = data.stats
    pdf.heading(words.glance)
    attacks_by_month: dict[date, int] = {}
    for entry in data.attacks:
        first = entry.attack.started_at.astimezone(data.tz).date().replace(day=1)
        attacks_by_month[first] = attacks_by_month.get(first, 0) + 1
    rows = [list(words.glance_columns)]
    for m in stats.months:
        acute = _acute_days(data, m.month)
        rows.append(
            [
                words.month(m.month),
                f"{m.logged_days}/{m.days_counted}",
                str(m.headache_days),
                str(m.migraine_days),
                str(attacks_by_month.get(m.month, 0)),
                str(acute),
            ]
        )
    rows.append(
        [
            words.total,
            f"{sum(m.logged_days for m in stats.months)}/{sum(m.days_counted for m in stats.months)}",
            str(stats.counts.headache_days),
            str(stats.counts.migraine_days),
            str(stats.counts.attacks),
            str(stats.counts.medication_days),
        ]
    )
    pdf.grid(rows, [34, 26, 30, 30, 24, 36], size=7.5)
    pdf.image(_chart_png(data, words), x=15, w=pdf.epw * 0.8)
    peak = stats.counts.average_peak_intensity
    pdf.line_text(
        words.summary.format(
            attacks=stats.counts.attacks,
            peak="–" if peak is None else f"{peak:.1f}",
            unable=stats.counts.unable_days,
            limited=stats.counts.limited_days,
        )
    )
    pdf.line_text(words.definitions, size=7, style="I", colour=GREY)


def _acute_days(data: ReportData, month: date) -> int:
    for m in data.stats.months:
        if m.month == month:
            days = set()
            for intake in data.records.intakes:
                local = intake.taken_at.astimezone(data.tz).date()
                if local.replace(day=1) == month and local <= data.end and intake.med_class.value != "preventive":
                    days.add(local)
            return len(days)
    return 0


def _chart_png(data: ReportData, words: ReportWords) -> io.BytesIO:
    fig = Figure(figsize=(6.4, 2.3), dpi=170)
    ax = fig.add_axes((0.07, 0.16, 0.91, 0.74))
    draw_monthly_bars(ax, data.stats.months, words.chart, font=8)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # days are whole
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    buffer.seek(0)
    return buffer


def _medication(pdf: _Document, data: ReportData, words: ReportWords) -> None:
    pdf.heading(words.medication)
    months = data.stats.months
    flagged_keys = {(w.month, w.med_class) for w in data.stats.overuse}
    names: dict[MedClass, list[str]] = {}
    for medicine in data.insights.medicines:
        names.setdefault(medicine.med_class, []).append(medicine.name)
    rows: list[list[str]] = [
        [words.medication_class, *(words.chart.months[m.month.month - 1] for m in months), words.limit]
    ]
    flagged: set[tuple[int, int]] = set()
    for cls in CLASS_ORDER:
        days = [m.medication_days.get(cls, 0) for m in months]
        if not any(days):
            continue
        title = words.med_classes.get(cls.value, cls.value)
        if names.get(cls):
            title += " (" + ", ".join(clean(name, NAME_LIMIT) for name in names[cls][:3]) + ")"
        limit = OVERUSE_LIMITS.get(cls)
        rows.append([title, *map(str, days), f"≥{limit}" if limit else "–"])
        flagged |= {(len(rows) - 1, i + 1) for i, m in enumerate(months) if (m.month, cls) in flagged_keys}
    if any(sum(1 for cls in OVERUSE_LIMITS if m.medication_days.get(cls)) >= 2 for m in months):
        rows.append([words.several_classes, *(str(m.overuse_class_days) for m in months), f"≥{COMBINED_OVERUSE_LIMIT}"])
        flagged |= {(len(rows) - 1, i + 1) for i, m in enumerate(months) if (m.month, None) in flagged_keys}
    if len(rows) == 1:
        pdf.line_text(words.no_medication)
        return
    month_width = min(12.0, (pdf.epw * 0.55) / len(months))
    first = pdf.epw - month_width * len(months) - 12
    pdf.grid(rows, [first, *([month_width] * len(months)), 12], flagged=flagged, size=7 if len(months) > 6 else 7.5)
    pdf.line_text(words.limits_note, size=7, style="I", colour=GREY)


def _works(pdf: _Document, data: ReportData, words: ReportWords) -> None:
    medicines = data.insights.medicines
    if not medicines:
        return
    pdf.heading(words.works)
    rows = [list(words.works_columns)]
    flagged: set[tuple[int, int]] = set()
    for m in medicines:
        rated = m.rated

        def share(part: int, rated: int = rated) -> str:
            return f"{part}/{rated} ({round(100 * part / rated)}%)" if rated else "–"

        kind = words.med_classes.get(m.med_class.value, m.med_class.value)
        limit = f" (≥{m.limit})" if m.limit else ""
        rows.append(
            [
                f"{clean(m.name, NAME_LIMIT)} · {kind}",
                str(m.doses),
                share(m.gone),
                share(m.better),
                share(m.no_help),
                str(m.unrated),
                f"{m.max_days}{limit}",
            ]
        )
        if m.months_at_limit:
            flagged.add((len(rows) - 1, 6))
    pdf.grid(rows, [52, 14, 24, 24, 24, 18, 24], flagged=flagged, size=7.5)


def _regular(pdf: _Document, data: ReportData, words: ReportWords) -> None:
    pdf.heading(words.regular)
    if not data.regular:
        pdf.line_text(words.regular_none)
        return
    rows = [list(words.regular_columns)]
    for medicine in data.regular:
        share = f"{round(100 * medicine.taken / medicine.due)}%" if medicine.due else "–"
        name = clean(medicine.name, NAME_LIMIT) + ("" if medicine.active else words.regular_paused)
        rows.append([name, f"{medicine.taken}/{medicine.due}", share])
    pdf.grid(rows, [90, 50, 40], size=7.5)


def _midas(pdf: _Document, data: ReportData, words: ReportWords) -> None:
    pdf.heading(words.midas)
    if not data.midas:
        pdf.line_text(words.midas_none)
        return
    latest = data.midas[-1]
    day = words.day(latest.completed_on) if latest.completed_on else ""
    pdf.line_text(
        words.midas_score.format(
            score=latest.score, grade=latest.grade.value, severity=words.severity[latest.grade.severity], day=day
        ),
        style="B",
    )
    values = list(latest.answers.values())
    items = [[label, str(values[i]) if i < len(values) else "–"] for i, label in enumerate(words.midas_items)]
    pdf.grid([list(words.midas_item_columns), *items], [95, 20], size=7.5)
    if len(data.midas) > 1:
        trend = [list(words.midas_columns)]
        trend += [
            [words.day(r.completed_on) if r.completed_on else "", str(r.score), r.grade.value] for r in data.midas
        ]
        pdf.line_text(words.midas_trend, style="B")
        pdf.grid(trend, [30, 16, 16], size=7.5)


def _menstrual(pdf: _Document, data: ReportData, words: ReportWords) -> None:
    pattern = data.insights.menstrual
    if pattern is None:
        return
    pdf.heading(words.menstrual)
    if not pattern.enough:
        pdf.line_text(words.menstrual_wait.format(cycles=len(pattern.cycles)))
        return
    if pattern.meets:
        kind = words.menstrual_pure if pattern.pure else words.menstrual_related.format(other=pattern.other_times)
        pdf.line_text(words.menstrual_met.format(hit=pattern.with_attacks, kind=kind), style="B")
    else:
        pdf.line_text(words.menstrual_not_met.format(hit=pattern.with_attacks))
    rows = [list(words.menstrual_columns)]
    rows += [
        [words.day(w.day_one), f"{words.day(w.first)} – {words.day(w.last)}", str(w.attacks)] for w in pattern.checked
    ]
    pdf.grid(rows, [40, 70, 50], size=7.5)


def _factors(pdf: _Document, data: ReportData, words: ReportWords) -> None:
    table = data.insights.factors
    if not table.rows:
        return
    pdf.heading(words.factors)
    if not table.ready:
        pdf.line_text(words.factors_wait.format(days=table.logged_days, attacks=table.attacks))
        return
    rows = [list(words.factors_columns)]
    flagged: set[tuple[int, int]] = set()
    for row in table.rows:
        exposed, unexposed = row.exposed_attack + row.exposed_free, row.unexposed_attack + row.unexposed_free
        ratio = words.factors_few
        if row.odds_ratio is not None and row.low is not None and row.high is not None:
            ratio = f"{row.odds_ratio:.2f} ({row.low:.2f}–{row.high:.2f})"
        rows.append(
            [
                words.factor_names.get(row.factor.value, row.factor.value),
                _share(row.exposed_attack, exposed),
                _share(row.unexposed_attack, unexposed),
                ratio,
            ]
        )
        if row.linked:
            flagged.add((len(rows) - 1, 3))
    pdf.grid(rows, [45, 42, 42, 51], flagged=flagged, size=7.5)
    pdf.line_text(words.factors_note, size=7, style="I", colour=GREY)


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({round(100 * part / whole)}%)" if whole else "0/0"


def _attacks(pdf: _Document, data: ReportData, words: ReportWords) -> None:
    pdf.heading(words.attacks + f" ({len(data.attacks)}; {words.migraine_mark})")
    if not data.attacks:
        pdf.line_text(words.no_attacks)
        return
    rows = [list(words.attack_columns)]
    for entry in data.attacks:
        rows.append(_attack_row(entry, data, words))
    pdf.grid(rows, [30, 17, 12, 30, 91], size=7, left=frozenset({0, 3, 4}))


def _attack_row(entry: AttackEntry, data: ReportData, words: ReportWords) -> list[str]:
    attack, tz = entry.attack, data.tz
    start = attack.started_at.astimezone(tz)
    ended = attack.ended_at
    duration = words.ongoing if ended is None else _duration(ended - attack.started_at)
    peak = f"{attack.peak_intensity}" + (" M" if is_migraine_like_attack(attack, until=ended or data.now) else "")
    aura = "–"
    if attack.aura:
        kinds: Any = getattr(attack, "aura_kinds", frozenset())
        named = ", ".join(words.aura_kinds.get(k, k) for k in sorted(kinds))
        minutes = words.aura_minutes.format(minutes=attack.aura_minutes) if attack.aura_minutes else ""
        aura = ", ".join(part for part in (named, minutes) if part) or "+"
    doses = []
    for dose in entry.doses:
        effect = words.effects[dose.effect.value] if isinstance(dose.effect, Effect) else words.not_recorded
        doses.append(f"{clean(dose.name, NAME_LIMIT)} {dose.taken_at.astimezone(tz):%H:%M} → {effect}")
    return [f"{words.day(start.date())} {start:%H:%M}", duration, peak, aura, "; ".join(doses) or "–"]


def _duration(span: timedelta) -> str:
    minutes = max(0, int(span.total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes:02d}" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"


def report_filename(now: datetime, tz: Any) -> str:
    """Name the PDF by the local date it was made."""
    return f"headache-diary-{now.astimezone(tz):%Y-%m-%d}.pdf"
