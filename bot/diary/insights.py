"""/insights: what goes with my attacks, periods and attacks, and what works for me.

The numbers come from storage/insights.py; this module only words them. The wording rules of issue 13
live here: "linked with", never "causes"; the menstrual pattern is "worth discussing with your
clinician", never a diagnosis.
"""

from __future__ import annotations

import asyncio
import html

from telegram import Update

from bot.access import user_transaction
from bot.context import BotContext
from bot.diary.common import Screen, consent_screen, short_day, show, zone_of
from bot.texts import texts_for
from bot.texts.catalog import Texts
from storage.insights import Insights, load_insights
from storage.insights_factors import FactorRow, FactorTable, load_statistics_library
from storage.insights_medicines import MedicineEffect
from storage.insights_menstrual import MenstrualPattern


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}" if value < 10 else f"{value:.1f}"


def factor_line(row: FactorRow, t: Texts) -> str:
    """Word one factor's comparison; an interval is shown only when every cell has days."""
    name = t.FACTOR_EXPOSED[row.factor.value].capitalize()
    exposed, unexposed = row.exposed_attack + row.exposed_free, row.unexposed_attack + row.unexposed_free
    if row.odds_ratio is None:
        return str(t.INSIGHTS_FACTOR_FEW.format(name=name, exposed=exposed, unexposed=unexposed))
    counts = t.INSIGHTS_FACTOR_ROW.format(
        name=name,
        a=row.exposed_attack,
        exposed=exposed,
        p_exposed=_percent(row.exposed_attack, exposed),
        c=row.unexposed_attack,
        unexposed=unexposed,
        p_unexposed=_percent(row.unexposed_attack, unexposed),
    )
    verdict = (
        t.INSIGHTS_FACTOR_LINKED
        if row.linked
        else t.INSIGHTS_FACTOR_INVERSE
        if row.inverse
        else t.INSIGHTS_FACTOR_UNCLEAR
    )
    return f"{counts} " + str(
        verdict.format(ratio=_number(row.odds_ratio), low=_number(row.low), high=_number(row.high))
    )


def factors_text(table: FactorTable, t: Texts) -> list[str]:
    """The factor section: wait, choose factors, or one line per factor and the caution."""
    lines = [t.INSIGHTS_FACTORS_HEADING]
    if not table.ready:
        lines.append(t.INSIGHTS_FACTORS_WAIT.format(days=table.logged_days, attacks=table.attacks))
    elif not table.rows:
        lines.append(t.INSIGHTS_FACTORS_NONE)
    else:
        lines += [factor_line(row, t) for row in table.rows]
        lines.append(t.INSIGHTS_FACTORS_NOTE)
    return lines


def menstrual_text(pattern: MenstrualPattern, t: Texts) -> list[str]:
    """The periods section, worded as a pattern to discuss, never a diagnosis."""
    lines = [t.INSIGHTS_PERIOD_HEADING]
    if not pattern.enough:
        lines.append(t.INSIGHTS_PERIOD_WAIT(len(pattern.cycles)).format(cycles=len(pattern.cycles)))
        return lines
    if pattern.meets:
        lines.append(t.INSIGHTS_PERIOD_MET.format(hit=pattern.with_attacks))
        lines.append(
            t.INSIGHTS_PERIOD_ONLY
            if pattern.pure
            else t.INSIGHTS_PERIOD_OTHER(pattern.other_times).format(other=pattern.other_times)
        )
    else:
        lines.append(t.INSIGHTS_PERIOD_NOT_MET.format(hit=pattern.with_attacks))
    lines.append(t.INSIGHTS_PERIOD_NOTE)
    return lines


def medicine_line(medicine: MedicineEffect, t: Texts) -> str:
    """Word one medicine: the follow-up answers with their counts, and the days against the limit."""
    kind = t.MED_CLASS_NOUNS.get(medicine.med_class.value, medicine.med_class.value)
    parts = [
        t.INSIGHTS_MED_ROW(medicine.doses).format(name=html.escape(medicine.name), kind=kind, doses=medicine.doses)
    ]
    if medicine.rated:
        parts.append(
            t.INSIGHTS_MED_RATED.format(
                gone=medicine.gone,
                rated=medicine.rated,
                p_gone=_percent(medicine.gone, medicine.rated),
                better=medicine.better,
                none=medicine.no_help,
            )
        )
        if medicine.unrated:
            parts.append(t.INSIGHTS_MED_UNRATED.format(unrated=medicine.unrated))
    else:
        parts.append(t.INSIGHTS_MED_NO_RATINGS)
    if medicine.limit is None:
        parts.append(t.INSIGHTS_MED_DAYS(medicine.max_days).format(days=medicine.max_days))
    else:
        parts.append(t.INSIGHTS_MED_DAYS_LIMIT(medicine.max_days).format(days=medicine.max_days, limit=medicine.limit))
    if medicine.months_at_limit:
        parts.append(t.INSIGHTS_MED_OVER(medicine.months_at_limit).format(months=medicine.months_at_limit))
    return " ".join(parts)


def insights_text(insights: Insights, t: Texts) -> str:
    """Compose the whole /insights message."""
    sections = [[t.INSIGHTS_TITLE], factors_text(insights.factors, t)]
    if insights.menstrual is not None:
        sections.append(menstrual_text(insights.menstrual, t))
    meds = [t.INSIGHTS_MEDS_HEADING.format(start=short_day(insights.medicines_from, t))]
    meds += [medicine_line(m, t) for m in insights.medicines] or [t.INSIGHTS_MEDS_NONE]
    sections.append(meds)
    return "\n\n".join("\n".join(section) for section in sections)


async def insights_command(update: Update, context: BotContext) -> None:
    """Show what goes with the user's attacks, the menstrual pattern and what works."""
    await asyncio.to_thread(load_statistics_library)  # a slow first import, kept off the event loop
    now = context.services.clock.now()
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        insights = None
        if user.has_consent:
            insights = await load_insights(session=session, user_id=user.id, tz=zone_of(user, context), now=now)
    screen = consent_screen(t) if insights is None else Screen(insights_text(insights, t))
    await show(update, screen, edit=False)
