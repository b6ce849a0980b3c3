"""The fake server's memory: chats and their messages, uploads, recorded calls, faults, update queue."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.fake_telegram.errors import BLOCKED, ApiError, Fault
from bot.fake_telegram.limits import LimitKeeper, RateLimits
from bot.fake_telegram.records import ApiCall, JSONDict, SentMessage, StoredMessage, UploadedFile, UploadPart

if TYPE_CHECKING:
    from bot.fake_telegram.holds import AnswerHold


class LoopEvent:
    """An asyncio.Event that is re-created when the running loop changes (pytest: one loop per test)."""

    def __init__(self) -> None:
        self._event: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def get(self) -> asyncio.Event:
        """The event bound to the running loop."""
        loop = asyncio.get_running_loop()
        if self._event is None or self._loop is not loop:
            self._event, self._loop = asyncio.Event(), loop
        return self._event

    def set(self) -> None:
        """Wake everyone waiting on the current event, if any."""
        if self._event is not None:
            self._event.set()


@dataclass
class ChatState:
    """One chat: its Chat JSON, message id counter, live messages and the current reply keyboard."""

    chat: JSONDict
    next_message_id: int = 1
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    reply_keyboard: list[list[str]] | None = None
    # The same keyboard's buttons as sent (KeyboardButton dicts): what a press does, e.g. request_location.
    reply_keyboard_buttons: list[JSONDict] | None = None

    @property
    def chat_id(self) -> int:
        """The chat's id."""
        return int(self.chat["id"])


def parse_int(value: object) -> int | None:
    """An integer parameter (chat ids, message ids, offsets) sent as an int or a decimal string."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    return None


class ServerState:
    """Everything the Bot API methods read and write. Tests use the FakeTelegram subclass."""

    def __init__(
        self,
        *,
        bot_id: int = 7_000_000_001,
        bot_username: str = "migraine_companion_bot",
        bot_first_name: str = "Migraine Companion",
        strict_chats: bool = False,
        latency: float = 0.0,
        clock: Callable[[], float] = time.time,
        limits: RateLimits | None = RateLimits(),  # noqa: B008 - frozen, so one shared default is safe
        limit_clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bot_user: JSONDict = {
            "id": bot_id, "is_bot": True, "first_name": bot_first_name, "username": bot_username,
        }
        self.strict_chats = strict_chats
        self.latency = latency
        self.clock = clock
        # Telegram's flood limits (bot/fake_telegram/limits.py); None lifts them, for benchmarks of CPU cost.
        self.limits = None if limits is None else LimitKeeper(limits, clock=limit_clock)
        self.users: dict[int, JSONDict] = {}
        self.chats: dict[int, ChatState] = {}
        self.files: dict[str, UploadedFile] = {}
        self.my_commands: dict[tuple[str, str], list[JSONDict]] = {}
        # setMyDescription / setMyShortDescription, per language_code ("" for users of any other language).
        self.my_descriptions: dict[str, str] = {}
        self.my_short_descriptions: dict[str, str] = {}
        self.webhook_url = ""
        self.callback_answers: dict[str, JSONDict] = {}
        self.open_queries: set[str] = set()
        self.blocked: set[int] = set()
        self.poll_generation = 0
        self._ids = itertools.count(1)
        self._updates: list[JSONDict] = []
        self._last_update_id = 0  # highest id handed out
        self._last_queued_id = 0  # highest id queued; getUpdates must see ids in increasing order
        self._calls: list[ApiCall] = []
        self._sent: list[SentMessage] = []
        self._faults: list[Fault] = []
        self.holds: list[AnswerHold] = []  # answers held back (bot/fake_telegram/holds.py)
        # Called with ("sent" | "edited" | "deleted", snapshot); the terminal sandbox prints from here.
        self.listeners: list[Callable[[str, SentMessage], None]] = []
        # Called with the parameters of each accepted answerCallbackQuery (the sandbox shows its pop-up).
        self.answer_listeners: list[Callable[[JSONDict], None]] = []
        self._update_arrived = LoopEvent()
        self._call_recorded = LoopEvent()

    def now(self) -> int:
        """Unix time as Telegram reports it (whole seconds)."""
        return int(self.clock())

    def next_id(self) -> int:
        """A fresh number for file ids and callback query ids."""
        return next(self._ids)

    # --- chats and messages -------------------------------------------------------------------

    def private_chat(self, user: JSONDict) -> ChatState:
        """The private chat with `user`, created on first contact; the user's name is kept current."""
        self.users[int(user["id"])] = user
        chat_json = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        chat_json.update({k: user[k] for k in ("last_name", "username") if k in user})
        chat = self.chats.setdefault(int(user["id"]), ChatState(chat=chat_json))
        chat.chat = chat_json
        return chat

    def resolve_chat(self, value: object) -> ChatState:
        """The chat a `chat_id` parameter names, or the 400/403 Telegram would answer."""
        if value is None or value == "":
            raise ApiError.bad_request("chat_id is empty")
        chat_id = parse_int(value)
        if isinstance(value, str) and value.startswith("@"):
            chat_id = next((c.chat_id for c in self.chats.values() if c.chat.get("username") == value[1:]), None)
        if chat_id is None:
            raise ApiError.bad_request("chat not found")
        if chat_id in self.blocked:
            raise ApiError(403, BLOCKED)
        chat = self.chats.get(chat_id)
        if chat is None:
            if self.strict_chats or chat_id <= 0:
                raise ApiError.bad_request("chat not found")
            chat = self.private_chat({"id": chat_id, "is_bot": False, "first_name": f"User {chat_id}"})
        return chat

    def find_message(self, chat: ChatState, message_id: object, missing: str) -> StoredMessage:
        """A live message in `chat`, or a 400 with Telegram's wording for this method."""
        stored = chat.messages.get(parse_int(message_id) or 0)
        if stored is None:
            raise ApiError.bad_request(missing)
        return stored

    def store_message(
        self, chat: ChatState, content: JSONDict, *, from_bot: bool, sender: JSONDict | None = None,
        source_text: str | None = None, parse_mode: str | None = None, upload: UploadedFile | None = None,
    ) -> StoredMessage:
        """Append a message to the chat with the next message_id; bot messages also go to sent_to()."""
        raw: JSONDict = {
            "message_id": chat.next_message_id,
            "from": self.bot_user if from_bot else sender,
            "chat": dict(chat.chat),
            "date": self.now(),
        }
        raw.update({key: value for key, value in content.items() if value is not None})
        chat.next_message_id += 1
        stored = StoredMessage(raw, from_bot, source_text, parse_mode, upload)
        chat.messages[raw["message_id"]] = stored
        if from_bot:
            self._sent.append(SentMessage.from_stored(chat.chat_id, stored))
            self.notify("sent", chat, stored)
        return stored

    def notify(self, event: str, chat: ChatState, stored: StoredMessage) -> None:
        """Tell listeners that a bot message was sent, edited or deleted."""
        if self.listeners:
            snapshot = SentMessage.from_stored(chat.chat_id, stored)
            for listener in self.listeners:
                listener(event, snapshot)

    def register_upload(self, part: UploadPart) -> UploadedFile:
        """Keep an uploaded file under a new file_id."""
        number = self.next_id()
        uploaded = UploadedFile(f"fake-file-{number}", f"fake-unique-{number}", part.filename,
                                part.mime_type, part.content)
        self.files[uploaded.file_id] = uploaded
        return uploaded

    # --- calls and faults ---------------------------------------------------------------------

    def record_call(self, method: str, params: JSONDict, uploads: dict[str, UploadPart], status: int,
                    description: str | None = None) -> None:
        """Remember a finished call and wake wait_for_calls()."""
        self._calls.append(ApiCall(method, params, uploads, status, description))
        self._call_recorded.set()

    def hold_for(self, method: str, params: JSONDict) -> AnswerHold | None:
        """The first unreleased hold on this call's answer, if any."""
        if not self.holds:
            return None
        chat_id = parse_int(params.get("chat_id"))
        return next((hold for hold in self.holds if hold.matches(method, chat_id)), None)

    def take_fault(self, method: str, params: JSONDict) -> Fault | None:
        """Consume and return the first injected fault matching this call."""
        chat_id = parse_int(params.get("chat_id"))
        scope = params.get("scope")
        if chat_id is None and isinstance(scope, dict):
            chat_id = parse_int(scope.get("chat_id"))  # setMyCommands/deleteMyCommands name the chat in their scope
        for fault in self._faults:
            if fault.matches(method, chat_id):
                fault.remaining -= 1
                self._faults = [f for f in self._faults if f.remaining > 0]
                return fault
        return None

    # --- the update queue ---------------------------------------------------------------------

    def push_update(self, update: JSONDict) -> JSONDict:
        """Queue an update; its update_id is renumbered if needed so ids only ever increase."""
        update_id = int(update.get("update_id", 0))
        if update_id <= self._last_queued_id:
            update_id = update["update_id"] = self.new_update_id()
        update["update_id"] = update_id
        self._last_update_id = max(self._last_update_id, update_id)
        self._last_queued_id = update_id
        self._updates.append(update)
        self._update_arrived.set()
        return update

    def new_update_id(self) -> int:
        """Reserve the next update id for an update being built."""
        self._last_update_id += 1
        return self._last_update_id

    def confirm_updates(self, offset: int) -> None:
        """Apply getUpdates' offset: drop ids below it; a negative offset keeps only the last -offset."""
        if offset < 0:
            self._updates = self._updates[offset:]
        elif offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]

    def pending_updates(self, limit: int = 100) -> list[JSONDict]:
        """Unconfirmed updates, oldest first."""
        return self._updates[:limit]

    def drop_pending_updates(self) -> None:
        """Forget every queued update (deleteWebhook/setWebhook with drop_pending_updates)."""
        self._updates.clear()

    def begin_poll(self) -> int:
        """Start a getUpdates; a poll already waiting is terminated with 409 like Telegram does."""
        self.poll_generation += 1
        self._update_arrived.set()
        return self.poll_generation

    async def wait_for_update(self, timeout: float) -> None:
        """Sleep until an update is queued, another poll starts, or `timeout` seconds pass."""
        event = self._update_arrived.get()
        event.clear()
        try:
            async with asyncio.timeout(timeout):
                await event.wait()
        except TimeoutError:
            pass
