"""The Bot API method table, the service methods, and the dispatcher that applies faults and errors."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import Awaitable, Callable

from telegram.error import NetworkError

from bot.fake_telegram.errors import DEFAULT_DESCRIPTIONS, ApiError
from bot.fake_telegram.formatting import utf16_len
from bot.fake_telegram.media import send_document, send_photo
from bot.fake_telegram.messages import (
    ApiRequest,
    copy_message,
    delete_message,
    edit_message_caption,
    edit_message_reply_markup,
    edit_message_text,
    forward_message,
    send_message,
)
from bot.fake_telegram.records import JSONDict, UploadPart
from bot.fake_telegram.server import ServerState, parse_int
from bot.fake_telegram.state import command_key

Handler = Callable[[ServerState, ApiRequest], Awaitable[object]]

_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE_CODE = re.compile(r"(?:[a-z]{2})?")
# Telegram's limits: the description on an empty chat, and the short one on the profile page.
DESCRIPTION_LIMIT = 512
SHORT_DESCRIPTION_LIMIT = 120
_CHAT_ACTIONS = {
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
}
_WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
)


async def get_me(tg: ServerState, req: ApiRequest) -> JSONDict:
    """getMe."""
    return {
        **tg.bot_user, "can_join_groups": True, "can_read_all_group_messages": False,
        "supports_inline_queries": False, "can_connect_to_business": False, "has_main_web_app": False,
    }


async def get_updates(tg: ServerState, req: ApiRequest) -> list[JSONDict]:
    """getUpdates: confirm below `offset`, then long-poll up to `timeout` seconds for something new."""
    if tg.webhook_url:
        raise ApiError(409, _WEBHOOK_CONFLICT)
    tg.confirm_updates(parse_int(req.params.get("offset")) or 0)
    limit = min(max(parse_int(req.params.get("limit")) or 100, 1), 100)
    timeout = max(float(req.params.get("timeout") or 0), 0.0)
    generation = tg.begin_poll()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not tg.pending_updates(limit) and (remaining := deadline - loop.time()) > 0:
        await tg.wait_for_update(remaining)
        if tg.poll_generation != generation:
            raise ApiError(409, DEFAULT_DESCRIPTIONS[409])
    return tg.pending_updates(limit)


async def answer_callback_query(tg: ServerState, req: ApiRequest) -> bool:
    """answerCallbackQuery: each query can be answered once."""
    query_id = req.string("callback_query_id") or ""
    if query_id not in tg.open_queries:
        raise ApiError.bad_request("query is too old and response timeout expired or query ID is invalid")
    if utf16_len(req.string("text") or "") > 200:
        raise ApiError.bad_request("MESSAGE_TOO_LONG")
    tg.open_queries.discard(query_id)
    tg.callback_answers[query_id] = dict(req.params)
    for listener in tg.answer_listeners:
        listener(tg.callback_answers[query_id])
    return True


async def send_chat_action(tg: ServerState, req: ApiRequest) -> bool:
    """sendChatAction."""
    tg.resolve_chat(req.params.get("chat_id"))
    if req.string("action") not in _CHAT_ACTIONS:
        raise ApiError.bad_request("wrong parameter action in request")
    return True


async def set_my_commands(tg: ServerState, req: ApiRequest) -> bool:
    """setMyCommands, stored per (scope, language_code)."""
    commands = req.params.get("commands")
    if not isinstance(commands, list):
        raise ApiError.bad_request("parameter \"commands\" is required")
    for command in commands:
        if not _COMMAND.fullmatch(str(command.get("command", ""))):
            raise ApiError.bad_request("BOT_COMMAND_INVALID")
    _check_scope_chat(tg, req.params.get("scope"))
    key = command_key(req.params.get("scope"), _language_code(req))
    if commands:
        tg.my_commands[key] = [{"command": c["command"], "description": c["description"]} for c in commands]
    else:  # an empty list is no list: the next one in the precedence shows
        tg.my_commands.pop(key, None)
    return True


def _check_scope_chat(tg: ServerState, scope: object) -> None:
    """A chat scope must name a chat the bot knows: a user who never opened the bot is "chat not found"."""
    if not isinstance(scope, dict) or scope.get("type") not in {"chat", "chat_administrators", "chat_member"}:
        return
    chat_id = parse_int(scope.get("chat_id"))
    if chat_id is None or chat_id not in tg.chats:
        raise ApiError.bad_request("chat not found")


async def delete_my_commands(tg: ServerState, req: ApiRequest) -> bool:
    """deleteMyCommands: the lists below it in the precedence show again."""
    _check_scope_chat(tg, req.params.get("scope"))
    tg.my_commands.pop(command_key(req.params.get("scope"), _language_code(req)), None)
    return True


async def get_my_commands(tg: ServerState, req: ApiRequest) -> list[JSONDict]:
    """getMyCommands."""
    return tg.my_commands.get(command_key(req.params.get("scope"), req.params.get("language_code")), [])


def _language_code(req: ApiRequest) -> str:
    """The language_code parameter: a two-letter ISO 639-1 code, or empty for every other language."""
    code = req.string("language_code") or ""
    if not _LANGUAGE_CODE.fullmatch(code):
        raise ApiError.bad_request("LANGUAGE_CODE_INVALID")
    return code


async def set_my_description(tg: ServerState, req: ApiRequest) -> bool:
    """setMyDescription: up to 512 characters per language; an empty one removes it."""
    text = req.string("description") or ""
    if utf16_len(text) > DESCRIPTION_LIMIT:
        raise ApiError.bad_request("BOT_DESCRIPTION_INVALID")
    code = _language_code(req)
    if text:
        tg.my_descriptions[code] = text
    else:
        tg.my_descriptions.pop(code, None)
    return True


async def get_my_description(tg: ServerState, req: ApiRequest) -> JSONDict:
    """getMyDescription: a BotDescription, falling back to the one without a language."""
    code = _language_code(req)
    return {"description": tg.my_descriptions.get(code, tg.my_descriptions.get("", ""))}


async def set_my_short_description(tg: ServerState, req: ApiRequest) -> bool:
    """setMyShortDescription: up to 120 characters per language; an empty one removes it."""
    text = req.string("short_description") or ""
    if utf16_len(text) > SHORT_DESCRIPTION_LIMIT:
        raise ApiError.bad_request("BOT_SHORT_DESCRIPTION_INVALID")
    code = _language_code(req)
    if text:
        tg.my_short_descriptions[code] = text
    else:
        tg.my_short_descriptions.pop(code, None)
    return True


async def get_my_short_description(tg: ServerState, req: ApiRequest) -> JSONDict:
    """getMyShortDescription: a BotShortDescription, falling back to the one without a language."""
    code = _language_code(req)
    return {"short_description": tg.my_short_descriptions.get(code, tg.my_short_descriptions.get("", ""))}


async def set_webhook(tg: ServerState, req: ApiRequest) -> bool:
    """setWebhook (nothing is ever delivered to it; it only blocks getUpdates like the real one)."""
    if req.params.get("drop_pending_updates"):
        tg.drop_pending_updates()
    tg.webhook_url = req.string("url") or ""
    return True


async def delete_webhook(tg: ServerState, req: ApiRequest) -> bool:
    """deleteWebhook."""
    return await set_webhook(tg, ApiRequest({**req.params, "url": ""}, req.uploads))


async def get_webhook_info(tg: ServerState, req: ApiRequest) -> JSONDict:
    """getWebhookInfo."""
    pending = len(tg.pending_updates(limit=1_000_000))
    return {"url": tg.webhook_url, "has_custom_certificate": False, "pending_update_count": pending}


async def acknowledge(tg: ServerState, req: ApiRequest) -> bool:
    """close and logOut: harmless here."""
    return True


HANDLERS: dict[str, Handler] = {
    name.lower(): handler
    for name, handler in {
        "getMe": get_me, "getUpdates": get_updates, "sendMessage": send_message,
        "editMessageText": edit_message_text, "editMessageCaption": edit_message_caption,
        "editMessageReplyMarkup": edit_message_reply_markup, "deleteMessage": delete_message,
        "answerCallbackQuery": answer_callback_query, "sendPhoto": send_photo, "sendDocument": send_document,
        "copyMessage": copy_message, "forwardMessage": forward_message, "sendChatAction": send_chat_action,
        "setMyCommands": set_my_commands, "deleteMyCommands": delete_my_commands,
        "getMyCommands": get_my_commands, "setWebhook": set_webhook, "deleteWebhook": delete_webhook,
        "setMyDescription": set_my_description, "getMyDescription": get_my_description,
        "setMyShortDescription": set_my_short_description, "getMyShortDescription": get_my_short_description,
        "getWebhookInfo": get_webhook_info, "close": acknowledge, "logOut": acknowledge,
    }.items()
}


async def dispatch(
    tg: ServerState, method: str, params: JSONDict, uploads: dict[str, UploadPart]
) -> tuple[int, JSONDict]:
    """Run one call: an injected fault wins, then the method; returns (HTTP status, JSON body)."""
    fault = tg.take_fault(method, params)
    if fault is not None:
        transport_error = fault.transport_error()
        if transport_error is not None:
            tg.record_call(method, params, uploads, 0, transport_error.message)
            raise transport_error
        error = fault.as_error()
        tg.record_call(method, params, uploads, error.status, error.description)
        return error.status, error.payload()
    # Telegram method names are case-insensitive.
    handler = HANDLERS.get(method.lower())
    try:
        if handler is None:
            raise ApiError(404, "Not Found")
        if tg.limits is not None:
            tg.limits.admit(method, parse_int(params.get("chat_id")))
        result = await handler(tg, ApiRequest(params, uploads))
    except ApiError as error:
        tg.record_call(method, params, uploads, error.status, error.description)
        return error.status, error.payload()
    tg.record_call(method, params, uploads, 200)
    return 200, {"ok": True, "result": result}


async def answer_call(
    tg: ServerState, method: str, params: JSONDict, uploads: dict[str, UploadPart]
) -> tuple[int, bytes]:
    """Answer one call for a transport (in-process or HTTP): the fake's latency, dispatch, any hold, the JSON body."""
    if tg.latency:
        await asyncio.sleep(tg.latency)
    status, body = await dispatch(tg, method, params, uploads)
    hold = tg.hold_for(method, params)
    if hold is not None:  # carried out, answered late (bot/fake_telegram/holds.py)
        await hold.keep()
    return status, json.dumps(body).encode("utf-8")


async def carry_out_webhook_reply(tg: ServerState, body: bytes) -> None:
    """Carry out the method a bot put in its reply to a webhook update, as Telegram does: its outcome goes nowhere.

    An empty reply (no method) does nothing; the method's failures, injected faults included, reach no one.
    """
    if not body.strip():
        return
    params = json.loads(body)
    method = str(params.pop("method"))
    with contextlib.suppress(NetworkError):  # an injected transport fault: Telegram would not tell the bot either
        await answer_call(tg, method, params, {})
