"""Yes and No on a follow-up question: urgent care (crisis support for the crisis question) at the first
"yes", the normal answer after the last "no".

After the last "no" the bot says what the answers suggest, never that nothing needs care; after the
crisis question it gives the crisis numbers again and no normal answer (no lessons).

An old question (the user wrote something else since, or it was asked hours ago, see dialog.py) is
answered as a patient would expect: "yes" still brings urgent care, at once, whatever its age; "no"
says the question was about an earlier moment, gives the emergency number, and goes no further (no
next question, no answer to the old words). A plain typed "yes" or "no" answers the open question as
its buttons would. A command (/stats, /lessons, ...) is something else written too: it closes the
question before its own handler runs, except one that offers to continue the question first (/log).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from telegram import Update
from telegram.ext import ApplicationHandlerStop, CallbackQueryHandler, MessageHandler, filters

from bot import callbacks
from bot.access import read_user_state
from bot.chat.general import answer_text
from bot.command_text import command_name
from bot.context import BotContext
from bot.replies import answer, answer_stale, edit_or_send, reply
from bot.safety.dialog import (
    PREFIX,
    SAFETY_FLOW,
    asks_about_crisis,
    close_pending,
    question_screen,
    questions_of,
    read_pending,
    take_pending,
)
from bot.safety.emergency import EmergencyNumbers, format_numbers
from bot.safety.screen import crisis_answered_no, record_event, send_crisis_support, send_urgent_care, user_numbers
from bot.texts import LANGUAGES, texts_for
from bot.texts.catalog import Texts
from content.medicine_questions import names_a_medicine
from content.redflags import ASKED_CODES, CRISIS_CODES
from content.redflags.text import fold

if TYPE_CHECKING:
    from bot.context import BotApplication

# The red flag of the pregnancy and postpartum questions, whose all-clear still points to the midwife.
PREGNANCY = "pregnancy"
# Before the diary's typed answers (group -1): a typed "yes" to a safety question is that answer first.
TYPED_ANSWER_GROUP = -2
# After the private-chat guard (which ends edits), before every group that handles a command.
COMMAND_GROUP = -3
# Commands that would start a flow over the question ask first whether to carry on with it (the diary's busy
# screen, bot/diary/common.py), as the "Log headache" button does: they leave it open for that "Continue".
OFFER_TO_CONTINUE = frozenset({"log", "midas"})
_NOT_WORDS = re.compile(r"[^\w\s]+")


def register(application: BotApplication) -> None:
    """Add the follow-up question buttons, and typed answers to them, to the application."""
    application.add_handler(CallbackQueryHandler(answer_question, pattern=callbacks.pattern(PREFIX)))
    application.add_handler(
        MessageHandler(filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED, typed_answer),
        group=TYPED_ANSWER_GROUP,
    )
    application.add_handler(
        MessageHandler(filters.COMMAND & ~filters.UpdateType.EDITED, close_on_command), group=COMMAND_GROUP
    )


async def close_on_command(update: Update, context: BotContext) -> None:
    """Close an open follow-up question when a command comes, as new words do; the command then runs."""
    message = update.effective_message
    if update.effective_user is None or message is None or not message.text:
        return
    if command_name(message.text) in OFFER_TO_CONTINUE:
        return
    # The state read here is the one the command's handler reads next (memoised): no extra query without a
    # dialog; with one, close_pending takes whatever question is open in one transaction.
    if (await read_user_state(update, context)).dialog_flow is not None:
        await close_pending(update, context)


async def answer_question(update: Update, context: BotContext) -> None:
    """Handle a Yes or No; a forged or old button still brings urgent care on "yes"."""
    parsed = callbacks.parse(update.callback_query.data if update.callback_query else None)
    index = parsed.int_arg(0) if parsed else None
    step = parsed.int_arg(1) if parsed else None
    if parsed is None or parsed.action not in {"y", "n"} or index is None or index >= len(ASKED_CODES):
        await answer_stale(update, context)
        return
    code = ASKED_CODES[index]
    if step is None or step >= len(questions_of(code)):
        await answer_stale(update, context)
        return
    await settle_answer(update, context, code=code, step=step, token=parsed.arg(2), yes=parsed.action == "y")


async def typed_answer(update: Update, context: BotContext) -> None:
    """Take a plain typed "yes" or "no" as the answer to the safety question the user was just asked."""
    message = update.effective_message
    if message is None or message.text is None or update.effective_user is None or len(message.text) > 40:
        return
    words = _plain(message.text)
    yes, no = _answer_words(yes=True), _answer_words(yes=False)
    if words not in yes and words not in no:  # most messages: nothing read from the database
        return
    state = await read_user_state(update, context)
    # Only a question standing alone: beside a diary step, typed words are that step's answer.
    if state.dialog_flow != SAFETY_FLOW:
        return
    pending = await read_pending(update, context)
    if pending is None or pending.step >= len(questions_of(pending.code)):
        return
    await settle_answer(update, context, code=pending.code, step=pending.step, token=pending.token, yes=words in yes)
    raise ApplicationHandlerStop


@functools.cache
def _answer_words(*, yes: bool) -> frozenset[str]:
    """The typed words of a yes (or a no) in every language: people mix them, whatever their settings."""
    found: set[str] = set()
    for language in LANGUAGES:
        t = texts_for(language)
        found |= _words(t.SAFETY_TYPED_YES if yes else t.SAFETY_TYPED_NO)
    return frozenset(found)


def _words(alternatives: str) -> set[str]:
    return {_plain(words) for words in alternatives.split("|") if words.strip()}


def _plain(text: str) -> str:
    """Words as compared: folded (case, accents), punctuation gone, single spaces."""
    return " ".join(fold(_NOT_WORDS.sub(" ", text)).split())


async def settle_answer(update: Update, context: BotContext, *, code: str, step: int, token: str, yes: bool) -> None:
    """Answer a Yes or No to question `step` of a partial sign, pressed or typed, current or old."""
    questions = questions_of(code)
    t, numbers = await user_numbers(update, context)
    question = questions[step]
    pressed = update.callback_query is not None
    crisis = asks_about_crisis(code)
    if yes:
        await take_pending(update, context, token)
        await answer(update)
        # Urgent care first; then the question shows the answer given, without buttons.
        if question.code in CRISIS_CODES:  # the second opinion's crisis question
            await send_crisis_support(update, context, overdose=True)
        else:
            await send_urgent_care(update, context, tier=question.tier)
        if pressed:
            await edit_or_send(update, f"{t.SAFETY_QUESTIONS[question.key]} <b>{t.BTN_YES}</b>")
        await record_event(update, context, source="question", codes=[question.code])
        return
    pending = await read_pending(update, context)
    if pending is None or not pending.current(token, step, context.services.clock.now()):
        if pending is not None and (pending.token, pending.step) == (token, step):
            await take_pending(update, context, token)  # this very question, asked too long ago
        await answer(update)
        if pressed:
            await edit_or_send(update, f"{t.SAFETY_QUESTIONS[question.key]} <b>{t.BTN_NO}</b>")
        await reply(
            update,
            _after_no(t, numbers, code, pending.text if pending is not None and pending.token == token else "")
            if crisis
            else t.SAFETY_QUESTION_OLD.format(**format_numbers(numbers, t)),
        )
        return
    if step + 1 < len(questions):
        await take_pending(update, context, token, step=step + 1)
        await answer(update)
        await edit_or_send(update, *question_screen(t, code, step + 1, token))
        return
    await take_pending(update, context, token)
    await answer(update)
    await edit_or_send(update, _after_no(t, numbers, code, pending.text))
    if not crisis and pending.later and pending.text:
        await answer_text(update, context, pending.text)


def _after_no(t: Texts, numbers: EmergencyNumbers, code: str, words: str = "") -> str:
    """What follows the last "no": what the answers suggest, never an all-clear after the crisis question.

    `words` are those that raised the question (kept for free text only): when they name a medicine, the "no"
    to the crisis question also says to tell its prescriber about a change in mood.
    """
    if asks_about_crisis(code):
        # "No" to the crisis question is not an all-clear, and the words that raised it get no lessons.
        text = crisis_answered_no(t, numbers)
        if words and names_a_medicine(words, t.language):
            text += "\n\n" + t.CRISIS_ANSWERED_NO_MEDICINE
        return text
    pregnancy = all(q.code == PREGNANCY for q in questions_of(code))
    cleared = t.POSSIBLE_CLEARED_PREGNANCY if pregnancy else t.POSSIBLE_CLEARED
    return str(cleared.format(**format_numbers(numbers, t)))
