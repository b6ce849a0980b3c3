"""Per-user budgets for expensive or abusable actions (/report, /export, /stats, refused operator commands).

The budget lives in the database, not in the process, because several instances answer the same user:
a row per (user, action) says when its budget is whole again. Taking it locks the row, so two instances
racing for the same user's budget count both uses.

The rows carry ``user_id`` (no foreign key: a stranger's refused operator command has no users row), so
/export shows them and /delete erases them like every other row about the user.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Column, Interval, Table, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from sqlalchemy.orm import Session
from sqlmodel import Field, SQLModel

from storage.db import write_repeatable
from storage.types import BigId, UTCDateTime


class ActionBudget(SQLModel, table=True):
    """When a user may next run one rate-limited action."""

    __tablename__ = "action_budgets"

    user_id: int = Field(sa_column=Column(BigId, primary_key=True, autoincrement=False))
    action: str = Field(primary_key=True, max_length=32)
    available_at: datetime = Field(sa_type=UTCDateTime)


async def take_budget(
    *, session: AsyncSession, user_id: int, action: str, now: datetime, interval: timedelta, burst: int = 1
) -> float:
    """Spend one use of the user's budget for `action`: return 0.0 when allowed, else the seconds left to wait.

    `burst` uses in a row are allowed, then one per `interval` (a generic cell rate algorithm: the row
    keeps the time at which the budget is whole again, ``available_at``). The row is locked while it is
    read and moved (FOR UPDATE on PostgreSQL; SQLite's write transactions run one at a time). Prebuilt
    statements on the session's connection, in one switch into SQLAlchemy's sync core; the row is
    created only at the user's first use (two statements a use after that, not three).
    """
    return await session.run_sync(_take, {"who": user_id, "what": action}, now, interval, burst)


_BUDGETS: Table = ActionBudget.__table__  # type: ignore[attr-defined]
# Not named after the columns: an UPDATE would take a parameter named "user_id" for its SET clause.
_KEY = (_BUDGETS.c.user_id == bindparam("who"), _BUDGETS.c.action == bindparam("what"))
_LOCKED = select(_BUDGETS.c.available_at).where(*_KEY).with_for_update()
_MOVE = update(_BUDGETS).where(*_KEY).values(available_at=bindparam("until"))
_FIRST_USE = {
    name: insert(_BUDGETS)
    .values(user_id=bindparam("who"), action=bindparam("what"), available_at=bindparam("now"))
    .on_conflict_do_nothing()
    for name, insert in (("postgresql", pg_insert), ("sqlite", sqlite_insert))
}


# PostgreSQL: _take's allowed case as one UPDATE. Its WHERE is evaluated again on the row as another instance left
# it (READ COMMITTED re-checks a row it waited for), so two racing uses both count, as with FOR UPDATE.
_NOW = bindparam("now", type_=UTCDateTime)
_FULL_AT = func.greatest(_BUDGETS.c.available_at, _NOW)
_SPEND = (
    update(_BUDGETS)
    .where(*_KEY, bindparam("allowed_until", type_=UTCDateTime) >= _FULL_AT)
    .values(available_at=_FULL_AT + bindparam("interval", type_=Interval))
    .returning(_BUDGETS.c.available_at)
)


async def spend_budget_at_once(
    *, reads: AsyncEngine, user_id: int, action: str, now: datetime, interval: timedelta, burst: int = 1
) -> bool:
    """PostgreSQL: spend one use of the budget in one autocommit statement; False when that cannot decide.

    True is take_budget's 0.0, with the row moved as _take moves it. False (no row yet, or over the budget)
    decides nothing: take_budget then runs as before (a first use, or how long to wait). Asyncpg runs it on the
    read engine (storage.direct), with no ORM session, BEGIN, SELECT ... FOR UPDATE or COMMIT: one round trip
    instead of four. Run again only after its connection failed, so a use may then count twice, never none.
    """
    params = {"who": user_id, "what": action, "now": now, "allowed_until": now + interval * (burst - 1)}

    async def spend(connection: AsyncConnection) -> bool:
        return (await connection.execute(_SPEND, {**params, "interval": interval})).first() is not None

    return await write_repeatable(reads, spend)


def _take(session: Session, key: dict[str, Any], now: datetime, interval: timedelta, burst: int) -> float:
    """take_budget on the session's connection; at the first use the row is made first, whole (``now``)."""
    connection = session.connection()
    available_at: datetime | None = connection.execute(_LOCKED, key).scalar()
    if available_at is None:  # another instance may insert it first: then its row is the one read
        connection.execute(_FIRST_USE[connection.dialect.name], {**key, "now": now})
        # None only if the row went again meanwhile (the user erased): a first use, whole.
        available_at = connection.execute(_LOCKED, key).scalar() or now
    full_at = max(available_at, now)
    allowed_until = now + interval * (burst - 1)
    if full_at > allowed_until:
        return (full_at - allowed_until).total_seconds()
    connection.execute(_MOVE, {**key, "until": full_at + interval})
    return 0.0


async def refund_budget(*, session: AsyncSession, user_id: int, action: str, interval: timedelta) -> None:
    """Give back one use taken by `take_budget`, when the action it paid for failed (the user is told to try
    again, and must not then be told to wait)."""
    budget = await session.get(ActionBudget, (user_id, action), with_for_update=True)
    if budget is not None:
        budget.available_at -= interval
