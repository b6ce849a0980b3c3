"""A double tap on a confirm button, handled by two instances at once, creates its rows once.

Each confirm step that creates rows consumes its dialog (storage.dialogs.consume_dialog) in the
transaction that creates them; the instance that finds the dialog already gone creates nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from sqlalchemy import func, select

from bot.fake_telegram import FakeRequest, FakeTelegram
from bot.texts import en
from scheduler.clock import ManualClock
from storage.audit_models import OperatorAuditEntry
from storage.broadcast_models import Broadcast
from storage.db import transaction
from storage.schedule_models import Schedule
from support.broadcast_helpers import NOW, add_users
from support.databases import Database
from support.harness import BotHarness, make_settings, running_bot
from support.races import HeldRequest, row_lock

OPERATOR = 999
ALICE = 4701


Instances = tuple[BotHarness, BotHarness, HeldRequest]


@asynccontextmanager
async def two_instances(database: Database, held_method: str) -> AsyncIterator[Instances]:
    """Instances A and B on one database and one fake Bot API; B's first `held_method` call waits."""
    fake = FakeTelegram(limits=None)  # the operator taps within milliseconds: see support.harness.running_bot
    settings = make_settings(database.url)
    async with AsyncExitStack() as stack:
        a = await stack.enter_async_context(
            running_bot(settings, search_path=database.search_path, clock=ManualClock(NOW), request=FakeRequest(fake))
        )
        held = HeldRequest(fake, held_method)
        b = await stack.enter_async_context(
            running_bot(settings, search_path=database.search_path, clock=ManualClock(NOW), request=held)
        )
        yield a, b, held


async def count(bot: BotHarness, query: object) -> int:
    async with transaction(bot.services.sessions) as session:
        return int(await session.scalar(query))  # type: ignore[call-overload]


async def test_send_pressed_twice_on_two_instances_creates_one_broadcast(database: Database) -> None:
    async with two_instances(database, "answerCallbackQuery") as (a, b, held):
        await add_users(a.services.sessions, [2001, 2002])
        await a.send(OPERATOR, "/broadcast")
        await a.send(OPERATOR, "Clinic closed on Monday")
        await a.press(OPERATOR, "Everyone active")
        await a.press(OPERATOR, "Send now")
        confirm = next(m for m in reversed(a.fake.visible_messages(OPERATOR)) if "✅ Send" in m.button_labels)
        data = confirm.button_data("✅ Send")

        # B reads the open dialog, then waits in its answerCallbackQuery while A confirms to the end.
        second = asyncio.create_task(b.press_data(OPERATOR, confirm.message_id, data))
        await held.reached.wait()
        await a.press_data(OPERATOR, confirm.message_id, data)
        held.release.set()
        await second

        assert await count(a, select(func.count()).select_from(Broadcast)) == 1
        created = select(func.count()).where(OperatorAuditEntry.action == "broadcast.create")  # type: ignore[arg-type]
        assert await count(a, created) == 1
        texts = [m.text or "" for m in a.fake.visible_messages(OPERATOR)]
        assert en.BC_ALREADY_CONFIRMED in texts
        assert sum("Broadcast #1" in text for text in texts) == 1



async def test_save_pressed_twice_on_two_instances_adds_one_medication_reminder(database: Database) -> None:
    async with two_instances(database, "none") as (a, b, _held):
        await a.onboard(ALICE)
        await a.send(ALICE, "/reminders")
        await a.press(ALICE, "💊 Add a medication reminder")
        await a.send(ALICE, "Sumatriptan")
        await a.send(ALICE, "8:00")
        days = next(m for m in reversed(a.fake.visible_messages(ALICE)) if "💾 Save" in m.button_labels)
        data = days.button_data("💾 Save")
        presses = (a.press_data(ALICE, days.message_id, data), b.press_data(ALICE, days.message_id, data))
        if database.search_path is None:  # SQLite runs the two write transactions one after the other
            await asyncio.gather(*presses)
        else:
            # Both instances read the open dialog, then meet the row lock the test holds on it.
            async with row_lock(database, "SELECT * FROM dialogs WHERE user_id = :id FOR UPDATE", id=ALICE) as lock:
                tasks = [asyncio.create_task(press) for press in presses]
                await lock.wait_for_waiters(2)
            await asyncio.gather(*tasks)

        mine = select(func.count()).where(Schedule.user_id == ALICE, Schedule.kind == "medication")  # type: ignore[arg-type]
        assert await count(a, mine) == 1
        assert en.STALE_BUTTON in a.callback_answers()
