"""health: heartbeats of background loops

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21 22:03:54.280408
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    # Not personal data: no user_id. The primary key serves the only query (newest beat of one name).
    op.create_table(
        "heartbeats",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("instance", sa.String(length=128), nullable=False),
        sa.Column("beat_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", "instance"),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("heartbeats")
