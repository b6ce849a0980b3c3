"""Logging an attack in at most three taps: "Log headache" → when it started → how bad → saved.

The flow's partial state lives in the dialogs table; the attack row is written only at the "saved"
step, in one transaction, so an abandoned or cancelled flow leaves nothing half-written. The first
attack ever, and every severe one, passes the red-flag screen first (bot/diary/triage.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from telegram import Update

from bot import callbacks
from bot.access import read_user_and_dialog, seen_user_flow_write, user_transaction
from bot.context import BotContext
from bot.diary import backfill as diary_backfill
from bot.diary import overlap as diary_overlap
from bot.diary import triage as diary_triage
from bot.diary.common import (
    FLOW_LOG,
    FLOW_TEXT,
    Screen,
    blocking_flow,
    busy_screen,
    consent_screen,
    local_moment,
    new_token,
    parse_press,
    short_day,
    time_problem_text,
    zone_of,
)
from bot.diary.parsing import local_hour, parse_moment, parse_whole_number
from bot.diary.views import intensity_rows, ongoing_buttons
from bot.keyboards import Row, inline
from bot.replies import answer, answer_stale, edit_or_send, reply
from bot.texts import texts_for
from bot.texts.catalog import Texts
from storage.aura_history import attack_history
from storage.db import run_transaction, write_repeatable
from storage.dialogs import (
    DialogRow,
    dialog_row_of,
    end_dialog_row,
    get_dialog,
    read_dialog_row,
    save_dialog_row,
    start_dialog,
    start_dialog_row,
)
from storage.diary import TimeProblem, check_attack_times
from storage.diary_queries import ongoing_attack, ongoing_attack_span, overlapping_attack_span
from storage.diary_stats import month_start
from storage.models import Dialog, User
from storage.snapshots import UserState, UserView

SEVERE = 7


async def open_log(
    session: AsyncSession,
    user: User,
    t: Texts,
    *,
    now: datetime,
    tz: ZoneInfo,
    day: date | None = None,
    check_ongoing: bool = True,
) -> Screen:
    """Start the log flow (or say why not): consent, another open flow, an attack still going on."""
    if not user.has_consent:
        return consent_screen(t)
    dialog = await get_dialog(session=session, user_id=user.id)
    current = blocking_flow(dialog, FLOW_LOG)
    if current is not None:
        return busy_screen(t, current, FLOW_LOG, *([day.isoformat()] if day else []))
    ongoing = await ongoing_attack(session=session, user_id=user.id, now=now) if check_ongoing else None
    if ongoing is not None:
        return ongoing_screen(t, ongoing.id, ongoing.started_at, now=now, tz=tz)
    token, data, past_day = _new_log(now=now, tz=tz, day=day)
    await start_dialog(session=session, user_id=user.id, flow=FLOW_LOG, step="start", data=data)
    return start_screen(t, token, past_day)


def ongoing_screen(t: Texts, attack_id: int | None, started_at: datetime, *, now: datetime, tz: ZoneInfo) -> Screen:
    """Say an attack is still going on, with its buttons and "Log another"."""
    rows: list[Row] = [ongoing_buttons(attack_id, t), [(t.BTN_LOG_ANOTHER, callbacks.make("log", "new"))]]
    start = local_moment(started_at, tz, now=now, t=t)
    return Screen(t.ONGOING_EXISTS.format(start=start), inline(rows))


def _new_log(*, now: datetime, tz: ZoneInfo, day: date | None) -> tuple[str, dict[str, str | None], date | None]:
    """A new log flow's token and dialog data, and the past day it is for (None: today)."""
    token = new_token()
    today = now.astimezone(tz).date()
    past_day = day if day is not None and day < today else None
    return token, {"token": token, "day": past_day.isoformat() if past_day else None}, past_day


async def _open_log_on(
    connection: AsyncConnection, state: UserState, *, now: datetime, tz: ZoneInfo
) -> tuple[Screen, str | None]:
    """open_log for /log on a Core connection, the user and their dialog's flow as read for the update.

    Returns the screen and the dialog's flow after. The dialog row is read only when its flow may block a
    new one (the state has its flow); the only write is the new dialog's upsert, last.
    """
    user = state.user
    t = texts_for(user.language)
    if not user.has_consent:
        return consent_screen(t), state.dialog_flow
    if state.dialog_flow is not None and state.dialog_flow != FLOW_TEXT:
        current = blocking_flow(await read_dialog_row(connection=connection, user_id=user.id), FLOW_LOG)
        if current is not None:
            return busy_screen(t, current, FLOW_LOG), state.dialog_flow
    ongoing = await ongoing_attack_span(connection=connection, user_id=user.id, now=now)
    if ongoing is not None:
        return ongoing_screen(t, ongoing.id, ongoing.started_at, now=now, tz=tz), state.dialog_flow
    token, data, past_day = _new_log(now=now, tz=tz, day=None)
    await start_dialog_row(connection=connection, user_id=user.id, flow=FLOW_LOG, step="start", data=data)
    return start_screen(t, token, past_day), FLOW_LOG


async def open_log_at(
    session: AsyncSession, user: User, t: Texts, *, now: datetime, tz: ZoneInfo, started: datetime
) -> Screen:
    """Start the log flow with the start already known (a time typed outside the flow): next is intensity."""
    screen = await open_log(session, user, t, now=now, tz=tz)
    dialog = await get_dialog(session=session, user_id=user.id)
    if dialog is None or dialog.flow != FLOW_LOG or dialog.step != "start":
        return screen  # no consent, another flow, an attack still going on: open_log says why
    problem = start_problem(started, now=now)
    if problem is not None:
        return Screen(time_problem_text(problem, t), screen.markup)
    connection, row = await session.connection(), dialog_row_of(dialog)
    screen = await take_start(connection, UserView.of(user), t, row, started, recent=False, now=now, tz=tz)
    await save_dialog_row(connection=connection, dialog=row)
    return screen


async def take_start(
    connection: AsyncConnection,
    user: UserView,
    t: Texts,
    dialog: DialogRow,
    started: datetime,
    *,
    recent: bool,
    now: datetime,
    tz: ZoneInfo,
) -> Screen:
    """Store the start and ask the intensity; overlapping an attack already logged, ask first if it is that one.

    Saved silently, a second attack over the first would count twice in /stats and the doctor's report.
    An attack of today is saved going on, so it spans from its start until now; one of an earlier day
    has its end asked later, so only its start is known here.
    """
    past = not recent and diary_backfill.is_past_start(started, now=now, tz=tz)
    end = started if past else now
    logged = await overlapping_attack_span(connection=connection, user_id=user.id, start=started, end=end)
    start = started.isoformat()
    if logged is None:
        dialog.update(step="intensity", started_at=start, recent=recent)
        return intensity_screen(t, str(dialog.data["token"]))
    dialog.update(
        step="overlap",
        started_at=start,
        recent=recent,
        overlap=logged.id,
        overlap_from=logged.started_at.isoformat(),
        overlap_to=logged.ended_at.isoformat() if logged.ended_at else None,
    )
    return diary_overlap.question_screen(t, dialog, now=now, tz=tz)


def start_problem(started: datetime, *, now: datetime) -> TimeProblem | None:
    """What is impossible about a start alone: only the future (the end of a past attack is asked next)."""
    return TimeProblem.FUTURE if started > now else None


def start_screen(t: Texts, token: str, day: date | None) -> Screen:
    """Ask when it started: one tap for now or an hour ago; a past day gets parts of the day."""

    def make(action: str, *args: object) -> str:
        return callbacks.make("log", action, token, *args)

    if day is None:
        rows: list[Row] = [
            [(t.BTN_NOW, make("now")), (t.BTN_HOUR_AGO, make("ago"))],
            [(t.BTN_EARLIER_TODAY, make("earlier")), (t.BTN_PICK_TIME, make("pick"))],
            [(t.BTN_ANOTHER_DAY, make("cal", ""))],
        ]
        text = t.START_ASK
    else:
        parts = [(label, make("h", hour)) for hour, label in t.DAY_PARTS.items()]
        rows = [parts[:2], parts[2:], [(t.BTN_PICK_TIME, make("pick")), (t.BTN_ANOTHER_DAY, make("cal", ""))]]
        text = t.START_ASK_DAY.format(day=short_day(day, t))
    rows.append([(t.BTN_DIARY_CANCEL, make("cancel"))])
    return Screen(text, inline(rows))


def intensity_screen(t: Texts, token: str) -> Screen:
    """Ask how bad it is at its worst."""
    levels = {n: callbacks.make("log", "i", token, n) for n in range(11)}
    rows = [*intensity_rows(t, levels), [(t.BTN_DIARY_CANCEL, callbacks.make("log", "cancel", token))]]
    return Screen(t.INTENSITY_ASK, inline(rows))


def hour_screen(t: Texts, token: str, now_local: datetime) -> Screen:
    """Offer every full hour of today up to now."""
    hours = [(f"{h:02d}:00", callbacks.make("log", "h", token, f"{h:02d}")) for h in range(now_local.hour + 1)]
    rows: list[Row] = [hours[i : i + 4] for i in range(0, len(hours), 4)]
    rows.append([(t.BTN_DIARY_BACK, callbacks.make("log", "back", token))])
    return Screen(t.HOUR_ASK, inline(rows))


async def log_command(update: Update, context: BotContext) -> None:
    """Start logging a headache (/log or the "Log headache" keyboard button)."""
    now = context.services.clock.now()

    async def start(connection: AsyncConnection, state: UserState) -> tuple[Screen, str | None]:
        return await _open_log_on(connection, state, now=now, tz=zone_of(state.user, context))

    screen = await seen_user_flow_write(update, context, start)
    await reply(update, screen.text, screen.markup)


async def log_button(update: Update, context: BotContext) -> None:
    """Handle a button of the log flow; buttons of a finished or replaced flow are stale."""
    parsed = parse_press(update)
    if parsed is None:
        await answer_stale(update, context)
        return
    if parsed.action == "noop":  # a weekday heading or an empty cell of the date picker
        await answer(update)
        return
    if parsed.action in {"new", "past"}:
        await _open_by_button(update, context, parsed)
        return
    now = context.services.clock.now()

    async def press(connection: AsyncConnection, user: UserView, t: Texts, dialog: DialogRow) -> Screen | None:
        return await _step(connection, user, t, dialog, parsed, now=now, tz=zone_of(user, context))

    done = await _log_step(update, context, parsed.arg(0), press, now=now)
    if done is None or done.screen is None:
        await answer_stale(update, context)
        return
    if done.screen is diary_triage.SAVE:
        if done.saved is not None:  # written with the step: no sign was ticked
            await diary_triage.show_saved(update, context, done.t, done.saved)
            return
        await diary_triage.finish(update, context, token=parsed.arg(0), saved=done.dialog)
        return
    await answer(update)
    await edit_or_send(update, done.screen.text, done.screen.markup)


async def _open_by_button(update: Update, context: BotContext, parsed: callbacks.Callback) -> None:
    """Open a new flow from "Log another" (under an attack going on) or "another past one" (under a saved one)."""
    now = context.services.clock.now()
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        tz = zone_of(user, context)
        if parsed.action == "new":
            screen = await open_log(session, user, t, now=now, tz=tz, check_ongoing=False)
        else:
            screen = await open_past(session, user, t, now=now, tz=tz, month=parsed.arg(0))
    await answer(update)
    if parsed.action == "past":  # under a saved entry: keep the entry, the picker comes below it
        await reply(update, screen.text, screen.markup)
        return
    await edit_or_send(update, screen.text, screen.markup)


@dataclass(frozen=True, slots=True)
class _Done:
    """What a step of the log flow decided (None: not its step), in whose language, and the attack it saved."""

    t: Texts
    screen: Screen | None
    dialog: DialogRow
    saved: diary_triage.Saved | None = None


async def _log_step(
    update: Update,
    context: BotContext,
    token: str,
    decide: Callable[[AsyncConnection, UserView, Texts, DialogRow], Awaitable[Screen | None]],
    *,
    now: datetime,
) -> _Done | None:
    """Run one step of the sender's log flow (token ``token``) on a Core connection; None when it is not open.

    No ORM session or rows: the user as read for the update (on PostgreSQL with their dialog, in the same
    statement), the dialog as a plain row, the step's reads, then one UPDATE of the dialog, last. On
    PostgreSQL those run without a transaction (storage.db.write_repeatable: the UPDATE writes the same
    values if run again); a step that completes the attack with nothing ticked saves it after, also without
    one: one statement that deletes the dialog and writes the attack only if the dialog was there
    (diary_triage.save_attack), so a double tap or a run again writes one attack. On SQLite all is one
    transaction.
    """
    services = context.services
    state, read, known = await read_user_and_dialog(update, context)
    user = state.user
    t = texts_for(user.language)

    async def step(connection: AsyncConnection) -> _Done | None:
        dialog = read if known else await read_dialog_row(connection=connection, user_id=user.id)
        if dialog is None or dialog.flow != FLOW_LOG or dialog.data.get("token") != token:
            return None
        dialog = replace(dialog)  # run again (a dead connection), the step starts from the row as read
        screen = await decide(connection, user, t, dialog)
        if screen is not diary_triage.SAVE or not diary_triage.saves_at_once(dialog):
            await save_dialog_row(connection=connection, dialog=dialog)
        return _Done(t, screen, dialog)

    async def save(connection: AsyncConnection, done: _Done) -> _Done:
        if done.screen is not diary_triage.SAVE or not diary_triage.saves_at_once(done.dialog):
            return done
        tz = zone_of(user, context)
        saved = await diary_triage.save_attack(connection, user, t, done.dialog.data, codes=[], now=now, tz=tz)
        return replace(done, saved=saved)

    cache = services.snapshots
    context.user_state = None  # PostgreSQL's autocommit statements count no commit: the state may change
    if services.reads is not None:
        done = await write_repeatable(services.reads, step)
        if done is not None and done.screen is diary_triage.SAVE:
            step_done = done
            done = await write_repeatable(services.reads, lambda connection: save(connection, step_done))
        return done

    async def step_and_save(connection: AsyncConnection) -> tuple[_Done | None, tuple[int, int] | None]:
        done = await step(connection)
        if done is not None:
            done = await save(connection, done)
        return done, cache.version(user.id) if cache is not None else None

    done, version = await run_transaction(services.engine, step_and_save)  # SQLite: the step and the save are one
    if cache is not None and version is not None and done is not None and done.saved is not None:
        cache.put(user.id, UserState(user, None), version)  # the dialog consumed: written through
    return done


async def _step(
    connection: AsyncConnection,
    user: UserView,
    t: Texts,
    dialog: DialogRow,
    parsed: callbacks.Callback,
    *,
    now: datetime,
    tz: ZoneInfo,
) -> Screen | None:
    """Apply one button of the flow; diary_triage.SAVE means "save now", None a stale button."""
    token, action = parsed.arg(0), parsed.action
    day = date.fromisoformat(dialog.data["day"]) if dialog.data.get("day") else None
    if action == "cancel":
        await end_dialog_row(connection=connection, user_id=user.id)
        return Screen(t.LOG_CANCELLED)
    if action == "back":
        dialog.update(step="start")
        return start_screen(t, token, day)
    if action == "earlier":
        dialog.update(step="hour")
        return hour_screen(t, token, now.astimezone(tz))
    if action == "pick":
        dialog.update(step="time")
        return Screen(t.TIME_TYPE, inline([[(t.BTN_DIARY_BACK, callbacks.make("log", "back", token))]]))
    if action in {"cal", "day"}:
        return _pick_day(t, dialog, parsed, today=now.astimezone(tz).date())
    if action in {"dur", "still", "endpick"} and dialog.step == "end":
        return await _choose_end(connection, user, t, dialog, parsed, now=now)
    if action in {"now", "ago", "h"}:
        hour = parsed.int_arg(1)
        if action == "h" and (hour is None or hour > 23):
            return None
        started = {"now": now, "ago": now - timedelta(hours=1)}.get(action) or local_hour(
            day or now.astimezone(tz).date(), hour or 0, tz
        )
        problem = start_problem(started, now=now)
        if problem is not None:
            return Screen(time_problem_text(problem, t), start_screen(t, token, day).markup)
        recent = action != "h"  # "Now" and "1 h ago": an attack going on, whatever the date (is_past_attack)
        return await take_start(connection, user, t, dialog, started, recent=recent, now=now, tz=tz)
    if action in {"same", "apart"} and dialog.step == "overlap":
        if action == "same":
            return await diary_overlap.same_headache(connection, user, t, dialog, now=now, tz=tz)
        dialog.update(step="intensity")  # "Save as a new one"
        return intensity_screen(t, token)
    if action == "i" and dialog.step == "intensity":
        level = parsed.int_arg(1)
        if level is None or not 0 <= level <= 10:
            return None
        return await choose_intensity(connection, user, t, dialog, level, now=now, tz=tz)
    return diary_triage.step(t, dialog, parsed)


async def choose_intensity(
    connection: AsyncConnection, user: UserView, t: Texts, dialog: DialogRow, level: int, *, now: datetime, tz: ZoneInfo
) -> Screen:
    """Store the worst pain; for an attack begun on an earlier day ask when it ended, else go on to saving."""
    started = datetime.fromisoformat(str(dialog.data["started_at"]))
    if diary_backfill.is_past_attack(dialog.data, now=now, tz=tz):
        dialog.update(step="end", peak=level)
        typed = diary_backfill.start_was_typed(dialog.data)
        return diary_backfill.end_screen(t, str(dialog.data["token"]), started, now=now, typed=typed)
    dialog.update(peak=level)
    return await _to_save(connection, user, t, dialog)


async def _to_save(connection: AsyncConnection, user: UserView, t: Texts, dialog: DialogRow) -> Screen:
    """Ask the red-flag questions for a first or severe attack, else save."""
    history = await attack_history(connection=connection, user_id=user.id)
    if int(dialog.data.get("peak", 0)) >= SEVERE or not history.any_logged:
        return diary_triage.open_screen(t, dialog, deficit_aura=history.deficit_aura)
    dialog.update(step="save", flags=[])
    return diary_triage.SAVE


async def open_past(session: AsyncSession, user: User, t: Texts, *, now: datetime, tz: ZoneInfo, month: str) -> Screen:
    """Start logging another past attack, the date picker open on ``month``."""
    screen = await open_log(session, user, t, now=now, tz=tz, check_ongoing=False)
    dialog = await get_dialog(session=session, user_id=user.id)
    today = now.astimezone(tz).date()
    first = diary_backfill.parse_month(month, today=today) or month_start(today)
    if dialog is None or dialog.flow != FLOW_LOG or dialog.step != "start":
        return screen
    return diary_backfill.calendar_screen(t, str(dialog.data["token"]), first, today=today)


def _pick_day(t: Texts, dialog: DialogRow, parsed: callbacks.Callback, *, today: date) -> Screen | None:
    """Show a month of the date picker, or take the picked day and ask the time on it."""
    token = parsed.arg(0)
    if parsed.action == "cal":
        month = diary_backfill.parse_month(parsed.arg(1), today=today) if parsed.arg(1) else month_start(today)
        return None if month is None else diary_backfill.calendar_screen(t, token, month, today=today)
    day = diary_backfill.parse_day(parsed.arg(1), today=today)
    if day is None:
        return None
    past_day = day if day < today else None
    dialog.update(step="start", day=past_day.isoformat() if past_day else None)
    return start_screen(t, token, past_day)


async def _choose_end(
    connection: AsyncConnection,
    user: UserView,
    t: Texts,
    dialog: DialogRow,
    parsed: callbacks.Callback,
    *,
    now: datetime,
) -> Screen | None:
    """Take the end of a past attack: a duration, "still going on", or ask for a typed time."""
    token = parsed.arg(0)
    started = datetime.fromisoformat(str(dialog.data["started_at"]))
    if parsed.action == "endpick":
        dialog.update(step="endtime")
        return Screen(t.END_TYPE, inline([[(t.BTN_DIARY_CANCEL, callbacks.make("log", "cancel", token))]]))
    if parsed.action == "still":
        ended: datetime | None = None
    else:
        minutes = parsed.int_arg(1)
        if minutes not in t.DURATIONS:
            return None
        ended = started + timedelta(minutes=minutes or 0)
    problem = check_attack_times(started, ended, now=now)
    if problem is not None:
        again = diary_backfill.end_screen(t, token, started, now=now, typed=diary_backfill.start_was_typed(dialog.data))
        return Screen(time_problem_text(problem, t), again.markup)
    dialog.update(step="ending", ended_at=ended.isoformat() if ended else None)
    return await _to_save(connection, user, t, dialog)


# The steps that wait for typed text; at the others (buttons only) text takes the normal route.
TYPED_STEPS = frozenset({"time", "intensity", "endtime"})
# At "When did it start?" the buttons are not the only answer: a typed time is one too (see takes_text).
START_STEPS = frozenset({"start", "hour", "time"})


def takes_text(dialog: Dialog | DialogRow, text: str, *, now: datetime, tz: ZoneInfo, language: str) -> bool:
    """Whether typed text is the log flow's answer: at a typed step, or a readable time where the start is asked.

    Other text at a step of buttons ("what can I take?") is not an answer and takes the normal route.
    """
    if dialog.step in TYPED_STEPS:
        return True
    if dialog.step not in START_STEPS:
        return False
    return parse_moment(text, tz=tz, now=now, day=_day(dialog), language=language) is not None


def _day(dialog: Dialog | DialogRow) -> date | None:
    return date.fromisoformat(dialog.data["day"]) if dialog.data.get("day") else None


async def typed_in_log(update: Update, context: BotContext, text: str, dialog: Dialog | DialogRow) -> None:
    """Take a typed start time or intensity while the log flow waits for one."""
    now = context.services.clock.now()
    token = str(dialog.data.get("token", ""))

    async def typed(connection: AsyncConnection, user: UserView, t: Texts, current: DialogRow) -> Screen:
        tz = zone_of(user, context)
        if current.step in START_STEPS:
            started = parse_moment(text, tz=tz, now=now, day=_day(current), language=user.language)
            problem = check_attack_times(started, None, now=now) if started else None
            if started is None:
                return Screen(t.TIME_UNREADABLE)
            if problem is not None:
                return Screen(time_problem_text(problem, t))
            return await take_start(connection, user, t, current, started, recent=False, now=now, tz=tz)
        if current.step == "intensity":
            level = parse_whole_number(text, low=0, high=10)
            if level is None:
                return Screen(t.INTENSITY_RANGE)
            return await choose_intensity(connection, user, t, current, level, now=now, tz=tz)
        if current.step == "endtime":
            return await _typed_end(connection, user, t, current, text, now=now, tz=tz)
        return Screen(t.USE_BUTTONS)

    done = await _log_step(update, context, token, typed, now=now)
    if done is None or done.screen is None:
        return
    if done.saved is not None:  # written with the step: no sign was ticked
        await diary_triage.show_saved(update, context, done.t, done.saved)
        return
    if done.screen is diary_triage.SAVE:
        await diary_triage.finish(update, context, token=token, saved=done.dialog)
        return
    await reply(update, done.screen.text, done.screen.markup)


async def _typed_end(
    connection: AsyncConnection, user: UserView, t: Texts, dialog: DialogRow, text: str, *, now: datetime, tz: ZoneInfo
) -> Screen:
    """A typed end of a past attack: a bare time of day is on the day it started."""
    started = datetime.fromisoformat(str(dialog.data["started_at"]))
    ended = parse_moment(text, tz=tz, now=now, day=started.astimezone(tz).date(), language=user.language)
    if ended is None:
        return Screen(t.TIME_UNREADABLE)
    problem = check_attack_times(started, ended, now=now)
    if problem is not None:
        return Screen(time_problem_text(problem, t, local_moment(started, tz, now=now, t=t)))
    dialog.update(step="ending", ended_at=ended.isoformat())
    return await _to_save(connection, user, t, dialog)


def resume_screen(t: Texts, dialog: Dialog, *, now: datetime, tz: ZoneInfo) -> Screen | None:
    """Show the log flow's current step again ("Continue" after trying to start another flow)."""
    if dialog.flow != FLOW_LOG:
        return None
    token = str(dialog.data.get("token", ""))
    day = date.fromisoformat(dialog.data["day"]) if dialog.data.get("day") else None
    if dialog.step == "hour":
        return hour_screen(t, token, now.astimezone(tz))
    if dialog.step == "time":
        return Screen(t.TIME_TYPE, inline([[(t.BTN_DIARY_BACK, callbacks.make("log", "back", token))]]))
    if dialog.step == "intensity":
        return intensity_screen(t, token)
    if dialog.step == "overlap":
        return diary_overlap.question_screen(t, dialog, now=now, tz=tz)
    if dialog.step == "end":
        started = datetime.fromisoformat(str(dialog.data["started_at"]))
        return diary_backfill.end_screen(t, token, started, now=now, typed=diary_backfill.start_was_typed(dialog.data))
    if dialog.step == "endtime":
        return Screen(t.END_TYPE, inline([[(t.BTN_DIARY_CANCEL, callbacks.make("log", "cancel", token))]]))
    if dialog.step == "triage":
        flags = [int(f) for f in dialog.data.get("flags", [])]
        return diary_triage.screen(t, token, flags, deficit_aura=bool(dialog.data.get(diary_triage.DEFICIT_AURA)))
    return start_screen(t, token, day)
