"""send_budgets: one Telegram rate budget shared by every instance; broadcasts.progress_shown_at

Revision ID: 0014
Revises: 0015
Create Date: 2026-12-03 15:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0014"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    # Not personal data: no user_id. One row per bot token's budget, updated for every message sent.
    op.create_table(
        "send_budgets",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("overall_at", sa.Float(), nullable=False),
        sa.Column("background_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    # With several instances, each broadcast worker used to edit the operator's progress on its own clock.
    with op.batch_alter_table("broadcasts") as batch:
        batch.add_column(sa.Column("progress_shown_at", storage.types.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("broadcasts") as batch:
        batch.drop_column("progress_shown_at")
    op.drop_table("send_budgets")
