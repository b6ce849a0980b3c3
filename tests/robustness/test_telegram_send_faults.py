"""Telegram failing on every send path (reply, reminder, broadcast, file upload): 429, 500, 502, time-outs
and connection resets. Nothing is lost, and nothing goes to the wrong chat."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from robust_scenes import MONDAY_NOON, add_medication_reminder, log_attack_with_medicine
from sqlalchemy import select

from bot.outbound.broadcast_worker import build_broadcast_worker
from bot.outbound.broadcasts import TelegramOperatorNotifier
from bot.texts import en
from scheduler.broadcast_pacing import Unpaced
from scheduler.clock import ManualClock
from storage.db import transaction
from storage.schedule_models import Delivery
from support.broadcast_helpers import ClockSleep, add_users, delivery_statuses, load_broadcast, new_broadcast
from support.databases import Database
from support.harness import BotHarness, make_settings, running_bot
from support.scheduling import bot_tick, clock_of, utc

ALICE = 7101
BOB = 7102
PATIENTS = list(range(7201, 7206))
EIGHT_PM = utc(2025, 6, 2, 19)  # 20:00 in London
SENDS = {"sendmessage", "senddocument", "sendphoto", "editmessagetext"}

FAULTS: dict[str, dict[str, Any]] = {
    "429": {"retry_after": 1},
    "500": {"status": 500},
    "502": {"status": 502},
    "timeout": {"timed_out": True},
    "reset": {"network_error": True},
}
fault_kinds = pytest.mark.parametrize("fault", list(FAULTS))


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    """The real bot on a manual clock, with Alice and Bob onboarded."""
    settings = make_settings(database.url)
    async with running_bot(settings, search_path=database.search_path, clock=ManualClock(MONDAY_NOON)) as harness:
        await harness.onboard(ALICE)
        await harness.onboard(BOB)
        yield harness


def sends_since(bot: BotHarness, start: int) -> list[tuple[str, str]]:
    """(method, chat id) of every message-sending call since `start`."""
    return [(c.method, str(c.params.get("chat_id"))) for c in bot.fake.calls()[start:] if c.method.lower() in SENDS]


@fault_kinds
async def test_a_failed_reply_is_retried_or_apologised_for_in_the_right_chat(bot: BotHarness, fault: str) -> None:
    start = len(bot.fake.calls())
    bot.fake.fail_next("sendMessage", chat_id=ALICE, **FAULTS[fault])

    await bot.send(ALICE, "/help")

    delivered = [m.text or "" for m in bot.fake.sent_to(ALICE)[-1:]]
    assert delivered[0].startswith("What I can do") or delivered == [en.TRY_AGAIN]
    assert {chat for _, chat in sends_since(bot, start)} == {str(ALICE)}
    assert len(await bot.send(ALICE, "/help")) == 1  # and the next one simply works


@fault_kinds
async def test_a_failed_reminder_is_delivered_on_a_later_tick_to_its_own_user(bot: BotHarness, fault: str) -> None:
    await add_medication_reminder(bot, ALICE, name="Sumatriptan")
    await add_medication_reminder(bot, BOB, name="Rizatriptan")
    start = len(bot.fake.calls())
    bot.fake.fail_next("sendMessage", chat_id=ALICE, **FAULTS[fault])

    await bot_tick(bot, EIGHT_PM)
    for _ in range(30):  # one minute at a time, well past any back-off
        await bot_tick(bot, clock_of(bot).now() + timedelta(minutes=1))

    alice = [m.source_text or "" for m in bot.fake.sent_to(ALICE) if "Time for" in (m.source_text or "")]
    bob = [m.source_text or "" for m in bot.fake.sent_to(BOB) if "Time for" in (m.source_text or "")]
    assert alice == ["💊 Time for <b>Sumatriptan</b> (20:00)."]
    assert bob == ["💊 Time for <b>Rizatriptan</b> (20:00)."]
    async with transaction(bot.services.sessions) as session:
        rows = (await session.scalars(select(Delivery).order_by(Delivery.id))).all()  # type: ignore[arg-type]
    # The failed attempt stays in the history as a retry; the occurrence itself went out once.
    assert [d.status for d in rows if d.user_id == BOB] == ["sent"]
    assert sorted(d.status for d in rows if d.user_id == ALICE) == ["retry", "sent"]
    for method, chat in sends_since(bot, start):
        assert chat in (str(ALICE), str(BOB)), method


@fault_kinds
async def test_a_failed_broadcast_copy_is_retried_and_reaches_everyone_exactly_once(
    bot: BotHarness, fault: str
) -> None:
    await add_users(bot.services.sessions, PATIENTS)
    await new_broadcast(bot.services.sessions, text="Clinic closed", now=MONDAY_NOON)
    bot.fake.fail_next("sendMessage", chat_id=PATIENTS[2], **FAULTS[fault])
    sender = bot.services.extras["sender"]
    clock = clock_of(bot)
    worker = build_broadcast_worker(
        bot.services,
        sender=sender,
        notifier=TelegramOperatorNotifier(sender.broadcasts.bot),
        pacer=Unpaced(),
        sleep=ClockSleep(clock),
    )

    await worker.run_until_idle()
    for _ in range(8):
        clock.advance(timedelta(minutes=5))
        await worker.run_until_idle()

    statuses = await delivery_statuses(bot.services.sessions, 1)
    assert set(statuses) == {*PATIENTS, ALICE, BOB} and set(statuses.values()) == {"sent"}
    copies = {user: [m.text for m in bot.fake.sent_to(user)].count("Clinic closed") for user in statuses}
    assert copies == dict.fromkeys(statuses, 1)
    assert (await load_broadcast(bot.services.sessions, 1)).status == "done"
    broadcast_chats = {
        str(c.params.get("chat_id")) for c in bot.fake.calls("sendMessage") if c.params.get("text") == "Clinic closed"
    }
    assert broadcast_chats == {str(user) for user in statuses}


@fault_kinds
@pytest.mark.parametrize("command", ["/export", "/report"])
async def test_a_failed_file_upload_is_apologised_for_and_works_next_time(
    bot: BotHarness, fault: str, command: str
) -> None:
    await log_attack_with_medicine(bot, ALICE)
    await log_attack_with_medicine(bot, BOB, "Aspirin")
    start = len(bot.fake.calls())
    bot.fake.fail_next("sendDocument", chat_id=ALICE, **FAULTS[fault])

    await bot.send(ALICE, command)

    got = bot.fake.sent_to(ALICE)[-1]
    assert got.kind == "document" or got.text == en.TRY_AGAIN, (got.kind, got.text)
    if got.kind != "document":
        await bot.send(ALICE, command)
        assert bot.fake.sent_to(ALICE)[-1].kind == "document", bot.fake.sent_to(ALICE)[-1].text
    assert {chat for _, chat in sends_since(bot, start)} == {str(ALICE)}
