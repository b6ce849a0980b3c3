"""users.chat_menu_at: when the chat's command menu was made to follow the chosen language

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 01:00:00

Existing users get none: those who chose a language other than their app's before per-chat menus existed
get theirs once, at their next message (bot/account/command_menu.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("chat_menu_at", UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("users") as batch:
        batch.drop_column("chat_menu_at")
