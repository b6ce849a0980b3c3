"""/stats (30 or 90 days, a calendar month, 12 months) and its chart of the same period (/report: doctor_report.py).

The numbers come from storage/diary_stats.py on the user's local dates. Rendering takes about 5 ms
of CPU, so it runs in a thread, after the diary is read (no transaction), and a picture already drawn
from the same inputs is sent again from the cache (bot/reports/chart_cache.py), by its Telegram file_id
once it was sent.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from telegram import Chat, InputFile, Update
from telegram.error import BadRequest

from bot import callbacks
from bot.access import read_user_state
from bot.context import BotContext
from bot.diary.common import Screen, consent_screen, parse_press, show, zone_of
from bot.diary.stats_text import period_header, plain, stats_text
from bot.keyboards import inline
from bot.replies import answer_stale, send_photo
from bot.reports.chart_cache import ChartCache, ChartKey, chart_key
from bot.reports.stats_chart import render_period_png
from bot.reports.wording import chart_labels
from bot.texts import texts_for
from bot.texts.catalog import Texts
from storage.diary_queries import DiaryRecords
from storage.diary_stats import (
    add_months,
    chronic_pattern,
    month_start,
    period_stats_and_chart,
)
from storage.diary_types import PeriodChart
from storage.stats_reads import read_stats_inputs

CHRONIC_MONTHS = 6  # the chronic-pattern note looks at the last 6 calendar months, whatever the period
YEAR_MONTHS = 12


@dataclass(frozen=True, slots=True)
class Period:
    """A /stats period: the local dates [start, end] and its kind ("days", "month" or "year")."""

    start: date
    end: date
    kind: str


def period_for(choice: str, *, today: date) -> Period | None:
    """Read "30", "90", "year" (the last 12 calendar months) or "YYYY-MM" (not in the future); None otherwise."""
    if choice in {"", "30", "90"}:
        days = int(choice or 30)
        return Period(today - timedelta(days=days - 1), today, "days")
    if choice.casefold() in {"year", "12"}:
        return Period(add_months(month_start(today), -(YEAR_MONTHS - 1)), today, "year")
    try:
        first = date.fromisoformat(choice + "-01")
    except ValueError:
        return None
    if first > today:
        return None
    last = add_months(first, 1) - timedelta(days=1)
    return Period(first, min(last, today), "month")


def period_keyboard(t: Texts, today: date) -> list[list[tuple[str, str]]]:
    """Buttons to switch between 30 days, 90 days, 12 months, last month and this month."""
    this_month, last_month = month_start(today), add_months(month_start(today), -1)
    return [
        [
            (t.BTN_30_DAYS, callbacks.make("stats", "p", "30")),
            (t.BTN_90_DAYS, callbacks.make("stats", "p", "90")),
            (t.BTN_12_MONTHS, callbacks.make("stats", "p", "year")),
        ],
        [(t.month(m.month), callbacks.make("stats", "p", f"{m:%Y-%m}")) for m in (last_month, this_month)],
    ]


async def stats_command(update: Update, context: BotContext) -> None:
    """Show statistics for /stats, /stats 90 or /stats 2026-10, then the chart."""
    await _send_stats(update, context, " ".join(context.args or []).strip(), edit=False)


async def stats_button(update: Update, context: BotContext) -> None:
    """Switch the statistics to another period."""
    parsed = parse_press(update)
    if parsed is None or parsed.action != "p":
        await answer_stale(update, context)
        return
    await _send_stats(update, context, parsed.arg(0), edit=True)


async def _send_stats(update: Update, context: BotContext, choice: str, *, edit: bool) -> None:
    now = context.services.clock.now()
    generation = context.services.charts.generation  # before the diary is read (ChartCache.put)
    # The user as read for the update (SQLite's snapshot cache, or one statement on PostgreSQL), not loaded as an
    # ORM row in a transaction: /stats writes nothing.
    user = (await read_user_state(update, context)).user
    t = texts_for(user.language)
    tz = zone_of(user, context)
    today = now.astimezone(tz).date()
    period = period_for(choice, today=today)
    if not user.has_consent:
        await show(update, consent_screen(t), edit=edit)
        return
    if period is None:
        await show(update, Screen(t.STATS_BAD_ARGUMENT), edit=edit)
        return
    services = context.services
    # Reads only, no transaction: on PostgreSQL asyncpg runs them itself (storage/stats_reads.py).
    inputs = await read_stats_inputs(
        engine=services.reads or services.engine,
        user_id=user.id,
        tz=tz,
        start=period.start,
        end=period.end,
        now=now,
        months=CHRONIC_MONTHS,
    )
    text, chart = stats_screen(inputs.records, t, tz=tz, period=period, now=now, midas_due=inputs.midas_due)
    await show(update, Screen(text, inline(period_keyboard(t, today))), edit=edit)
    title = period_header(chart.start, chart.end, t, period.kind)
    charts = context.services.charts
    key, png = await chart_png(charts, user.id, chart, t, title=plain(title), generation=generation)
    chat = update.effective_chat
    if chat is not None:
        caption = t.STATS_CHART_CAPTION_YEAR if period.kind == "year" else t.STATS_CHART_CAPTION
        await send_chart(chat, charts, key, png, caption=caption.format(period=title))


async def send_chart(chat: Chat, charts: ChartCache, key: ChartKey, png: bytes, *, caption: str) -> None:
    """Send the chart by the file_id Telegram gave it when it was sent before, else upload it (keeping its file_id)."""
    file_id = charts.file_id(key)
    if file_id is not None:
        try:
            await send_photo(chat, file_id, caption=caption)
            return
        except BadRequest:  # Telegram no longer serves that file: upload the picture again
            pass
    sent_as = await send_photo(chat, InputFile(png, filename="stats.png"), caption=caption)
    if sent_as is not None:
        charts.sent_as(key, sent_as)


async def chart_png(
    charts: ChartCache, user_id: int, chart: PeriodChart, t: Texts, *, title: str, generation: int
) -> tuple[ChartKey, bytes]:
    """The chart's cache key and PNG: the picture drawn before from the same inputs, else a new render (kept).

    ``generation`` is ``charts.generation`` as it was before the diary was read.
    """
    labels, kinds = chart_labels(t), dict(t.MED_CLASSES)  # the kinds named as the text above names them
    key = chart_key(user_id, chart, language=t.language, title=title, labels=labels, kinds=kinds)
    png = charts.get(key)
    if png is None:
        picture = await asyncio.to_thread(render_period_png, chart, title=title, labels=labels, kinds=kinds)
        png = picture.png
        charts.put(key, png, generation=generation)
    return key, png


def stats_screen(
    records: DiaryRecords, t: Texts, *, tz: ZoneInfo, period: Period, now: datetime, midas_due: bool
) -> tuple[str, PeriodChart]:
    """Return the statistics text and the chart of the same period."""
    stats, monthly, chart = period_stats_and_chart(
        records.attacks,
        records.intakes,
        records.checkins,
        tz=tz,
        now=now,
        start=period.start,
        end=period.end,
        months=CHRONIC_MONTHS,
    )
    text = stats_text(stats, t, kind=period.kind, chronic=chronic_pattern(monthly), midas_due=midas_due)
    return text, chart
