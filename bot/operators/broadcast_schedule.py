"""/broadcast, second half: recipient count, now or later (in the operator's zone), quiet hours, confirm.

Confirming creates the broadcast and its delivery rows in one transaction, closes the dialog, and sends
the progress message that the broadcast worker keeps up to date.
"""

from __future__ import annotations

import html
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup, Message, Update

from bot import callbacks
from bot.access import read_user_state, texts_of
from bot.context import BotContext
from bot.keyboards import inline
from bot.operators.broadcast_views import audience_label, format_when, progress_view
from bot.operators.send_time import parse_send_time, send_time_example
from bot.replies import answer, edit_or_send, reply, reply_message
from bot.services import Services
from bot.texts.catalog import Texts
from scheduler.broadcast_progress import BroadcastProgress, load_progress
from storage.audit import record_audit
from storage.broadcasts import Audience, BroadcastContent, Translation, count_audience, create_broadcast
from storage.db import transaction
from storage.dialogs import consume_dialog, get_dialog, start_dialog, update_dialog
from storage.models import Dialog

FLOW = "broadcast"
PREFIX = "bcc"


async def open_dialog(*, session: AsyncSession, user_id: int, token: str, **data: Any) -> Dialog:
    """Open the broadcast dialog in compose (or at a later step when data is given)."""
    return await start_dialog(
        session=session, user_id=user_id, flow=FLOW, step="compose", data={"token": token, "kind": "manual", **data}
    )


async def save_dialog(context: BotContext, user_id: int, *, step: str, **data: Any) -> Dialog | None:
    """Move the open broadcast dialog to a step and merge data into it."""
    async with transaction(context.services.sessions) as session:
        dialog = await get_dialog(session=session, user_id=user_id)
        if dialog is None or dialog.flow != FLOW:
            return None
        return await update_dialog(session=session, dialog=dialog, step=step, **data)


def token_of(dialog: Dialog) -> str:
    """Return the token every button of this dialog carries."""
    return str(dialog.data.get("token", ""))


def discard_button(token: str, t: Texts) -> tuple[str, str]:
    """Return the Discard button of a dialog."""
    return t.BC_BTN_DISCARD, callbacks.make(PREFIX, "discard", token)


def content_data(content: BroadcastContent) -> dict[str, Any]:
    """Return the dialog fields that hold broadcast content."""
    return {
        "text": content.text,
        "photo": content.photo_file_id,
        "src_chat": content.source_chat_id,
        "src_msg": content.source_message_id,
        "buttons": [list(button) for button in content.buttons],
        "translations": {language: wording.as_json() for language, wording in content.translations.items()},
    }


def content_of(data: dict[str, Any]) -> BroadcastContent:
    """Read broadcast content back from dialog data."""
    return BroadcastContent(
        text=str(data.get("text") or ""),
        photo_file_id=data.get("photo"),
        source_chat_id=data.get("src_chat"),
        source_message_id=data.get("src_msg"),
        buttons=tuple((str(label), str(url)) for label, url in data.get("buttons") or []),
        translations={
            str(language): Translation(str(wording["text"]), tuple((str(a), str(b)) for a, b in wording["buttons"]))
            for language, wording in (data.get("translations") or {}).items()
        },
    )


async def operator_zone(update: Update, context: BotContext) -> ZoneInfo:
    """Return the operator's own time zone, or the bot's default."""
    user = (await read_user_state(update, context)).user
    try:
        return ZoneInfo(user.timezone or context.services.settings.default_timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def audience_keyboard(token: str, t: Texts) -> InlineKeyboardMarkup:
    """The audience choices, one per row."""
    choices = [
        (t.BC_BTN_AUDIENCE_ALL, "all"),
        (t.BC_BTN_AUDIENCE_SUBSCRIBED, "subscribed"),
        (t.BC_BTN_AUDIENCE_LANGUAGE, "language"),
        (t.BC_BTN_AUDIENCE_REMINDER, "reminder"),
        (t.BC_BTN_AUDIENCE_RECENT, "active_days"),
    ]
    rows = [[(label, callbacks.make(PREFIX, "aud", token, kind))] for label, kind in choices]
    return inline([*rows, [discard_button(token, t)]])


async def offer_timing(update: Update, context: BotContext, dialog: Dialog, audience: Audience) -> None:
    """Count the audience; when it is not empty, ask whether to send now or later."""
    t = await texts_of(update, context)
    async with transaction(context.services.sessions) as session:
        count = await count_audience(session=session, audience=audience, now=context.services.clock.now())
    token = token_of(dialog)
    label = audience_label(audience.as_json(), t)
    if count == 0:
        # Not a dead end (a fresh install has no subscribers for /reload's announcement): the other audiences.
        await save_dialog(context, dialog.user_id, step="audience")
        await reply(update, t.BC_AUDIENCE_EMPTY.format(audience=label), audience_keyboard(token, t))
        return
    await save_dialog(context, dialog.user_id, step="when", audience=str(audience), count=count)
    rows = [
        [(t.BC_BTN_SEND_NOW, callbacks.make(PREFIX, "now", token))],
        [(t.BC_BTN_SCHEDULE, callbacks.make(PREFIX, "later", token))],
        [discard_button(token, t)],
    ]
    await reply(update, t.BC_WHEN_ASK(count).format(count=count, audience=label), inline(rows))


async def press_timing_button(
    update: Update, context: BotContext, dialog: Dialog, action: str, args: tuple[str, ...]
) -> bool:
    """Handle Send now, Schedule, the quiet-hours toggle and Send; False when the button does not fit the step."""
    t = await texts_of(update, context)
    step = dialog.step
    if action in {"now", "later"} and step in {"when", "at", "confirm"}:
        await answer(update)
        if action == "now":
            updated = await save_dialog(context, dialog.user_id, step="confirm", send_at="")
            await show_confirm(update, context, updated or dialog)
        else:
            await save_dialog(context, dialog.user_id, step="at")
            zone = await operator_zone(update, context)
            tomorrow = (context.services.clock.now().astimezone(zone) + timedelta(days=1)).date()
            example = send_time_example(tomorrow, time(9), t.language)
            await reply(update, t.BC_AT_ASK.format(zone=html.escape(t.zone_city(zone.key)), example=example))
        return True
    if action == "quiet" and step == "confirm":
        await answer(update)
        urgent = args[:1] == ("on",)
        updated = await save_dialog(context, dialog.user_id, step="confirm", urgent=urgent)
        await show_confirm(update, context, updated or dialog, edit=True)
        return True
    if action == "go" and step == "confirm":
        await answer(update)
        await confirm_send(update, context, dialog)
        return True
    return False


async def typed_time(update: Update, context: BotContext, dialog: Dialog, text: str) -> None:
    """Read the typed send time in the operator's zone and go on to the confirmation."""
    t = await texts_of(update, context)
    zone = await operator_zone(update, context)
    now = context.services.clock.now()
    when = parse_send_time(text, now=now, zone=zone, language=t.language)
    example = send_time_example((now.astimezone(zone) + timedelta(days=1)).date(), time(9), t.language)
    if when is None:
        await reply(update, t.BC_AT_INVALID.format(example=example))
        return
    if when <= now:
        await reply(update, t.BC_AT_PAST)
        return
    updated = await save_dialog(context, dialog.user_id, step="confirm", send_at=when.isoformat())
    await show_confirm(update, context, updated or dialog)


async def show_confirm(update: Update, context: BotContext, dialog: Dialog, *, edit: bool = False) -> None:
    """Show what will be sent to whom and when, with Send, the quiet-hours toggle and Discard."""
    t = await texts_of(update, context)
    data, token = dialog.data, token_of(dialog)
    zone = await operator_zone(update, context)
    send_at = str(data.get("send_at") or "")
    urgent = bool(data.get("urgent"))
    text = t.BC_CONFIRM.format(
        audience=audience_label(Audience.parse(str(data.get("audience", "all"))).as_json(), t),
        count=int(data.get("count", 0)),
        when=format_when(datetime.fromisoformat(send_at), zone, t) if send_at else t.BC_WHEN_NOW,
        quiet=t.BC_QUIET_IGNORED if urgent else t.BC_QUIET_RESPECTED,
    )
    toggle = (
        (t.BC_BTN_RESPECT_QUIET, callbacks.make(PREFIX, "quiet", token, "off"))
        if urgent
        else (t.BC_BTN_IGNORE_QUIET, callbacks.make(PREFIX, "quiet", token, "on"))
    )
    keyboard = inline([[(t.BC_BTN_CONFIRM, callbacks.make(PREFIX, "go", token))], [toggle], [discard_button(token, t)]])
    if edit:
        await edit_or_send(update, text, keyboard)
    else:
        await reply(update, text, keyboard)


async def confirm_send(update: Update, context: BotContext, dialog: Dialog) -> None:
    """Create the broadcast with one delivery row per recipient, then show its progress message."""
    t = await texts_of(update, context)
    services = context.services
    # The progress message exists before the broadcast does, so the worker never sends a second one.
    message = await reply_message(update, t.BC_PREPARING)
    now = services.clock.now()
    async with transaction(services.sessions) as session:
        # A second "Send" (a double tap handled by another instance) finds the dialog gone: nothing is created.
        data = await consume_dialog(session=session, user_id=dialog.user_id, flow=FLOW, token=token_of(dialog))
        if data is None:
            progress = None
        else:
            progress = await _create_broadcast(services, session, dialog.user_id, data, message, now)
    if message is not None and data is None:
        await context.bot.edit_message_text(
            t.BC_ALREADY_CONFIRMED, chat_id=message.chat_id, message_id=message.message_id
        )
    if message is not None and progress is not None:
        text, markup = progress_view(progress, t, await operator_zone(update, context))
        await context.bot.edit_message_text(
            text, chat_id=message.chat_id, message_id=message.message_id, reply_markup=markup
        )


async def _create_broadcast(
    services: Services,
    session: AsyncSession,
    operator_id: int,
    data: dict[str, Any],
    message: Message | None,
    now: datetime,
) -> BroadcastProgress | None:
    """Create the broadcast and its audit entry from the consumed dialog's data; return its progress."""
    send_at = max(datetime.fromisoformat(data["send_at"]), now) if data.get("send_at") else now
    audience = Audience.parse(str(data.get("audience", "all")))
    broadcast = await create_broadcast(
        session=session,
        operator_id=operator_id,
        content=content_of(data),
        audience=audience,
        send_at=send_at,
        now=now,
        ignore_quiet_hours=bool(data.get("urgent")),
        kind=str(data.get("kind", "manual")),
        progress_message=(message.chat_id, message.message_id) if message is not None else None,
    )
    urgent = " urgent" if broadcast.ignore_quiet_hours else ""
    detail = f"#{broadcast.id} {audience} {broadcast.total} recipients{urgent}"
    await record_audit(session=session, user_id=operator_id, action="broadcast.create", detail=detail)
    assert broadcast.id is not None
    rate = services.settings.broadcast_rate_per_second
    return await load_progress(session=session, broadcast_id=broadcast.id, now=now, rate_per_second=rate)
