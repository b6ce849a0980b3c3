"""The send budget table: one row per bot, the shared pace of everything it sends to Telegram.

Not personal data: no ``user_id``. Telegram's flood limits are per bot, so every instance on the same
PostgreSQL database reserves its sends here (storage/send_budget.py explains the algorithm). SQLite runs
one process, which paces itself in memory and never touches this table.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class SendBudget(SQLModel, table=True):
    """The next free send slot overall and for background traffic, in seconds of the database's clock."""

    __tablename__ = "send_budgets"

    name: str = Field(primary_key=True, max_length=32)
    # Theoretical arrival times (GCRA): the earliest moment the next message of each lane may leave.
    overall_at: float = 0.0
    background_at: float = 0.0
