"""users: the emergency number a user chose in /settings

Revision ID: 0007
Revises: 0010
Create Date: 2026-12-03 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    # Null means "the number of the country of my time zone" (content/emergency.yaml).
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("emergency_number", sa.String(length=40), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("users") as batch:
        batch.drop_column("emergency_number")
