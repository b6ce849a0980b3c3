"""Per-user budgets for expensive or abusable actions (/report, /export, /stats, refused operator commands).

The budget lives in the database, not in the process, because several instances answer the same user:
a row per (user, action) says when its budget is whole again. Taking it locks the row, so two instances
racing for the same user's budget count both uses.

The rows carry ``user_id`` (no foreign key: a stranger's refused operator command has no users row), so
/export shows them and /delete erases them like every other row about the user.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Column, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel, col

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
    read and moved (FOR UPDATE on PostgreSQL; SQLite's write transactions run one at a time).
    """
    table = ActionBudget.__table__  # type: ignore[attr-defined]
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    first_use = insert(table).values(user_id=user_id, action=action, available_at=now).on_conflict_do_nothing()
    await session.execute(first_use)
    query = select(col(ActionBudget.available_at)).where(
        col(ActionBudget.user_id) == user_id, col(ActionBudget.action) == action
    )
    available_at = await session.scalar(query.with_for_update())
    full_at = max(available_at or now, now)
    allowed_until = now + interval * (burst - 1)
    if full_at > allowed_until:
        return (full_at - allowed_until).total_seconds()
    await session.execute(
        update(table)
        .where(table.c.user_id == user_id, table.c.action == action)
        .values(available_at=full_at + interval)
    )
    return 0.0


async def refund_budget(*, session: AsyncSession, user_id: int, action: str, interval: timedelta) -> None:
    """Give back one use taken by `take_budget`, when the action it paid for failed (the user is told to try
    again, and must not then be told to wait)."""
    budget = await session.get(ActionBudget, (user_id, action), with_for_update=True)
    if budget is not None:
        budget.available_at -= interval
