"""Finding a button's or a command's handler by a dict lookup instead of asking every handler of the group in turn.

PTB asks the handlers of a group one by one (``check_update``) until one matches. Group 0 holds some 50:
a press on a safety question was checked against about 45 of them (a regex match for each button prefix
before it), a command against up to 25 CommandHandlers; that took 20-50 us of CPU per update, more than
its user read costs in Python. ``route_group`` puts one ``HandlerIndex`` at the head of the group in place of
the CallbackQueryHandlers whose pattern is one ``^prefix:`` (``bot.callbacks.pattern``) and of the
CommandHandlers: it finds the one handler that could match by the data's prefix or the command's name and
asks only that one, through its own ``check_update`` (so the regex, the bot's @username, the command's
filters still decide).

Why the order of the group is kept: the handlers taken out only ever match their own kind of update (a
press, a message starting with a command), which no handler left in the group matches ahead of them
(MessageHandlers match no press, and come after every CommandHandler; the catch-all CallbackQueryHandler
without a pattern comes last); distinct prefixes and command names are exclusive, and where two handlers
share one, the first registered is asked first, as before. A press with no data (a game's) is asked of
every indexed handler in the order they were registered, as PTB would.
"""

from __future__ import annotations

import re
from typing import Any, cast

from telegram import MessageEntity, Update
from telegram._utils.defaultvalue import DEFAULT_TRUE
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler

_PREFIX_PATTERN = re.compile(r"\^([A-Za-z0-9_]+):")


class HandlerIndex(BaseHandler[Update, Any, None]):
    """Stands for many CallbackQueryHandlers and CommandHandlers of a group; see the module docstring."""

    def __init__(
        self, presses: list[tuple[str, CallbackQueryHandler[Any, Any]]], commands: list[CommandHandler[Any, Any]]
    ):
        super().__init__(self._never_called)
        self.presses = [handler for _prefix, handler in presses]
        self.by_prefix: dict[str, list[CallbackQueryHandler[Any, Any]]] = {}
        for prefix, handler in presses:
            self.by_prefix.setdefault(prefix, []).append(handler)
        self.by_command: dict[str, list[CommandHandler[Any, Any]]] = {}
        for command_handler in commands:
            for name in sorted(command_handler.commands):
                self.by_command.setdefault(name, []).append(command_handler)

    @staticmethod
    async def _never_called(update: Update, context: Any) -> None:
        raise AssertionError("HandlerIndex hands each update to the handler it found")

    def check_update(self, update: object) -> tuple[BaseHandler[Any, Any, Any], object] | None:
        """The handler that takes the update and its own check result; None when none of them does."""
        if not isinstance(update, Update):
            return None
        query = update.callback_query
        if query is not None:
            data = query.data
            if isinstance(data, str) and data:
                candidates = self.by_prefix.get(data.split(":", 1)[0], ())
            else:
                candidates = self.presses
            return _first(candidates, update)
        message = update.effective_message
        if message is None or not message.entities or not message.text:
            return None
        entity = message.entities[0]
        if entity.type != MessageEntity.BOT_COMMAND or entity.offset != 0:
            return None
        name = message.text[1 : entity.length].split("@", 1)[0].lower()
        return _first(self.by_command.get(name, ()), update)

    async def handle_update(self, update: Update, application: Any, check_result: object, context: Any) -> Any:
        """Let the handler found handle the update, with its own check result."""
        handler, check = cast(tuple[BaseHandler[Any, Any, Any], object], check_result)
        return await handler.handle_update(update, application, check, context)


def _first(handlers: Any, update: Update) -> tuple[BaseHandler[Any, Any, Any], object] | None:
    for handler in handlers:
        check = handler.check_update(update)
        if not (check is None or check is False):
            return handler, check
    return None


def route_group(application: Any, group: int = 0) -> None:
    """Index the group's one-prefix CallbackQueryHandlers and CommandHandlers (those that block, as by default).

    A handler is indexed only if no handler kept in the group before it could take its kind of update: a
    CommandHandler only while every handler kept so far is a CallbackQueryHandler (which takes no message), a
    one-prefix CallbackQueryHandler only while every one kept so far is a MessageHandler or CommandHandler
    (which take no press). So the first handler that would have matched is still the one found.
    """
    handlers = application.handlers.get(group, [])
    presses: list[tuple[str, CallbackQueryHandler[Any, Any]]] = []
    commands: list[CommandHandler[Any, Any]] = []
    kept: list[BaseHandler[Any, Any, Any]] = []
    for handler in handlers:
        blocking = handler.block is DEFAULT_TRUE
        if blocking and type(handler) is CommandHandler and all(type(k) is CallbackQueryHandler for k in kept):
            commands.append(handler)
        elif (
            blocking
            and type(handler) is CallbackQueryHandler
            and (prefix := _prefix_of(handler)) is not None
            and all(isinstance(k, MessageHandler | CommandHandler) for k in kept)
        ):
            presses.append((prefix, handler))
        else:
            kept.append(handler)
    if presses or commands:
        handlers[:] = [HandlerIndex(presses, commands), *kept]


def _prefix_of(handler: CallbackQueryHandler[Any, Any]) -> str | None:
    """The prefix of a handler whose pattern is exactly bot.callbacks.pattern(prefix), without a game pattern."""
    pattern = handler.pattern
    if handler.game_pattern is not None or not isinstance(pattern, re.Pattern) or pattern.flags & ~re.UNICODE:
        return None
    found = _PREFIX_PATTERN.fullmatch(pattern.pattern)
    return found.group(1) if found else None
