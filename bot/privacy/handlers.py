"""/privacy, /export and /delete: the user's rights over their data."""

from __future__ import annotations

import html
import secrets

from telegram import InputFile, Update

from bot import callbacks
from bot.access import read_user_state, texts_of, user_transaction
from bot.account.command_menu import forget_chat_menu
from bot.context import BotContext
from bot.keyboards import inline
from bot.privacy.export_readme import export_readme
from bot.replies import answer, answer_stale, edit_or_send, reply
from bot.services import Services
from bot.texts import texts_for
from storage.db import checkpoint_wal, transaction
from storage.dialogs import end_dialog, get_dialog, start_dialog
from storage.personal_data import build_export_archive, collect_user_data, erase_user

DELETE_FLOW = "delete"
# services.extras key: callables(user_id) run after a user's rows were erased (the sandbox deletes its files).
ERASURE_LISTENERS = "erasure_listeners"


async def privacy_command(update: Update, context: BotContext) -> None:
    """Explain who runs the bot, what is stored, why, for how long, and how to export or delete it."""
    t = texts_for((await read_user_state(update, context)).user.language)
    settings = context.services.settings
    operator = t.PRIVACY_OPERATOR_UNNAMED
    if settings.operator_name:
        contact = settings.operator_contact
        operator = t.PRIVACY_OPERATOR.format(
            name=html.escape(settings.operator_name),
            contact=t.PRIVACY_OPERATOR_CONTACT.format(contact=html.escape(contact)) if contact else "",
        )
    await reply(update, t.PRIVACY.format(operator=operator, audit_days=settings.audit_retention_days))


async def export_command(update: Update, context: BotContext) -> None:
    """Send the user every row stored about them as a zip of JSON and CSV files."""
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        data = await collect_user_data(session=session, user_id=user.id)
    now = context.services.clock.now()
    archive = build_export_archive(data, generated_at=now, readme=export_readme(t, data, now))
    chat = update.effective_chat
    if chat is not None:
        filename = f"migraine-companion-export-{now:%Y-%m-%d}.zip"
        await chat.send_document(InputFile(archive, filename=filename), caption=t.EXPORT_CAPTION)


async def delete_command(update: Update, context: BotContext) -> None:
    """Ask for confirmation before erasing everything; the button carries a one-time token."""
    token = secrets.token_hex(4)
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        await start_dialog(session=session, user_id=user.id, flow=DELETE_FLOW, data={"token": token})
    keyboard = [
        [(t.BTN_DELETE_CONFIRM, callbacks.make("del", "yes", token))],
        [(t.BTN_CANCEL, callbacks.make("del", "no", token))],
    ]
    await reply(update, t.DELETE_ASK, inline(keyboard))


async def confirm_delete(update: Update, context: BotContext) -> None:
    """Erase every row about the user when the current confirmation token is pressed."""
    parsed = callbacks.parse(update.callback_query.data if update.callback_query else None)
    tg_user = update.effective_user
    if parsed is None or tg_user is None or parsed.action not in {"yes", "no"}:
        await answer_stale(update, context)
        return
    t = await texts_of(update, context)  # read before the erasure takes the language with it
    async with transaction(context.services.sessions) as session:
        dialog = await get_dialog(session=session, user_id=tg_user.id)
        valid = dialog is not None and dialog.flow == DELETE_FLOW and dialog.data.get("token") == parsed.arg(0)
        if valid and parsed.action == "yes":
            await erase_user(session=session, user_id=tg_user.id)
        elif valid:
            await end_dialog(session=session, user_id=tg_user.id)
    if valid and parsed.action == "yes":
        await after_erasure(context.services, tg_user.id)
    if not valid:
        await answer_stale(update, context)
        return
    await answer(update)
    await edit_or_send(update, t.DELETE_DONE if parsed.action == "yes" else t.DELETE_CANCELLED)
    if parsed.action == "yes":
        await forget_chat_menu(context.bot, context.services, chat_id=tg_user.id)


async def after_erasure(services: Services, user_id: int) -> None:
    """Leave no copy of the erased rows: checkpoint SQLite's WAL, drop the cached charts, let listeners drop files.

    The sandbox registers a listener in services.extras[ERASURE_LISTENERS] to delete the files it saved.
    """
    services.charts.forget(user_id)  # first: a failed checkpoint must not leave the pictures in memory
    await checkpoint_wal(services.engine)
    for listener in services.extras.get(ERASURE_LISTENERS, []):
        listener(user_id)
