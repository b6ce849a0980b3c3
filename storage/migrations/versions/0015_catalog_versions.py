"""catalog_versions: the lessons every instance serves, per language (/reload across instances)

Revision ID: 0015
Revises: 0012
Create Date: 2026-12-03 15:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0015"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    # Not personal data: no user_id.
    op.create_table(
        "catalog_versions",
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("lang"),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("catalog_versions")
