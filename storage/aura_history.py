"""Which kinds of aura a user has logged before, so the red-flag questions can ask about a change."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import col

from storage.diary_models import Attack

# Aura kinds that look like a stroke sign (numbness, speech trouble, weakness) when they are new.
DEFICIT_KINDS = frozenset({"sensory", "speech", "motor"})


# The user's first attack (whether they logged any) and their aura attacks' kinds, in one read: the log flow
# asks both before saving, the first to decide on the red-flag questions and the second to word one of them.
_FIRST = select(func.min(col(Attack.id))).where(col(Attack.user_id) == bindparam("user_id")).scalar_subquery()
_HISTORY = select(col(Attack.aura), col(Attack.aura_kinds)).where(
    col(Attack.user_id) == bindparam("user_id"), or_(col(Attack.aura).is_(True), col(Attack.id) == _FIRST)
)


@dataclass(frozen=True, slots=True)
class AttackHistory:
    """What the log flow needs to know of the attacks logged before."""

    any_logged: bool
    deficit_aura: bool  # the usual aura includes numbness, speech trouble or weakness


async def attack_history(*, connection: AsyncConnection, user_id: int) -> AttackHistory:
    """Whether the user logged any attack, and whether their usual aura has deficit symptoms: one statement."""
    rows = (await connection.execute(_HISTORY, {"user_id": user_id})).all()
    kinds = {str(kind) for aura, kinds in rows if aura for kind in kinds or []}
    return AttackHistory(any_logged=bool(rows), deficit_aura=not DEFICIT_KINDS.isdisjoint(kinds))
