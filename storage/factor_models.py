"""Daily factors (sleep, stress, period, caffeine, alcohol, exercise) and which ones a user tracks.

One row per user, local date and factor, so a second tap on the same day replaces the first. The
values are small integers whose meaning lives in storage/factors.py; both tables have ``user_id``, so
/export and /delete cover them (storage/personal_data.py).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Date, ForeignKey, SmallInteger, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import BigId, UTCDateTime, utcnow


def _user_fk(**kwargs: Any) -> Column[Any]:
    return Column(BigId, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, **kwargs)


class DailyFactor(SQLModel, table=True):
    """One factor's answer for one local date (health data, like the diary)."""

    __tablename__ = "daily_factors"
    __table_args__ = (UniqueConstraint("user_id", "local_date", "factor", name="uq_daily_factors_user_date_factor"),)

    id: int | None = Field(default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True))
    user_id: int = Field(sa_column=_user_fk())
    local_date: date = Field(sa_column=Column(Date, nullable=False))
    factor: str = Field(max_length=16)
    value: int = Field(sa_column=Column(SmallInteger, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class FactorChoice(SQLModel, table=True):
    """The factors one user chose to track on the check-in (none until they choose)."""

    __tablename__ = "factor_choices"

    user_id: int = Field(sa_column=_user_fk(primary_key=True))
    factors: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
