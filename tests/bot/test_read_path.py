"""Read-only updates read the sender once: SQLite from the snapshot cache, PostgreSQL in one statement."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy import event, update
from telegram import Update

from bot.access import keep_user_state, read_user_state
from bot.context import BotContext
from storage.db import transaction
from storage.models import User
from storage.types import utcnow
from storage.users import set_timezone
from support.databases import Database
from support.harness import BotHarness

ALICE = 1001


@contextmanager
def statements(bot: BotHarness) -> Iterator[list[str]]:
    """Collect the SQL the bot's engines run inside the block."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()))

    engines = [e.sync_engine for e in (bot.services.engine, bot.services.reads) if e is not None]
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)


async def test_read_only_updates_read_the_sender_at_most_once(database: Database, bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    # Free text reads the sender's state in three handlers (dialog routing, search, its texts).
    for text in ("/help", "/settings", "what helps a migraine"):
        with statements(bot) as seen:
            replies = await bot.send(ALICE, text)
        assert replies and replies[-1].text
        if database.url.startswith("sqlite"):
            assert seen == [], f"{text}: the snapshot cache should answer, but ran {seen}"
        else:
            [only] = seen
            assert only.startswith("SELECT users.") and "LEFT OUTER JOIN dialogs" in only, only
            assert "BEGIN" not in " ".join(seen)


async def test_a_read_sees_a_dialog_opened_by_the_previous_update(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, "/settings")
    await bot.press(ALICE, "🌍 Change time zone")

    replies = await bot.send(ALICE, "tokyo")  # routed to the open time zone dialog, not to search

    assert "Time zone set to Tokyo" in (replies[0].text or "")


async def test_a_user_not_seen_for_a_while_is_marked_seen_by_a_read(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    long_ago = utcnow() - timedelta(days=3)
    async with transaction(bot.services.sessions) as session:
        await session.execute(update(User).where(User.id == ALICE).values(last_seen_at=long_ago))  # type: ignore[arg-type]

    await bot.send(ALICE, "/help")

    async with transaction(bot.services.sessions) as session:
        user = await session.get(User, ALICE)
        assert user is not None and utcnow() - user.last_seen_at < timedelta(minutes=5)


async def test_within_one_update_a_commit_by_any_path_discards_the_state_read_before_it(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    update = Update.de_json(bot.fake.user_sends(ALICE, "hello"), bot.app.bot)
    context = BotContext.from_update(update, bot.app)

    first = await read_user_state(update, context)
    assert await read_user_state(update, context) is first  # nothing committed: read once per update
    async with transaction(bot.services.sessions) as session:  # a handler writing without user_transaction
        await set_timezone(session=session, user_id=ALICE, timezone="Asia/Tokyo")

    again = await read_user_state(update, context)
    assert (first.user.timezone, again.user.timezone) == ("Europe/London", "Asia/Tokyo")


async def test_stats_reads_the_sender_once_though_its_budget_commits(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    with statements(bot) as seen:
        replies = await bot.send(ALICE, "/stats")

    assert replies and replies[0].text
    assert any("action_budgets" in statement for statement in seen)  # its per-user budget committed
    assert sum(statement.startswith("SELECT users.") for statement in seen) <= 1, seen


async def test_a_commit_that_wrote_no_user_keeps_the_state_only_when_it_was_the_only_one(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    update = Update.de_json(bot.fake.user_sends(ALICE, "hello"), bot.app.bot)
    context = BotContext.from_update(update, bot.app)
    first = await read_user_state(update, context)

    before = bot.services.commits
    async with transaction(bot.services.sessions) as session:  # writes no users or dialogs row
        await session.execute(update_stmt_noop())
    keep_user_state(context, before)
    assert await read_user_state(update, context) is first

    before = bot.services.commits
    async with transaction(bot.services.sessions) as session:  # someone else's commit meanwhile
        await set_timezone(session=session, user_id=ALICE, timezone="Asia/Tokyo")
    async with transaction(bot.services.sessions) as session:
        await session.execute(update_stmt_noop())
    keep_user_state(context, before)
    assert (await read_user_state(update, context)).user.timezone == "Asia/Tokyo"


def update_stmt_noop() -> Any:
    """A statement that changes no row of anyone's."""
    return update(User).where(User.id == -1).values(language="en")  # type: ignore[arg-type]
