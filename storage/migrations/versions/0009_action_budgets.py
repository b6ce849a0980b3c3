"""rate limits: action_budgets, when each user may next run /report, /export, /stats or a denied operator command

Revision ID: 0009
Revises: 0014
Create Date: 2026-12-03 15:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0009"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Apply this revision."""
    # user_id without a foreign key: a stranger's refused operator command has no users row. /delete erases it.
    op.create_table(
        "action_budgets",
        sa.Column("user_id", BIG_ID, autoincrement=False, nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("available_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "action"),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("action_budgets")
