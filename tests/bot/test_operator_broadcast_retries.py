"""The operator's progress message and final summary survive Telegram's 429s and 5xx: retried, not lost."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from scheduler.broadcast import BroadcastWorker
from scheduler.clock import ManualClock
from support.broadcast_helpers import NOW, add_users, load_broadcast
from support.databases import Database
from support.harness import BotHarness, make_settings, running_bot

OPERATOR = 999
PATIENTS = [2001, 2002, 2003]
TEXT = "Clinic closed on Monday"


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    """The real bot with a clock that stands still at NOW and three patients subscribed to updates."""
    settings = make_settings(database.url)
    async with running_bot(settings, search_path=database.search_path, clock=ManualClock(NOW)) as harness:
        await add_users(harness.services.sessions, PATIENTS, subscribed_updates=True)
        yield harness


def installed_worker(bot: BotHarness) -> BroadcastWorker:
    """The application's own broadcast worker: its Sender, and its notifier in the operator's language."""
    worker: BroadcastWorker = bot.services.extras["broadcast_worker"]
    return worker


async def send_now_to_subscribers(bot: BotHarness) -> int:
    """Compose and confirm a broadcast to the subscribers (not the operator); return its progress message id."""
    await bot.send(OPERATOR, "/broadcast")
    await bot.send(OPERATOR, TEXT)
    await bot.press(OPERATOR, "Subscribed to updates")
    await bot.press(OPERATOR, "Send now")
    await bot.press(OPERATOR, "✅ Send")
    progress = bot.fake.last_message(OPERATOR)
    assert "Sent 0 of 3" in (progress.text or "")
    return progress.message_id


def progress_text(bot: BotHarness, message_id: int) -> str:
    """The progress message as the operator sees it now."""
    return next(m.text or "" for m in bot.fake.visible_messages(OPERATOR) if m.message_id == message_id)


async def test_a_429_on_the_progress_edit_and_on_the_summary_still_leaves_the_operator_both(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    progress_id = await send_now_to_subscribers(bot)
    bot.fake.fail_next("editMessageText", retry_after=1, chat_id=OPERATOR)
    bot.fake.fail_next("sendMessage", retry_after=1, chat_id=OPERATOR)  # the summary: the operator gets no copy

    with caplog.at_level(logging.INFO):
        await installed_worker(bot).run_until_idle()

    assert [m.text for user in PATIENTS for m in bot.fake.sent_to(user)] == [TEXT] * 3
    refused = [c.method for c in bot.fake.calls() if c.status == 429]
    assert sorted(refused) == ["editMessageText", "sendMessage"]  # both faults were hit
    final = progress_text(bot, progress_id)
    assert "✅ done" in final and "Sent 3 of 3" in final
    assert "Broadcast #1 finished." in bot.last_text(OPERATOR) and "Sent 3 of 3" in bot.last_text(OPERATOR)
    assert sum("finished" in (m.text or "") for m in bot.fake.sent_to(OPERATOR)) == 1  # once, not twice
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_a_progress_edit_refused_with_a_429_is_shown_later_with_the_counts_of_then(bot: BotHarness) -> None:
    progress_id = await send_now_to_subscribers(bot)
    bot.fake.fail_next("editMessageText", retry_after=1, chat_id=OPERATOR)
    bot.fake.fail_next("sendMessage", status=502, chat_id=2002)  # one patient waits for a retry: still open

    await installed_worker(bot).run_until_idle()

    assert (await load_broadcast(bot.services.sessions, 1)).status == "sending"
    shown = progress_text(bot, progress_id)
    assert "Sent 2 of 3" in shown and "1 recipient waiting until" in shown


async def test_a_summary_refused_by_5xx_every_time_is_given_up_and_logged_without_ids_or_text(
    bot: BotHarness, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("scheduler.broadcast_progress.TRANSIENT_BACKOFF_SECONDS", 0.01)
    await send_now_to_subscribers(bot)
    bot.fake.reset_calls()
    bot.fake.fail_next("sendMessage", status=502, chat_id=OPERATOR, times=50)

    with caplog.at_level(logging.INFO):
        await installed_worker(bot).run_until_idle()

    summaries = [c for c in bot.fake.calls("sendMessage") if c.params.get("chat_id") == OPERATOR]
    assert len(summaries) == 5  # MAX_REPORT_ATTEMPTS, then given up
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "gave up" in warnings[0]
    assert str(OPERATOR) not in warnings[0] and "Clinic" not in warnings[0]
