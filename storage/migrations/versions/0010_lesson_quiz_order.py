"""lessons: each user's shuffled quiz answer order

Revision ID: 0010
Revises: 0013
Create Date: 2026-12-03 08:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    # Nullable: rows written before this revision get an order the first time their quiz is shown.
    with op.batch_alter_table("lesson_progress") as batch:
        batch.add_column(sa.Column("quiz_order", sa.String(length=32), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("lesson_progress") as batch:
        batch.drop_column("quiz_order")
