"""Which kinds of aura a user has logged before, so the red-flag questions can ask about a change."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.diary_models import Attack

# Aura kinds that look like a stroke sign (numbness, speech trouble, weakness) when they are new.
DEFICIT_KINDS = frozenset({"sensory", "speech", "motor"})


# Built once with a bound parameter: a severe attack's red-flag screen reads it.
_AURA_KINDS = select(col(Attack.aura_kinds)).where(
    col(Attack.user_id) == bindparam("user_id"), col(Attack.aura).is_(True)
)


async def usual_aura_kinds(*, session: AsyncSession, user_id: int) -> frozenset[str]:
    """The aura kinds of the user's logged attacks."""
    # JSON lists are not portably searchable in SQL; a user's aura attacks are few, so read them.
    rows = await session.scalars(_AURA_KINDS, {"user_id": user_id})
    return frozenset(str(kind) for kinds in rows for kind in kinds or [])


async def has_deficit_aura(*, session: AsyncSession, user_id: int) -> bool:
    """Whether the user's usual aura includes numbness, speech trouble or weakness."""
    return not DEFICIT_KINDS.isdisjoint(await usual_aura_kinds(session=session, user_id=user_id))
