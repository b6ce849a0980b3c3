"""/midas: the MIDAS questionnaire, one question per screen, answered by a number button or typed.

Answers collect in the dialog; the result is written once, when the seventh answer is in. Buttons are
``midas:a:<token>:<question>:<value>``, so an answer from an old screen or a finished run is stale.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot import callbacks
from bot.access import user_transaction
from bot.context import BotContext
from bot.diary.common import (
    FLOW_MIDAS,
    Screen,
    blocking_flow,
    busy_screen,
    consent_screen,
    new_token,
    parse_press,
    show,
    zone_of,
)
from bot.diary.parsing import parse_whole_number
from bot.keyboards import Row, inline
from bot.replies import answer_stale, reply
from bot.texts import texts_for
from bot.texts.catalog import Texts
from storage.dialogs import consume_dialog, end_dialog, get_dialog, start_dialog, update_dialog
from storage.diary_checkins import record_midas
from storage.diary_queries import diary_headache_days
from storage.midas import MAX_DAYS, MAX_PAIN, MidasItem, MidasValidationError, score_midas
from storage.models import Dialog, User

ITEMS = tuple(MidasItem)
DAY_CHOICES = (0, 1, 2, 3, 5, 10, 15, 20, 30, 60)
# Item 2 excludes the days of item 1, item 4 those of item 3: together they fit in the 90 days.
PAIRS = {1: 0, 3: 2}


def question_screen(t: Texts, token: str, index: int, problem: str = "", diary: dict[str, Any] | None = None) -> Screen:
    """Ask question ``index`` (0-6) with number buttons; ``problem`` says what was wrong with the last answer.

    The headache-day question (A) is pre-filled from the diary: its count is the first button, one tap.
    """
    pain = ITEMS[index] is MidasItem.AVERAGE_PAIN
    values = range(MAX_PAIN + 1) if pain else DAY_CHOICES
    buttons = [(str(v), callbacks.make("midas", "a", token, index, v)) for v in values]
    half = (len(buttons) + 1) // 2
    rows: list[Row] = [buttons[:half], buttons[half:], [(t.BTN_DIARY_CANCEL, callbacks.make("midas", "x", token))]]
    hint = t.MIDAS_NUMBER_PAIN if pain else t.MIDAS_NUMBER_DAYS
    parts = [problem] if problem else []
    if index == 0 and not problem:
        parts.append(t.MIDAS_INTRO)
    parts += [t.MIDAS_PROGRESS.format(number=index + 1), f"<b>{t.MIDAS_QUESTIONS[index]}</b>"]
    if ITEMS[index] is MidasItem.HEADACHE_DAYS and diary is not None:
        days, covered = int(diary["days"]), int(diary["covered"])
        parts.append(
            t.MIDAS_FROM_DIARY(days).format(days=days)
            + (t.MIDAS_DIARY_PARTIAL.format(covered=covered) if covered < 90 else "")
        )
        rows.insert(0, [(t.BTN_MIDAS_FROM_DIARY.format(days=days), callbacks.make("midas", "a", token, index, days))])
    parts.append(hint)
    return Screen("\n\n".join(parts), inline(rows))


async def open_midas(session: AsyncSession, user: User, t: Texts, *, now: datetime, tz: ZoneInfo) -> Screen:
    """Start the questionnaire, or say why not (consent, another open flow)."""
    if not user.has_consent:
        return consent_screen(t)
    current = blocking_flow(await get_dialog(session=session, user_id=user.id), FLOW_MIDAS)
    if current is not None:
        return busy_screen(t, current, FLOW_MIDAS)
    token = new_token()
    days, covered = await diary_headache_days(session=session, user_id=user.id, tz=tz, now=now, days=MAX_DAYS)
    diary = {"days": min(days, MAX_DAYS), "covered": covered}
    await start_dialog(
        session=session,
        user_id=user.id,
        flow=FLOW_MIDAS,
        step="0",
        data={"token": token, "answers": {}, "diary": diary},
    )
    return question_screen(t, token, 0)


async def midas_command(update: Update, context: BotContext) -> None:
    """Start the MIDAS questionnaire."""
    async with user_transaction(update, context) as (session, user):
        now = context.services.clock.now()
        screen = await open_midas(session, user, texts_for(user.language), now=now, tz=zone_of(user, context))
    await show(update, screen, edit=False)


async def midas_button(update: Update, context: BotContext) -> None:
    """Take a number button, or cancel; buttons of another run or question are stale."""
    parsed = parse_press(update)
    if parsed is None:
        await answer_stale(update, context)
        return
    now = context.services.clock.now()
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        dialog = await get_dialog(session=session, user_id=user.id)
        live = dialog is not None and dialog.flow == FLOW_MIDAS and dialog.data.get("token") == parsed.arg(0)
        screen: Screen | None = None
        if live and dialog is not None and parsed.action == "x":
            await end_dialog(session=session, user_id=user.id)
            screen = Screen(t.MIDAS_CANCELLED)
        elif live and dialog is not None and parsed.action == "a" and parsed.int_arg(1) == int(dialog.step):
            value = parsed.int_arg(2)
            if value is not None:
                screen = await _answer(session, user, t, dialog, value, now=now, context=context)
    if screen is None:
        await answer_stale(update, context)
        return
    await show(update, screen, edit=True)


async def typed_answer(update: Update, context: BotContext, text: str, dialog: Dialog) -> None:
    """Take a typed answer to the current question; anything but a whole number in range is re-asked."""
    now = context.services.clock.now()
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        current = await get_dialog(session=session, user_id=user.id)
        if current is None or current.flow != FLOW_MIDAS or current.data.get("token") != dialog.data.get("token"):
            return
        index = int(current.step)
        pain = ITEMS[index] is MidasItem.AVERAGE_PAIN
        value = parse_whole_number(text, low=0, high=MAX_PAIN if pain else MAX_DAYS)
        if value is None:
            problem = t.MIDAS_NUMBER_PAIN if pain else t.MIDAS_NUMBER_DAYS
            screen = question_screen(t, str(current.data["token"]), index, problem, current.data.get("diary"))
        else:
            answered = await _answer(session, user, t, current, value, now=now, context=context)
            screen = answered or question_screen(t, str(current.data["token"]), index, diary=current.data.get("diary"))
    await reply(update, screen.text, screen.markup)


async def _answer(
    session: AsyncSession,
    user: User,
    t: Texts,
    dialog: Dialog,
    value: int,
    *,
    now: datetime,
    context: BotContext,
) -> Screen | None:
    """Store one answer and ask the next question, or score and save after the last."""
    index, token = int(dialog.step), str(dialog.data["token"])
    answers: dict[str, Any] = dict(dialog.data.get("answers", {}))
    limit = MAX_PAIN if ITEMS[index] is MidasItem.AVERAGE_PAIN else MAX_DAYS
    if not 0 <= value <= limit:
        return None
    paired = PAIRS.get(index)
    if paired is not None and int(answers.get(ITEMS[paired].value, 0)) + value > MAX_DAYS:
        return question_screen(t, token, index, t.MIDAS_PAIR)
    answers[ITEMS[index].value] = value
    if index + 1 < len(ITEMS):
        await update_dialog(session=session, dialog=dialog, step=str(index + 1), answers=answers)
        return question_screen(t, token, index + 1, diary=dialog.data.get("diary"))
    local_date = now.astimezone(zone_of(user, context)).date()
    try:
        result = score_midas(answers, completed_on=local_date)
    except MidasValidationError as exc:  # only a hand-edited dialog gets here; re-ask the item named
        failed = ITEMS.index(exc.item)
        await update_dialog(session=session, dialog=dialog, step=str(failed), answers=answers)
        return question_screen(t, token, failed, t.MIDAS_PAIR)
    # Consumed before the result is written: of the same last answer handled twice (two instances), one counts.
    if await consume_dialog(session=session, user_id=user.id, flow=FLOW_MIDAS, token=token, step=str(index)) is None:
        return None
    await record_midas(session=session, user_id=user.id, result=result, completed_at=now, local_date=local_date)
    explanation = t.MIDAS_GRADES[result.grade.value] + "\n\n" + t.MIDAS_FOOTER
    return Screen(t.MIDAS_RESULT.format(score=result.score, grade=result.grade.value, explanation=explanation))
