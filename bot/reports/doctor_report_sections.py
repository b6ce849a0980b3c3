"""The doctor's report after the medicines: MIDAS, the menstrual pattern, daily factors and the attack list.

Split from bot/reports/doctor_report.py, which lays out the page and the sections before these.
"""

from __future__ import annotations

from datetime import timedelta

from bot.reports.pdf_document import GREY, ReportDocument, user_text
from bot.reports.wording import Wording
from bot.texts.catalog import capitalized
from storage.diary_stats import is_migraine_like_attack
from storage.diary_types import Effect
from storage.report_data import AttackEntry, ReportData

NAME_LIMIT = 40  # characters of a typed medicine name in the attack list


def midas(pdf: ReportDocument, data: ReportData, words: Wording) -> None:
    """MIDAS: the latest answers and grade, then the trend when there are several."""
    t = words.t
    pdf.heading(t.REPORT_MIDAS)
    if not data.midas:
        pdf.line_text(t.REPORT_MIDAS_NONE)
        return
    latest = data.midas[-1]
    day = words.day(latest.completed_on) if latest.completed_on else ""
    severity = t.REPORT_SEVERITY[latest.grade.severity]
    pdf.line_text(
        t.REPORT_MIDAS_SCORE.format(score=latest.score, grade=latest.grade.value, severity=severity, day=day),
        style="B",
    )
    values = list(latest.answers.values())
    items = [[label, str(values[i]) if i < len(values) else "–"] for i, label in enumerate(t.REPORT_MIDAS_ITEMS)]
    pdf.grid([list(t.REPORT_MIDAS_ITEM_COLUMNS), *items], [95, 20], size=7.5)
    if len(data.midas) > 1:
        trend = [list(t.REPORT_MIDAS_COLUMNS)]
        trend += [
            [words.day(r.completed_on) if r.completed_on else "", str(r.score), r.grade.value] for r in data.midas
        ]
        pdf.line_text(t.REPORT_MIDAS_TREND, style="B")
        pdf.grid(trend, [30, 18, 18], size=7.5)


def menstrual(pdf: ReportDocument, data: ReportData, words: Wording) -> None:
    """The ICHD-3 A1.1 menstrual pattern, when the user records periods."""
    t, pattern = words.t, data.insights.menstrual
    if pattern is None:
        return
    pdf.heading(t.REPORT_MENSTRUAL)
    if not pattern.enough:
        cycles = len(pattern.cycles)
        pdf.line_text(t.REPORT_MENSTRUAL_WAIT(cycles).format(cycles=cycles))
        return
    if pattern.meets:
        other = pattern.other_times
        kind = t.REPORT_MENSTRUAL_PURE if pattern.pure else t.REPORT_MENSTRUAL_RELATED(other).format(other=other)
        pdf.line_text(t.REPORT_MENSTRUAL_MET.format(hit=pattern.with_attacks, kind=kind), style="B")
    else:
        pdf.line_text(t.REPORT_MENSTRUAL_NOT_MET.format(hit=pattern.with_attacks))
    rows = [list(t.REPORT_MENSTRUAL_COLUMNS)]
    rows += [
        [words.day(w.day_one), f"{words.day(w.first)} – {words.day(w.last)}", str(w.attacks)] for w in pattern.checked
    ]
    pdf.grid(rows, [40, 70, 50], size=7.5)


def factors(pdf: ReportDocument, data: ReportData, words: Wording) -> None:
    """Attack days against attack-free days per daily factor, with odds ratios."""
    t, table = words.t, data.insights.factors
    if not table.rows:
        return
    pdf.heading(t.REPORT_FACTORS)
    if not table.ready:
        pdf.line_text(t.REPORT_FACTORS_WAIT.format(days=table.logged_days, attacks=table.attacks))
        return
    rows = [list(t.REPORT_FACTORS_COLUMNS)]
    flagged: set[tuple[int, int]] = set()
    for row in table.rows:
        exposed, unexposed = row.exposed_attack + row.exposed_free, row.unexposed_attack + row.unexposed_free
        ratio = t.REPORT_FACTORS_FEW
        if row.odds_ratio is not None and row.low is not None and row.high is not None:
            odds, low, high = (words.decimal(x, "0.00") for x in (row.odds_ratio, row.low, row.high))
            ratio = f"{odds} ({low}–{high})"
        name = capitalized(t.FACTOR_EXPOSED.get(row.factor.value, row.factor.value))
        rows.append(
            [name, words.share(row.exposed_attack, exposed), words.share(row.unexposed_attack, unexposed), ratio]
        )
        if row.linked:
            flagged.add((len(rows) - 1, 3))
    pdf.grid(rows, [45, 42, 42, 51], flagged=flagged, size=7.5)
    pdf.line_text(t.REPORT_FACTORS_NOTE, size=7, style="I", colour=GREY)


def attacks(pdf: ReportDocument, data: ReportData, words: Wording) -> None:
    """Every attack of the period with its doses and their effect at 2 hours."""
    t = words.t
    # Counted as the months table counts them: auras without headache apart from attacks.
    auras = sum(1 for entry in data.attacks if entry.attack.aura_only)
    heading = t.REPORT_ATTACKS.format(count=len(data.attacks) - auras, auras=auras, letter=t.REPORT_MIGRAINE_LETTER)
    pdf.heading(heading)
    if not data.attacks:
        pdf.line_text(t.REPORT_NO_ATTACKS)
        return
    rows = [list(t.REPORT_ATTACK_COLUMNS)]
    rows += [_attack_row(entry, data, words) for entry in data.attacks]
    pdf.grid(rows, [33, 24, 12, 26, 85], size=7, left=frozenset({0, 3, 4}))


def _attack_row(entry: AttackEntry, data: ReportData, words: Wording) -> list[str]:
    t, attack, tz = words.t, entry.attack, data.tz
    ended = attack.ended_at
    duration = t.REPORT_ONGOING if ended is None else t.duration(ended - attack.started_at)
    peak = str(attack.peak_intensity)
    if is_migraine_like_attack(attack, until=ended or data.now):
        peak += " " + t.REPORT_MIGRAINE_LETTER
    aura = "–"
    if attack.aura:
        named = ", ".join(t.AURA_KINDS.get(k, k) for k in sorted(attack.aura_kinds))
        minutes = t.duration(timedelta(minutes=attack.aura_minutes)) if attack.aura_minutes else ""
        aura = ", ".join(part for part in (named, minutes) if part) or "+"
    doses = []
    for dose in entry.doses:
        effect = t.EFFECTS[dose.effect.value] if isinstance(dose.effect, Effect) else t.REPORT_NOT_RATED
        effect = effect[:1].lower() + effect[1:]  # inside a line: "→ good help", "→ not rated"
        doses.append(f"{user_text(dose.name, NAME_LIMIT)} {t.time(dose.taken_at.astimezone(tz))} → {effect}")
    return [words.moment(attack.started_at.astimezone(tz)), duration, peak, aura, "; ".join(doses) or "–"]
