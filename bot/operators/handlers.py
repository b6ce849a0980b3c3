"""Operator access, /broadcasts, and the pause/resume/cancel buttons on a broadcast's progress message.

Every operator command and button goes through `operator_only`: anyone else is told the command is for
operators, and the attempt is audited (user id, command, time; never the message text). Every operator
action is audited too. Any current operator may pause, resume or cancel any broadcast (/broadcasts opens
one), so a broadcast does not depend on one person; cancelling asks first, in a message of its own that
the worker's progress edits do not overwrite.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot import callbacks
from bot.access import read_user_state, texts_of
from bot.budgets import tell_to_wait, wait_seconds
from bot.command_text import command_name
from bot.context import BotContext
from bot.keyboards import inline
from bot.operators import broadcast_compose, content_reload
from bot.operators.broadcast_schedule import operator_zone
from bot.operators.broadcast_views import PREFIX, cancel_question, list_line, progress_view
from bot.outbound.broadcasts import TelegramOperatorNotifier
from bot.replies import answer, answer_stale, edit_or_send, reply
from bot.services import Services
from bot.texts import texts_for
from scheduler.broadcast_progress import BroadcastProgress, NotifyLater, load_progress
from storage.audit import record_audit
from storage.broadcasts import (
    change_broadcast_status,
    get_broadcast,
    is_open,
    recent_broadcasts,
    set_progress_message,
)
from storage.db import transaction

if TYPE_CHECKING:
    from bot.context import BotApplication

Handler = Callable[[Update, BotContext], Coroutine[Any, Any, None]]
# Messages an operator sends while composing are read before the catch-alls and before red-flag
# screening: a safety notice must be able to name the symptoms it warns about. A group of its own, before
# the diary's typed answers (group -1): within one group only the first matching handler runs, so
# sharing -1 sent an operator's own diary answers to search.
COMPOSE_GROUP = -2


def register(application: BotApplication, services: Services) -> None:
    """Add the operator commands, their buttons, and the composer for operators' messages."""
    commands: dict[str, Handler] = {
        "broadcast": broadcast_compose.broadcast_command,
        "broadcasts": list_broadcasts,
        "reload": content_reload.reload_command,
    }
    for name, callback in commands.items():
        application.add_handler(CommandHandler(name, operator_only(callback)))
    buttons: dict[str, Handler] = {
        PREFIX: press_progress_button,
        broadcast_compose.PREFIX: broadcast_compose.press_compose_button,
        content_reload.PREFIX: content_reload.press_announce,
    }
    for prefix, callback in buttons.items():
        application.add_handler(CallbackQueryHandler(operator_only(callback), pattern=callbacks.pattern(prefix)))
    composing = (
        filters.User(user_id=services.settings.operator_ids)
        & filters.ChatType.PRIVATE
        & ~filters.COMMAND
        & ~filters.UpdateType.EDITED
    )
    application.add_handler(MessageHandler(composing, broadcast_compose.receive_message), group=COMPOSE_GROUP)


def operator_only(handler: Handler) -> Handler:
    """Run the handler for operators; refuse and audit everyone else."""

    @functools.wraps(handler)
    async def guarded(update: Update, context: BotContext) -> None:
        tg_user = update.effective_user
        if tg_user is None:
            return
        if context.services.settings.is_operator(tg_user.id):
            await handler(update, context)
            return
        # Each refusal is audited: a stranger repeating them gets "please wait" instead of another row.
        seconds = await wait_seconds(update, context, "operator.refused")
        if seconds:
            await tell_to_wait(update, context, seconds)
            return
        await audit(context, tg_user.id, "operator.refused", attempted_action(update))
        t = texts_for((await read_user_state(update, context)).user.language)
        if update.callback_query is not None:
            await answer(update, t.OPERATORS_ONLY)
            return
        await reply(update, t.OPERATORS_ONLY)

    return guarded


def attempted_action(update: Update) -> str:
    """Name what was attempted without any text the user wrote: the command, or the button's prefix."""
    query = update.callback_query
    if query is not None:
        parsed = callbacks.parse(query.data)
        return f"button {parsed.prefix}:{parsed.action}" if parsed else "button"
    message = update.effective_message
    name = command_name(message.text if message is not None else None)
    return f"/{name}" if name else "command"


async def audit(context: BotContext, user_id: int, action: str, detail: str = "") -> None:
    """Append one audit entry in a transaction of its own."""
    async with transaction(context.services.sessions) as session:
        await record_audit(session=session, user_id=user_id, action=action, detail=detail)


async def list_broadcasts(update: Update, context: BotContext) -> None:
    """List recent broadcasts with their counts."""
    t = await texts_of(update, context)
    assert update.effective_user is not None
    async with transaction(context.services.sessions) as session:
        broadcasts = await recent_broadcasts(session=session, limit=10)
        await record_audit(session=session, user_id=update.effective_user.id, action="broadcast.list")
    zone = await operator_zone(update, context)
    lines = [list_line(broadcast, t, zone) for broadcast in broadcasts]
    if not lines:
        await reply(update, t.BC_LIST_EMPTY)
        return
    # A button for each broadcast that can still change: any operator may open it, pause or cancel it.
    buttons = [
        (f"📣 #{broadcast.id}", callbacks.make(PREFIX, "show", broadcast.id))
        for broadcast in broadcasts
        if is_open(broadcast.status)
    ]
    rows = [buttons[start : start + 4] for start in range(0, len(buttons), 4)]
    text = "\n".join([t.BC_LIST_HEADER, *lines] + ([f"\n{t.BC_LIST_OPEN}"] if buttons else []))
    await reply(update, text, inline(rows) if rows else None)


# What each button does: the status change it makes (None: it only shows something).
_ACTIONS: dict[str, str | None] = {
    "pause": "pause",
    "resume": "resume",
    "cancelok": "cancel",
    "cancel": None,
    "keep": None,
    "show": None,
}


async def press_progress_button(update: Update, context: BotContext) -> None:
    """Pause, resume or cancel any broadcast (asking before a cancel), or show one; any current operator may."""
    parsed = callbacks.parse(update.callback_query.data if update.callback_query else None)
    broadcast_id = parsed.int_arg(0) if parsed is not None else None
    if parsed is None or broadcast_id is None or parsed.action not in _ACTIONS:
        await answer_stale(update, context)
        return
    assert update.effective_user is not None
    operator_id = update.effective_user.id
    action = _ACTIONS[parsed.action]
    services = context.services
    now = services.clock.now()
    async with transaction(services.sessions) as session:
        changed, author = None, None
        if action is not None:
            before = await get_broadcast(session=session, broadcast_id=broadcast_id)
            author = before.operator_id if before is not None else None
            changed = await change_broadcast_status(
                session=session, broadcast_id=broadcast_id, operator_id=operator_id, action=action, now=now
            )
        if changed is not None:
            # Someone else's broadcast: the trail names its author too.
            detail = f"#{broadcast_id}" + ("" if author in (None, operator_id) else f" (author {author})")
            await record_audit(session=session, user_id=operator_id, action=f"broadcast.{action}", detail=detail)
        progress = None
        if action is None or changed is not None:
            progress = await load_progress(
                session=session,
                broadcast_id=broadcast_id,
                now=now,
                rate_per_second=services.settings.broadcast_rate_per_second,
            )
    if progress is None:
        # A forged id, or a state that no longer allows this button (another operator acted first).
        await answer_stale(update, context)
        return
    await answer(update)
    await show_after_press(update, context, parsed.action, progress)


async def show_after_press(update: Update, context: BotContext, pressed: str, progress: BroadcastProgress) -> None:
    """Ask before a cancel, show a broadcast opened from /broadcasts, or show it after a change."""
    t = await texts_of(update, context)
    zone = await operator_zone(update, context)
    if pressed == "cancel" and progress.is_open:
        await reply(update, *cancel_question(progress, t))
        return
    query = update.callback_query
    if pressed == "keep" and query is not None and isinstance(query.message, Message):
        # Not cancelled: the question goes, the progress message it was asked from stays as it was.
        with contextlib.suppress(TelegramError):
            await query.message.delete()
        return
    text, markup = progress_view(progress, t, zone)
    if pressed == "show":
        await reply(update, text, markup)
        return
    await edit_or_send(update, text, markup)
    pressed_on = query.message if query is not None else None
    if pressed_on is None:
        return
    if progress.chat_id is None and pressed == "resume":
        # Taken over (resumed by an operator who was not its author): the worker edits this message now.
        async with transaction(context.services.sessions) as session:
            await set_progress_message(
                session=session,
                broadcast_id=progress.broadcast_id,
                chat_id=pressed_on.chat.id,
                message_id=pressed_on.message_id,
            )
    elif progress.message_id is not None and (progress.chat_id, progress.message_id) != (
        pressed_on.chat.id,
        pressed_on.message_id,
    ):
        # Pressed elsewhere (the cancel question, or a message opened from /broadcasts): the progress
        # message itself is brought up to date too (in its operator's language and zone), so no stale
        # "sending" with live buttons stays behind once the worker stops editing it.
        with contextlib.suppress(TelegramError, NotifyLater):  # the worker's next report shows it anyway
            await TelegramOperatorNotifier(context.bot, context.services).show_progress(progress)
