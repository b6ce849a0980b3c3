"""Outbound traffic (scheduler → Telegram): one Sender made of a reminder half and a broadcast half.

Both halves send through a Bot of their own (bot/outbound/broadcasts.build_outbound_bot): same token,
API server and request factory as the interactive bot, HTML by default, but no AIORateLimiter, because
PTB 22.8's limiter halts every request on one RetryAfter and chatting users must not wait behind a
reminder peak or a broadcast. Telegram errors become Outcomes (broadcasts.result_for_error).
"""

from __future__ import annotations

from bot.outbound.broadcasts import TelegramBroadcastSender
from bot.outbound.reminders import ReminderSender
from scheduler.sending import BroadcastMessage, ReminderMessage, SendResult


class OutboundSender:
    """The bot's scheduler.sending.Sender: reminders and broadcasts, each delegated to its own half."""

    def __init__(self, reminders: ReminderSender, broadcasts: TelegramBroadcastSender) -> None:
        self.reminders = reminders
        self.broadcasts = broadcasts

    async def send_reminder(self, message: ReminderMessage) -> SendResult:
        """Deliver one reminder and report the outcome."""
        return await self.reminders.send_reminder(message)

    async def send_broadcast(self, message: BroadcastMessage) -> SendResult:
        """Deliver one broadcast message and report the outcome."""
        return await self.broadcasts.send_broadcast(message)
