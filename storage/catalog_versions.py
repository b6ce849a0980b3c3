"""Catalog versions: /reload publishes what it loaded; instances read it back and follow it.

On PostgreSQL, publishing also sends a NOTIFY on CATALOG_CHANNEL (delivered when the transaction
commits), so the other instances switch within moments; they also check periodically in case a
notification was missed. SQLite runs one process, which already serves what it published.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.catalog_models import CatalogVersion

CATALOG_CHANNEL = "catalog_changed"
_TABLE = CatalogVersion.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class PublishedCatalog:
    """What every instance should serve for one language."""

    lang: str
    fingerprint: str
    version: int


async def publish_catalog(*, session: AsyncSession, lang: str, fingerprint: str, at: datetime) -> PublishedCatalog:
    """Record that `lang` now serves `fingerprint`; the version goes up only when the content changed.

    Concurrent publishers serialise on the row's lock; the first publish of a language inserts it.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert(_TABLE) if dialect == "postgresql" else sqlite.insert(_TABLE)
    await session.execute(
        insert.values(lang=lang, fingerprint=fingerprint, version=0, changed_at=at).on_conflict_do_nothing()
    )
    row = (await session.execute(select(_TABLE).where(_TABLE.c.lang == lang).with_for_update())).one()
    version = row.version
    if row.fingerprint != fingerprint or version == 0:
        version += 1
        await session.execute(
            _TABLE.update()
            .where(_TABLE.c.lang == lang)
            .values(fingerprint=fingerprint, version=version, changed_at=at)
        )
        if dialect == "postgresql":
            await session.execute(text("SELECT pg_notify(:channel, :lang)"), {"channel": CATALOG_CHANNEL, "lang": lang})
    return PublishedCatalog(lang, fingerprint, version)


async def publish_if_missing(*, session: AsyncSession, lang: str, fingerprint: str, at: datetime) -> PublishedCatalog:
    """On start-up: publish our lessons for a language nobody has published yet; return what is published."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert(_TABLE) if dialect == "postgresql" else sqlite.insert(_TABLE)
    await session.execute(
        insert.values(lang=lang, fingerprint=fingerprint, version=1, changed_at=at).on_conflict_do_nothing()
    )
    row = (await session.execute(select(_TABLE).where(_TABLE.c.lang == lang))).one()
    return PublishedCatalog(row.lang, row.fingerprint, row.version)


async def published_catalogs(*, session: AsyncSession) -> list[PublishedCatalog]:
    """Return every published language."""
    rows = await session.execute(select(_TABLE.c.lang, _TABLE.c.fingerprint, _TABLE.c.version).order_by(_TABLE.c.lang))
    return [PublishedCatalog(row.lang, row.fingerprint, row.version) for row in rows]
