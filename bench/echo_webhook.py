"""A bare PTB webhook echo bot: the baseline bench/load.py measures the full bot against.

Run by bench/load.py as a process of its own, configured like the bot through the environment
(BOT_TOKEN, TELEGRAM_API_BASE_URL, WEBHOOK_URL, WEBHOOK_PORT, WEBHOOK_SECRET). It is the least a PTB bot
can do for each update of the load's mix: PTB's own webhook server (run_webhook) and update dispatch,
then one sendMessage back to the chat, for a message and for a button press alike; a button press is
also answered (answerCallbackQuery), as Telegram asks of every bot: the client shows a spinner until it
is. It is given what the full bot has that is not its work but the transport (bot/telegram_http.py's
aiohttp request with as many connections, updates handled concurrently), so that the ratio measures what
the full bot does per update.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from telegram import Update
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, MessageHandler, filters

from bot.instrumentation import DEFAULT_POOL_SIZE
from bot.telegram_http import AiohttpRequest


async def echo_message(update: Update, _context: Any) -> None:
    """Send the message's text back."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(message.text or "echo", do_quote=False)


async def echo_press(update: Update, context: Any) -> None:
    """Answer a button press, then send one message, as the full bot answers it and sends or edits one."""
    query = update.callback_query
    if query is not None and update.effective_chat is not None:
        await query.answer()
        await context.bot.send_message(update.effective_chat.id, query.data or "echo")


def main() -> None:
    """Serve the webhook until SIGTERM or SIGINT."""
    url = os.environ["WEBHOOK_URL"]
    application = (
        ApplicationBuilder()
        .token(os.environ["BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_API_BASE_URL"])
        .request(AiohttpRequest(connection_pool_size=DEFAULT_POOL_SIZE))
        .concurrent_updates(True)
        .build()
    )
    application.add_handler(MessageHandler(filters.ALL, echo_message))
    application.add_handler(CallbackQueryHandler(echo_press))
    application.run_webhook(
        listen=os.environ.get("WEBHOOK_LISTEN", "127.0.0.1"),
        port=int(os.environ["WEBHOOK_PORT"]),
        url_path=urlsplit(url).path.lstrip("/"),
        webhook_url=url,
        secret_token=os.environ["WEBHOOK_SECRET"],
        allowed_updates=Update.ALL_TYPES,
    )


if __name__ == "__main__":
    main()
