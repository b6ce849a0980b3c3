"""``python -m bot``: run the bot with BOT_TOKEN, or the terminal sandbox without one."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

from telegram import Update
from telegram.error import TelegramError

from bot.health import check_health
from bot.logs import configure_logging, install_secret_scrubbing, secrets_of, use_user_key, user_key_for
from bot.metrics import metrics_for, serve_metrics
from bot.services import create_services
from bot.settings import Settings, SettingsError, load_settings
from bot.startup import check_telegram, describe_failure
from storage.db import create_engine
from storage.migrate import SchemaTooNewError, upgrade_schema

WEBHOOK_HELP = "serve Telegram's webhook calls (also on whenever WEBHOOK_URL is set)"


def build_parser() -> argparse.ArgumentParser:
    """Return the command-line parser: one subcommand per mode, each with its own --help."""
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Migraine Companion Telegram bot. Without a command: run with BOT_TOKEN, else the sandbox.",
    )
    parser.add_argument("--webhook", action="store_true", help=WEBHOOK_HELP)
    modes = parser.add_subparsers(dest="mode", metavar="COMMAND")
    run = modes.add_parser(
        "run",
        help="run against Telegram (long polling; webhook with --webhook or WEBHOOK_URL)",
        description="Run against Telegram with BOT_TOKEN, on DATABASE_URL: long polling, or webhook mode.",
    )
    # SUPPRESS: an absent flag here must not undo `python -m bot --webhook run`.
    run.add_argument("--webhook", action="store_true", default=argparse.SUPPRESS, help=WEBHOOK_HELP)
    modes.add_parser(
        "sandbox",
        help="chat with the real bot in this terminal, no Telegram needed",
        description=(
            "Chat with the real bot in this terminal against a fake Telegram. It keeps its own database "
            "(SANDBOX_DATABASE_URL, default data/sandbox.db) and never opens DATABASE_URL; you are an operator there."
        ),
    )
    modes.add_parser(
        "health",
        help="print one line; exit 0 when healthy, 1 when not (Docker HEALTHCHECK)",
        description=(
            "Check DATABASE_URL and the scheduler's last tick; print one line and exit 0 when healthy, 1 when not."
        ),
    )
    # Its own parser (bot/operators/cli.py) reads everything after the word, --help included.
    modes.add_parser("broadcast", help="create a broadcast; see, pause, resume or cancel broadcasts", add_help=False)
    return parser


# Files the bot creates (the SQLite database and its WAL, logs, the sandbox's saved exports) hold health
# data: readable by the bot's own user only, whatever umask the shell or the container gave us.
PRIVATE_UMASK = 0o077


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen mode."""
    os.umask(PRIVATE_UMASK)
    parser = build_parser()
    args, rest = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    if rest and args.mode != "broadcast":
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(exc, file=sys.stderr)  # noqa: T201 - the one clear line, no traceback
        return 2
    # Before anything can log or fail: no line and no traceback of this process may show a secret.
    install_secret_scrubbing(secrets_of(settings))
    mode = args.mode or ("run" if settings.bot_token else "sandbox")
    if mode == "broadcast":
        from bot.operators.cli import main as broadcast_main

        return broadcast_main(rest, settings)
    if mode == "health":
        return check_health(settings)
    if mode == "sandbox":
        from bot.sandbox import run_sandbox

        return run_sandbox(settings)
    if settings.bot_token is None:
        print("Configuration error: BOT_TOKEN: is required to run against Telegram", file=sys.stderr)  # noqa: T201
        return 2
    if args.webhook or settings.webhook_url:
        return run_webhook(settings)
    return run_polling(settings)


def prepare_database(settings: Settings) -> str | None:
    """Upgrade the schema before the bot starts; return an error line when it cannot."""

    async def upgrade() -> None:
        engine = create_engine(settings.database_url)
        try:
            await upgrade_schema(engine)
        finally:
            await engine.dispose()

    try:
        asyncio.run(upgrade())
    except SchemaTooNewError as exc:
        return str(exc)
    except OSError as exc:
        return f"Database error: DATABASE_URL: cannot connect ({type(exc).__name__})"
    return None


def load_log_secret(settings: Settings) -> str | None:
    """The install's stored secret for log pseudonyms (generated on the first start); None with LOG_HASH_SALT."""
    if settings.log_hash_salt is not None:
        return None
    from storage.audit import install_secret
    from storage.db import create_session_factory, transaction

    async def load() -> str:
        engine = create_engine(settings.database_url)
        try:
            async with transaction(create_session_factory(engine)) as session:
                return await install_secret(session=session)
        finally:
            await engine.dispose()

    return asyncio.run(load())


def run_polling(settings: Settings) -> int:
    """Run against Telegram with long polling until interrupted."""
    # Imported here: every handler loads with it, and `health` (Docker, every 30 s) needs none of them.
    from bot.app import build_application, on_start

    configure_logging(settings.log_level, log_format=settings.log_format)
    services = create_services(settings)
    application = build_application(services)
    application.post_init = on_start
    # Telegram first: a wrong token or address is the likeliest first-run mistake, and says so in one line.
    problem = check_telegram(application.bot, settings) or prepare_database(settings)
    if problem:
        print(problem, file=sys.stderr)  # noqa: T201 - one line, no traceback (bot/startup.py)
        asyncio.run(services.dispose())
        return 1
    use_user_key(user_key_for(settings, load_log_secret(settings)))

    stop_metrics = None
    if settings.metrics_port:
        stop_metrics = serve_metrics(metrics_for(services), settings.metrics_port, address=settings.internal_listen)

    async def dispose(_application: object) -> None:
        if stop_metrics is not None:
            stop_metrics()
        await services.dispose()

    application.post_shutdown = dispose
    # Our loop, kept open after run_polling: should Telegram fail between the check above and PTB's own
    # start, the bot's HTTP sessions can still be closed on it (PTB skips a bot it never initialized).
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        application.run_polling(
            poll_interval=settings.telegram_poll_interval, allowed_updates=Update.ALL_TYPES, close_loop=False
        )
    except TelegramError as error:
        print(describe_failure(error, settings), file=sys.stderr)  # noqa: T201
        return 1
    finally:
        loop.run_until_complete(application.bot.shutdown())  # a no-op after a clean stop
        loop.close()
        asyncio.set_event_loop(None)
    return 0


def run_webhook(settings: Settings) -> int:
    """Serve Telegram's webhook calls, /healthz and /metrics (bot/webhook.py) until interrupted."""
    from bot.app import build_application, on_start
    from bot.webhook import run_webhook_until_signalled, webhook_config_problem

    problem = webhook_config_problem(settings)
    if problem:
        print(problem, file=sys.stderr)  # noqa: T201
        return 2
    configure_logging(settings.log_level, log_format=settings.log_format)
    services = create_services(settings)
    application = build_application(services)
    application.post_init = on_start
    # Telegram first: a wrong token or address is the likeliest first-run mistake, and says so in one line.
    problem = check_telegram(application.bot, settings) or prepare_database(settings)
    if problem:
        print(problem, file=sys.stderr)  # noqa: T201 - one line, no traceback (bot/startup.py)
        asyncio.run(services.dispose())
        return 1
    use_user_key(user_key_for(settings, load_log_secret(settings)))

    async def dispose(_application: object) -> None:
        await services.dispose()

    application.post_shutdown = dispose
    return run_webhook_until_signalled(application, services)


if __name__ == "__main__":
    sys.exit(main())
