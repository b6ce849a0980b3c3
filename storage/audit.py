"""The audit trails and safety events; they record what happened, never what was written.

Two trails, because they answer to different people:

* ``audit_log`` (record_personal_audit): a user's own changes to their diary. Personal data: /export
  lists it and /delete erases it with everything else.
* ``operator_audit`` (record_audit): operator actions and refused operator attempts. It must survive
  the actor's /delete (an operator could otherwise erase the record of their own broadcast, and
  anyone the record of their refused attempts), so it never holds a Telegram id: the actor is a keyed
  pseudonym (HMAC-SHA256 with the install's own secret, ``install_secrets``). Whoever holds the
  database can still check whether a given id did something, which is what an audit is for; a copy
  of the trail alone names nobody. Rows are deleted only by purge_operator_audit, after the
  retention period (AUDIT_RETENTION_DAYS).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import CTE, Insert, Table, bindparam, delete, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlmodel import col

from storage.audit_models import InstallSecret, OperatorAuditEntry
from storage.models import AuditEntry, SafetyEvent
from storage.types import utcnow

PSEUDONYM_SECRET = "pseudonyms"
# The PostgreSQL trigger lets a DELETE through only in a transaction that set this (the purge).
PURGE_SETTING = "migraine_companion.audit_purge"


async def install_secret(*, session: AsyncSession, name: str = PSEUDONYM_SECRET) -> str:
    """Return the install's secret of this name, generating and storing it on first use (race-safe)."""
    stored = await session.get(InstallSecret, name)
    if stored is not None:
        return stored.value
    try:
        async with session.begin_nested():
            session.add(InstallSecret(name=name, value=secrets.token_hex(32)))
    except IntegrityError:
        pass  # another instance stored it first: use theirs
    stored = await session.get(InstallSecret, name, populate_existing=True)
    assert stored is not None
    return stored.value


def actor_pseudonym(secret: str, user_id: int) -> str:
    """The audit trail's name for a Telegram user: a keyed hash that only the install can recompute."""
    key = hashlib.sha256(b"migraine-companion/audit/" + secret.encode("utf-8")).digest()
    return "a:" + hmac.new(key, str(int(user_id)).encode("ascii"), hashlib.sha256).hexdigest()[:32]


async def record_audit(*, session: AsyncSession, user_id: int, action: str, detail: str = "") -> None:
    """Append an operator action or refused attempt to the operator trail, under the actor's pseudonym."""
    actor = actor_pseudonym(await install_secret(session=session), user_id)
    session.add(OperatorAuditEntry(actor=actor, action=action[:64], detail=detail[:256]))


async def operator_trail(*, session: AsyncSession, user_id: int) -> list[OperatorAuditEntry]:
    """The operator trail of one Telegram user, oldest first."""
    actor = actor_pseudonym(await install_secret(session=session), user_id)
    query = select(OperatorAuditEntry).where(col(OperatorAuditEntry.actor) == actor)
    query = query.order_by(col(OperatorAuditEntry.id))
    return list((await session.scalars(query)).all())


async def purge_operator_audit(*, session: AsyncSession, before: datetime) -> int:
    """Delete operator trail rows older than `before` (the retention period); the trail's only delete."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text(f"SET LOCAL {PURGE_SETTING} = 'on'"))
    result = await session.execute(delete(OperatorAuditEntry).where(col(OperatorAuditEntry.created_at) < before))
    return max(result.rowcount or 0, 0)  # type: ignore[attr-defined]


_AUDIT: Table = AuditEntry.__table__  # type: ignore[attr-defined]
# Built once, run at once on the session's connection: every diary edit writes one, and the row has no foreign
# key to wait for. The ORM would insert it at the flush, with a RETURNING of its id nobody reads.
_INSERT_PERSONAL = insert(_AUDIT).values(
    {name: bindparam(name, type_=_AUDIT.c[name].type) for name in ("user_id", "action", "detail", "created_at")}
)


def personal_audit_after(changed: CTE) -> Insert:
    """INSERT a personal audit entry for each row a data-modifying CTE returns (its ``user_id``), after it.

    One statement for a change and its audit row (PostgreSQL, which takes a DELETE or UPDATE in a WITH);
    the entry's action, detail and created_at are the parameters personal_audit_values gives. Their names
    are no column's: an UPDATE would add a parameter named as one of its table's columns to its SET.
    """
    names = ("action", "detail", "created_at")
    entry = select(changed.c.user_id, *[bindparam(f"audit_{name}", type_=_AUDIT.c[name].type) for name in names])
    return insert(_AUDIT).from_select(["user_id", *names], entry.select_from(changed)).add_cte(changed)


def personal_audit_values(*, action: str, detail: str = "") -> dict[str, Any]:
    """The parameters of personal_audit_after's entry."""
    return {"audit_action": action[:64], "audit_detail": detail[:256], "audit_created_at": utcnow()}


async def record_personal_audit(*, session: AsyncSession, user_id: int, action: str, detail: str = "") -> None:
    """Append an entry about a user's own data (diary edits); it goes with the user's /delete."""
    await insert_personal_audit(connection=await session.connection(), user_id=user_id, action=action, detail=detail)


async def insert_personal_audit(*, connection: AsyncConnection, user_id: int, action: str, detail: str = "") -> None:
    """record_personal_audit on a Core connection: one prebuilt INSERT."""
    values = {"user_id": user_id, "action": action[:64], "detail": detail[:256], "created_at": utcnow()}
    await connection.execute(_INSERT_PERSONAL, values)


_SAFETY_EVENTS: Table = SafetyEvent.__table__  # type: ignore[attr-defined]
_INSERT_SAFETY_EVENT = insert(_SAFETY_EVENTS).values(
    user_id=bindparam("user_id"), source=bindparam("source"), codes=bindparam("codes"), created_at=bindparam("at")
)


async def insert_safety_event(*, connection: AsyncConnection, user_id: int, source: str, codes: Iterable[str]) -> None:
    """record_safety_event on a Core connection: one prebuilt INSERT."""
    params = {"user_id": user_id, "source": source[:32], "codes": ",".join(sorted(set(codes)))[:256], "at": utcnow()}
    await connection.execute(_INSERT_SAFETY_EVENT, params)


async def record_safety_event(*, session: AsyncSession, user_id: int, source: str, codes: Iterable[str]) -> None:
    """Record that a red-flag check fired, with its codes but without the text."""
    session.add(SafetyEvent(user_id=user_id, source=source[:32], codes=",".join(sorted(set(codes)))[:256]))
