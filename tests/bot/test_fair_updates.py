"""One user cannot stall everyone: a slot per user at most, a cap on one user's queue, budgets on expensive commands.

The ordering is tested on the processor itself with handlers that wait for the test (no timing); the
budgets through the real Application, on two instances sharing one database, with a manual clock.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import timedelta

from sqlalchemy import func, select
from telegram import Update

from bot.fair_updates import FairUpdateProcessor
from bot.fake_telegram import FakeTelegram
from bot.texts import en
from scheduler.clock import ManualClock
from storage.audit_models import OperatorAuditEntry
from storage.db import transaction
from support.broadcast_helpers import NOW
from support.databases import Database
from support.harness import BotHarness, make_settings, running_bot

ALICE = 4801
BOB = 4802


async def settle() -> None:
    """Let every runnable task run until it waits (no wall-clock time involved)."""
    for _ in range(50):
        await asyncio.sleep(0)


async def test_one_users_waiting_updates_hold_no_slot_so_others_are_answered(bot: BotHarness) -> None:
    processor = FairUpdateProcessor(bot.services, 2)
    release = asyncio.Event()
    done: list[str] = []

    def handler(name: str, *, slow: bool) -> Callable[[], Awaitable[None]]:
        async def handle() -> None:
            if slow:
                await release.wait()
            done.append(name)

        return handle

    def update(user_id: int) -> Update:
        return Update.de_json(bot.fake.user_sends(user_id, "/report"), bot.app.bot)

    flood = [
        asyncio.create_task(processor.process_update(update(ALICE), handler(f"alice {n}", slow=True)()))
        for n in range(5)
    ]
    await settle()
    helped = asyncio.create_task(processor.process_update(update(BOB), handler("bob", slow=False)()))
    await settle()

    # Alice's first update is in a slot; her other four wait for her, not for a slot: Bob gets the second.
    assert done == ["bob"] and helped.done()
    release.set()
    await asyncio.gather(*flood)
    assert done == ["bob", *(f"alice {n}" for n in range(5))]


async def test_updates_past_one_users_cap_are_dropped_with_one_notice(bot: BotHarness) -> None:
    processor = FairUpdateProcessor(bot.services, 2, per_user_queue=3)
    release = asyncio.Event()
    ran: list[int] = []

    async def handle(number: int) -> None:
        await release.wait()
        ran.append(number)

    def update() -> Update:
        return Update.de_json(bot.fake.user_sends(ALICE, "/report"), bot.app.bot)

    tasks = [asyncio.create_task(processor.process_update(update(), handle(n))) for n in range(8)]
    await settle()
    release.set()
    await asyncio.gather(*tasks)

    assert ran == [0, 1, 2]  # the first three, in order; five dropped
    assert [m.text for m in bot.fake.sent_to(ALICE)] == [en.TOO_MANY_UPDATES]
    assert processor.waiting_users == 0


@asynccontextmanager
async def two_instances(database: Database) -> AsyncIterator[tuple[BotHarness, BotHarness, ManualClock]]:
    """Instances A and B on one database and one fake Bot API, with one manual clock."""
    fake, clock = FakeTelegram(), ManualClock(NOW)
    settings = make_settings(database.url)
    async with AsyncExitStack() as stack:
        a = await stack.enter_async_context(
            running_bot(settings, search_path=database.search_path, clock=clock, fake=fake)
        )
        b = await stack.enter_async_context(
            running_bot(settings, search_path=database.search_path, clock=clock, fake=fake)
        )
        yield a, b, clock


async def test_report_and_export_budgets_hold_across_instances(database: Database) -> None:
    async with two_instances(database) as (a, b, clock):
        await a.onboard(ALICE)
        [pdf] = await a.send(ALICE, "/report")
        assert pdf.document_name is not None and pdf.document_name.endswith(".pdf")

        [refused] = await b.send(ALICE, "/report")
        assert refused.text == en.PLEASE_WAIT.format(seconds=30) and refused.document_name is None

        clock.advance(timedelta(seconds=31))
        [again] = await b.send(ALICE, "/report")
        assert again.document_name is not None

        [export] = await a.send(ALICE, "/export")
        assert export.document_name is not None
        [wait] = await b.send(ALICE, "/export")
        assert wait.text == en.PLEASE_WAIT.format(seconds=60)


async def test_refused_operator_commands_are_limited_and_stop_writing_audit_rows(database: Database) -> None:
    async with two_instances(database) as (a, b, _clock):
        answers = []
        for index in range(5):
            instance = a if index % 2 == 0 else b
            answers += [m.text for m in await instance.send(BOB, "/broadcast")]
        async with transaction(a.services.sessions) as session:
            audited = await session.scalar(
                select(func.count()).where(OperatorAuditEntry.action == "operator.refused")  # type: ignore[arg-type]
            )

    assert answers[:3] == [en.OPERATORS_ONLY] * 3
    assert answers[3:] == [en.PLEASE_WAIT.format(seconds=20)] * 2
    assert audited == 3
