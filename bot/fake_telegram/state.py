"""FakeTelegram: the in-memory Telegram that tests and the terminal sandbox talk to."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from bot.fake_telegram.errors import POLLING_METHOD, make_fault
from bot.fake_telegram.formatting import utf16_len
from bot.fake_telegram.holds import AnswerHold
from bot.fake_telegram.records import ApiCall, JSONDict, SentMessage, json_copy
from bot.fake_telegram.server import ChatState, ServerState

GROUP_CHAT_TYPES = frozenset({"group", "supergroup", "channel"})


class FakeTelegram(ServerState):
    """Users who write to the bot, injected faults, and what the bot has sent; see FakeRequest for the API."""

    # --- users and incoming updates -----------------------------------------------------------

    def add_user(
        self, user_id: int, *, first_name: str | None = None, last_name: str | None = None,
        username: str | None = None, language_code: str | None = "en",
    ) -> JSONDict:
        """Register (or rename) a user and their private chat; returns the User JSON."""
        known = self.users.get(user_id, {})
        user: JSONDict = {
            "id": user_id, "is_bot": False, "first_name": first_name or known.get("first_name") or f"User {user_id}",
        }
        optional = {"last_name": last_name or known.get("last_name"), "username": username or known.get("username"),
                    "language_code": language_code}
        user.update({key: value for key, value in optional.items() if value})
        self.private_chat(user)
        return user

    def add_group(self, chat_id: int, *, chat_type: str = "supergroup", title: str = "Migraine friends") -> JSONDict:
        """Register a group, supergroup or channel the bot is a member of; returns the Chat JSON.

        Telegram gives these negative ids (supergroups and channels -100...); private chats have the user's id.
        """
        if chat_type not in GROUP_CHAT_TYPES:
            raise ValueError(f"chat_type must be one of {sorted(GROUP_CHAT_TYPES)}")
        if chat_id >= 0:
            raise ValueError("group and channel ids are negative")
        chat_json: JSONDict = {"id": chat_id, "type": chat_type, "title": title}
        if chat_type == "group":
            chat_json["all_members_are_administrators"] = False
        state = self.chats.setdefault(chat_id, ChatState(chat=chat_json))
        state.chat = chat_json
        return chat_json

    def user_sends(
        self, user_id: int, text: str, *, first_name: str | None = None, language_code: str | None = "en",
        reply_to: int | None = None, chat_id: int | None = None,
    ) -> JSONDict:
        """Build a `message` update (not queued: pass it to enqueue() or process_update).

        In the user's private chat, or with chat_id in a group or supergroup added by add_group().
        """
        user = self.add_user(user_id, first_name=first_name, language_code=language_code)
        chat = self.chats[user_id] if chat_id is None else self._group_of(chat_id)
        content: JSONDict = {"text": text}
        command = text.split(maxsplit=1)[0] if text.strip() else ""
        if command.startswith("/") and len(command) > 1:
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]
        if reply_to is not None:
            content["reply_to_message"] = self._reply_target(chat, reply_to)
        stored = self.store_message(chat, content, from_bot=False, sender=user)
        return {"update_id": self.new_update_id(), "message": json_copy(stored.raw)}

    def user_shares_location(self, user_id: int, latitude: float, longitude: float) -> JSONDict:
        """Build a private-chat `message` update with a location, as a "Share location" button sends it."""
        user = self.add_user(user_id)
        content: JSONDict = {"location": {"latitude": latitude, "longitude": longitude}}
        stored = self.store_message(self.chats[user_id], content, from_bot=False, sender=user)
        return {"update_id": self.new_update_id(), "message": json_copy(stored.raw)}

    def channel_posts(self, chat_id: int, text: str) -> JSONDict:
        """Build a `channel_post` update: a post in a channel added by add_group(chat_type="channel")."""
        chat = self._group_of(chat_id)
        if chat.chat["type"] != "channel":
            raise ValueError(f"chat {chat_id} is not a channel")
        stored = self.store_message(chat, {"text": text, "sender_chat": dict(chat.chat)}, from_bot=False)
        stored.raw.pop("from", None)  # channel posts have no sender user
        return {"update_id": self.new_update_id(), "channel_post": json_copy(stored.raw)}

    def user_presses(
        self, user_id: int, message_id: int, data: str, *, check_button: bool = True, chat_id: int | None = None
    ) -> JSONDict:
        """Build a `callback_query` update for a button on a bot message, as the message is now.

        With check_button=False the data need not be on any button (a forged or stale press). With
        chat_id, the message is in that group (the user must be known: add_user or user_sends).
        """
        if user_id not in self.users:
            self.add_user(user_id)
        chat = self._chat_of(user_id) if chat_id is None else self._group_of(chat_id)
        stored = chat.messages.get(message_id)
        if stored is None or not stored.from_bot:
            raise ValueError(f"chat {chat.chat_id} has no bot message {message_id}")
        rows = (stored.raw.get("reply_markup") or {}).get("inline_keyboard", [])
        offered = [button.get("callback_data") for row in rows for button in row]
        if check_button and data not in offered:
            raise ValueError(f"message {message_id} has no button with data {data!r}; offered: {offered}")
        query_id = str(4_000_000_000_000 + self.next_id())
        self.open_queries.add(query_id)
        query = {
            "id": query_id,
            "from": self.users[user_id],
            "message": json_copy(stored.raw),
            "chat_instance": str(-(chat.chat_id * 7919 + 104_729)),
            "data": data,
        }
        return {"update_id": self.new_update_id(), "callback_query": query}

    def user_edits(self, user_id: int, message_id: int, text: str, *, chat_id: int | None = None) -> JSONDict:
        """Edit one of the user's own messages and build the `edited_message` update (`edited_channel_post`
        for a channel's post)."""
        chat = self._chat_of(user_id) if chat_id is None else self._group_of(chat_id)
        stored = chat.messages.get(message_id)
        if stored is None or stored.from_bot:
            raise ValueError(f"chat {chat.chat_id} has no user message {message_id}")
        stored.raw.pop("entities", None)
        stored.raw.update(text=text, edit_date=self.now())
        stored.edited = True
        kind = "edited_channel_post" if chat.chat["type"] == "channel" else "edited_message"
        return {"update_id": self.new_update_id(), kind: json_copy(stored.raw)}

    def enqueue(self, update: JSONDict) -> JSONDict:
        """Queue an update for getUpdates (waking a long poll); returns it, maybe with a new update_id."""
        return self.push_update(update)

    def _chat_of(self, user_id: int) -> ChatState:
        chat = self.chats.get(user_id)
        if chat is None:
            raise ValueError(f"user {user_id} has never talked to the bot")
        return chat

    def _group_of(self, chat_id: int) -> ChatState:
        chat = self.chats.get(chat_id)
        if chat is None or chat.chat["type"] not in GROUP_CHAT_TYPES:
            raise ValueError(f"no group or channel {chat_id}: add it with add_group()")
        return chat

    def _reply_target(self, chat: ChatState, message_id: int) -> JSONDict:
        stored = chat.messages.get(message_id)
        if stored is None:
            raise ValueError(f"chat {chat.chat_id} has no message {message_id} to reply to")
        target = json_copy(stored.raw)
        target.pop("reply_to_message", None)
        return target

    # --- fault injection ----------------------------------------------------------------------

    def fail_next(
        self, method: str | None = None, *, status: int | None = None, description: str | None = None,
        retry_after: int | None = None, chat_id: int | None = None, times: int = 1,
        network_error: bool = False, timed_out: bool = False,
    ) -> None:
        """Make the next `times` matching calls fail.

        method=None matches every method but getUpdates. status defaults to 429 when retry_after is
        given, else 400; description defaults to Telegram's wording for the status.
        network_error/timed_out raise telegram.error.NetworkError/TimedOut instead of answering.
        """
        self._faults.append(make_fault(
            method, status=status, description=description, retry_after=retry_after, chat_id=chat_id,
            times=times, network_error=network_error, timed_out=timed_out,
        ))

    def hold_answers(self, method: str, *, chat_id: int | None = None) -> AnswerHold:
        """Carry out every call of `method` (to `chat_id`, if given) at once, but answer only on release().

        As when Telegram is slow to answer: a held sendMessage is already delivered and in sent_to().
        """
        hold = AnswerHold(method, chat_id)
        self.holds.append(hold)
        return hold

    def block_user(self, chat_id: int) -> None:
        """Every call addressed to this chat answers 403 "bot was blocked by the user" until unblocked."""
        self.blocked.add(chat_id)

    def unblock_user(self, chat_id: int) -> None:
        """Undo block_user()."""
        self.blocked.discard(chat_id)

    # --- observation --------------------------------------------------------------------------

    def calls(self, method: str | None = None, *, include_polling: bool = False) -> list[ApiCall]:
        """Recorded calls in order, optionally of one method; getUpdates only if asked for."""
        if method is not None:
            return [c for c in self._calls if c.method.lower() == method.lower()]
        return [c for c in self._calls if include_polling or c.method.lower() != POLLING_METHOD]

    def reset_calls(self) -> None:
        """Forget recorded calls and the sent_to() log; chats and their visible messages stay."""
        self._calls.clear()
        self._sent.clear()

    async def wait_for_calls(self, count: int, method: str | None = None, *, timeout: float = 5.0) -> list[ApiCall]:
        """Wait until at least `count` matching calls are recorded; AssertionError after `timeout` s."""
        try:
            async with asyncio.timeout(timeout):
                while len(found := self.calls(method)) < count:
                    event = self._call_recorded.get()
                    event.clear()
                    await event.wait()
        except TimeoutError:
            seen = [c.method for c in self.calls()]
            raise AssertionError(f"waited {timeout}s for {count} {method or 'API'} call(s); saw {seen}") from None
        return found

    def sent_to(self, chat_id: int) -> list[SentMessage]:
        """Every message the bot sent to the chat, as it was when sent (later edits/deletes not applied)."""
        return [m for m in self._sent if m.chat_id == chat_id]

    def visible_messages(self, chat_id: int, *, include_user: bool = False) -> list[SentMessage]:
        """The chat as the user sees it now: current text, caption and buttons; deleted ones gone."""
        chat = self.chats.get(chat_id)
        if chat is None:
            return []
        return [SentMessage.from_stored(chat_id, m) for m in chat.messages.values() if include_user or m.from_bot]

    def last_message(self, chat_id: int) -> SentMessage:
        """The newest bot message still visible in the chat, in its current state."""
        visible = self.visible_messages(chat_id)
        if not visible:
            raise LookupError(f"the bot has no visible message in chat {chat_id}")
        return visible[-1]

    def reply_keyboard(self, chat_id: int) -> list[list[str]] | None:
        """Labels of the reply keyboard the user currently sees, if any."""
        chat = self.chats.get(chat_id)
        return chat.reply_keyboard if chat and chat.reply_keyboard else None

    def reply_keyboard_buttons(self, chat_id: int) -> list[JSONDict]:
        """The buttons of that reply keyboard as the bot sent them, row after row (empty if none)."""
        chat = self.chats.get(chat_id)
        return list(chat.reply_keyboard_buttons or []) if chat else []

    def commands(self, scope: dict[str, Any] | None = None, language_code: str = "") -> list[JSONDict]:
        """The command list setMyCommands stored for this scope (default scope if None) and language."""
        return list(self.my_commands.get(command_key(scope, language_code), []))

    def menu_shown(self, chat_id: int, language_code: str | None = None) -> list[JSONDict]:
        """The menu a user whose app is in `language_code` sees in their private chat with the bot.

        The Bot API takes the first list that is set among: chat + language, chat, all private chats +
        language, all private chats, default + language, default.
        """
        code = (language_code or "").split("-")[0].lower()
        chat = {"type": "chat", "chat_id": chat_id}
        for scope in (chat, {"type": "all_private_chats"}, None):
            for language in dict.fromkeys((code, "")):
                if commands := self.commands(scope, language):
                    return commands
        return []


def command_key(scope: object, language_code: object) -> tuple[str, str]:
    """Key commands by canonical scope JSON and language, as Telegram scopes them."""
    scope_json = scope if isinstance(scope, dict) and scope else {"type": "default"}
    return json.dumps(scope_json, sort_keys=True), str(language_code or "")
