"""/report: the doctor's report as a multi-page PDF of 1, 3, 6 or 12 calendar months.

``/report`` sends the last 3 months at once (what a first appointment asks for), with buttons
``rep:m:<months>`` under it for the other periods; ``/report 12`` picks the period directly.
Rendering blocks for a few hundred ms, so it runs in a thread after the transaction has closed.
"""

from __future__ import annotations

import asyncio

from telegram import InputFile, Update

from bot import callbacks
from bot.access import user_transaction
from bot.context import BotContext
from bot.diary.common import Screen, consent_screen, parse_press, show, zone_of
from bot.keyboards import inline
from bot.replies import answer, answer_stale
from bot.reports.doctor_report import render_report, report_filename
from bot.texts import texts_for
from bot.texts.catalog import Texts
from storage.insights_factors import load_statistics_library
from storage.report_data import REPORT_MONTHS, ReportData, load_report_data

DEFAULT_MONTHS = 3


def period_buttons(t: Texts, shown: int) -> list[list[tuple[str, str]]]:
    """Buttons for the periods other than the one just sent."""
    return [[(t.BTN_REPORT_MONTHS[m], callbacks.make("rep", "m", m)) for m in REPORT_MONTHS if m != shown]]


async def report_command(update: Update, context: BotContext) -> None:
    """Send the report of the last 3 months, or of the months given (/report 6)."""
    argument = " ".join(context.args or []).strip()
    months = int(argument) if argument.isdigit() and int(argument) in REPORT_MONTHS else None
    if not argument:
        months = DEFAULT_MONTHS
    await _send_report(update, context, months)


async def report_button(update: Update, context: BotContext) -> None:
    """Send the report of the period pressed."""
    parsed = parse_press(update)
    months = parsed.int_arg(0) if parsed and parsed.action == "m" else None
    if months not in REPORT_MONTHS:
        await answer_stale(update, context)
        return
    await _send_report(update, context, months)


async def _send_report(update: Update, context: BotContext, months: int | None) -> None:
    await asyncio.to_thread(load_statistics_library)  # a slow first import, kept off the event loop
    now = context.services.clock.now()
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        tz = zone_of(user, context)
        data: ReportData | None = None
        if user.has_consent and months is not None:
            data = await load_report_data(session=session, user_id=user.id, tz=tz, now=now, months=months)
    if not user.has_consent:
        await show(update, consent_screen(t), edit=False)
        return
    if data is None or months is None:
        await show(update, Screen(t.REPORT_BAD_ARGUMENT), edit=False)
        return
    pdf = await asyncio.to_thread(render_report, data, t)  # in the user's language
    await answer(update)
    chat = update.effective_chat
    if chat is not None:
        await chat.send_document(
            InputFile(pdf, filename=report_filename(now, tz)),
            caption=t.REPORT_CAPTION_MONTHS(months).format(months=months) + "\n" + t.REPORT_OTHER_PERIODS,
            reply_markup=inline(period_buttons(t, months)),
        )
