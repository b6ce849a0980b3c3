"""Answers to the messages the scheduler sends: the daily check-in and the 2-hour "did it help?" follow-up.

The scheduler's sender builds those messages with the functions here (checkin_prompt, followup_prompt),
so their buttons and the handlers that answer them live together:

* ``ci:none:<YYYY-MM-DD>`` records a headache-free day in one tap; ``ci:yes:<date>`` opens the log flow.
* ``fu:<none|some|good|complete>:<intake id>`` stores how well a dose worked; the dose must be the
  presser's own.
* ``cf:<factor>:<value>:<YYYY-MM-DD>`` records one daily factor (sleep, stress, period, ...) in one tap.
  The factor rows are offered only for the factors the user tracks (/settings); they stay on the
  message after the headache answer, so a factor can be added or changed later that day.
"""

from __future__ import annotations

import contextlib
import html
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot import callbacks
from bot.access import seen_user_write, user_transaction
from bot.context import BotContext
from bot.diary.common import Screen, consent_screen, parse_press, short_day, show, zone_of
from bot.diary.log import open_log
from bot.keyboards import Row, inline
from bot.replies import answer, answer_stale, edit_or_send, reply
from bot.texts import texts_for
from bot.texts.catalog import Texts
from storage.diary import MAX_ATTACK, get_intake, set_intake_effect
from storage.diary_checkins import has_checkin, record_headache_free_day
from storage.diary_queries import attacks_between, user_zone
from storage.diary_stats import utc_range
from storage.diary_types import Effect
from storage.factors import VALUES, Factor, factors_on, parse_factor, record_factor, tracked_factors, valid_value
from storage.snapshots import UserView
from storage.users import get_user

# A check-in can still be answered for this many days; older prompts are stale.
CHECKIN_DAYS = MAX_ATTACK.days
EFFECTS = frozenset(effect.value for effect in Effect)


def checkin_keyboard(
    day: date,
    t: Texts | None = None,
    *,
    factors: tuple[Factor, ...] = (),
    answers: dict[Factor, int] | None = None,
    headache: bool = True,
) -> InlineKeyboardMarkup:
    """The check-in buttons for one local date: "no headache" (one tap), "yes, log it", then the factors."""
    t = t or texts_for(None)
    rows: list[Row] = []
    if headache:
        rows += [
            [(t.BTN_NO_HEADACHE, callbacks.make("ci", "none", day.isoformat()))],
            [(t.BTN_HAD_HEADACHE, callbacks.make("ci", "yes", day.isoformat()))],
        ]
    return inline(rows + factor_rows(day, t, factors, answers or {}))


def factor_rows(day: date, t: Texts, factors: tuple[Factor, ...], answers: dict[Factor, int]) -> list[Row]:
    """One row per tracked factor; the recorded answer is ticked."""
    rows: list[Row] = []
    for factor in factors:
        labels = t.FACTOR_BUTTONS[factor.value]
        rows.append(
            [
                (
                    (t.FACTOR_CHOSEN if answers.get(factor) == value else "") + label,
                    callbacks.make("cf", factor.value, value, day.isoformat()),
                )
                for value, label in zip(VALUES[factor], labels, strict=True)
            ]
        )
    return rows


def checkin_prompt(
    day: date, language: str | None = None, factors: tuple[Factor, ...] = (), answers: dict[Factor, int] | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """The whole daily check-in message for one local date: text and buttons (factors the user tracks)."""
    t = texts_for(language)
    text = t.CHECKIN_ASK.format(day=short_day(day, t))
    if factors:
        text += "\n\n" + t.CHECKIN_FACTORS_HINT
    return text, checkin_keyboard(day, t, factors=factors, answers=answers)


def followup_keyboard(intake_id: int, t: Texts | None = None) -> InlineKeyboardMarkup:
    """The four answers to "did it help?" for one dose."""
    t = t or texts_for(None)
    buttons = [(label, callbacks.make("fu", effect, intake_id)) for effect, label in t.EFFECTS.items()]
    return inline([buttons[:2], buttons[2:]])


async def followup_prompt(
    *, session: AsyncSession, user_id: int, payload: dict[str, Any], default_timezone: str = "UTC"
) -> tuple[str, InlineKeyboardMarkup] | None:
    """The follow-up message for a "followup" schedule row; None when the dose is gone or already rated."""
    intake_id = payload.get("intake_id")
    if not isinstance(intake_id, int):
        return None
    intake = await get_intake(session=session, user_id=user_id, intake_id=intake_id)
    user = await get_user(session=session, user_id=user_id)
    if intake is None or user is None or intake.effect is not None or not user.has_consent:
        return None
    t = texts_for(user.language)
    tz = user_zone(user.timezone, default_timezone)
    taken = intake.taken_at.astimezone(tz).strftime("%H:%M")
    return t.FOLLOWUP_ASK.format(name=html.escape(intake.name), time=taken), followup_keyboard(intake_id, t)


async def followup_button(update: Update, context: BotContext) -> None:
    """Store the effect of a dose; a dose that is not the presser's own is a stale button."""
    parsed = parse_press(update)
    intake_id = parsed.int_arg(0) if parsed else None
    if parsed is None or intake_id is None or parsed.action not in EFFECTS:
        await answer_stale(update, context)
        return
    now = context.services.clock.now()
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        screen: Screen | None = consent_screen(t)
        if user.has_consent:
            effect = Effect(parsed.action)
            intake = await set_intake_effect(
                session=session, user_id=user.id, intake_id=intake_id, effect=effect, now=now
            )
            screen = None
            if intake is not None:
                name = html.escape(intake.name)
                screen = Screen(t.FOLLOWUP_THANKS.format(name=name, effect=t.EFFECTS[effect.value].lower()))
    if screen is None:
        await answer_stale(update, context)
        return
    await show(update, screen, edit=True)


async def checkin_button(update: Update, context: BotContext) -> None:
    """Record a headache-free day, or open the log flow for a day with a headache."""
    parsed = parse_press(update)
    day = _day(parsed.arg(0)) if parsed else None
    if parsed is None or day is None or parsed.action not in {"none", "yes"}:
        await answer_stale(update, context)
        return
    if parsed.action == "none":
        await _headache_free(update, context, day)
        return
    now = context.services.clock.now()
    kept: Screen | None = None  # the check-in itself, kept with its factor buttons
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        tz = zone_of(user, context)
        today = now.astimezone(tz).date()
        screen: Screen | None
        if not today - timedelta(days=CHECKIN_DAYS) <= day <= today:
            screen = None
        elif not user.has_consent:
            screen = consent_screen(t)
        else:
            factors = await tracked_factors(session=session, user_id=user.id)
            screen = await open_log(session, user, t, now=now, tz=tz, day=day)
            if factors:
                answers = await factors_on(session=session, user_id=user.id, local_date=day)
                markup = checkin_keyboard(day, t, factors=factors, answers=answers, headache=False)
                kept = Screen(t.CHECKIN_HEADACHE_DAY.format(day=short_day(day, t)), markup)
    if screen is None:
        await answer_stale(update, context)
        return
    if kept is None:
        await show(update, screen, edit=True)
        return
    await answer(update)
    await edit_or_send(update, kept.text, kept.markup)
    await reply(update, screen.text, screen.markup)


async def _headache_free(update: Update, context: BotContext, day: date) -> None:
    """Record "no headache" for a day, unless an attack is logged on it: one read and one upsert, no ORM rows.

    The most frequent check-in answer writes no user or dialog row, so it runs after the user's read (which
    marks them seen when due) on a Core connection, as lesson steps do; on PostgreSQL without a transaction
    around it (the upsert is the last statement, and repeatable).
    """
    now = context.services.clock.now()

    async def record(connection: AsyncConnection, user: UserView) -> Screen | None:
        t = texts_for(user.language)
        tz = zone_of(user, context)
        today = now.astimezone(tz).date()
        if not today - timedelta(days=CHECKIN_DAYS) <= day <= today:
            return None
        if not user.has_consent:
            return consent_screen(t)
        start, end = utc_range(tz, day, day)
        free = await record_headache_free_day(
            connection=connection, user_id=user.id, local_date=day, start=start, end=end, now=now
        )
        markup = None  # no factor buttons: none is tracked
        if free.factors:
            markup = checkin_keyboard(day, t, factors=free.factors, answers=free.answers, headache=False)
        text = t.CHECKIN_NONE_SAVED if free.recorded else t.CHECKIN_HAS_ATTACK
        return Screen(text.format(day=short_day(day, t)), markup)

    screen = await seen_user_write(update, context, record)
    if screen is None:
        await answer_stale(update, context)
        return
    await show(update, screen, edit=True)


async def factor_button(update: Update, context: BotContext) -> None:
    """Record one daily factor in one tap and tick it on the check-in message."""
    parsed = parse_press(update)
    factor = parse_factor(parsed.action) if parsed else None
    value = parsed.int_arg(0) if parsed else None
    day = _day(parsed.arg(1)) if parsed else None
    if factor is None or day is None or not valid_value(factor, value) or value is None:
        await answer_stale(update, context)
        return
    now = context.services.clock.now()
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        tz = zone_of(user, context)
        today = now.astimezone(tz).date()
        markup: InlineKeyboardMarkup | None = None
        consent = user.has_consent
        if consent and today - timedelta(days=CHECKIN_DAYS) <= day <= today:
            await record_factor(session=session, user_id=user.id, local_date=day, factor=factor, value=value, now=now)
            shown = set(await tracked_factors(session=session, user_id=user.id)) | {factor}
            answers = await factors_on(session=session, user_id=user.id, local_date=day)
            start, end = utc_range(tz, day, day)
            answered = await has_checkin(session=session, user_id=user.id, local_date=day) or bool(
                await attacks_between(session=session, user_id=user.id, start=start, end=end)
            )
            factors = tuple(f for f in Factor if f in shown)
            markup = checkin_keyboard(day, t, factors=factors, answers=answers, headache=not answered)
    if not consent:
        await show(update, consent_screen(t), edit=False)
        return
    if markup is None:
        await answer_stale(update, context)
        return
    await answer(update, t.FACTOR_SAVED)
    query = update.callback_query
    if query is not None:
        with contextlib.suppress(BadRequest):  # the same ticks again: nothing to change
            await query.edit_message_reply_markup(reply_markup=markup)


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
