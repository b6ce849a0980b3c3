"""Opening a transaction for the user behind an update."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from telegram import Update

from bot.context import BotContext
from bot.texts import language_from_telegram, texts_for
from bot.texts.catalog import Texts
from storage.db import transaction, write_repeatable
from storage.dialogs import DialogRow, get_dialog
from storage.models import User
from storage.snapshots import UserState, UserView, load_user_state, read_user_and_dialog_row
from storage.snapshots import read_user_state as read_stored_state
from storage.users import SEEN_RESOLUTION, touch_user

T = TypeVar("T")


@asynccontextmanager
async def user_transaction(update: Update, context: BotContext) -> AsyncIterator[tuple[AsyncSession, User]]:
    """Yield a session and the (created if new) user who sent the update; commit at the end.

    With the snapshot cache, a transaction that wrote the user or their dialog leaves the committed
    state in the cache (write-through), so the user's next read-only update still skips the database.
    """
    tg_user = update.effective_user
    if tg_user is None:
        raise LookupError("update has no user")
    cache = context.services.snapshots
    written: tuple[UserState | None, tuple[int, int]] | None = None
    async with transaction(context.services.sessions) as session:
        before = cache.version(tg_user.id) if cache is not None else None
        # A new user starts in their Telegram app's language (es-* Spanish, ru-* Russian, else English).
        language = language_from_telegram(tg_user.language_code)
        user, _created = await touch_user(session=session, user_id=tg_user.id, language=language)
        yield session, user
        if cache is not None:
            await session.flush()
            # Taken after our last write: SQLite's BEGIN IMMEDIATE keeps other writers out until we commit,
            # and any write after the commit changes the version again, so put() then refuses this state.
            after = cache.version(tg_user.id)
            if after != before:
                written = await load_user_state(session=session, user_id=tg_user.id), after
    if cache is not None and written is not None and written[0] is not None:
        cache.put(tg_user.id, written[0], written[1])


async def seen_user_write(
    update: Update, context: BotContext, work: Callable[[AsyncConnection, UserView], Awaitable[T]]
) -> T:
    """Run reads and one repeatable write of prebuilt statements for the sender, on a Core connection.

    read_user_state has marked them seen (or created them) when that was due, as user_transaction would,
    so no user row is read again, and no ORM session or rows are involved: a lesson step, the most frequent
    write, is one statement, and a check-in's "no headache" two or three. The rows written must not depend
    on the user's row beyond its existence. On PostgreSQL each statement commits on its own (no BEGIN and
    COMMIT round trips), so the write must be the work's last statement and safe to run twice
    (storage.db.write_repeatable); on SQLite the work is one transaction.
    """
    user = (await read_user_state(update, context)).user
    services = context.services
    return await write_repeatable(services.reads or services.engine, lambda connection: work(connection, user))


async def seen_user_flow_write(
    update: Update,
    context: BotContext,
    work: Callable[[AsyncConnection, UserState], Awaitable[tuple[T, str | None]]],
) -> T:
    """seen_user_write for work that may open or close the sender's dialog: it returns its result and the flow after.

    As user_transaction does, the SQLite snapshot cache is left holding the user with that flow (written
    through, with no read of the rows: the user's row is not written here), so their next update reads
    nothing. The state this update read is dropped, since PostgreSQL's autocommit statements count no commit.
    """
    state = await read_user_state(update, context)
    services = context.services
    cache = services.snapshots
    version: list[tuple[int, int]] = []

    async def run(connection: AsyncConnection) -> tuple[T, str | None]:
        done = await work(connection, state)
        if cache is not None:  # inside SQLite's transaction, after the last write: put() refuses a later one
            version.append(cache.version(state.user.id))
        return done

    result, flow = await write_repeatable(services.reads or services.engine, run)
    context.user_state = None
    if cache is not None and version:
        cache.put(state.user.id, UserState(state.user, flow), version[-1])
    return result


async def read_user_state(update: Update, context: BotContext) -> UserState:
    """Return a read-only snapshot of the sender and their open dialog's flow, reading as little as possible.

    Handlers that only read (help, settings view, routing free text) use this; anything that writes
    opens user_transaction and calls storage functions. In order: the state already read for this
    update, the SQLite snapshot cache, one autocommit statement on PostgreSQL, and finally a
    transaction that creates the user or marks them seen.
    """
    tg_user = update.effective_user
    if tg_user is None:
        raise LookupError("update has no user")
    services = context.services
    memo = context.user_state
    # Reused only if nothing committed since, by any handler of this update (whatever way it wrote) or another.
    if memo is not None and memo[0] == services.commits and memo[1].user.id == tg_user.id:
        return memo[1]
    commits = services.commits
    cache = services.snapshots
    state = cache.get(tg_user.id) if cache is not None else None
    if state is None and services.reads is not None:
        state = await read_stored_state(reads=services.reads, user_id=tg_user.id)
    if state is None or not _current(state, services.clock.now()):
        version = cache.version(tg_user.id) if cache is not None else None
        async with user_transaction(update, context) as (session, user):
            state = UserState.of(user, await get_dialog(session=session, user_id=user.id))
        if cache is not None and version is not None:
            cache.put(tg_user.id, state, version)
    context.user_state = (commits, state) if commits == services.commits else None
    return state


def keep_user_state(context: BotContext, commits_before: int) -> None:
    """Let the state read for this update stand across the caller's own commit, which wrote no user or dialog.

    read_user_state reuses a state only while nothing has committed since it was read (``services.commits``).
    A caller whose transaction wrote neither the users nor the dialogs row (a per-user budget) passes the count
    from before it: when the count moved by exactly one, the only commit since was its own, and the state read
    is still what the database holds; otherwise the next read_user_state reads again, as before.
    """
    memo = context.user_state
    commits = context.services.commits
    if memo is not None and memo[0] == commits_before and commits == commits_before + 1:
        context.user_state = (commits, memo[1])


async def read_user_and_dialog(update: Update, context: BotContext) -> tuple[UserState, DialogRow | None, bool]:
    """read_user_state, and on PostgreSQL the sender's open dialog in the same statement.

    Returns the state, the dialog and whether it was read: if not (SQLite, whose user comes from the snapshot
    cache; a user read already for this update; one that had to be marked seen), the caller reads the dialog
    in its transaction. Read without a transaction, the dialog is what a READ COMMITTED transaction's first
    statement would have read.
    """
    tg_user = update.effective_user
    if tg_user is None:
        raise LookupError("update has no user")
    services = context.services
    memo = context.user_state
    unread = memo is None or memo[0] != services.commits or memo[1].user.id != tg_user.id
    if services.reads is not None and unread:
        read = await read_user_and_dialog_row(reads=services.reads, user_id=tg_user.id)
        if read is not None and _current(read[0], services.clock.now()):
            context.user_state = (services.commits, read[0])
            return read[0], read[1], True
    return await read_user_state(update, context), None, False


def _current(state: UserState, now: datetime) -> bool:
    """Whether a read can stand as is: an active user seen recently (otherwise touch_user must write)."""
    return state.user.is_active and now - state.user.last_seen_at < SEEN_RESOLUTION


async def texts_of(update: Update, context: BotContext) -> Texts:
    """The texts in the sender's language (their Telegram app's language when the update has no user)."""
    if update.effective_user is None:
        return texts_for(None)
    return texts_for((await read_user_state(update, context)).user.language)
