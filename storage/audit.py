"""The audit log and safety events; they record what happened, never what was written."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry, SafetyEvent


async def record_audit(*, session: AsyncSession, user_id: int, action: str, detail: str = "") -> None:
    """Append an audit entry."""
    session.add(AuditEntry(user_id=user_id, action=action[:64], detail=detail[:256]))


async def record_safety_event(*, session: AsyncSession, user_id: int, source: str, codes: Iterable[str]) -> None:
    """Record that a red-flag check fired, with its codes but without the text."""
    session.add(SafetyEvent(user_id=user_id, source=source[:32], codes=",".join(sorted(set(codes)))[:256]))
