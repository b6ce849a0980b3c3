"""Throughput of the full bot against a bare PTB echo bot, on the same fake Bot API, one process.

Run: .venv/bin/python -m bench.updates [--updates N]
Target (Foundation issue): the full bot reaches at least 50% of the echo bot's updates per second.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import ApplicationBuilder, CommandHandler, MessageHandler, filters

from bot.app import SANDBOX_TOKEN, build_application
from bot.fake_telegram import FakeRequest, FakeTelegram
from bot.services import open_services
from bot.settings import load_settings

MIX = [("/start", 2), ("/settings", 2), ("/help", 3), ("free text", 3)]
FREE_TEXT = ["what helps a migraine", "hello", "thanks!", "is coffee a trigger", "ok"]


def realistic_updates(fake: FakeTelegram, count: int, users: int, seed: int = 7) -> list[dict[str, Any]]:
    """Build a reproducible mix of start, settings, help and free text from many users."""
    rng = random.Random(seed)
    kinds = [kind for kind, weight in MIX for _ in range(weight)]
    updates = []
    for _ in range(count):
        user_id = 50_000 + rng.randrange(users)
        kind = rng.choice(kinds)
        text = rng.choice(FREE_TEXT) if kind == "free text" else kind
        updates.append(fake.user_sends(user_id, text))
    return updates


async def echo_text(update: Update, _context: Any) -> None:
    """Echo the text back, the least a bot can do."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(update.effective_message.text or "")


async def push(app: Any, updates: list[dict[str, Any]]) -> float:
    """Process every update through the application and return the seconds taken."""
    started = time.perf_counter()
    for data in updates:
        await app.process_update(Update.de_json(data, app.bot))
    return time.perf_counter() - started


async def measure_echo(count: int, users: int) -> float:
    """Updates per second for a bare PTB echo bot."""
    fake = FakeTelegram()
    app = ApplicationBuilder().token(SANDBOX_TOKEN).request(FakeRequest(fake)).build()
    app.add_handler(MessageHandler(filters.TEXT, echo_text))
    app.add_handler(CommandHandler("start", echo_text))
    updates = realistic_updates(fake, count, users)
    async with app:
        await push(app, updates[: count // 10])  # warm-up
        return count / await push(app, updates)


async def onboard_everyone(app: Any, fake: FakeTelegram, users: int) -> None:
    """Take every bench user through /start, consent and a time zone, as returning users would have."""
    for user_id in range(50_000, 50_000 + users):
        await app.process_update(Update.de_json(fake.user_sends(user_id, "/start"), app.bot))
        for label in ("Continue", "✅ I agree", "London"):
            message = next(m for m in reversed(fake.visible_messages(user_id)) if label in m.button_labels)
            press = fake.user_presses(user_id, message.message_id, message.button_data(label))
            await app.process_update(Update.de_json(press, app.bot))


async def measure_full(count: int, users: int, folder: Path) -> float:
    """Updates per second for the full bot on a SQLite file, its users already onboarded."""
    fake = FakeTelegram()
    settings = load_settings(
        env_file=None, database_url=f"sqlite+aiosqlite:///{folder / 'bench.db'}", telegram_overall_max_rate=0
    )
    async with open_services(settings) as services:
        app = build_application(services, request=FakeRequest(fake))
        async with app:
            await onboard_everyone(app, fake, users)
            updates = realistic_updates(fake, count, users)
            await push(app, updates[: count // 10])
            return count / await push(app, updates)


def main() -> None:
    """Run both bots and print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--updates", type=int, default=3000)
    parser.add_argument("--users", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        echo = asyncio.run(measure_echo(args.updates, args.users))
        full = asyncio.run(measure_full(args.updates, args.users, Path(folder)))
    ratio = full / echo
    print(f"{'bot':<28}{'updates/s':>12}{'ratio to echo':>16}")
    print(f"{'bare PTB echo (baseline)':<28}{echo:>12.0f}{1.0:>16.2f}")
    print(f"{'Migraine Companion, SQLite':<28}{full:>12.0f}{ratio:>16.2f}")
    print(f"target: ratio >= 0.50 -> {'met' if ratio >= 0.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
