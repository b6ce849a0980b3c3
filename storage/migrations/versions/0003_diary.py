"""diary: attacks, medication intakes, medicines, personal triggers, check-ins, MIDAS results

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 21:57:57.236610
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _id() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column("id", BIG_ID, autoincrement=True, nullable=False)


def _user_id() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column("user_id", BIG_ID, nullable=False)


def _user_fk() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE")


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "attacks",
        _id(),
        _user_id(),
        sa.Column("started_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("peak_intensity", sa.Integer(), nullable=False),
        sa.Column("prodrome", sa.Boolean(), nullable=False),
        sa.Column("aura", sa.Boolean(), nullable=False),
        sa.Column("aura_type", sa.String(length=16), nullable=True),
        sa.Column("aura_minutes", sa.Integer(), nullable=True),
        sa.Column("postdrome", sa.Boolean(), nullable=False),
        sa.Column("symptoms", sa.JSON(), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.Column("triggers", sa.JSON(), nullable=False),
        sa.Column("impact", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        _user_fk(),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_attacks_user_started", "attacks", ["user_id", "started_at"], unique=False)

    op.create_table(
        "medicines",
        _id(),
        _user_id(),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("med_class", sa.String(length=24), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        _user_fk(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "name", name="uq_medicines_user_name"),
    )

    op.create_table(
        "medication_intakes",
        _id(),
        _user_id(),
        sa.Column("attack_id", BIG_ID, nullable=True),
        sa.Column("medicine_id", BIG_ID, nullable=True),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("med_class", sa.String(length=24), nullable=False),
        sa.Column("taken_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("effect", sa.String(length=16), nullable=True),
        sa.Column("effect_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["attack_id"], ["attacks.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["medicine_id"], ["medicines.id"], ondelete="SET NULL"),
        _user_fk(),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_medication_intakes_attack", "medication_intakes", ["attack_id"], unique=False)
    op.create_index("ix_medication_intakes_user_taken", "medication_intakes", ["user_id", "taken_at"], unique=False)

    op.create_table(
        "personal_triggers",
        _id(),
        _user_id(),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        _user_fk(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "name", name="uq_personal_triggers_user_name"),
    )

    # The unique constraint's index also serves the date-range reads of /stats.
    op.create_table(
        "checkins",
        _id(),
        _user_id(),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("headache_level", sa.Integer(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        _user_fk(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "local_date", name="uq_checkins_user_date"),
    )

    op.create_table(
        "midas_results",
        _id(),
        _user_id(),
        sa.Column("completed_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=4), nullable=False),
        sa.Column("headache_days", sa.Integer(), nullable=False),
        sa.Column("average_pain", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        _user_fk(),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_midas_results_user_completed", "midas_results", ["user_id", "completed_at"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_midas_results_user_completed", table_name="midas_results")
    op.drop_table("midas_results")
    op.drop_table("checkins")
    op.drop_table("personal_triggers")
    op.drop_index("ix_medication_intakes_user_taken", table_name="medication_intakes")
    op.drop_index("ix_medication_intakes_attack", table_name="medication_intakes")
    op.drop_table("medication_intakes")
    op.drop_table("medicines")
    op.drop_index("ix_attacks_user_started", table_name="attacks")
    op.drop_table("attacks")
