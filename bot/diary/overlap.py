"""A new attack's start inside one already logged: the same headache, or really a second one?

Saved silently, a second attack over the first counts twice in /stats and the doctor's report and
averages both pains. So the log flow stops at the start (step "overlap") and asks, naming the logged
attack's times; the logged attack's id and times are kept in the dialog so the question can be shown
again ("Continue") without another read. Buttons are ``log:same:<token>`` and ``log:apart:<token>``
like the rest of the log flow (bot/diary/log.py), which checks token and step before either is taken.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection

from bot import callbacks
from bot.diary.common import Screen, local_moment
from bot.diary.views import attack_keyboard
from bot.keyboards import Row, inline
from bot.texts.catalog import Texts
from storage.dialogs import DialogRow, end_dialog_row
from storage.diary import attack_span
from storage.models import Dialog
from storage.snapshots import UserView


def question_screen(t: Texts, dialog: Dialog | DialogRow, *, now: datetime, tz: ZoneInfo) -> Screen:
    """Say which logged attack the new start falls in, with "the same headache" and "save as a new one"."""
    token = str(dialog.data["token"])
    start = local_moment(datetime.fromisoformat(str(dialog.data["overlap_from"])), tz, now=now, t=t)
    end = dialog.data.get("overlap_to")
    if end:
        text = t.OVERLAP_ASK.format(start=start, end=local_moment(datetime.fromisoformat(str(end)), tz, now=now, t=t))
    else:
        text = t.OVERLAP_ASK_ONGOING.format(start=start)
    rows: list[Row] = [
        [(t.BTN_SAME_HEADACHE, callbacks.make("log", "same", token))],
        [(t.BTN_SAVE_AS_NEW, callbacks.make("log", "apart", token))],
        [(t.BTN_DIARY_CANCEL, callbacks.make("log", "cancel", token))],
    ]
    return Screen(text, inline(rows))


async def same_headache(
    connection: AsyncConnection, user: UserView, t: Texts, dialog: DialogRow, *, now: datetime, tz: ZoneInfo
) -> Screen:
    """End the flow without saving; point to the logged attack with its buttons (it ended, medicine, details)."""
    await end_dialog_row(connection=connection, user_id=user.id)
    logged = await attack_span(connection=connection, user_id=user.id, attack_id=int(dialog.data["overlap"]))
    if logged is None:  # deleted since the question: nothing was saved either way
        return Screen(t.LOG_CANCELLED)
    attack_id, started_at, ended_at = logged
    start = local_moment(started_at, tz, now=now, t=t)
    return Screen(t.OVERLAP_SAME.format(start=start), attack_keyboard(attack_id, ended_at, t))
