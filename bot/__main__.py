"""``python -m bot``: run the bot with BOT_TOKEN, or the terminal sandbox without one."""

from __future__ import annotations

import argparse
import asyncio
import sys

from telegram import Update

from bot.health import check_health
from bot.logs import configure_logging, user_key_for
from bot.metrics import metrics_for, serve_metrics
from bot.services import create_services
from bot.settings import Settings, SettingsError, load_settings
from storage.db import create_engine
from storage.migrate import SchemaTooNewError, upgrade_schema


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen mode."""
    parser = argparse.ArgumentParser(prog="python -m bot", description="Migraine Companion Telegram bot")
    parser.add_argument(
        "mode",
        nargs="?",
        choices=["run", "sandbox", "health", "broadcast"],
        help="default: run with a token, else sandbox; `broadcast --help` for operators' broadcasts",
    )
    parser.add_argument(
        "--webhook", action="store_true", help="serve Telegram's webhook calls (also on whenever WEBHOOK_URL is set)"
    )
    parser.add_argument("options", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(exc, file=sys.stderr)  # noqa: T201 - the one clear line, no traceback
        return 2
    mode = args.mode or ("run" if settings.bot_token else "sandbox")
    if mode == "broadcast":
        from bot.operator_cli import main as broadcast_main

        return broadcast_main(args.options, settings)
    if args.options:
        parser.error(f"unrecognized arguments: {' '.join(args.options)}")
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


def run_polling(settings: Settings) -> int:
    """Run against Telegram with long polling until interrupted."""
    # Imported here: every handler loads with it, and `health` (Docker, every 30 s) needs none of them.
    from bot.app import build_application, on_start

    configure_logging(settings.log_level, log_format=settings.log_format, user_key=user_key_for(settings))
    problem = prepare_database(settings)
    if problem:
        print(problem, file=sys.stderr)  # noqa: T201
        return 1
    services = create_services(settings)
    application = build_application(services)
    application.post_init = on_start

    stop_metrics = serve_metrics(metrics_for(services), settings.metrics_port) if settings.metrics_port else None

    async def dispose(_application: object) -> None:
        if stop_metrics is not None:
            stop_metrics()
        await services.dispose()

    application.post_shutdown = dispose
    application.run_polling(poll_interval=settings.telegram_poll_interval, allowed_updates=Update.ALL_TYPES)
    return 0


def run_webhook(settings: Settings) -> int:
    """Serve Telegram's webhook calls, /healthz and /metrics (bot/webhook.py) until interrupted."""
    from bot.app import build_application, on_start
    from bot.webhook import PerUserOrderedProcessor, run_webhook_until_signalled, webhook_config_problem

    problem = webhook_config_problem(settings)
    if problem:
        print(problem, file=sys.stderr)  # noqa: T201
        return 2
    configure_logging(settings.log_level, log_format=settings.log_format, user_key=user_key_for(settings))
    problem = prepare_database(settings)
    if problem:
        print(problem, file=sys.stderr)  # noqa: T201
        return 1
    services = create_services(settings)
    application = build_application(services, update_processor=PerUserOrderedProcessor(services))
    application.post_init = on_start

    async def dispose(_application: object) -> None:
        await services.dispose()

    application.post_shutdown = dispose
    return run_webhook_until_signalled(application, services)


if __name__ == "__main__":
    sys.exit(main())
