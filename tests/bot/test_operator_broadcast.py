"""/broadcast end to end: compose with a preview, audience and count, now or later, confirm, progress."""

from __future__ import annotations

import copy
import struct
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from diary_factory import add_attack, attacks
from sqlalchemy import select, update

from bot.fake_telegram import FakeTelegram, UploadPart
from bot.fake_telegram.media import photo_sizes
from bot.outbound.broadcast_worker import build_broadcast_worker
from bot.outbound.broadcasts import TelegramOperatorNotifier
from scheduler.broadcast import BroadcastWorker
from scheduler.broadcast_pacing import Unpaced
from scheduler.clock import ManualClock
from storage.broadcast_models import Broadcast
from storage.db import transaction
from storage.models import User
from support.audit_helpers import trail_rows
from support.broadcast_helpers import NOW, add_users, delivery_statuses, load_broadcast
from support.databases import Database
from support.harness import BotHarness, make_settings, running_bot

OPERATOR = 999
OTHER_OPERATOR = 998
PATIENTS = list(range(2001, 2006))


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    """The real bot with two operators and a clock that stands still at NOW."""
    settings = make_settings(database.url, operator_ids=f"{OPERATOR},{OTHER_OPERATOR}")
    async with running_bot(settings, search_path=database.search_path, clock=ManualClock(NOW)) as harness:
        await add_users(harness.services.sessions, PATIENTS)
        yield harness


def worker_for(bot: BotHarness, **options: Any) -> BroadcastWorker:
    """The bot's own broadcast worker (real Sender, real notifier), unpaced for speed."""
    sender = bot.services.extras["sender"]
    notifier = TelegramOperatorNotifier(sender.broadcasts.bot)
    return build_broadcast_worker(bot.services, sender=sender, notifier=notifier, pacer=Unpaced(), **options)


async def compose(bot: BotHarness, text: str = "Clinic <b>closed</b> on Monday") -> None:
    """Open /broadcast and send the text."""
    await bot.send(OPERATOR, "/broadcast")
    await bot.send(OPERATOR, text)


async def confirm_now(bot: BotHarness, audience: str = "Everyone active") -> None:
    """Pick the audience, send now, confirm."""
    await bot.press(OPERATOR, audience)
    await bot.press(OPERATOR, "Send now")
    await bot.press(OPERATOR, "✅ Send")


def received(fake: FakeTelegram, user_id: int) -> list[str]:
    """Texts and captions the bot sent to a user."""
    return [m.text or m.caption or "" for m in fake.sent_to(user_id)]


async def test_invalid_html_is_explained_and_the_operator_stays_in_compose(bot: BotHarness) -> None:
    await bot.send(OPERATOR, "/broadcast")
    refused = await bot.send(OPERATOR, "Clinic <b>closed on Monday")

    assert len(refused) == 1
    assert "Telegram refused that message" in (refused[0].text or "")
    assert "can't parse entities" in (refused[0].text or "").lower()

    fixed = await bot.send(OPERATOR, "Clinic <b>closed</b> on Monday")
    assert fixed[0].text == "Clinic closed on Monday"  # the preview, as recipients will see it
    assert "Who should receive it?" in (fixed[1].text or "")
    assert "Everyone active" in bot.buttons(OPERATOR)


async def test_send_now_writes_one_row_per_recipient_and_shows_progress(bot: BotHarness) -> None:
    await compose(bot)
    counted = await bot.press(OPERATOR, "Everyone active")
    assert "<b>6</b> recipients" in (counted[0].source_text or "")  # five patients and the operator
    await bot.press(OPERATOR, "Send now")
    assert "Recipients: 6" in bot.last_text(OPERATOR) and "Quiet hours: respected" in bot.last_text(OPERATOR)
    await bot.press(OPERATOR, "✅ Send")

    progress = bot.fake.last_message(OPERATOR)
    assert "Broadcast #1" in (progress.text or "") and "Sent 0 of 6" in (progress.text or "")
    assert progress.button_labels == ["⏸ Pause", "✖ Cancel broadcast"]
    assert set(await delivery_statuses(bot.services.sessions, 1)) == {*PATIENTS, OPERATOR}

    await worker_for(bot).run_until_idle()

    assert all(received(bot.fake, user)[-1] == "Clinic closed on Monday" for user in PATIENTS)
    finished = next(m for m in bot.fake.visible_messages(OPERATOR) if m.message_id == progress.message_id)
    assert "✅ done" in (finished.text or "") and finished.buttons == []
    assert "Broadcast #1 finished." in bot.last_text(OPERATOR) and "Sent 6 of 6" in bot.last_text(OPERATOR)
    trail = await trail_rows(bot.services.sessions, OPERATOR)
    assert [action for user, action, _ in trail if user == OPERATOR] == ["broadcast.compose", "broadcast.create"]


async def test_pause_resume_and_cancel_from_the_progress_message(bot: BotHarness) -> None:
    await compose(bot)
    await confirm_now(bot)
    worker = worker_for(bot)

    await bot.press(OPERATOR, "⏸ Pause")
    assert "paused" in bot.last_text(OPERATOR) and "▶ Resume" in bot.buttons(OPERATOR)
    await worker.run_until_idle()
    assert all(received(bot.fake, user) == [] for user in PATIENTS)

    await bot.press(OPERATOR, "▶ Resume")
    await bot.press(OPERATOR, "✖ Cancel broadcast")
    assert "Cancel broadcast #1? 6 recipients have not got it yet" in bot.last_text(OPERATOR)
    await bot.press(OPERATOR, "Keep it")
    assert (await load_broadcast(bot.services.sessions, 1)).status == "scheduled"  # asking changed nothing
    assert "Cancel broadcast #1?" not in bot.last_text(OPERATOR)  # the question is gone, the progress stays
    await bot.press(OPERATOR, "✖ Cancel broadcast")
    await bot.press(OPERATOR, "✖ Yes, cancel it")
    assert "cancelled" in bot.last_text(OPERATOR)
    await worker.run_until_idle()
    assert all(received(bot.fake, user) == [] for user in PATIENTS)
    assert (await load_broadcast(bot.services.sessions, 1)).status == "cancelled"


async def test_another_operator_can_pause_and_cancel_any_broadcast_and_it_is_audited(bot: BotHarness) -> None:
    await compose(bot)
    await confirm_now(bot)
    progress_id = bot.fake.last_message(OPERATOR).message_id
    await bot.send(OTHER_OPERATOR, "/help")

    listed = await bot.send(OTHER_OPERATOR, "/broadcasts")
    assert listed[0].button_labels == ["📣 #1"]
    await bot.press(OTHER_OPERATOR, "📣 #1")
    assert "Broadcast #1" in bot.last_text(OTHER_OPERATOR)
    await bot.press(OTHER_OPERATOR, "⏸ Pause")
    assert (await load_broadcast(bot.services.sessions, 1)).status == "paused"
    await bot.press(OTHER_OPERATOR, "✖ Cancel broadcast")
    await bot.press(OTHER_OPERATOR, "✖ Yes, cancel it")
    own_message = bot.fake.last_message(OTHER_OPERATOR).message_id
    await bot.press_data(OTHER_OPERATOR, own_message, "bc:cancelok:99999", check_button=False)

    assert (await load_broadcast(bot.services.sessions, 1)).status == "cancelled"
    assert bot.callback_answers()[-1] == "This button is no longer active."
    # The author's own progress message says so too, and offers no buttons any more.
    author_view = next(m for m in bot.fake.visible_messages(OPERATOR) if m.message_id == progress_id)
    assert "cancelled" in (author_view.text or "") and author_view.buttons == []
    trail = await trail_rows(bot.services.sessions, OTHER_OPERATOR)
    mine = [(action, detail) for user, action, detail in trail if user == OTHER_OPERATOR]
    assert ("broadcast.pause", f"#1 (author {OPERATOR})") in mine
    assert ("broadcast.cancel", f"#1 (author {OPERATOR})") in mine


async def test_a_later_time_is_read_in_the_operators_own_time_zone(bot: BotHarness) -> None:
    await bot.send(OPERATOR, "/help")
    async with transaction(bot.services.sessions) as session:
        await session.execute(update(User).where(User.id == OPERATOR).values(timezone="Europe/Madrid"))
    await compose(bot)
    await bot.press(OPERATOR, "Subscribed to updates")
    assert "Nobody is in this audience right now: users subscribed to updates" in bot.last_text(OPERATOR)
    assert "Everyone active" in bot.fake.last_message(OPERATOR).button_labels  # the other audiences, at once
    await bot.press(OPERATOR, "Everyone active")
    await bot.press(OPERATOR, "🕒 Schedule")
    assert "Your time zone is Madrid" in bot.last_text(OPERATOR)

    assert "already passed" in (await bot.send(OPERATOR, "2026-11-21 09:00"))[0].text  # type: ignore[operator]
    assert "couldn't read" in (await bot.send(OPERATOR, "next tuesday-ish"))[0].text  # type: ignore[operator]
    await bot.send(OPERATOR, "2026-11-22 09:00")
    assert "When: 22 Nov 2026, 09:00 CET" in bot.last_text(OPERATOR)
    await bot.press(OPERATOR, "✅ Send")
    # The progress message reads the time in the same zone as the confirmation did.
    assert "scheduled for 22 Nov 2026, 09:00 CET" in bot.last_text(OPERATOR)
    assert "waiting until" not in bot.last_text(OPERATOR)  # not yet due: nobody waits for quiet hours or a retry

    stored = await load_broadcast(bot.services.sessions, 1)
    assert stored.send_at == datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
    await worker_for(bot).run_until_idle()
    assert all(received(bot.fake, user) == [] for user in PATIENTS)  # not yet


async def test_urgent_notice_ignores_quiet_hours_when_toggled(bot: BotHarness) -> None:
    await compose(bot, "🚨 Sudden worst headache? Call 112 now.")
    await bot.press(OPERATOR, "Everyone active")
    await bot.press(OPERATOR, "Send now")
    await bot.press(OPERATOR, "🚨 Urgent: ignore quiet hours")
    assert "ignored: urgent safety notice" in bot.last_text(OPERATOR)
    await bot.press(OPERATOR, "✅ Send")

    assert (await load_broadcast(bot.services.sessions, 1)).ignore_quiet_hours


async def test_a_forwarded_message_is_copied_and_a_photo_keeps_its_caption(bot: BotHarness) -> None:
    fake = bot.fake
    user = fake.add_user(OPERATOR)
    chat = fake.chats[OPERATOR]
    origin = {"type": "hidden_user", "sender_user_name": "Migraine Trust", "date": fake.now()}
    forwarded = fake.store_message(
        chat, {"text": "Research news", "forward_origin": origin}, from_bot=False, sender=user
    )
    await bot.send(OPERATOR, "/broadcast")
    await bot.feed({"update_id": fake.new_update_id(), "message": copy.deepcopy(forwarded.raw)})
    await confirm_now(bot)
    await worker_for(bot).run_until_idle()

    copies = [c for c in fake.calls("copyMessage") if c.ok]
    assert {c.params["from_chat_id"] for c in copies} == {OPERATOR}
    assert all(received(fake, patient)[-1] == "Research news" for patient in PATIENTS)

    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + struct.pack(">II", 640, 480)
    sizes = photo_sizes(fake, fake.register_upload(UploadPart("poster.png", png, "image/png")))
    photo = fake.store_message(chat, {"photo": sizes, "caption": "Open day"}, from_bot=False, sender=user)
    await bot.send(OPERATOR, "/broadcast")
    await bot.feed({"update_id": fake.new_update_id(), "message": copy.deepcopy(photo.raw)})
    await confirm_now(bot)
    await worker_for(bot).run_until_idle()

    last = fake.sent_to(PATIENTS[0])[-1]
    assert (last.kind, last.caption) == ("photo", "Open day")


async def test_red_flag_words_in_a_safety_notice_are_not_screened_as_the_operators_symptoms(bot: BotHarness) -> None:
    await bot.send(OPERATOR, "/broadcast")
    replies = await bot.send(OPERATOR, "Worst headache of your life with a stiff neck and fever? Call 112.")

    assert "Who should receive it?" in (replies[-1].text or "")
    async with transaction(bot.services.sessions) as session:
        assert (await session.scalars(select(Broadcast))).all() == []


async def test_an_operator_who_keeps_a_diary_can_type_into_it_while_not_composing(bot: BotHarness) -> None:
    await bot.onboard(OPERATOR)
    await add_attack(bot, user_id=OPERATOR)
    await bot.send(OPERATOR, "/diary")
    await bot.press(OPERATOR, bot.fake.last_message(OPERATOR).button_labels[0])
    await bot.press(OPERATOR, "✏️ Change details")
    await bot.press(OPERATOR, "📝 Note")

    await bot.send(OPERATOR, "Staff test: started after the night shift")

    assert [a.notes for a in await attacks(bot, OPERATOR)] == ["Staff test: started after the night shift"]
    assert bot.last_text(OPERATOR).startswith("📝 Note saved.")
