"""The doctor's report: a multi-page A4 PDF of 1, 3, 6 or 12 calendar months, in the user's language.

Sections, in the order a neurologist asks: the months at a glance (with the chart), acute medication
days against the ICHD-3 overuse limits, what works per acute medicine, regular (preventive) medicines
with adherence from the reminders, MIDAS items and grade with the trend, the menstrual pattern and
the factor table when they exist, then the attack list (bot/reports/doctor_report_sections.py).
Preventives are listed with their adherence only: never as acute medication days, never towards
overuse. The patient's name and date of birth are blank lines to fill in on paper: they are never
asked for or stored.

Every word comes from the catalog (bot/texts/en/doctor_report.py and its translations); dates,
months, numbers, percentages and durations from CLDR through Babel. Call through
``asyncio.to_thread``: rendering a 12-month report blocks for a few hundred ms.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from babel.numbers import format_percent
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.reports import doctor_report_sections as sections
from bot.reports.charts import draw_monthly_bars
from bot.reports.pdf_document import FONT_FAMILY, GREY, ReportDocument, user_text
from bot.reports.wording import Wording, chart_labels
from bot.texts import texts_for
from bot.texts.catalog import Texts
from storage.diary_stats import COMBINED_OVERUSE_LIMIT, OVERUSE_LIMITS
from storage.diary_types import ACUTE_CLASSES, MedClass, MonthCount
from storage.report_data import ReportData

NAME_LIMIT = 40  # characters of a typed medicine name shown in a table cell
NO_DATA = "–"  # a month with nothing recorded, in a table: not 0, which would read as no headaches
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


def build_report(data: ReportData, t: Texts | None = None) -> ReportDocument:
    """Lay out the report's pages (the tests read what was drawn from the document)."""
    words = Wording(t or texts_for("en"))
    t = words.t
    pdf = ReportDocument(t.REPORT_FOOTER)
    pdf.set_title(t.REPORT_TITLE)
    pdf.set_lang(t.language)
    pdf.set_creator("Migraine Companion")
    pdf.add_page()
    _header(pdf, data, words)
    _glance(pdf, data, words)
    _medication(pdf, data, words)
    _works(pdf, data, words)
    _regular(pdf, data, words)
    sections.midas(pdf, data, words)
    sections.menstrual(pdf, data, words)
    sections.factors(pdf, data, words)
    sections.attacks(pdf, data, words)
    return pdf


def render_report(data: ReportData, t: Texts | None = None) -> bytes:
    """Render the report as PDF bytes, in English unless given the user's texts."""
    return bytes(build_report(data, t).output())


def _header(pdf: ReportDocument, data: ReportData, words: Wording) -> None:
    t = words.t
    pdf.set_font(FONT_FAMILY, "B", 16)
    pdf.cell(0, 9, t.REPORT_TITLE, new_x="LMARGIN", new_y="NEXT")
    subtitle = t.REPORT_SUBTITLE.format(
        start=words.day(data.start),
        end=words.day(data.end),
        months=data.months,
        today=words.day(data.end),
        tz=t.zone_city(data.tz.key),
    )
    pdf.line_text(subtitle, size=8.5, colour=GREY)
    pdf.ln(2)
    # Blank lines for the patient to fill in by hand: the app never asks for or stores them.
    y = pdf.get_y() + 6
    pdf.set_font(FONT_FAMILY, "", 9.5)
    for x, label, length in ((15, t.REPORT_PATIENT_NAME, 78), (118, t.REPORT_PATIENT_BIRTH, 32)):
        pdf.set_xy(x, y - 4)
        pdf.cell(0, 5, label + ":")
        start = x + pdf.get_string_width(label + ":") + 2
        pdf.line(start, y + 1, min(start + length, pdf.w - 15), y + 1)
    pdf.set_y(y + 2.5)
    pdf.line_text(t.REPORT_PATIENT_NOTE, size=7, style="I", colour=GREY)
    pdf.set_draw_color(150, 150, 150)
    pdf.line(15, pdf.get_y() + 1, pdf.w - 15, pdf.get_y() + 1)
    pdf.set_draw_color(0, 0, 0)
    pdf.ln(2)


def _glance(pdf: ReportDocument, data: ReportData, words: Wording) -> None:
    t, stats = words.t, data.stats
    pdf.heading(t.REPORT_GLANCE)
    rows = [list(t.REPORT_GLANCE_COLUMNS)]
    for m in stats.months:
        # Attacks are counted as the total below counts them: auras without headache apart.
        counts = [m.headache_days, m.migraine_days, m.attacks, m.acute_days]
        shown = [str(n) for n in counts] if m.has_data else [NO_DATA] * len(counts)
        rows.append([words.month(m.month), f"{m.logged_days}/{m.days_counted}", *shown])
    counted = stats.counts
    totals = [counted.headache_days, counted.migraine_days, counted.attacks, counted.medication_days]
    rows.append(
        [
            t.REPORT_TOTAL,
            f"{sum(m.logged_days for m in stats.months)}/{sum(m.days_counted for m in stats.months)}",
            # Nothing recorded in any month: the total is no data too, not a 0 that reads as no headaches.
            *([str(n) for n in totals] if any(m.has_data for m in stats.months) else [NO_DATA] * len(totals)),
        ]
    )
    pdf.grid(rows, [30, 24, 30, 36, 22, 38], size=7.5)
    if not all(m.has_data for m in stats.months):
        pdf.line_text(t.REPORT_NO_DATA_NOTE, size=7, style="I", colour=GREY)
    pdf.image(_chart_png(data, words), x=15, w=pdf.epw * 0.8)
    peak = stats.counts.average_peak_intensity
    summary = t.REPORT_SUMMARY(stats.counts.attacks).format(
        attacks=stats.counts.attacks,
        peak="–" if peak is None else words.decimal(peak),
        unable=stats.counts.unable_days,
        limited=stats.counts.limited_days,
    )
    pdf.line_text(summary)
    pdf.line_text(t.REPORT_DEFINITIONS, size=7, style="I", colour=GREY)


def _chart_png(data: ReportData, words: Wording) -> io.BytesIO:
    fig = Figure(figsize=(6.4, 2.3), dpi=170)
    ax = fig.add_axes((0.07, 0.16, 0.91, 0.74))
    draw_monthly_bars(ax, data.stats.months, chart_labels(words.t), font=8)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # days are whole
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    buffer.seek(0)
    return buffer


def _medication(pdf: ReportDocument, data: ReportData, words: Wording) -> None:
    t, months = words.t, data.stats.months
    pdf.heading(t.REPORT_MEDICATION)
    flagged_keys = {(w.month, w.med_class) for w in data.stats.overuse}
    names: dict[MedClass, list[str]] = {}
    for medicine in data.insights.medicines:
        names.setdefault(medicine.med_class, []).append(medicine.name)
    rows: list[list[str]] = [[t.REPORT_MEDICATION_CLASS, *(words.month_abbr(m.month) for m in months), t.REPORT_LIMIT]]
    flagged: set[tuple[int, int]] = set()
    for cls in CLASS_ORDER:
        days = [m.medication_days.get(cls, 0) for m in months]
        if not any(days):
            continue
        title = t.REPORT_MED_CLASSES[cls.value]
        if names.get(cls):
            title += " (" + ", ".join(user_text(name, NAME_LIMIT) for name in names[cls][:3]) + ")"
        limit = OVERUSE_LIMITS.get(cls)
        rows.append([title, *_per_month(days, months), f"≥{limit}" if limit else "–"])
        flagged |= {(len(rows) - 1, i + 1) for i, m in enumerate(months) if (m.month, cls) in flagged_keys}
    if any(sum(1 for cls in OVERUSE_LIMITS if m.medication_days.get(cls)) >= 2 for m in months):
        several = [t.REPORT_SEVERAL_CLASSES, *_per_month([m.overuse_class_days for m in months], months)]
        rows.append([*several, f"≥{COMBINED_OVERUSE_LIMIT}"])
        flagged |= {(len(rows) - 1, i + 1) for i, m in enumerate(months) if (m.month, None) in flagged_keys}
    if len(rows) == 1:
        pdf.line_text(t.REPORT_NO_MEDICATION)
        return
    month_width = min(12.0, (pdf.epw * 0.55) / len(months))
    first = pdf.epw - month_width * len(months) - 12
    pdf.grid(rows, [first, *([month_width] * len(months)), 12], flagged=flagged, size=7 if len(months) > 6 else 7.5)
    pdf.line_text(t.REPORT_LIMITS_NOTE, size=7, style="I", colour=GREY)


def _per_month(days: list[int], months: Sequence[MonthCount]) -> list[str]:
    """Each month's days as a table cell: "–" for a month with nothing recorded."""
    return [str(n) if m.has_data else NO_DATA for n, m in zip(days, months, strict=True)]


def _works(pdf: ReportDocument, data: ReportData, words: Wording) -> None:
    t = words.t
    medicines = [m for m in data.insights.medicines if m.med_class in ACUTE_CLASSES]
    if not medicines:
        return
    pdf.heading(t.REPORT_WORKS)
    rows = [list(t.REPORT_WORKS_COLUMNS)]
    flagged: set[tuple[int, int]] = set()
    for m in medicines:
        limit = f" (≥{m.limit})" if m.limit else ""
        rows.append(
            [
                f"{user_text(m.name, NAME_LIMIT)} · {t.REPORT_MED_CLASSES[m.med_class.value]}",
                str(m.doses),
                words.share(m.gone, m.rated),
                words.share(m.better, m.rated),
                words.share(m.no_help, m.rated),
                str(m.unrated),
                f"{m.max_days}{limit}",
            ]
        )
        if m.months_at_limit:
            flagged.add((len(rows) - 1, 6))
    pdf.grid(rows, [52, 14, 24, 24, 24, 18, 24], flagged=flagged, size=7.5)


def _regular(pdf: ReportDocument, data: ReportData, words: Wording) -> None:
    t = words.t
    pdf.heading(t.REPORT_REGULAR)
    if not data.regular:
        pdf.line_text(t.REPORT_REGULAR_NONE)
        return
    rows = [list(t.REPORT_REGULAR_COLUMNS)]
    for medicine in data.regular:
        name = user_text(medicine.name, NAME_LIMIT)
        if not medicine.reminded:
            rows.append([name, t.REPORT_REGULAR_NO_REMINDER, "–"])
            continue
        if medicine.paused_until is not None:
            until = words.day(medicine.paused_until.astimezone(data.tz).date())
            name = t.REPORT_REGULAR_PAUSED_UNTIL.format(name=name, day=until)
        elif medicine.paused:
            name = t.REPORT_REGULAR_PAUSED_ALL.format(name=name)
        elif not medicine.active:
            name = t.REPORT_REGULAR_PAUSED.format(name=name)
        share = format_percent(medicine.taken / medicine.due, locale=t.locale) if medicine.due else "–"
        rows.append([name, f"{medicine.taken}/{medicine.due}", share])
    pdf.grid(rows, [90, 50, 40], size=7.5)


def report_filename(now: datetime, tz: Any) -> str:
    """Name the PDF by the local date it was made."""
    return f"headache-diary-{now.astimezone(tz):%Y-%m-%d}.pdf"
