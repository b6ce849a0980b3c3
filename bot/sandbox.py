"""The local sandbox: the real bot, its handlers and database, in a terminal chat against the fake Bot API.

It runs on a database of its own (SANDBOX_DATABASE_URL, data/sandbox.db by default) and never opens
DATABASE_URL: its reminder tick and broadcast worker run for real, so on a production database they
would send that database's due reminders and broadcasts, and its user, who is an operator here,
would become one there. What the screen looks like is bot/sandbox_screen.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.engine import make_url
from telegram import Update

from bot.app import build_application, on_start
from bot.fake_telegram import Button, FakeRequest, FakeTelegram, SentMessage
from bot.logs import configure_logging
from bot.privacy.handlers import ERASURE_LISTENERS
from bot.sandbox_screen import keyboard_block, message_block, popup_line, render_entities
from bot.services import open_services
from bot.settings import Settings

__all__ = ["FakeTelegram", "Sandbox", "run_sandbox", "sandbox_settings"]

SANDBOX_USER_ID = 10_001
BANNER = (
    "Migraine Companion sandbox: the real bot, no Telegram needed.\n"
    "You are user {user}, an operator here (/broadcast, /broadcasts and /reload work), in the sandbox's own\n"
    "database {database}; DATABASE_URL is never opened.\n"
    "Type a message or a /command. Press a button with its key: #1 on the newest message, #12.3 for button 3\n"
    "of message 12, #k1 on the keyboard. Anything else is sent as typed (\\#1 sends the text #1).\n"
    "Files the bot sends are saved under {files}. Type /quit to leave.\n"
)
# "#3", "#12.3" (message 12, button 3) and "#k2" (reply keyboard; "#k2 48.85,2.35" for a location button):
# nothing a patient would type as an answer.
PRESS = re.compile(
    r"#(?:(?P<message>\d+)\.)?(?P<button>\d+)"
    r"|#k(?P<key>\d+)(?:\s+(?P<latitude>-?\d+(?:\.\d+)?)\s*,\s*(?P<longitude>-?\d+(?:\.\d+)?))?"
)
# Where a "Share location" button says the user is, unless the press gives coordinates.
# A terminal in line mode keeps at most 4,095 bytes of a typed line and drops the rest without a word
# (the kernel's line buffer is 4,096 bytes with the newline): about 2,000 Cyrillic letters, fewer than
# the 4,096 characters Telegram allows. A typed line of exactly that size was most likely cut, often in the
# middle of a letter, which input() reads as a lone surrogate (counted as the byte it was).
TERMINAL_LINE_BYTES = 4095
CUT_WARNING = (
    "(The terminal keeps only the first 4,095 bytes of a typed line, so this message may have been cut."
    " To send a longer one, pipe it in: make run < messages.txt)\n"
)
DEMO_LOCATION = (51.5074, -0.1278, "London")
InputFn = Callable[[str], str]


def sandbox_settings(settings: Settings) -> Settings:
    """The settings the sandbox runs with: its own database, its user the only operator, no real Telegram."""
    return settings.model_copy(
        update={
            "database_url": settings.sandbox_database_url,
            "operator_ids": frozenset({SANDBOX_USER_ID}),
            "bot_token": None,
            "telegram_api_base_url": None,
            "webhook_url": None,
            "metrics_port": None,
        }
    )


def wants_ansi(out: TextIO) -> bool:
    """Use ANSI styles on a terminal, unless NO_COLOR asks for none (no-color.org)."""
    return out.isatty() and not os.environ.get("NO_COLOR")


class Sandbox:
    """Prints what the bot sends with its buttons' keys, and turns typed keys into presses."""

    def __init__(self, fake: FakeTelegram, out: TextIO, files_dir: Path, *, ansi: bool = False) -> None:
        self.fake = fake
        self.out = out
        self.files_dir = files_dir
        self.ansi = ansi
        self.keyboards: dict[int, list[Button]] = {}  # message id -> its buttons, flattened, as now
        self.newest: int | None = None  # the last message printed with buttons: what #N presses
        self.shown_keyboard: list[list[str]] | None = None
        self.saved: list[Path] = []  # files written for the sandbox user, removed by /delete
        fake.listeners.append(self.show)
        fake.answer_listeners.append(self.show_popup)

    def show(self, event: str, message: SentMessage) -> None:
        """Print a message the bot sent or edited, with its formatting and buttons."""
        if message.chat_id != SANDBOX_USER_ID:
            return
        buttons = [] if event == "deleted" else message.buttons
        self.keyboards[message.message_id] = [button for row in buttons for button in row]
        if buttons:
            self.newest = message.message_id
        elif self.newest == message.message_id:
            self.newest = None
        if event == "deleted":
            return
        body = self.body(message)
        edited = event == "edited"
        header = "bot ✎" if edited else "bot"
        self.out.write(message_block(header, body, buttons, message_id=message.message_id, edited=edited))
        self.out.flush()

    def body(self, message: SentMessage) -> str:
        """The message's text or caption as a terminal shows it, plus where a file was saved."""
        raw = message.raw
        if "text" in raw:
            body = render_entities(raw["text"], raw.get("entities", []), ansi=self.ansi)
        else:
            body = render_entities(raw.get("caption", ""), raw.get("caption_entities", []), ansi=self.ansi)
        if message.kind in {"document", "photo"}:
            body = (body + "\n" if body else "") + f"[file saved: {self.save_file(message)}]"
        return body

    def show_popup(self, answer: dict[str, Any]) -> None:
        """Print the pop-up a button press was answered with (a silent answer prints nothing)."""
        line = popup_line(answer)
        if line:
            self.out.write(line)
            self.out.flush()

    def show_keyboard(self) -> None:
        """Print the reply keyboard under the chat when it appears or changes, as Telegram keeps it on screen."""
        keyboard = self.fake.reply_keyboard(SANDBOX_USER_ID)
        if keyboard and keyboard != self.shown_keyboard:
            self.out.write(keyboard_block(keyboard))
        self.shown_keyboard = keyboard

    def save_file(self, message: SentMessage) -> Path:
        """Write a document or photo the bot sent to the files folder and return its path."""
        self.files_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        name = message.document_name or f"photo-{message.message_id}.png"
        path = self.files_dir / f"{message.message_id}-{name}"
        path.write_bytes(message.document_bytes or message.photo_bytes or b"")
        self.saved.append(path)
        return path

    def forget_files(self, user_id: int) -> None:
        """After /delete: remove every file the bot sent the sandbox user (exports, reports, charts).

        Earlier runs' files too: the folder holds only the one sandbox user's files, named "<message id>-<name>".
        """
        if user_id != SANDBOX_USER_ID:
            return
        earlier = self.files_dir.glob("*-*") if self.files_dir.is_dir() else iter(())
        for path in {*self.saved, *(p for p in earlier if p.is_file() and p.name.split("-", 1)[0].isdigit())}:
            path.unlink(missing_ok=True)
        self.saved.clear()
        self.say(f"(the files saved under {self.files_dir} were deleted too)")

    def update_for(self, line: str) -> dict[str, object] | None:
        """Turn a typed line into an update: a press for a key, otherwise the text as a message."""
        if line.startswith("\\"):
            return self.fake.user_sends(SANDBOX_USER_ID, line[1:], first_name="You")
        press = PRESS.fullmatch(line)
        if press is None:
            return self.fake.user_sends(SANDBOX_USER_ID, line, first_name="You")
        if press["key"] is not None:
            place = (float(press["latitude"]), float(press["longitude"])) if press["latitude"] else None
            return self.press_keyboard(int(press["key"]), place)
        message_id = int(press["message"]) if press["message"] else self.newest
        return self.press_button(message_id, int(press["button"]))

    def press_keyboard(self, number: int, place: tuple[float, float] | None = None) -> dict[str, object] | None:
        """A reply keyboard button sends its label as a message, or a location if it asks for one, as in Telegram."""
        buttons = self.fake.reply_keyboard_buttons(SANDBOX_USER_ID)
        if not 1 <= number <= len(buttons):
            self.say(f"(no keyboard button #k{number}; the keyboard has {len(buttons)})")
            return None
        button = buttons[number - 1]
        if button.get("request_location"):
            if place is None:
                latitude, longitude, name = DEMO_LOCATION
                self.say(f"(sharing {name}, {latitude}, {longitude}; #k{number} LAT,LON shares another place)")
                place = (latitude, longitude)
            return self.fake.user_shares_location(SANDBOX_USER_ID, *place)
        if any(button.get(kind) for kind in ("request_contact", "request_users", "request_chat", "web_app")):
            self.say(f"(the sandbox cannot press [{button.get('text')}])")
            return None
        return self.fake.user_sends(SANDBOX_USER_ID, str(button.get("text", "")), first_name="You")

    def press_button(self, message_id: int | None, number: int) -> dict[str, object] | None:
        """Press an inline button on a message, as the message is now."""
        buttons = self.keyboards.get(message_id or 0, [])
        if message_id is None or not buttons:
            where = "no message with buttons yet" if message_id is None else f"message {message_id} has no buttons now"
            self.say(f"({where})")
            return None
        if not 1 <= number <= len(buttons):
            self.say(f"(message {message_id} has buttons #1 to #{len(buttons)})")
            return None
        label, data = buttons[number - 1]
        if data is None:
            self.say(f"(the sandbox cannot press [{label}])")
            return None
        if "://" in data:
            self.say(f"([{label}] opens a link: {data})")
            return None
        return self.fake.user_presses(SANDBOX_USER_ID, message_id, data)

    def say(self, note: str) -> None:
        """Print a note from the sandbox itself (not the bot); nothing is sent."""
        self.out.write(note + "\n")
        self.out.flush()


async def chat_loop(
    settings: Settings, *, read: InputFn, out: TextIO, files_dir: Path, echo: bool = False, ansi: bool = False
) -> None:
    """Run the real application against the fake and relay the terminal to it until /quit.

    `settings` are used as given (run_sandbox passes sandbox_settings); `echo` repeats typed lines, for
    input that a terminal does not show (a pipe).
    """
    fake = FakeTelegram()
    sandbox = Sandbox(fake, out, files_dir, ansi=ansi)
    async with open_services(settings) as services:
        application = build_application(services, request=FakeRequest(fake), start_ticking=True)  # reminders appear
        services.extras.setdefault(ERASURE_LISTENERS, []).append(sandbox.forget_files)
        async with application:
            # What `python -m bot` does before its first update: above all, build the safety screen, so that
            # the first message typed (which may be an emergency) does not wait for it.
            await on_start(application)
            # Typed lines go straight to process_update, so each reply is printed before the next prompt;
            # start() still runs the job queue, so reminders arrive on their own.
            await application.start()
            database = make_url(settings.database_url).render_as_string(hide_password=True)
            out.write(BANNER.format(user=SANDBOX_USER_ID, database=database, files=files_dir))
            out.flush()
            try:
                while True:
                    sandbox.show_keyboard()
                    try:
                        line = (await read_line(read, "\nyou › ")).strip()
                    except EOFError:
                        break
                    if echo:
                        out.write(line + "\n")
                    if line in {"/quit", "/exit"}:
                        break
                    if not line:
                        continue
                    if not echo and len(line.encode(errors="surrogateescape")) >= TERMINAL_LINE_BYTES:
                        out.write(CUT_WARNING)
                    update = sandbox.update_for(line)
                    if update is not None:
                        await application.process_update(Update.de_json(update, application.bot))
            finally:
                await application.stop()
                if application.post_stop is not None:  # as run_polling does (closes what the jobs opened)
                    await application.post_stop(application)
    out.write("Bye.\n")


async def read_line(read: InputFn, prompt: str) -> str:
    """One typed line, read on a daemon thread.

    asyncio.to_thread would leave input() blocking in the loop's executor, and asyncio.run waits for that
    executor on the way out: the first Ctrl-C stopped the bot but the process waited for Enter.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()

    def settle(line: str | None, error: BaseException | None) -> None:
        if future.done():  # cancelled by Ctrl-C while the line was being typed
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(line or "")

    def work() -> None:
        try:
            line, error = read(prompt), None
        except BaseException as exc:  # EOFError and the rest go back to the loop
            line, error = None, exc
        with contextlib.suppress(RuntimeError):  # the loop closed while the line was being typed
            loop.call_soon_threadsafe(settle, line, error)

    threading.Thread(target=work, name="sandbox-input", daemon=True).start()
    return await future


def run_sandbox(
    settings: Settings, *, read: InputFn = input, out: TextIO = sys.stdout, files_dir: Path | None = None
) -> int:
    """Start the sandbox on its own database (SANDBOX_DATABASE_URL), never on DATABASE_URL."""
    configure_logging(settings.log_level, log_file=Path("data/sandbox.log"))
    echo = read is input and not sys.stdin.isatty()
    try:
        asyncio.run(
            chat_loop(
                sandbox_settings(settings), read=read, out=out, files_dir=files_dir or Path("sandbox-files"),
                echo=echo, ansi=wants_ansi(out),
            )
        )  # fmt: skip
    except KeyboardInterrupt:
        out.write("\nBye.\n")
    return 0
