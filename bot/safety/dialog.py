"""Follow-up questions for a partial sign: their state in the dialogs table and their screens.

The state sits under the "safety" key of the user's dialog row, beside whatever flow is open (a diary
note, onboarding), so a question never wipes a flow; with no flow open it gets a dialog of its own
(flow SAFETY_FLOW). It holds the question reached, when it was asked, and the words to answer normally
once every answer is "no" (deleted then, like the rest of the dialog). The buttons carry the partial
sign and the question, so a "yes" still brings urgent care if the state was lost or replaced.

A question is current until the user writes something else (screen.py closes it then) or for
QUESTION_CURRENT_FOR; after that, its "no" describes another moment (bot/safety/questions.py).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from telegram import InlineKeyboardMarkup, Update

from bot import callbacks
from bot.access import user_transaction
from bot.context import BotContext
from bot.keyboards import inline
from bot.replies import reply
from bot.texts import texts_for
from bot.texts.catalog import Texts
from content.redflags import ASKED_CODES, CRISIS_CODES, QUESTIONS, Question
from storage.dialogs import end_dialog, get_dialog, start_dialog, update_dialog
from storage.models import Dialog

PREFIX = "sf"
SAFETY_FLOW = "safety"
KEY = "safety"
# The words kept to answer once every answer is "no"; a Telegram message is at most 4096 characters.
MAX_KEPT = 4096
# How long a "no" answers the question as asked: a headache's picture changes within hours.
QUESTION_CURRENT_FOR = timedelta(hours=2)


@dataclass(frozen=True, slots=True)
class Pending:
    """The open follow-up of one user, read from their dialog row."""

    token: str
    code: str
    step: int
    text: str
    source: str
    later: bool
    asked: str = ""  # when the question reached was asked (ISO, UTC); empty in rows from before it was kept

    @classmethod
    def of(cls, dialog: Dialog | None) -> Pending | None:
        """Read the state from a dialog row, or None when there is none or it is malformed."""
        raw = dialog.data.get(KEY) if dialog is not None else None
        if not isinstance(raw, dict):
            return None
        try:
            return cls(
                str(raw["token"]), str(raw["code"]), int(raw["step"]), str(raw.get("text", "")),
                str(raw.get("source", "")), bool(raw.get("later")), str(raw.get("asked", "")),
            )  # fmt: skip
        except (KeyError, TypeError, ValueError):
            return None

    def as_data(self) -> dict[str, Any]:
        """The state as stored in the dialog's JSON data."""
        return {
            "token": self.token, "code": self.code, "step": self.step, "text": self.text,
            "source": self.source, "later": self.later, "asked": self.asked,
        }  # fmt: skip

    def current(self, token: str, step: int, now: datetime) -> bool:
        """Whether a button of this question and step answers the question open now, asked recently."""
        if token != self.token or step != self.step:
            return False
        try:
            asked = datetime.fromisoformat(self.asked)
        except ValueError:
            return True  # asked before the time was kept: by its token, still the open question
        return now - asked <= QUESTION_CURRENT_FOR


def questions_of(code: str) -> tuple[Question, ...]:
    """The follow-up questions of a partial sign (empty for an unknown code)."""
    return QUESTIONS.get(code, ())


def question_screen(t: Texts, code: str, step: int, token: str) -> tuple[str, InlineKeyboardMarkup]:
    """One question with Yes and No; the buttons name the sign and the question, not the user."""
    questions = questions_of(code)
    question = questions[step]
    progress = t.POSSIBLE_PROGRESS.format(number=step + 1, total=len(questions)) if len(questions) > 1 else ""
    text = f"{t.POSSIBLE_INTRO}\n\n<b>{t.SAFETY_QUESTIONS[question.key]}</b> {progress}".rstrip()
    index = ASKED_CODES.index(code)
    markup = inline(
        [
            [
                (t.BTN_YES, callbacks.make(PREFIX, "y", index, step, token)),
                (t.BTN_NO, callbacks.make(PREFIX, "n", index, step, token)),
            ]
        ]
    )
    return text, markup


async def ask_first_question(
    update: Update, context: BotContext, *, code: str, text: str, source: str, later: bool
) -> None:
    """Keep the state in the user's dialog row and ask the first question of a partial sign."""
    token = secrets.token_hex(3)
    asked = context.services.clock.now().isoformat()
    pending = Pending(token, code, 0, text[:MAX_KEPT] if later else "", source, later, asked)
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        dialog = await get_dialog(session=session, user_id=user.id)
        if dialog is None:
            data = {KEY: pending.as_data()}
            await start_dialog(session=session, user_id=user.id, flow=SAFETY_FLOW, step="ask", data=data)
        else:
            await update_dialog(session=session, dialog=dialog, safety=pending.as_data())
    await reply(update, *question_screen(t, code, 0, token))


async def take_pending(
    update: Update, context: BotContext, token: str | None, *, step: int | None = None
) -> Pending | None:
    """Return the user's live follow-up with this token (any open one for None); move it to `step`, or close
    it when step is None."""
    async with user_transaction(update, context) as (session, user):
        dialog = await get_dialog(session=session, user_id=user.id)
        pending = Pending.of(dialog)
        if dialog is None or pending is None or (token is not None and pending.token != token):
            return None
        if step is not None:
            asked = context.services.clock.now().isoformat()
            moved = Pending(pending.token, pending.code, step, pending.text, pending.source, pending.later, asked)
            await update_dialog(session=session, dialog=dialog, safety=moved.as_data())
        elif dialog.flow == SAFETY_FLOW:
            await end_dialog(session=session, user_id=user.id)
        else:
            dialog.data = {k: v for k, v in dialog.data.items() if k != KEY}
            await update_dialog(session=session, dialog=dialog)
        return pending


async def read_pending(update: Update, context: BotContext) -> Pending | None:
    """The user's open follow-up, if any, without changing it."""
    async with user_transaction(update, context) as (session, user):
        return Pending.of(await get_dialog(session=session, user_id=user.id))


async def close_pending(update: Update, context: BotContext) -> Pending | None:
    """Close the user's open follow-up, if any: they wrote something else, so its buttons are old now."""
    return await take_pending(update, context, None)


def asks_about_crisis(code: str) -> bool:
    """Whether a partial sign's follow-up is the crisis question (each "yes" of it is the crisis path)."""
    questions = questions_of(code)
    return bool(questions) and all(q.code in CRISIS_CODES for q in questions)
