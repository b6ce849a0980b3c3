"""``python -m bot``: run the bot with BOT_TOKEN, or the terminal sandbox without one."""

from __future__ import annotations

import argparse
import asyncio
import sys

from telegram import Update

from bot.app import build_application, register_commands
from bot.logs import configure_logging
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
        choices=["run", "sandbox", "health"],
        help="default: run with a token, else sandbox",
    )
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(exc, file=sys.stderr)  # noqa: T201 - the one clear line, no traceback
        return 2
    mode = args.mode or ("run" if settings.bot_token else "sandbox")
    if mode == "health":
        return check_health(settings)
    if mode == "sandbox":
        from bot.sandbox import run_sandbox

        return run_sandbox(settings)
    if settings.bot_token is None:
        print("Configuration error: BOT_TOKEN: is required to run against Telegram", file=sys.stderr)  # noqa: T201
        return 2
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


def check_health(settings: Settings) -> int:
    """Exit 0 when the database answers; used by Docker's HEALTHCHECK."""

    async def ping() -> None:
        engine = create_engine(settings.database_url)
        try:
            async with engine.connect() as connection:
                await connection.exec_driver_sql("SELECT 1")
        finally:
            await engine.dispose()

    try:
        asyncio.run(ping())
    except Exception as exc:
        print(f"unhealthy: database: {type(exc).__name__}", file=sys.stderr)  # noqa: T201
        return 1
    print("healthy: database reachable")  # noqa: T201
    return 0


def run_polling(settings: Settings) -> int:
    """Run against Telegram with long polling until interrupted."""
    configure_logging(settings.log_level)
    problem = prepare_database(settings)
    if problem:
        print(problem, file=sys.stderr)  # noqa: T201
        return 1
    services = create_services(settings)
    application = build_application(services)
    application.post_init = register_commands

    async def dispose(_application: object) -> None:
        await services.engine.dispose()

    application.post_shutdown = dispose
    application.run_polling(poll_interval=settings.telegram_poll_interval, allowed_updates=Update.ALL_TYPES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
