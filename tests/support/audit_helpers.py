"""Reading the operators' audit trail in tests: rows name people by pseudonym, so tests say whom they expect."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import col

from storage.audit import actor_pseudonym, install_secret
from storage.audit_models import OperatorAuditEntry
from storage.db import SessionFactory, transaction


async def trail_rows(sessions: SessionFactory, *user_ids: int) -> list[tuple[int | None, str, str]]:
    """(user id, action, detail) of every trail row, oldest first; the id is None for anyone not listed."""
    async with transaction(sessions) as session:
        secret = await install_secret(session=session)
        rows = (await session.scalars(select(OperatorAuditEntry).order_by(col(OperatorAuditEntry.id)))).all()
    known = {actor_pseudonym(secret, user_id): user_id for user_id in user_ids}
    return [(known.get(row.actor), row.action, row.detail) for row in rows]
