"""diary: daily factors on the check-in (sleep, stress, period, caffeine, alcohol, exercise) and the choice of them

Revision ID: 0012
Revises: 0007
Create Date: 2026-12-03 14:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0012"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Apply this revision."""
    # Health data: both tables have user_id, so /export and /delete cover them (storage/personal_data.py).
    op.create_table(
        "daily_factors",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("user_id", BIG_ID, nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("factor", sa.String(length=16), nullable=False),
        sa.Column("value", sa.SmallInteger(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "local_date", "factor", name="uq_daily_factors_user_date_factor"),
    )
    op.create_table(
        "factor_choices",
        sa.Column("user_id", BIG_ID, nullable=False),
        sa.Column("factors", sa.JSON(), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id"),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("factor_choices")
    op.drop_table("daily_factors")
