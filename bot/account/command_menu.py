"""The command menu in the language the user chose in the bot, not in their phone's language.

Telegram shows a private chat the first command list that is set among (Bot API, BotCommandScope):
chat scope + the app's language_code, chat scope, all private chats (+ language), default + language,
default. register_commands sets the default scope per language, so a user whose choice matches their
app's language needs nothing more. Otherwise one chat-scope list without a language_code, set at the
change, beats every default list; it is deleted when no longer needed (the choice matches the app's
language again, or the account is erased). Operators have chat-scope lists per language (their extra
commands), so theirs are rewritten in the chosen language under every language code.

The menu is cosmetic: a failed call (429, 5xx, network) never undoes the language change, which is
committed before; the menu is set again at the next change. Logged without the user's id.

Users who chose a language before per-chat menus existed have none (users.chat_menu_at is null). Each gets
it once, lazily, at their next message: only then is their app's language known (it comes with every
update), so only then can we tell whether they need one at all; most do not, and cost nothing but a
comparison. One who does is claimed with a conditional UPDATE, so of several instances exactly one makes
the one call, through the same rate limiter as every reply; a failed call gives the claim back for their
next message. A start-up pass could not know app languages, and would send every call at once.
"""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeChat, Update
from telegram.error import TelegramError

from bot.access import read_user_state
from bot.context import BotContext
from bot.services import Services
from bot.texts import LANGUAGES, language_from_telegram, texts_for
from bot.texts.catalog import SOURCE_LANGUAGE
from storage.db import transaction
from storage.users import claim_chat_menu, release_chat_menu

log = logging.getLogger(__name__)


def language_code_of(language: str) -> str | None:
    """The language_code our menus are published under: none for English, the default for every other app."""
    return None if language == SOURCE_LANGUAGE else language


def menu_commands(language: str, *, operator: bool) -> list[BotCommand]:
    """The command menu in a language, with the operator commands for an operator."""
    t = texts_for(language)
    commands = [BotCommand(name, description) for name, description in t.COMMANDS]
    if operator:
        commands += [BotCommand(name, description) for name, description in t.OPERATOR_COMMANDS]
    return commands


async def set_operator_menus(bot: Bot, operator_id: int, chosen: str | None) -> None:
    """An operator's chat-scope menus: in the chosen language under every code, or each language's own."""
    for language in LANGUAGES:
        commands = menu_commands(chosen or language, operator=True)
        await bot.set_my_commands(
            commands, scope=BotCommandScopeChat(operator_id), language_code=language_code_of(language)
        )


async def follow_chosen_language(
    bot: Bot, services: Services, *, chat_id: int, chosen: str, app_language_code: str | None
) -> None:
    """After a language change: make the chat's menu show the chosen language (one call for a user)."""
    try:
        if services.settings.is_operator(chat_id):
            await set_operator_menus(bot, chat_id, chosen)
        elif chosen != language_from_telegram(app_language_code):
            await bot.set_my_commands(menu_commands(chosen, operator=False), scope=BotCommandScopeChat(chat_id))
        else:
            # The app's language shows the chosen menu already: drop a per-chat list an earlier change set.
            await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id))
    except TelegramError as error:
        log.warning("command menu not changed to the chosen language (%s); it follows the app's language",
                    type(error).__name__)


async def forget_chat_menu(bot: Bot, services: Services, *, chat_id: int) -> None:
    """After erasure: no per-chat menu remembers the user's choice (an operator keeps each language's menu)."""
    try:
        if services.settings.is_operator(chat_id):
            await set_operator_menus(bot, chat_id, None)
        else:
            await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id))
    except TelegramError as error:
        log.warning("per-chat command menu not deleted after an erasure (%s)", type(error).__name__)


async def owed_chat_menu(update: Update, context: BotContext) -> None:
    """Give a user from before per-chat menus the menu in their chosen language, once, at a message of theirs."""
    tg_user = update.effective_user
    services = context.services
    if tg_user is None or services.settings.is_operator(tg_user.id):  # operators' menus are set at start-up
        return
    user = (await read_user_state(update, context)).user
    if user.chat_menu_set or user.language == language_from_telegram(tg_user.language_code):
        return  # set already, or the app's language shows the chosen menu: nothing owed (and nothing written)
    async with transaction(services.sessions) as session:
        if not await claim_chat_menu(session=session, user_id=tg_user.id):
            return  # another instance has it
    try:
        await context.bot.set_my_commands(
            menu_commands(user.language, operator=False), scope=BotCommandScopeChat(tg_user.id)
        )
    except TelegramError as error:
        log.warning("owed command menu not set (%s); tried again at the next message", type(error).__name__)
        async with transaction(services.sessions) as session:
            await release_chat_menu(session=session, user_id=tg_user.id)
