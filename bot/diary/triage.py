"""The red-flag screen before a first or severe attack is saved, and the save step itself.

One message, one toggle button per warning sign of the fact sheet (sections 6 and 9). Any "yes" sends
the urgent-care message of its tier first (emergency now, or a doctor the same day); the attack is saved
all the same, and the warning is recorded as a safety event with its codes only. For someone whose
usual aura has numbness or speech trouble, the deficit question asks whether this is different from
that aura, rather than raising an alarm at every severe attack.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection
from telegram import InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from bot import callbacks
from bot.access import user_transaction
from bot.context import BotContext
from bot.diary import backfill as diary_backfill
from bot.diary.common import FLOW_LOG, Screen, consent_screen, log_keyboard, time_problem_text, zone_of
from bot.diary.views import attack_summary, saved_keyboard
from bot.keyboards import Row, inline
from bot.replies import answer, answer_stale, edit_or_send, reply
from bot.safety.screen import send_urgent_care
from bot.texts import texts_for
from bot.texts.catalog import Texts
from content.redflags import Tier
from storage.audit import insert_safety_event
from storage.db import transaction
from storage.dialogs import DialogRow, consume_dialog_row, get_dialog
from storage.diary import check_attack_times, insert_attack, insert_attack_closing_dialog
from storage.diary_models import Attack
from storage.models import Dialog
from storage.snapshots import UserView

log = logging.getLogger(__name__)

# Returned by a flow step when the attack is complete and should be written now.
SAVE = Screen("")
CODES: tuple[str, ...] = texts_for(None).TRIAGE_CODES
# Signs that need emergency care now; the others need a doctor the same day, unless the attack is severe
# (a severe headache in pregnancy or after a head injury is an emergency).
EMERGENCY_CODES = frozenset(
    {"thunderclap", "new_deficit", "confusion", "fever_stiff_neck", "vertigo", "aura_atypical", "red_eye"}
)
EMERGENCY_IF_SEVERE = frozenset({"pregnancy", "head_injury"})
SEVERE = 7
DEFICIT_AURA = "deficit_aura"


def tier_of(codes: list[str], peak: int) -> Tier:
    """The tier of the ticked signs: emergency when any needs it, else the same day."""
    if any(c in EMERGENCY_CODES or (c in EMERGENCY_IF_SEVERE and peak >= SEVERE) for c in codes):
        return Tier.EMERGENCY
    return Tier.SAME_DAY


def open_screen(t: Texts, dialog: DialogRow, *, deficit_aura: bool) -> Screen:
    """Start the red-flag questions, noting whether the user's usual aura has deficit symptoms."""
    dialog.update(step="triage", flags=[], **{DEFICIT_AURA: deficit_aura})
    return screen(t, str(dialog.data["token"]), [], deficit_aura=deficit_aura)


def screen(t: Texts, token: str, flags: list[int], *, deficit_aura: bool = False) -> Screen:
    """The red-flag questions as toggles, then "None of these" and "Done"."""
    labels = dict(t.TRIAGE_QUESTIONS)
    if deficit_aura:
        labels["new_deficit"] = t.TRIAGE_DEFICIT_USUAL_AURA
    rows: list[Row] = [
        [(("☑️ " if index in flags else "⬜ ") + labels[code], callbacks.make("log", "rf", token, index))]
        for index, code in enumerate(CODES)
    ]
    rows.append(
        [
            (t.BTN_NONE_OF_THESE, callbacks.make("log", "none", token)),
            (t.BTN_TRIAGE_DONE, callbacks.make("log", "done", token)),
        ]
    )
    return Screen(t.TRIAGE_ASK, inline(rows))


def step(t: Texts, dialog: DialogRow, parsed: callbacks.Callback) -> Screen | None:
    """Toggle a question, or finish the screen; None for a button that does not belong here."""
    if dialog.step == "save" and parsed.action in {"none", "done"}:
        return SAVE  # the save failed after this step was stored (TRY_AGAIN): pressing again retries it
    if dialog.step != "triage":
        return None
    token = str(dialog.data["token"])
    flags = [int(f) for f in dialog.data.get("flags", [])]
    if parsed.action == "rf":
        index = parsed.int_arg(1)
        if index is None or index >= len(CODES):
            return None
        flags = sorted(set(flags) ^ {index})
        dialog.update(flags=flags)
        return screen(t, token, flags, deficit_aura=bool(dialog.data.get(DEFICIT_AURA)))
    if parsed.action in {"none", "done"}:
        dialog.update(step="save", flags=[] if parsed.action == "none" else flags)
        return SAVE
    return None


def _live(dialog: Dialog | DialogRow | None, token: str) -> bool:
    return (
        dialog is not None and dialog.flow == FLOW_LOG and dialog.data.get("token") == token and dialog.step == "save"
    )


# What a save leaves to send: the screen (the entry, a consent or time problem) and the attack written, if any.
Saved = tuple[Screen, Attack | None]


async def finish(update: Update, context: BotContext, *, token: str, saved: DialogRow | None = None) -> None:
    """Send the urgent-care message first when a red flag was ticked, then write the attack.

    ``saved`` is the dialog as the caller's transaction, just committed, left it at the save step: its
    ticked signs then need no second read.
    """
    tg_user = update.effective_user
    if tg_user is None:
        return
    dialog: Dialog | DialogRow | None = saved
    if dialog is None:
        async with transaction(context.services.sessions) as session:
            dialog = await get_dialog(session=session, user_id=tg_user.id)
    live = dialog is not None and _live(dialog, token)
    codes = [CODES[int(i)] for i in dialog.data.get("flags", [])] if dialog is not None and live else []
    peak = int(dialog.data.get("peak", 0)) if dialog is not None and live else 0
    if codes:
        try:
            await send_urgent_care(update, context, tier=tier_of(codes, peak))
        except TelegramError as exc:  # the entry must still be saved
            log.warning("urgent-care message failed: %s", type(exc).__name__)
    now = context.services.clock.now()
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        dialog = await get_dialog(session=session, user_id=user.id)
        result: Saved | None = None
        if dialog is not None and _live(dialog, token):
            tz = zone_of(user, context)
            connection = await session.connection()
            view = UserView.of(user)
            result = await save_attack(connection, view, t, dialog.data, codes=codes, now=now, tz=tz, step="save")
    await show_saved(update, context, t, result)


def saves_at_once(dialog: DialogRow) -> bool:
    """Whether a flow step that returned SAVE can write the attack in its own transaction: nothing was ticked.

    A ticked sign sends the urgent-care message before anything is written (``finish``); without one there
    is nothing to send first, and one transaction both moves the dialog to its end and writes the attack.
    """
    return not dialog.data.get("flags")


async def save_attack(
    connection: AsyncConnection,
    user: UserView,
    t: Texts,
    data: Mapping[str, Any],
    *,
    codes: list[str],
    now: datetime,
    tz: ZoneInfo,
    step: str | None = None,
) -> Saved | None:
    """Consume the log dialog, then write the attack (and the ticked signs' safety event) in the caller's transaction.

    With consent, nothing ticked and possible times (the usual save) that is one statement on PostgreSQL
    (storage.diary.insert_attack_closing_dialog); with nothing ticked there is at most one write in any case,
    so such a save may run without a transaction there (storage.db.write_repeatable).

    None when another update consumed the dialog first (or moved it off ``step``, when given): of a double
    tap handled by two instances, one saves the attack. ``data`` is the dialog's as the caller holds it, its
    last step's changes included; they are never written (one UPDATE fewer): the DELETE removes the row, or
    finds it gone or replaced, and then the changes must not be written over another update's.
    """
    token = str(data["token"])
    if user.has_consent and not codes:
        started, ended = _times(data)
        problem = check_attack_times(started, ended, now=now)
        if problem is None:  # the usual save: one statement on PostgreSQL
            attack = await insert_attack_closing_dialog(
                connection=connection, flow=FLOW_LOG, token=token, step=step, user_id=user.id, started_at=started,
                peak_intensity=int(data["peak"]), now=now, ended_at=ended,
            )  # fmt: skip
            return None if attack is None else _saved(attack, t, data, now=now, tz=tz)
    if await consume_dialog_row(connection=connection, user_id=user.id, flow=FLOW_LOG, token=token, step=step) is None:
        return None
    if not user.has_consent:
        return consent_screen(t), None
    if codes:
        await insert_safety_event(connection=connection, user_id=user.id, source="diary_triage", codes=codes)
    started, ended = _times(data)
    problem = check_attack_times(started, ended, now=now)
    if problem is not None:
        return Screen(time_problem_text(problem, t)), None
    peak = int(data["peak"])
    attack = await insert_attack(
        connection=connection, user_id=user.id, started_at=started, peak_intensity=peak, now=now, ended_at=ended
    )
    return _saved(attack, t, data, now=now, tz=tz)


def _times(data: Mapping[str, Any]) -> tuple[datetime, datetime | None]:
    """The start and end (None: going on) of the attack the log dialog holds."""
    started = datetime.fromisoformat(str(data["started_at"]))
    return started, datetime.fromisoformat(str(data["ended_at"])) if data.get("ended_at") else None


def _saved(attack: Attack, t: Texts, data: Mapping[str, Any], *, now: datetime, tz: ZoneInfo) -> Saved:
    """The saved entry's screen: its summary, its buttons, and for a past attack the button to copy another."""
    ended = attack.ended_at
    markup = saved_keyboard(attack, t)
    # Copying a diary: the next one (not under an attack still going on, which is no past one).
    if ended is not None and diary_backfill.is_past_attack(data, now=now, tz=tz):
        another = diary_backfill.another_past_button(t, attack.started_at, tz)
        markup = InlineKeyboardMarkup([*markup.inline_keyboard, [another]])
    return Screen(attack_summary(attack, t, tz=tz, now=now), markup), attack


async def show_saved(update: Update, context: BotContext, t: Texts, result: Saved | None) -> None:
    """Show the saved entry in place of the flow's message (then the diary keyboard), or say the button is stale."""
    if result is None:
        await answer_stale(update, context)
        return
    screen, attack = result
    await answer(update)
    await edit_or_send(update, screen.text, screen.markup)
    if attack is not None:
        await reply(update, t.DIARY_SAVED, log_keyboard(t))
