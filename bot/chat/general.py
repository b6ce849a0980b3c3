"""/help, /cancel, free text routing, unknown commands and stale buttons."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from bot.access import read_user_state, user_transaction
from bot.account import onboarding
from bot.chat import conversation
from bot.context import BotContext
from bot.replies import answer_stale, reply
from bot.safety.emergency import format_numbers, numbers_for
from bot.safety.screen import screen_red_flags
from bot.texts import texts_for
from storage.db import transaction
from storage.dialogs import end_dialog, get_dialog
from storage.models import Dialog

# A text flow receives what the user typed while a dialog of its kind is open.
TextFlow = Callable[[Update, BotContext, str, Dialog], Awaitable[None]]
FreeTextHandler = Callable[[Update, BotContext, str], Awaitable[None]]


async def help_command(update: Update, context: BotContext) -> None:
    """List what the bot can do, with operator commands for operators."""
    user = (await read_user_state(update, context)).user
    t = texts_for(user.language)
    lines = [t.HELP_HEADER, *(f"/{name} – {about}" for name, about in t.COMMANDS if name != "start")]
    if context.services.settings.is_operator(user.id) and t.OPERATOR_COMMANDS:
        operator_lines = "\n".join(f"/{name} – {about}" for name, about in t.OPERATOR_COMMANDS)
        lines.append(t.OPERATOR_HELP.format(commands=operator_lines))
    emergency = format_numbers(numbers_for(user, context.services.settings), t)["emergency"]
    text = "\n".join(lines) + "\n" + t.HELP_FOOTER.format(emergency=emergency)
    await reply(update, text)


async def route_text(update: Update, context: BotContext) -> None:
    """Screen free text for red flags first, then hand it to the open dialog, onboarding, an intent or search."""
    message = update.effective_message
    if message is None or message.text is None or update.effective_user is None:
        return
    text = message.text
    # Safety before anything else: the urgent-care message must never wait behind a flow.
    if await screen_red_flags(update, context, text, source="free_text"):
        return
    await answer_text(update, context, text)


async def answer_text(update: Update, context: BotContext, text: str) -> None:
    """Give typed text its normal answer: the open dialog's flow, or search (red flags already screened)."""
    state = await read_user_state(update, context)
    t = texts_for(state.user.language)
    flows: dict[str, TextFlow] = context.services.extras.get("text_flows", {})
    if state.dialog_flow in flows:
        async with transaction(context.services.sessions) as session:
            dialog = await get_dialog(session=session, user_id=state.user.id)
        if dialog is not None and dialog.flow in flows:
            await flows[dialog.flow](update, context, text, dialog)
            return
    # Someone who is not set up (new, or back after /delete) gets onboarding, whatever they wrote.
    if not state.user.onboarded and state.dialog_flow is None:
        await onboarding.start_command(update, context)
        return
    # Then what the words ask for: logging a headache, everyday chat, a bare time; the rest is a question.
    if await conversation.answer_intent(update, context, text, state.user):
        return
    free_text: FreeTextHandler | None = context.services.extras.get("free_text")
    if free_text is not None:
        await free_text(update, context, text)
    else:
        await reply(update, t.FREE_TEXT)


async def cancel_command(update: Update, context: BotContext) -> None:
    """End whatever step waits for the user (diary, settings, reminders, an operator's flow) and say so."""
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        dialog = await get_dialog(session=session, user_id=user.id)
        if dialog is not None:
            await end_dialog(session=session, user_id=user.id)
    await reply(update, t.CANCEL_DONE if dialog is not None else t.CANCEL_NOTHING)


async def unknown_command(update: Update, context: BotContext) -> None:
    """Answer a command the bot does not know."""
    t = texts_for((await read_user_state(update, context)).user.language)
    await reply(update, t.UNKNOWN_COMMAND)


async def stale_button(update: Update, context: BotContext) -> None:
    """Answer a button whose data no handler accepts: old, forged or foreign."""
    await answer_stale(update, context)


async def other_message(update: Update, context: BotContext) -> None:
    """Answer stickers, photos and other messages the bot does not use; start onboarding for the not set up."""
    message = update.effective_message
    caption = message.caption if message is not None else None
    # A photo's caption is the user's words too: "I want to die" under a picture gets the crisis reply.
    if caption and update.effective_user is not None and await screen_red_flags(
        update, context, caption, source="free_text"
    ):
        return
    state = await read_user_state(update, context)
    if not state.user.onboarded and state.dialog_flow is None:
        await onboarding.start_command(update, context)
        return
    await reply(update, texts_for(state.user.language).FREE_TEXT)
