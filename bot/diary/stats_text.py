"""The /stats message: figures for the period, the change against the period before, and the warnings."""

from __future__ import annotations

import html
import re
from datetime import date
from functools import lru_cache

from bot.texts.catalog import Texts, capitalized
from storage.diary_types import MedClass, OveruseWarning, PeriodStats


def delta(value: int | float | None, days: int, t: Texts) -> str:
    """Return " (+2 vs the 30 days before)", or "" when there is nothing to compare."""
    if value is None or days <= 0:
        return ""
    shown = t.decimal(value) if isinstance(value, float) else str(value)
    sign = "+" if value > 0 else "±" if value == 0 else ""
    return str(t.STATS_DELTA(days).format(sign=sign, value=shown, days=days))


def overuse_line(warning: OveruseWarning, t: Texts) -> str:
    """Word one medication-overuse warning: the facts, then "talk to your clinician"."""
    month = t.month_year(warning.month)
    what = t.STATS_SEVERAL_CLASSES if warning.med_class is None else t.MED_CLASSES_PLURAL[warning.med_class.value]
    return str(t.STATS_OVERUSE(warning.days).format(month=month, what=what, days=warning.days))


@lru_cache(maxsize=512)
def period_header(first: date, last: date, t: Texts, kind: str) -> str:
    """Name the period: "October 2026", "Your last 30 days (...)" or "Your last 12 months (...)" (HTML).

    Kept: /stats names its period twice (the message, the chart's title), each through Babel's date formats,
    and everyone's "last 30 days" end on the same few dates.
    """
    days = (last - first).days + 1
    if kind == "month":
        return str(t.STATS_PERIOD_MONTH.format(month=capitalized(t.month_year(first))))
    if kind == "year":
        return str(t.STATS_PERIOD_YEAR.format(start=t.month_year(first), end=t.month_year(last)))
    start, end = t.period_end(first), t.period_end(last)
    return str(t.STATS_PERIOD_DAYS(days).format(days=days, start=start, end=end))


def plain(text: str) -> str:
    """Telegram HTML as plain text, for the chart's title."""
    return html.unescape(re.sub(r"<[^>]*>", "", text))


def stats_text(stats: PeriodStats, t: Texts, *, kind: str, chronic: bool, midas_due: bool) -> str:
    """Compose the statistics message for one period ("days", "month" or "year")."""
    counts, deltas = stats.counts, stats.deltas
    # Nothing recorded in the period before: "+4 vs the 31 days before" would compare with nothing.
    days = (stats.end - stats.start).days + 1 if stats.previous.has_data else 0
    header = period_header(stats.start, stats.end, t, kind)
    peak = counts.average_peak_intensity
    lines = [
        header,
        "",
        t.STATS_LINES.format(
            headache=counts.headache_days,
            d_headache=delta(deltas.headache_days, days, t),
            migraine=counts.migraine_days,
            d_migraine=delta(deltas.migraine_days, days, t),
            attacks=counts.attacks,
            d_attacks=delta(deltas.attacks, days, t),
            peak=t.decimal(peak) if peak is not None else t.STATS_NO_PEAK,
            d_peak=delta(deltas.average_peak_intensity, days, t),
            unable=counts.unable_days,
            d_unable=delta(deltas.unable_days, days, t),
            limited=counts.limited_days,
        ),
        *([t.STATS_AURA_ONLY.format(count=counts.aura_only_attacks)] if counts.aura_only_attacks else []),
        *([t.STATS_IMPACT_UNKNOWN.format(count=counts.impact_unknown)] if counts.impact_unknown else []),
        t.STATS_MEDICATION.format(days=counts.medication_days, delta=delta(deltas.medication_days, days, t)),
    ]
    for med_class in MedClass:
        if taken := stats.medication_days_by_class.get(med_class):
            lines.append(t.STATS_MED_CLASS.format(name=t.MED_CLASSES[med_class.value], days=taken))
    if counts.preventive_days:
        lines.append(t.STATS_PREVENTIVE(counts.preventive_days).format(days=counts.preventive_days))
    if stats.top_triggers:
        items = ", ".join(f"{html.escape(t.TRIGGERS.get(k, k))} ({n})" for k, n in stats.top_triggers[:3])
        lines.append(t.STATS_TRIGGERS.format(items=items))
    notes = [overuse_line(w, t) for w in stats.overuse]
    if chronic:
        notes.append(t.STATS_CHRONIC)
    if stats.gap_warning:
        notes.append(t.STATS_GAP.format(percent=int(stats.logged_fraction * 100)))
    if midas_due:
        notes.append(t.MIDAS_DUE)
    return "\n".join(lines) + "".join("\n\n" + note for note in notes)
