"""The local sandbox: the real bot, its handlers and database, in a terminal chat against the fake Bot API."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from telegram import Update

from bot.app import build_application, register_commands
from bot.fake_telegram import FakeRequest, FakeTelegram, SentMessage
from bot.logs import configure_logging
from bot.services import open_services
from bot.settings import DEFAULT_DATABASE_URL, Settings

__all__ = ["FakeTelegram", "Sandbox", "run_sandbox"]

SANDBOX_USER_ID = 10_001
SANDBOX_DATABASE_URL = "sqlite+aiosqlite:///./data/sandbox.db"
BANNER = (
    "Migraine Companion sandbox: the real bot, no Telegram needed.\n"
    "Type a message or a /command. Buttons are numbered: type the number to press one.\n"
    "Files the bot sends are saved under {files}. Type /quit to leave.\n"
)
InputFn = Callable[[str], str]


class Sandbox:
    """Prints what the bot sends, numbers its buttons and turns typed numbers into presses."""

    def __init__(self, fake: FakeTelegram, out: TextIO, files_dir: Path) -> None:
        self.fake = fake
        self.out = out
        self.files_dir = files_dir
        self.buttons: list[tuple[int, str]] = []
        fake.listeners.append(self.show)

    def show(self, event: str, message: SentMessage) -> None:
        """Print a message the bot sent or edited, with its buttons numbered."""
        if event == "deleted":
            return
        marker = "bot ✎" if event == "edited" else "bot"
        body = message.text or message.caption or ""
        if message.kind in {"document", "photo"}:
            body = (body + "\n" if body else "") + f"[file saved: {self.save_file(message)}]"
        self.out.write(f"\n{marker} › {body}\n")
        if message.buttons:
            self.buttons = []
            for row in message.buttons:
                labels = []
                for label, data in row:
                    self.buttons.append((message.message_id, data or ""))
                    labels.append(f"[{len(self.buttons)}] {label}")
                self.out.write("      " + "   ".join(labels) + "\n")
        self.out.flush()

    def save_file(self, message: SentMessage) -> Path:
        """Write a document or photo the bot sent to the files folder and return its path."""
        self.files_dir.mkdir(parents=True, exist_ok=True)
        name = message.document_name or f"photo-{message.message_id}.png"
        path = self.files_dir / f"{message.message_id}-{name}"
        path.write_bytes(message.document_bytes or message.photo_bytes or b"")
        return path

    def update_for(self, line: str) -> dict[str, object] | None:
        """Turn a typed line into an update: a button press for a number, otherwise a message."""
        if line.isdigit() and 1 <= int(line) <= len(self.buttons):
            message_id, data = self.buttons[int(line) - 1]
            if data.startswith("http"):
                self.out.write(f"(that button opens a link: {data})\n")
                return None
            return self.fake.user_presses(SANDBOX_USER_ID, message_id, data)
        return self.fake.user_sends(SANDBOX_USER_ID, line, first_name="You")


async def chat_loop(settings: Settings, *, read: InputFn, out: TextIO, files_dir: Path) -> None:
    """Run the real application against the fake and relay the terminal to it until /quit."""
    fake = FakeTelegram()
    sandbox = Sandbox(fake, out, files_dir)
    async with open_services(settings) as services:
        application = build_application(services, request=FakeRequest(fake), start_ticking=True)  # reminders appear
        async with application:
            await register_commands(application)
            # Typed lines go straight to process_update, so each reply is printed before the next prompt;
            # start() still runs the job queue, so reminders arrive on their own.
            await application.start()
            out.write(BANNER.format(files=files_dir))
            out.flush()
            try:
                while True:
                    try:
                        line = (await asyncio.to_thread(read, "\nyou › ")).strip()
                    except EOFError:
                        break
                    if line in {"/quit", "/exit"}:
                        break
                    if not line:
                        continue
                    update = sandbox.update_for(line)
                    if update is not None:
                        await application.process_update(Update.de_json(update, application.bot))
            finally:
                await application.stop()
    out.write("Bye.\n")


def run_sandbox(
    settings: Settings, *, read: InputFn = input, out: TextIO = sys.stdout, files_dir: Path | None = None
) -> int:
    """Start the sandbox; its database is data/sandbox.db unless DATABASE_URL says otherwise."""
    configure_logging(settings.log_level, log_file=Path("data/sandbox.log"))
    updates: dict[str, object] = {"operator_ids": settings.operator_ids | {SANDBOX_USER_ID}}
    if settings.database_url == DEFAULT_DATABASE_URL:
        updates["database_url"] = SANDBOX_DATABASE_URL
    sandbox_settings = settings.model_copy(update=updates)
    try:
        asyncio.run(chat_loop(sandbox_settings, read=read, out=out, files_dir=files_dir or Path("sandbox-files")))
    except KeyboardInterrupt:
        out.write("\nBye.\n")
    return 0
