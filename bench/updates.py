"""Throughput of the full bot against a bare PTB echo bot, on the same kind of fake Bot API, one process.

Run: .venv/bin/python -m bench.updates [--updates N] [--rounds R]
Target (Foundation issue): the full bot reaches at least 50% of the echo bot's updates per second.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from dataclasses import dataclass, field
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


def echo_app(fake: FakeTelegram) -> Any:
    """A bare PTB echo bot on the fake."""
    app = ApplicationBuilder().token(SANDBOX_TOKEN).request(FakeRequest(fake)).build()
    app.add_handler(MessageHandler(filters.TEXT, echo_text))
    app.add_handler(CommandHandler("start", echo_text))
    return app


async def onboard_everyone(app: Any, fake: FakeTelegram, users: int) -> None:
    """Take every bench user through /start, consent and a time zone, as returning users would have."""
    for user_id in range(50_000, 50_000 + users):
        await app.process_update(Update.de_json(fake.user_sends(user_id, "/start"), app.bot))
        for label in ("Continue", "✅ I agree", "London"):
            message = next(m for m in reversed(fake.visible_messages(user_id)) if label in m.button_labels)
            press = fake.user_presses(user_id, message.message_id, message.button_data(label))
            await app.process_update(Update.de_json(press, app.bot))


@dataclass
class Rates:
    """Updates per second of each pass, by bot."""

    echo: list[float] = field(default_factory=list)
    full: list[float] = field(default_factory=list)


async def measure(count: int, users: int, rounds: int, folder: Path) -> Rates:
    """Alternate passes of the echo bot and the full bot (SQLite file, users onboarded) over the same updates.

    Alternating, and taking medians, keeps a burst of other work on the machine from landing on one bot only.
    """
    settings = load_settings(
        env_file=None, database_url=f"sqlite+aiosqlite:///{folder / 'bench.db'}", telegram_overall_max_rate=0
    )
    rates = Rates()
    # Limits lifted: this measures CPU per update, not Telegram's pace.
    echo_fake, full_fake = FakeTelegram(limits=None), FakeTelegram(limits=None)
    async with open_services(settings) as services:
        echo, full = echo_app(echo_fake), build_application(services, request=FakeRequest(full_fake))
        async with echo, full:
            await onboard_everyone(full, full_fake, users)
            echo_updates = realistic_updates(echo_fake, count, users)
            full_updates = realistic_updates(full_fake, count, users)
            await push(echo, echo_updates[: count // 10])  # warm-up
            await push(full, full_updates[: count // 10])
            for _ in range(rounds):
                rates.echo.append(count / await push(echo, echo_updates))
                rates.full.append(count / await push(full, full_updates))
    return rates


def main() -> None:
    """Run both bots and print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--updates", type=int, default=3000)
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5, help="passes of each bot, alternating")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        rates = asyncio.run(measure(args.updates, args.users, max(1, args.rounds), Path(folder)))
    echo, full = statistics.median(rates.echo), statistics.median(rates.full)
    ratio = full / echo
    print(f"{'bot':<28}{'updates/s (median)':>20}{'min':>8}{'max':>8}{'ratio to echo':>16}")
    for name, median, passes, share in (
        ("bare PTB echo (baseline)", echo, rates.echo, 1.0),
        ("Migraine Companion, SQLite", full, rates.full, ratio),
    ):
        print(f"{name:<28}{median:>20.0f}{min(passes):>8.0f}{max(passes):>8.0f}{share:>16.2f}")
    print(f"{args.updates} updates per pass, {len(rates.echo)} passes of each bot, alternating; ratio of the medians.")
    print(f"target: ratio >= 0.50 -> {'met' if ratio >= 0.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
