"""Which kinds of aura a user has logged before, so the red-flag questions can ask about a change.

The diary stores one kind per attack today (Attack.aura_type); when attacks hold several kinds, this
is the one query to adapt.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.diary_models import Attack

# Aura kinds that look like a stroke sign (numbness, speech trouble, weakness) when they are new.
DEFICIT_KINDS = frozenset({"sensory", "speech", "motor"})


async def usual_aura_kinds(*, session: AsyncSession, user_id: int) -> frozenset[str]:
    """The aura kinds of the user's logged attacks."""
    rows = await session.execute(
        select(col(Attack.aura_type))
        .where(col(Attack.user_id) == user_id, col(Attack.aura).is_(True), col(Attack.aura_type).is_not(None))
        .distinct()
    )
    return frozenset(str(kind) for kind in rows.scalars())


async def has_deficit_aura(*, session: AsyncSession, user_id: int) -> bool:
    """Whether the user's usual aura includes numbness, speech trouble or weakness."""
    return not DEFICIT_KINDS.isdisjoint(await usual_aura_kinds(session=session, user_id=user_id))
