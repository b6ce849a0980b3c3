"""Shared pieces of the diary handlers: flows, consent, the log keyboard, times shown to the user."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup, Update

from bot import callbacks
from bot.callbacks import Callback
from bot.context import BotContext
from bot.keyboards import inline
from bot.replies import answer, edit_or_send, reply
from bot.texts.catalog import Texts
from storage.dialogs import DialogRow
from storage.diary import TimeProblem
from storage.diary_queries import user_zone
from storage.models import Dialog, User
from storage.snapshots import UserView
from storage.types import utcnow

FLOW_LOG = "log"
FLOW_MIDAS = "midas"
FLOW_TEXT = "diary_text"  # waiting for one typed value (note, trigger, medicine, time) about a saved attack
# A flow untouched this long was abandoned; a new one may replace it without asking.
ABANDONED_AFTER = timedelta(hours=6)


@dataclass(frozen=True, slots=True)
class Screen:
    """A message to show: decided inside the transaction, sent after it commits."""

    text: str
    markup: InlineKeyboardMarkup | None = None


def new_token() -> str:
    """Return a short random token that ties a flow's buttons to that one flow."""
    return secrets.token_hex(3)


def parse_press(update: Update) -> Callback | None:
    """Parse the pressed button's data, or None."""
    return callbacks.parse(update.callback_query.data if update.callback_query else None)


def zone_of(user: User | UserView, context: BotContext) -> ZoneInfo:
    """Return the user's time zone, or the configured default."""
    return user_zone(user.timezone, context.services.settings.default_timezone)


def log_keyboard(t: Texts) -> ReplyKeyboardMarkup:
    """The persistent reply keyboard with the one-tap "Log headache" button."""
    return _log_keyboard(t.LOG_BUTTON)


@lru_cache(maxsize=16)
def _log_keyboard(label: str) -> ReplyKeyboardMarkup:
    # Sent after every saved attack; Telegram objects are frozen, so one per language serves every reply.
    return ReplyKeyboardMarkup([[KeyboardButton(label)]], resize_keyboard=True, is_persistent=True)


def consent_screen(t: Texts) -> Screen:
    """Explain why the diary needs consent and offer the button (handled by settings)."""
    return Screen(t.DIARY_CONSENT_NEEDED, inline([[(t.BTN_ALLOW_DIARY, callbacks.make("set", "consent", "on"))]]))


def blocking_flow(dialog: Dialog | DialogRow | None, wanted: str) -> str | None:
    """Return the open flow a new ``wanted`` flow must not mix with, or None when it may start.

    Waiting for a typed detail loses nothing when replaced; an abandoned flow neither. Dialog rows are
    stamped with the wall clock (storage/dialogs.py), so they are aged against it too.
    """
    if dialog is None or dialog.flow == FLOW_TEXT:
        return None
    if utcnow() - dialog.updated_at > ABANDONED_AFTER:
        return None
    return dialog.flow


def busy_screen(t: Texts, current: str, wanted: str, *args: object) -> Screen:
    """Say which flow is open and offer to continue it or cancel it and start the wanted one."""
    text = t.BUSY.format(current=t.FLOW_NAMES.get(current, t.FLOW_OTHER), new=t.FLOW_NAMES.get(wanted, t.FLOW_OTHER))
    keyboard = [
        [(t.BTN_BUSY_CONTINUE, callbacks.make("busy", "keep", current))],
        [(t.BTN_BUSY_CANCEL, callbacks.make("busy", "new", wanted, current, *args))],
    ]
    return Screen(text, inline(keyboard))


async def show(update: Update, screen: Screen, *, edit: bool) -> None:
    """Answer the button press (if any) and show the screen, in place when ``edit``."""
    await answer(update)
    if edit:
        await edit_or_send(update, screen.text, screen.markup)
    else:
        await reply(update, screen.text, screen.markup)


def time_problem_text(problem: TimeProblem, t: Texts, start: str = "") -> str:
    """Word an impossible time for the user."""
    return str(
        {
            TimeProblem.FUTURE: t.TIME_FUTURE,
            TimeProblem.END_BEFORE_START: t.TIME_END_BEFORE_START.format(start=start),
            TimeProblem.TOO_LONG: t.TIME_TOO_LONG,
        }[problem]
    )


def short_day(day: date, t: Texts) -> str:
    """Format a date in the user's language: "Sat 21 Nov", "sábado 21 de noviembre", "21 ноября (сб)"."""
    return t.short_day(day)


def local_moment(moment: datetime, tz: ZoneInfo, *, now: datetime, t: Texts) -> str:
    """Format a moment in the user's zone: "today 14:05", "yesterday 22:00" or "Sat 21 Nov 14:05"."""
    local = moment.astimezone(tz)
    days = (now.astimezone(tz).date() - local.date()).days
    clock = t.time(local)
    if days == 0:
        return str(t.MOMENT_TODAY.format(time=clock))
    if days == 1:
        return str(t.MOMENT_YESTERDAY.format(time=clock))
    return str(t.MOMENT_ON_DAY.format(day=t.short_day(local.date()), time=clock))
