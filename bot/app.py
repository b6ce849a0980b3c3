"""The composition root: builds the Application with its handlers, used by main, the sandbox and tests."""

from __future__ import annotations

import asyncio
import gc
import logging
from typing import Any

from telegram import BotCommandScopeDefault
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    BaseRateLimiter,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import callbacks
from bot.access import texts_of
from bot.account import consent, onboarding, settings
from bot.account.command_menu import language_code_of, menu_commands, owed_chat_menu, set_operator_menus
from bot.audit_trail import install_audit_retention
from bot.budgets import rate_limited
from bot.catalog_holder import install_catalog
from bot.catalog_sync import install_catalog_sync
from bot.chat import conversation, general
from bot.chat import guard as chat_guard
from bot.chat.errors import handle_error
from bot.context import BotApplication, BotContext
from bot.diary import factor_settings
from bot.diary import handlers as diary
from bot.dispatch import route_group
from bot.fair_updates import FairUpdateProcessor
from bot.instrumentation import measured_requests
from bot.lessons import handlers as lessons
from bot.logs import log_user
from bot.metrics import metrics_for
from bot.operators import handlers as operators
from bot.outbound.broadcast_worker import install_broadcast_worker
from bot.outbound.scheduling import install_scheduler
from bot.privacy import handlers as privacy
from bot.rate_budget import BudgetRateLimiter
from bot.reminders import handlers as reminders
from bot.replies import reply
from bot.reports.chart_cache import install_chart_pruning
from bot.safety import questions as safety_questions
from bot.services import Services
from bot.texts import LANGUAGES, texts_for
from content.redflags import prepare as prepare_safety_screen
from scheduler.send_budget import Priority
from storage.db import transaction
from storage.users import get_user

log = logging.getLogger(__name__)

# Used only when no BOT_TOKEN is set, i.e. against the fake Bot API in the sandbox and tests.
SANDBOX_TOKEN = "123456:SANDBOX-fake-token-not-valid-anywhere-x"


def build_application(
    services: Services,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    start_ticking: bool | None = None,
    update_processor: BaseUpdateProcessor | None = None,
) -> BotApplication:
    """Build the application; tests and the sandbox inject a request object that fakes the Bot API.

    The scheduler's tick job is scheduled when `start_ticking` is true, by default only against the real
    Bot API (no injected request); it runs once the application starts. Tests tick by hand instead.
    """
    settings = services.settings
    token = settings.bot_token.get_secret_value() if settings.bot_token else SANDBOX_TOKEN
    builder = (
        ApplicationBuilder()
        .token(token)
        .context_types(ContextTypes(context=BotContext))
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        # Interactive replies retry a 429 a few times; broadcasts use their own paced sender.
        .rate_limiter(interactive_rate_limiter(services))
    )
    if settings.telegram_api_base_url:
        builder = builder.base_url(settings.telegram_api_base_url)
    # Every update is timed and every failed Bot API call counted, on the services' own registry.
    metrics = metrics_for(services)
    measured, measured_updates = measured_requests(metrics, request=request, get_updates_request=get_updates_request)
    builder = builder.request(measured).get_updates_request(measured_updates)
    # Several users' updates at once, each user's in order and in one slot at most (bot/fair_updates.py).
    builder = builder.concurrent_updates(update_processor or FairUpdateProcessor(services))
    application: BotApplication = builder.build()
    application.bot_data["services"] = services
    services.extras.setdefault("deep_links", {})
    services.extras.setdefault("text_flows", {})
    # Lessons load once per process; /reload swaps them through the holder in services.extras["catalog"].
    install_catalog(services)
    ticking = request is None if start_ticking is None else start_ticking
    install_scheduler(application, services, token=token, request=request, ticking=ticking)
    install_catalog_sync(application, services, running=ticking)
    install_broadcast_worker(application, services, running=ticking)
    if ticking:
        install_audit_retention(application, services)
        install_chart_pruning(application, services.charts)
    register_handlers(application, services)
    return application


def interactive_rate_limiter(services: Services) -> BaseRateLimiter[int]:
    """PostgreSQL: replies reserve in the budget all instances share; SQLite (one process): AIORateLimiter."""
    if services.budget is not None:
        return BudgetRateLimiter(services.budget, priority=Priority.INTERACTIVE, max_retries=3)
    return AIORateLimiter(overall_max_rate=services.settings.telegram_overall_max_rate, max_retries=3)


# After the private-chat guard (-100), before the safety, compose and typed-answer groups (-3 to -1).
OWED_MENU_GROUP = -90


def register_handlers(application: BotApplication, services: Services) -> None:
    """Register every handler; order matters within a group, first match wins."""
    # First of all: updates from groups and channels, and edited messages, end here (before any database access).
    chat_guard.register(application)
    # Next, before the features read the sender (they reuse this read): a user from before per-chat command
    # menus gets theirs, once (bot/account/command_menu.py). Messages only: a button press follows one.
    application.add_handler(MessageHandler(filters.ALL, owed_chat_menu), group=OWED_MENU_GROUP)
    flows = services.extras["text_flows"]
    flows[onboarding.ONBOARDING] = _typed_timezone_flow
    flows[onboarding.TIMEZONE] = _typed_timezone_flow
    flows[settings.EMERGENCY_FLOW] = settings.typed_emergency_number

    commands = {
        "start": onboarding.start_command,
        "help": general.help_command,
        "cancel": general.cancel_command,
        "settings": settings.settings_command,
        "language": settings.language_command,
        "privacy": privacy.privacy_command,
        "export": rate_limited("export", privacy.export_command),
        "delete": privacy.delete_command,
    }
    for name, callback in commands.items():
        application.add_handler(CommandHandler(name, callback))

    buttons = {
        "onb": consent.ask_consent,
        "consent": consent.record_consent,
        "tz": onboarding.choose_timezone,
        "set": settings.change_setting,
        "fac": factor_settings.factors_button,
        "del": privacy.confirm_delete,
    }
    for prefix, callback in buttons.items():
        application.add_handler(CallbackQueryHandler(callback, pattern=callbacks.pattern(prefix)))

    lessons.register(application, services)
    operators.register(application, services)
    reminders.register(application, services)
    diary.register(application, services)
    conversation.register(application, services)
    safety_questions.register(application)

    # A shared location only ever sets the time zone (it is not stored).
    application.add_handler(MessageHandler(filters.LOCATION & ~filters.UpdateType.EDITED, onboarding.shared_location))

    # Catch-alls come last: anything no feature claimed gets a clear answer instead of silence.
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, general.route_text))
    application.add_handler(MessageHandler(filters.COMMAND, general.unknown_command))
    application.add_handler(CallbackQueryHandler(general.stale_button))
    application.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & ~filters.UpdateType.EDITED, general.other_message)
    )
    application.add_error_handler(handle_error)
    # Last: group 0's buttons and commands are found by their prefix or name, not by asking each handler.
    route_group(application)


async def _typed_timezone_flow(update: Any, context: BotContext, text: str, dialog: Any) -> None:
    """Treat typed text as a time zone while onboarding asks for one or settings changes it."""
    if dialog.flow == onboarding.ONBOARDING and dialog.step != "timezone":
        await reply(update, (await texts_of(update, context)).FREE_TEXT)
        return
    await onboarding.typed_timezone(update, context, text)


async def register_commands(application: BotApplication) -> None:
    """Publish the command menu and the bot's descriptions in every language.

    Telegram shows the list for the user's app language (language_code) and falls back to the one
    without a language, which is English. Operators get their extra commands in their own chats, in the
    language they chose in the bot if they did (bot/account/command_menu.py).
    """
    services: Services = application.bot_data["services"]
    bot = application.bot
    for language in LANGUAGES:
        t = texts_for(language)
        code = language_code_of(language)
        await bot.set_my_commands(menu_commands(language, operator=False), scope=BotCommandScopeDefault(),
                                  language_code=code)
        await bot.set_my_description(t.BOT_DESCRIPTION, language_code=code)
        await bot.set_my_short_description(t.BOT_SHORT_DESCRIPTION, language_code=code)
    for operator_id in sorted(services.settings.operator_ids):
        async with transaction(services.sessions) as session:
            user = await get_user(session=session, user_id=operator_id)
            chosen = user.language if user is not None else None
        try:
            await set_operator_menus(bot, operator_id, chosen)
        except BadRequest as error:
            # Telegram knows a private chat only once the user has opened the bot: "chat not found" until then.
            # Their menu is set on the next start; they can use the operator commands meanwhile.
            if "chat not found" not in str(error).lower():
                raise
            log.warning(
                "operator %s has not opened the bot yet: their command menu is set on the next start",
                log_user(operator_id),
            )


async def on_start(application: BotApplication) -> None:
    """post_init of `python -m bot`: publish the commands, build the safety screen, then freeze what start-up
    built (see below)."""
    await register_commands(application)
    # Before the first update is taken: the first message after a start may be an emergency.
    await asyncio.to_thread(prepare_safety_screen)
    freeze_startup_objects()


def freeze_startup_objects() -> None:
    """Move every object alive after start-up out of the garbage collector's sight.

    The libraries, the lesson catalog and the application are about 200,000 objects that live as long
    as the process; a full collection walked them all in about 60 ms, which showed as the p99 of reply
    latency under bench/load.py. Frozen objects are still freed by reference counting; only cycles among
    them would stay until the process ends (after a /reload, at most the old catalog's).
    """
    gc.collect()
    gc.freeze()
