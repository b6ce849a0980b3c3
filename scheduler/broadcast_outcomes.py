"""The broadcast worker's per-delivery rules: the message, quiet hours, and what each outcome means."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncSession

from scheduler.quiet import QuietHours, defer_past_quiet
from scheduler.sending import BroadcastMessage, Outcome, SendResult
from storage.broadcast_deliveries import ClaimedDelivery, DeliveryResults
from storage.broadcast_models import Broadcast
from storage.reminder_prefs import quiet_windows

QuietHoursLookup = Callable[[AsyncSession, Sequence[int]], Awaitable[dict[int, QuietHours]]]
MAX_BACKOFF_SECONDS = 300


async def stored_quiet_hours(session: AsyncSession, user_ids: Sequence[int]) -> dict[int, QuietHours]:
    """Return the quiet hours recipients set for their reminders (the reminders feature stores them)."""
    windows = await quiet_windows(session=session, user_ids=user_ids)
    return {user_id: QuietHours(start, end) for user_id, (start, end) in windows.items()}


def message_for(broadcast: Broadcast, delivery: ClaimedDelivery) -> BroadcastMessage:
    """Return what the Sender gets for one recipient of a broadcast: the wording stored for their language."""
    assert broadcast.id is not None
    text, buttons = broadcast.wording_for(delivery.language)
    return BroadcastMessage(
        broadcast_id=broadcast.id,
        user_id=delivery.user_id,
        text=text,
        photo_file_id=broadcast.photo_file_id,
        buttons=buttons,
        source_chat_id=broadcast.source_chat_id,
        source_message_id=broadcast.source_message_id,
    )


def quiet_hours_end(
    delivery: ClaimedDelivery, quiet: QuietHours | None, now: datetime, default_zone: str
) -> datetime | None:
    """Return when the recipient's quiet hours end if they are quiet now, else None."""
    if quiet is None or not quiet.enabled:
        return None
    try:
        zone = ZoneInfo(delivery.timezone or default_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo(default_zone)
    ends = defer_past_quiet(now, quiet, zone)
    return ends if ends > now else None


def file_outcome(
    results: DeliveryResults,
    delivery: ClaimedDelivery,
    result: SendResult | None,
    *,
    now: datetime,
    resume_at: datetime,
    max_attempts: int,
) -> None:
    """Add one delivery's outcome to the results to record; None means it was never attempted."""
    if result is None:  # not started: the batch was halted (a 429 or a 400), or the worker is stopping
        results.later.append((delivery.id, max(now, resume_at), delivery.attempts))
    elif result.outcome == Outcome.SENT:
        results.sent.append(delivery.id)
    elif result.outcome == Outcome.BLOCKED:
        results.blocked.append((delivery.id, delivery.user_id))
    elif result.outcome == Outcome.REJECTED:
        results.failed.append((delivery.id, result.detail or "rejected"))
    elif result.retry_after:  # 429: Telegram's wait, not a failure of this delivery
        results.later.append((delivery.id, now + timedelta(seconds=result.retry_after), delivery.attempts))
    elif delivery.attempts + 1 >= max_attempts:
        results.failed.append((delivery.id, result.detail or "retry limit"))
    else:  # network trouble or a 5xx: again later, waiting longer each time
        backoff = timedelta(seconds=min(2 ** (delivery.attempts + 1), MAX_BACKOFF_SECONDS))
        results.later.append((delivery.id, now + backoff, delivery.attempts + 1))
