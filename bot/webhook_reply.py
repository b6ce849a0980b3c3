"""A button press answered in the webhook's HTTP reply, instead of by an answerCallbackQuery call of its own.

Telegram lets a bot reply to a webhook request with one Bot API method (a JSON object with a "method"
field), which Telegram then carries out; the bot never learns whether it worked. So only the answer to a
press goes this way: should it fail (the query too old, a 429, a 5xx), nothing is lost but the spinner,
which the app stops by itself after a few seconds. As a call, a too-old query was dropped already
(bot/replies.answer); a 429 was retried, and a 5xx or time-out stopped the handler before its edit, with
an apology from the error handler (bot/chat/errors.py) and a count in the failed-call metric. Now the
handler goes on; its messages and edits, whose loss would matter, stay calls of their own, with PTB's
error mapping, the rate limiter's retries of a 429, the error handler (a 403 still marks the user
blocked) and the metric. Under bench/load.py most updates are presses; each answer sent this way is one
HTTP request the bot no longer makes.

How: the webhook handler opens a slot for the press (by its query id, unique on Telegram) and holds its
reply. ``offer_answer``, called by bot/replies.answer, fills the slot, and the handler writes the method
as its reply; the update processor closes the slot when the update is done (an empty 200, as before),
and so does the handler after REPLY_WAIT_SECONDS (``expire_slot``), whichever comes first. An answer
offered once the slot is closed finds none and is sent as its own call, as before. Polling mode never
opens a slot.

The slots are per process, not per Application: a query id is unique, and a press is handled by the
instance whose webhook received it.
"""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Update

# How long the webhook reply waits for the handler's answer: the press may first wait for the user's earlier
# updates and for a slot (bot/fair_updates.py). Far below any timeout of Telegram's; the answer then goes as
# a call of its own.
REPLY_WAIT_SECONDS = 2.0
ANSWER_METHOD = "answerCallbackQuery"

_open: dict[str, asyncio.Future[dict[str, Any] | None]] = {}


def open_slot(update: Update) -> asyncio.Future[dict[str, Any] | None] | None:
    """Open a reply slot for a press (None for other updates): it resolves to the method to reply with, or None."""
    query = update.callback_query
    if query is None:
        return None
    # The same press again (Telegram redelivers an update it got no reply to in time): the earlier reply goes
    # without the answer, so that no reply is left waiting for a slot nobody can fill.
    _settle(_open.pop(query.id, None))
    slot: asyncio.Future[dict[str, Any] | None] = asyncio.get_running_loop().create_future()
    _open[query.id] = slot
    return slot


def offer_answer(query_id: str, text: str | None) -> bool:
    """Put the press's answer in its webhook reply, if that is still open; False means: call the Bot API."""
    slot = _open.pop(query_id, None)
    if slot is None or slot.done():
        return False
    method: dict[str, Any] = {"method": ANSWER_METHOD, "callback_query_id": query_id}
    if text is not None:
        method["text"] = text
    slot.set_result(method)
    return True


def close_slot(update: object) -> None:
    """Reply without a method, if the press's reply is still open (its update is done)."""
    if isinstance(update, Update) and update.callback_query is not None:
        _settle(_open.pop(update.callback_query.id, None))


def expire_slot(update: Update, slot: asyncio.Future[dict[str, Any] | None]) -> None:
    """Reply without a method, if this slot of the press is still open (it waited REPLY_WAIT_SECONDS)."""
    query = update.callback_query
    if query is not None and _open.get(query.id) is slot:
        del _open[query.id]
    _settle(slot)


def _settle(slot: asyncio.Future[dict[str, Any] | None] | None) -> None:
    if slot is not None and not slot.done():
        slot.set_result(None)
