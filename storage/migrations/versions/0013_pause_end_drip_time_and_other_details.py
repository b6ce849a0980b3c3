"""reminders: pause end and lesson drip time; attacks: "Other" symptom and trigger in words

Revision ID: 0013
Revises: 0006
Create Date: 2026-11-23 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0013"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("reminder_prefs") as batch:
        batch.add_column(sa.Column("paused_until", storage.types.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("drip_time", sa.Time(), nullable=True))
    # Health data, like the rest of the row: exported and erased with it (storage/personal_data.py).
    with op.batch_alter_table("attacks") as batch:
        batch.add_column(sa.Column("other_symptom", sa.Text(), nullable=True))
        batch.add_column(sa.Column("other_trigger", sa.Text(), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("attacks") as batch:
        batch.drop_column("other_trigger")
        batch.drop_column("other_symptom")
    with op.batch_alter_table("reminder_prefs") as batch:
        batch.drop_column("drip_time")
        batch.drop_column("paused_until")
