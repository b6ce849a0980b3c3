"""Shared pieces of the diary tests: a bot on a hand-moved clock, and small row factories."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from scheduler.clock import ManualClock
from storage.db import transaction
from storage.diary_models import Attack, Checkin, MedicationIntake, Medicine
from storage.models import AuditEntry, SafetyEvent
from support.databases import Database
from support.harness import BotHarness, make_settings, running_bot

# Saturday 21 November 2026, 12:00 in London (UTC+0 in winter).
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
ALICE = 2001
BOB = 2002
LOG = "🤕 Log headache"
URGENT_START = "🚨 This could be serious"


@asynccontextmanager
async def diary_harness(database: Database, now: datetime = NOW) -> AsyncIterator[BotHarness]:
    """The real bot on a fresh database, with a clock that only moves when a test moves it."""
    settings = make_settings(database.url)
    async with running_bot(settings, search_path=database.search_path, clock=ManualClock(now)) as harness:
        yield harness


def clock(bot: BotHarness) -> ManualClock:
    """The harness's manual clock."""
    assert isinstance(bot.services.clock, ManualClock)
    return bot.services.clock


async def rows(bot: BotHarness, model: Any, user_id: int | None = None) -> list[Any]:
    """Every row of a table (of one user), in id order."""
    async with transaction(bot.services.sessions) as session:
        query = select(model)
        if user_id is not None:
            query = query.where(model.user_id == user_id)
        return list((await session.scalars(query.order_by(model.id))).all())


async def attacks(bot: BotHarness, user_id: int = ALICE) -> list[Attack]:
    """The user's attacks."""
    return await rows(bot, Attack, user_id)


async def intakes(bot: BotHarness, user_id: int = ALICE) -> list[MedicationIntake]:
    """The user's doses."""
    return await rows(bot, MedicationIntake, user_id)


async def checkins(bot: BotHarness, user_id: int = ALICE) -> list[Checkin]:
    """The user's check-ins."""
    return await rows(bot, Checkin, user_id)


async def medicines(bot: BotHarness, user_id: int = ALICE) -> list[Medicine]:
    """The user's medicine list."""
    return await rows(bot, Medicine, user_id)


async def safety_events(bot: BotHarness, user_id: int = ALICE) -> list[SafetyEvent]:
    """The user's safety events."""
    return await rows(bot, SafetyEvent, user_id)


async def audit(bot: BotHarness, user_id: int = ALICE) -> list[AuditEntry]:
    """The user's audit entries."""
    return await rows(bot, AuditEntry, user_id)


async def add_attack(bot: BotHarness, user_id: int = ALICE, **fields: Any) -> Attack:
    """Write an attack row directly (for tests about reading the diary)."""
    values: dict[str, Any] = {"started_at": NOW, "peak_intensity": 5, "created_at": NOW, "updated_at": NOW}
    values.update(fields)
    async with transaction(bot.services.sessions) as session:
        attack = Attack(user_id=user_id, **values)
        session.add(attack)
        await session.flush()
    return attack


async def log_first_attack(bot: BotHarness, user_id: int = ALICE) -> None:
    """Log and end a first attack (it passes the red-flag screen), so later ones take three taps.

    It is logged as if 5 hours ago (6 to 5 hours before now), so a later "1 h ago" or "Now" does not
    overlap it (which asks whether it is the same headache).
    """
    now = clock(bot).now()
    clock(bot).set(now - timedelta(hours=5))
    await bot.send(user_id, LOG)
    await bot.press(user_id, "1 h ago")
    await bot.press(user_id, "Moderate")
    await bot.press(user_id, "None of these")
    await bot.press(user_id, "It ended")
    await bot.press(user_id, "Just now")
    clock(bot).set(now)
