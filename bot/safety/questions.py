"""Yes and No on a follow-up question: urgent care (crisis support for the crisis question) at the first
"yes", the normal answer after the last "no".

After the last "no" the bot says what the answers suggest, never that nothing needs care; after the
crisis question it gives the crisis numbers again and no normal answer (no lessons).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot import callbacks
from bot.chat.general import answer_text
from bot.context import BotContext
from bot.replies import answer, answer_stale, edit_or_send
from bot.safety.dialog import PREFIX, question_screen, questions_of, take_pending
from bot.safety.emergency import format_numbers
from bot.safety.screen import crisis_lines, record_event, send_crisis_support, send_urgent_care, user_numbers
from content.redflags import ASKED_CODES, CRISIS_CODES

if TYPE_CHECKING:
    from bot.context import BotApplication

# The red flag of the pregnancy and postpartum questions, whose all-clear still points to the midwife.
PREGNANCY = "pregnancy"


def register(application: BotApplication) -> None:
    """Add the follow-up question buttons to the application."""
    application.add_handler(CallbackQueryHandler(answer_question, pattern=callbacks.pattern(PREFIX)))


async def answer_question(update: Update, context: BotContext) -> None:
    """Handle a Yes or No; a forged or old button still brings urgent care on "yes"."""
    parsed = callbacks.parse(update.callback_query.data if update.callback_query else None)
    index = parsed.int_arg(0) if parsed else None
    step = parsed.int_arg(1) if parsed else None
    if parsed is None or parsed.action not in {"y", "n"} or index is None or index >= len(ASKED_CODES):
        await answer_stale(update, context)
        return
    code = ASKED_CODES[index]
    questions = questions_of(code)
    if step is None or step >= len(questions):
        await answer_stale(update, context)
        return
    token = parsed.arg(2)
    t, numbers = await user_numbers(update, context)
    question = questions[step]
    if parsed.action == "y":
        await take_pending(update, context, token)
        await answer(update)
        # Urgent care first; then the question shows the answer given, without buttons.
        if question.code in CRISIS_CODES:  # the second opinion's crisis question
            await send_crisis_support(update, context, overdose=True)
        else:
            await send_urgent_care(update, context, tier=question.tier)
        await edit_or_send(update, f"{t.SAFETY_QUESTIONS[question.key]} <b>{t.BTN_YES}</b>")
        await record_event(update, context, source="question", codes=[question.code])
        return
    if step + 1 < len(questions):
        await take_pending(update, context, token, step=step + 1)
        await answer(update)
        await edit_or_send(update, *question_screen(t, code, step + 1, token))
        return
    pending = await take_pending(update, context, token)
    await answer(update)
    if all(q.code in CRISIS_CODES for q in questions):
        # "No" to the crisis question is not an all-clear, and the words that raised it get no lessons.
        text = t.CRISIS_ANSWERED_NO.format(
            **format_numbers(numbers, t), **crisis_lines(t, numbers), directory=numbers.directory
        )
        await edit_or_send(update, text.rstrip())
        return
    cleared = t.POSSIBLE_CLEARED_PREGNANCY if all(q.code == PREGNANCY for q in questions) else t.POSSIBLE_CLEARED
    await edit_or_send(update, cleared.format(**format_numbers(numbers, t)))
    if pending is not None and pending.later and pending.text:
        await answer_text(update, context, pending.text)
