"""operator_audit (append-only, pseudonymous) and install_secrets; operator rows leave audit_log

Revision ID: 0008
Revises: 0009
Create Date: 2026-12-03 15:20:00.000000
"""

import hashlib
import hmac
import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0008"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As storage/audit.py: the purge marks its transaction; nothing else may update or delete a row.
_PG_FUNCTION = """
CREATE FUNCTION operator_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('migraine_companion.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'operator_audit is append-only (% refused)', TG_OP;
END
$$
"""
_PG_TRIGGER = """
CREATE TRIGGER operator_audit_append_only BEFORE UPDATE OR DELETE ON operator_audit
FOR EACH ROW EXECUTE FUNCTION operator_audit_append_only()
"""
_SQLITE_TRIGGER = """
CREATE TRIGGER operator_audit_no_update BEFORE UPDATE ON operator_audit
BEGIN SELECT RAISE(ABORT, 'operator_audit is append-only'); END
"""


def _pseudonym(secret: str, user_id: int) -> str:
    """storage.audit.actor_pseudonym, frozen here as of this revision."""
    key = hashlib.sha256(b"migraine-companion/audit/" + secret.encode("utf-8")).digest()
    return "a:" + hmac.new(key, str(int(user_id)).encode("ascii"), hashlib.sha256).hexdigest()[:32]


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "install_secrets",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=128), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    # No user_id: the trail outlives a person's /delete, so it names them by a keyed pseudonym only.
    op.create_table(
        "operator_audit",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("actor", sa.String(length=40), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.String(length=256), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_operator_audit_created_at", "operator_audit", ["created_at"])
    op.create_index("ix_operator_audit_actor", "operator_audit", ["actor"])

    # Operator actions and refusals recorded so far move to the new trail, under pseudonyms; audit_log
    # keeps only users' own diary entries (which go with their /delete).
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT user_id, action, detail, created_at FROM audit_log WHERE action NOT LIKE 'diary.%' ORDER BY id")
    ).all()
    if rows:
        secret = secrets.token_hex(32)
        bind.execute(
            sa.text("INSERT INTO install_secrets (name, value, created_at) VALUES ('pseudonyms', :value, :at)"),
            {"value": secret, "at": rows[0].created_at},
        )
        bind.execute(
            sa.text("INSERT INTO operator_audit (actor, action, detail, created_at) VALUES (:actor, :action, :detail, :at)"),
            [
                {"actor": _pseudonym(secret, row.user_id), "action": row.action, "detail": row.detail, "at": row.created_at}
                for row in rows
            ],
        )
        bind.execute(sa.text("DELETE FROM audit_log WHERE action NOT LIKE 'diary.%'"))

    if bind.dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        op.execute(_PG_TRIGGER)
    elif bind.dialect.name == "sqlite":
        op.execute(_SQLITE_TRIGGER)


def downgrade() -> None:
    """Revert this revision (the trail's rows are dropped: they hold no id to move back)."""
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER operator_audit_append_only ON operator_audit")
        op.execute("DROP FUNCTION operator_audit_append_only()")
    op.drop_index("ix_operator_audit_actor", table_name="operator_audit")
    op.drop_index("ix_operator_audit_created_at", table_name="operator_audit")
    op.drop_table("operator_audit")
    op.drop_table("install_secrets")
