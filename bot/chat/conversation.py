"""Free text outside any flow, after the red-flag screen: an offer to log, everyday chat, a bare time.

general.route_text calls answer_intent only after the safety screen found nothing and no dialog wanted
the text; what this does not claim goes on to lesson search. The words live in content/ (intents.py and
its lexicon), so this module only decides what to show.

Buttons: ``go:<log|diary|lessons|reminders|none>`` open a feature as its command would, and
``go:at:<minutes since the epoch>`` starts logging a headache at a time the user typed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot import callbacks
from bot.access import user_transaction
from bot.catalog_holder import catalog_holder
from bot.context import BotContext
from bot.diary import browse as diary_browse
from bot.diary import log as diary_log
from bot.diary.common import local_moment, show, zone_of
from bot.diary.parsing import parse_moment
from bot.keyboards import Row, inline
from bot.lessons import handlers as lessons
from bot.lessons.medicine_answers import medicine_answer
from bot.lessons.menus import search_screen
from bot.reminders import handlers as reminders
from bot.replies import answer, answer_stale, edit_or_send, reply
from bot.safety.emergency import numbers_for
from bot.services import Services
from bot.texts import texts_for
from bot.texts.catalog import Texts
from content.intents import Intent, read_intent
from storage.diary_queries import user_zone
from storage.snapshots import UserView

if TYPE_CHECKING:
    from bot.context import BotApplication

PREFIX = "go"
# A typed moment further back than this is not offered as a headache start (the diary refuses it anyway).
OFFER_BACK = timedelta(days=366)


def register(application: BotApplication, services: Services) -> None:
    """Add the buttons of the main menu and of the "what is this time for?" question."""
    application.add_handler(CallbackQueryHandler(press_go_button, pattern=callbacks.pattern(PREFIX)))


def main_menu(t: Texts) -> list[Row]:
    """The main menu: log, diary, lessons, reminders."""
    return [
        [(t.BTN_MENU_LOG, callbacks.make(PREFIX, "log")), (t.BTN_MENU_DIARY, callbacks.make(PREFIX, "diary"))],
        [
            (t.BTN_MENU_LESSONS, callbacks.make(PREFIX, "lessons")),
            (t.BTN_MENU_REMINDERS, callbacks.make(PREFIX, "reminders")),
        ],
    ]


async def answer_intent(update: Update, context: BotContext, text: str, user: UserView) -> bool:
    """Answer chat, a headache to log or a bare time; return False to leave the text to lesson search."""
    t = texts_for(user.language)
    reading = read_intent(text, user.language)
    chat = {Intent.GREETING: t.CHAT_HELLO, Intent.THANKS: t.CHAT_THANKS, Intent.ACK: t.CHAT_OK}
    if reading.intent in chat:
        await reply(update, chat[reading.intent], inline(main_menu(t)))
        return True
    if reading.intent is Intent.LOG:
        await reply(update, *_log_offer(t, context, text, question=reading.question, user=user))
        return True
    now = context.services.clock.now()
    tz = user_zone(user.timezone, context.services.settings.default_timezone)
    moment = parse_moment(text, tz=tz, now=now, language=user.language)
    if moment is None:
        return False
    rows: list[Row] = []
    if now - OFFER_BACK < moment <= now:
        rows.append([(t.BTN_MOMENT_HEADACHE, callbacks.make(PREFIX, "at", int(moment.timestamp()) // 60))])
    rows.append([(t.BTN_MOMENT_REMINDER, callbacks.make(PREFIX, "reminders"))])
    rows.append([(t.BTN_MOMENT_NEVER_MIND, callbacks.make(PREFIX, "none"))])
    await reply(update, t.MOMENT_WHAT_FOR.format(moment=local_moment(moment, tz, now=now, t=t)), inline(rows))
    return True


def _log_offer(
    t: Texts, context: BotContext, text: str, *, question: bool, user: UserView
) -> tuple[str, InlineKeyboardMarkup]:
    """The one-tap offer to log; a question ("I have a migraine, what can I take?") also gets its lessons."""
    log_row: Row = [(t.BTN_LOG_IT, callbacks.make(PREFIX, "log"))]
    if question:
        loaded = catalog_holder(context.services).for_lang(user.language)
        numbers = numbers_for(user, context.services.settings)
        note, hits = medicine_answer(t, loaded.catalog, text, loaded.search.ask(text), numbers=numbers)
        if hits:
            _text, markup = search_screen(t, loaded.catalog, hits)
            found = [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard]
            rows: list[Row] = [log_row, *([(label, str(data)) for label, data in row] for row in found)]
            return (f"{note}\n\n" if note else "") + t.LOG_OFFER_AND_LESSONS, inline(rows)
    return t.LOG_OFFER, inline([log_row])


async def press_go_button(update: Update, context: BotContext) -> None:
    """Open what a main-menu button names, or start logging at the typed time."""
    parsed = callbacks.parse(update.callback_query.data if update.callback_query else None)
    openers = {
        "log": diary_log.log_command,
        "diary": diary_browse.diary_command,
        "lessons": lessons.lessons_command,
        "reminders": reminders.reminders_command,
    }
    if parsed is not None and parsed.action in openers:
        await answer(update)
        await openers[parsed.action](update, context)
    elif parsed is not None and parsed.action == "at" and parsed.int_arg(0) is not None:
        await _log_at(update, context, parsed.int_arg(0) or 0)
    elif parsed is not None and parsed.action == "none":
        async with user_transaction(update, context) as (_session, user):
            t = texts_for(user.language)
        await answer(update)
        await edit_or_send(update, t.CHAT_OK, inline(main_menu(t)))
    else:
        await answer_stale(update, context)


async def _log_at(update: Update, context: BotContext, minutes: int) -> None:
    """Start the log flow at a typed moment; impossible moments are explained by the flow itself."""
    now = context.services.clock.now()
    try:
        started = datetime.fromtimestamp(minutes * 60, tz=UTC)
    except (OverflowError, OSError, ValueError):
        await answer_stale(update, context)
        return
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        screen = await diary_log.open_log_at(session, user, t, now=now, tz=zone_of(user, context), started=started)
    await show(update, screen, edit=True)
