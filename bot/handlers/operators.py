"""Operator access, /broadcasts, and the pause/resume/cancel buttons on a broadcast's progress message.

Every operator command and button goes through `operator_only`: anyone else is told the command is for
operators, and the attempt is audited (user id, command, time; never the message text). Every operator
action is audited too.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot import callbacks
from bot.access import read_user_state, texts_of
from bot.broadcast_views import PREFIX, list_line, progress_view
from bot.budgets import tell_to_wait, wait_seconds
from bot.context import BotContext
from bot.handlers import broadcast_compose, content_reload
from bot.replies import answer, answer_stale, edit_or_send, reply
from bot.services import Services
from bot.texts import texts_for
from scheduler.broadcast_progress import load_progress
from storage.audit import record_audit
from storage.broadcasts import change_broadcast_status, recent_broadcasts
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
    words = (message.text or "").split(maxsplit=1) if message is not None else []
    command = words[0].split("@")[0] if words and words[0].startswith("/") else ""
    return command[:33] if command[1:].replace("_", "").isalnum() else "command"


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
    lines = [list_line(broadcast, t) for broadcast in broadcasts]
    await reply(update, "\n".join([t.BC_LIST_HEADER, *lines]) if lines else t.BC_LIST_EMPTY)


async def press_progress_button(update: Update, context: BotContext) -> None:
    """Pause, resume or cancel a broadcast from its progress message; only its own operator may."""
    parsed = callbacks.parse(update.callback_query.data if update.callback_query else None)
    broadcast_id = parsed.int_arg(0) if parsed is not None else None
    if parsed is None or broadcast_id is None or parsed.action not in {"pause", "resume", "cancel"}:
        await answer_stale(update, context)
        return
    assert update.effective_user is not None
    operator_id = update.effective_user.id
    services = context.services
    now = services.clock.now()
    async with transaction(services.sessions) as session:
        changed = await change_broadcast_status(
            session=session, broadcast_id=broadcast_id, operator_id=operator_id, action=parsed.action, now=now
        )
        progress = None
        if changed is not None:
            await record_audit(
                session=session, user_id=operator_id, action=f"broadcast.{parsed.action}", detail=f"#{broadcast_id}"
            )
            progress = await load_progress(
                session=session,
                broadcast_id=broadcast_id,
                now=now,
                rate_per_second=services.settings.broadcast_rate_per_second,
            )
    if progress is None:
        # Someone else's broadcast, a forged id, or a state that no longer allows this button.
        await answer_stale(update, context)
        return
    await answer(update)
    await edit_or_send(update, *progress_view(progress, await texts_of(update, context)))
