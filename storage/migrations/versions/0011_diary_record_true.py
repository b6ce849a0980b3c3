"""diary: impact may be unknown, several aura kinds per attack, ATC codes on medicines and doses

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-03 15:00:00.000000

Impact used to default to "normal" before the user answered. Rows still "normal" whose impact was never
edited (no audit entry names the field) become unknown (NULL): nobody said they carried on as normal.
The single ``aura_type`` becomes the list ``aura_kinds``; the old "other" kind has no place in the
ICHD-3 list (visual, sensory, speech, motor, brainstem, retinal) and is dropped, the aura itself kept.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("visual", "sensory", "speech")


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("attacks") as batch:
        batch.alter_column("impact", existing_type=sa.String(length=16), nullable=True)
        batch.add_column(sa.Column("aura_kinds", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
    op.execute(
        "UPDATE attacks SET impact = NULL WHERE impact = 'normal' AND NOT EXISTS ("
        " SELECT 1 FROM audit_log WHERE audit_log.user_id = attacks.user_id"
        " AND audit_log.action = 'diary.attack.edit'"
        " AND audit_log.detail LIKE 'attack=' || CAST(attacks.id AS VARCHAR) || ' fields=%impact%')"
    )
    for kind in KINDS:
        op.execute(f"UPDATE attacks SET aura_kinds = '[\"{kind}\"]' WHERE aura_type = '{kind}'")
    with op.batch_alter_table("attacks") as batch:
        batch.drop_column("aura_type")
    with op.batch_alter_table("medicines") as batch:
        batch.add_column(sa.Column("atc_code", sa.String(length=8), nullable=True))
    with op.batch_alter_table("medication_intakes") as batch:
        batch.add_column(sa.Column("atc_code", sa.String(length=8), nullable=True))


def downgrade() -> None:
    """Revert this revision (unknown impact reads "normal" again; only a first aura kind survives)."""
    with op.batch_alter_table("medication_intakes") as batch:
        batch.drop_column("atc_code")
    with op.batch_alter_table("medicines") as batch:
        batch.drop_column("atc_code")
    with op.batch_alter_table("attacks") as batch:
        batch.add_column(sa.Column("aura_type", sa.String(length=16), nullable=True))
    for kind in KINDS:
        op.execute(f"UPDATE attacks SET aura_type = '{kind}' WHERE CAST(aura_kinds AS TEXT) LIKE '[\"{kind}\"%'")
    op.execute("UPDATE attacks SET impact = 'normal' WHERE impact IS NULL")
    with op.batch_alter_table("attacks") as batch:
        batch.drop_column("aura_kinds")
        batch.alter_column("impact", existing_type=sa.String(length=16), nullable=False)
