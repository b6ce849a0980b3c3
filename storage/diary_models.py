"""The headache diary tables: attacks, medication intakes, the personal medicine and trigger lists,
daily check-ins and MIDAS results.

Every table has ``user_id``, so /export and /delete cover it (storage/personal_data.py). Times are
aware UTC; a check-in's ``local_date`` is the user's own calendar date.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Date, ForeignKey, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import BigId, UTCDateTime, utcnow


def _user_fk() -> Column[Any]:
    return Column(BigId, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)


class Attack(SQLModel, table=True):
    """One headache attack; ``ended_at`` is None while it goes on. Written only once it is complete."""

    __tablename__ = "attacks"
    __table_args__ = (Index("ix_attacks_user_started", "user_id", "started_at"),)

    id: int | None = Field(default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True))
    user_id: int = Field(sa_column=_user_fk())
    started_at: datetime = Field(sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    peak_intensity: int  # 0-10
    prodrome: bool = False
    aura: bool = False
    # ICHD-3 aura kinds, any of: visual, sensory, speech, motor, brainstem, retinal.
    aura_kinds: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    aura_minutes: int | None = None
    postdrome: bool = False
    symptoms: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    features: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    triggers: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # None until the user answers: unknown is not "carried on as normal".
    impact: str | None = Field(default=None, max_length=16)
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # What "Other" stands for, when the user described it (health data like the rest of the row).
    other_symptom: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    other_trigger: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Medicine(SQLModel, table=True):
    """A medicine on the user's personal list, so logging a dose is one tap."""

    __tablename__ = "medicines"
    __table_args__ = (UniqueConstraint("user_id", "name", name="uq_medicines_user_name"),)

    id: int | None = Field(default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True))
    user_id: int = Field(sa_column=_user_fk())
    name: str = Field(max_length=64)
    med_class: str = Field(max_length=24)
    atc_code: str | None = Field(default=None, max_length=8)  # from the medicine dictionary, when it matched
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class MedicationIntake(SQLModel, table=True):
    """One dose of acute medication; name and class are copied so history survives list changes."""

    __tablename__ = "medication_intakes"
    __table_args__ = (
        Index("ix_medication_intakes_user_taken", "user_id", "taken_at"),
        Index("ix_medication_intakes_attack", "attack_id"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True))
    user_id: int = Field(sa_column=_user_fk())
    # Deleting an attack deletes the doses logged with it: deleted means deleted.
    attack_id: int | None = Field(
        default=None, sa_column=Column(BigId, ForeignKey("attacks.id", ondelete="CASCADE"), nullable=True)
    )
    medicine_id: int | None = Field(
        default=None, sa_column=Column(BigId, ForeignKey("medicines.id", ondelete="SET NULL"), nullable=True)
    )
    name: str = Field(max_length=64)
    med_class: str = Field(max_length=24)
    atc_code: str | None = Field(default=None, max_length=8)
    taken_at: datetime = Field(sa_type=UTCDateTime)
    effect: str | None = Field(default=None, max_length=16)  # none/some/good/complete, after about 2 h
    effect_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PersonalTrigger(SQLModel, table=True):
    """A possible trigger the user added to the default list."""

    __tablename__ = "personal_triggers"
    __table_args__ = (UniqueConstraint("user_id", "name", name="uq_personal_triggers_user_name"),)

    id: int | None = Field(default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True))
    user_id: int = Field(sa_column=_user_fk())
    name: str = Field(max_length=40)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Checkin(SQLModel, table=True):
    """The daily check-in: the worst headache of one local date, 0 meaning a headache-free day."""

    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("user_id", "local_date", name="uq_checkins_user_date"),)

    id: int | None = Field(default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True))
    user_id: int = Field(sa_column=_user_fk())
    local_date: date = Field(sa_column=Column(Date, nullable=False))
    headache_level: int
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class MidasRecord(SQLModel, table=True):
    """A completed MIDAS questionnaire: the seven answers, the score and the grade."""

    __tablename__ = "midas_results"
    __table_args__ = (Index("ix_midas_results_user_completed", "user_id", "completed_at"),)

    id: int | None = Field(default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True))
    user_id: int = Field(sa_column=_user_fk())
    completed_at: datetime = Field(sa_type=UTCDateTime)
    local_date: date = Field(sa_column=Column(Date, nullable=False))
    score: int
    grade: str = Field(max_length=4)
    headache_days: int
    average_pain: int
    answers: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
