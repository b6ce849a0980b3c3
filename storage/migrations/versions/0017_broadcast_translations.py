"""broadcasts.translations: a broadcast's text and buttons per recipient language (/reload's announcement)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 17:00:00

Existing broadcasts get none: everyone receives their one text, as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("broadcasts") as batch:
        batch.add_column(sa.Column("translations", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("broadcasts") as batch:
        batch.drop_column("translations")
