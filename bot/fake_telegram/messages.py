"""Bot API methods that create, change or remove messages: send, edit, delete, copy, forward."""

from __future__ import annotations

from dataclasses import dataclass

from bot.fake_telegram.errors import NOT_MODIFIED, ApiError
from bot.fake_telegram.formatting import check_length, inline_markup, render_text, reply_keyboard
from bot.fake_telegram.records import JSONDict, StoredMessage, UploadedFile, UploadPart, json_copy
from bot.fake_telegram.server import ChatState, ServerState, parse_int

# What copyMessage/forwardMessage carry over from the original.
_CONTENT_KEYS = ("text", "entities", "caption", "caption_entities", "photo", "document")


@dataclass(frozen=True)
class ApiRequest:
    """The decoded parameters and uploaded files of one call."""

    params: JSONDict
    uploads: dict[str, UploadPart]

    def string(self, key: str) -> str | None:
        """A parameter as text, or None when absent."""
        value = self.params.get(key)
        return None if value is None else str(value)


def render_caption(req: ApiRequest) -> tuple[str | None, list[JSONDict]]:
    """The caption and its entities, validated against the 1024 UTF-16 unit limit."""
    source = req.string("caption")
    if source is None:
        return None, []
    caption, entities = render_text(source, req.params.get("parse_mode"), req.params.get("caption_entities"))
    check_length(caption, caption=True)
    return caption or None, entities


def reply_target(chat: ChatState, req: ApiRequest) -> JSONDict | None:
    """The message being replied to, embedded the way Telegram embeds it."""
    reply = req.params.get("reply_parameters")
    message_id = reply.get("message_id") if isinstance(reply, dict) else req.params.get("reply_to_message_id")
    if message_id is None:
        return None
    stored = chat.messages.get(parse_int(message_id) or 0)
    if stored is None:
        if isinstance(reply, dict) and reply.get("allow_sending_without_reply"):
            return None
        raise ApiError.bad_request("message to be replied not found")
    target = json_copy(stored.raw)
    target.pop("reply_to_message", None)
    return target


def deliver(
    tg: ServerState, chat: ChatState, req: ApiRequest, content: JSONDict, *, source_text: str | None = None,
    upload: UploadedFile | None = None,
) -> StoredMessage:
    """Store a bot message with the request's inline keyboard and reply target; apply a reply keyboard."""
    markup = req.params.get("reply_markup")
    content = {**content, "reply_markup": inline_markup(markup), "reply_to_message": reply_target(chat, req)}
    stored = tg.store_message(
        chat, content, from_bot=True, source_text=source_text, parse_mode=req.string("parse_mode"),
        upload=upload,
    )
    keyboard = reply_keyboard(markup)
    if keyboard is not None:
        chat.reply_keyboard = keyboard or None
        rows = markup["keyboard"] if keyboard and isinstance(markup, dict) else []
        buttons = [b if isinstance(b, dict) else {"text": str(b)} for row in rows for b in row]
        chat.reply_keyboard_buttons = buttons or None
    return stored


async def send_message(tg: ServerState, req: ApiRequest) -> JSONDict:
    """sendMessage."""
    chat = tg.resolve_chat(req.params.get("chat_id"))
    source = req.string("text") or ""
    text, entities = render_text(source, req.params.get("parse_mode"), req.params.get("entities"))
    if not text.strip():
        raise ApiError.bad_request("message text is empty")
    check_length(text, caption=False)
    return deliver(tg, chat, req, {"text": text, "entities": entities or None}, source_text=source).raw


def _editable(tg: ServerState, req: ApiRequest) -> tuple[ChatState, StoredMessage]:
    if "inline_message_id" in req.params:
        raise ApiError.bad_request("MESSAGE_ID_INVALID")  # inline-mode messages are not faked
    chat = tg.resolve_chat(req.params.get("chat_id"))
    stored = tg.find_message(chat, req.params.get("message_id"), "message to edit not found")
    if not stored.from_bot:
        raise ApiError.bad_request("message can't be edited")
    return chat, stored


def _apply_edit(tg: ServerState, chat: ChatState, stored: StoredMessage, changes: JSONDict,
                source_text: str | None = None, parse_mode: str | None = None) -> JSONDict:
    # Omitting reply_markup in an edit removes the keyboard, exactly like Telegram.
    if all(stored.raw.get(key) == value for key, value in changes.items()):
        raise ApiError(400, NOT_MODIFIED)
    for key, value in changes.items():
        if value is None:
            stored.raw.pop(key, None)
        else:
            stored.raw[key] = value
    stored.raw["edit_date"] = tg.now()
    stored.edited = True
    if source_text is not None:
        stored.source_text, stored.parse_mode = source_text, parse_mode
    tg.notify("edited", chat, stored)
    return stored.raw


async def edit_message_text(tg: ServerState, req: ApiRequest) -> JSONDict:
    """editMessageText."""
    chat, stored = _editable(tg, req)
    if "text" not in stored.raw:
        raise ApiError.bad_request("there is no text in the message to edit")
    source = req.string("text") or ""
    text, entities = render_text(source, req.params.get("parse_mode"), req.params.get("entities"))
    if not text.strip():
        raise ApiError.bad_request("message text is empty")
    check_length(text, caption=False)
    markup = inline_markup(req.params.get("reply_markup"))
    changes = {"text": text, "entities": entities or None, "reply_markup": markup}
    return _apply_edit(tg, chat, stored, changes, source, req.string("parse_mode"))


async def edit_message_caption(tg: ServerState, req: ApiRequest) -> JSONDict:
    """editMessageCaption."""
    chat, stored = _editable(tg, req)
    if "photo" not in stored.raw and "document" not in stored.raw:
        raise ApiError.bad_request("there is no caption in the message to edit")
    caption, entities = render_caption(req)
    changes = {"caption": caption, "caption_entities": entities or None,
               "reply_markup": inline_markup(req.params.get("reply_markup"))}
    return _apply_edit(tg, chat, stored, changes, req.string("caption"), req.string("parse_mode"))


async def edit_message_reply_markup(tg: ServerState, req: ApiRequest) -> JSONDict:
    """editMessageReplyMarkup."""
    chat, stored = _editable(tg, req)
    return _apply_edit(tg, chat, stored, {"reply_markup": inline_markup(req.params.get("reply_markup"))})


async def delete_message(tg: ServerState, req: ApiRequest) -> bool:
    """deleteMessage."""
    chat = tg.resolve_chat(req.params.get("chat_id"))
    stored = tg.find_message(chat, req.params.get("message_id"), "message to delete not found")
    del chat.messages[stored.raw["message_id"]]
    if stored.from_bot:
        tg.notify("deleted", chat, stored)
    return True


def _original(tg: ServerState, req: ApiRequest, missing: str) -> StoredMessage:
    from_chat = tg.resolve_chat(req.params.get("from_chat_id"))
    return tg.find_message(from_chat, req.params.get("message_id"), missing)


async def copy_message(tg: ServerState, req: ApiRequest) -> JSONDict:
    """copyMessage: same content, no link to the original; answers a MessageId."""
    chat = tg.resolve_chat(req.params.get("chat_id"))
    original = _original(tg, req, "message to copy not found")
    content = {key: json_copy(original.raw[key]) for key in _CONTENT_KEYS if key in original.raw}
    if "caption" in req.params:
        caption, entities = render_caption(req)
        content.update(caption=caption, caption_entities=entities or None)
    stored = deliver(tg, chat, req, content, source_text=original.source_text, upload=original.upload)
    return {"message_id": stored.raw["message_id"]}


async def forward_message(tg: ServerState, req: ApiRequest) -> JSONDict:
    """forwardMessage: same content plus a forward_origin naming the original sender."""
    chat = tg.resolve_chat(req.params.get("chat_id"))
    original = _original(tg, req, "message to forward not found")
    content = {key: json_copy(original.raw[key]) for key in _CONTENT_KEYS if key in original.raw}
    content["forward_origin"] = {"type": "user", "sender_user": original.raw["from"], "date": original.raw["date"]}
    stored = tg.store_message(chat, content, from_bot=True, source_text=original.source_text,
                              upload=original.upload)
    return stored.raw
