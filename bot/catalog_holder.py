"""The lesson catalog the bot serves, with its search index, replaceable in one step by /reload.

Handlers take `holder.current` once per update and use that snapshot throughout, so a reload in the
middle of an update never mixes two versions of the content. Old buttons carry a content-hash prefix;
when it no longer matches, the lesson handlers open the current version instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from bot.services import Services
from content import Catalog, LessonSearch, load_catalog

CATALOG_KEY = "catalog"


@dataclass(frozen=True, slots=True)
class LoadedCatalog:
    """A catalog and the search index built from it; always swapped together."""

    catalog: Catalog
    search: LessonSearch


class CatalogHolder:
    """Holds the current LoadedCatalog; `replace` swaps it atomically (one reference assignment)."""

    def __init__(self, loaded: LoadedCatalog) -> None:
        self._current = loaded

    @classmethod
    def of(cls, catalog: Catalog) -> CatalogHolder:
        """Return a holder for a catalog, indexing it for search."""
        return cls(LoadedCatalog(catalog, LessonSearch(catalog)))

    @property
    def current(self) -> LoadedCatalog:
        """Return the catalog and index to use for this update."""
        return self._current

    def replace(self, catalog: Catalog, search: LessonSearch | None = None) -> LoadedCatalog:
        """Serve a new catalog from now on and return it; pass a prebuilt index to keep the swap instant."""
        # The index is built before the swap, so no reader ever sees a catalog without its index.
        loaded = LoadedCatalog(catalog, search or LessonSearch(catalog))
        self._current = loaded
        return loaded


@cache
def shipped_catalog() -> LoadedCatalog:
    """Load and index the lessons shipped with the code, once per process (both are immutable).

    /reload must call `content.load_catalog()` itself: this cache never rereads the files.
    """
    catalog = load_catalog()
    return LoadedCatalog(catalog, LessonSearch(catalog))


def install_catalog(services: Services) -> CatalogHolder:
    """Put the shipped catalog into services.extras["catalog"] unless one is already there; return the holder."""
    holder = services.extras.get(CATALOG_KEY)
    if not isinstance(holder, CatalogHolder):
        holder = CatalogHolder(shipped_catalog())
        services.extras[CATALOG_KEY] = holder
    return holder


def catalog_holder(services: Services) -> CatalogHolder:
    """Return the holder the composition root installed."""
    holder = services.extras[CATALOG_KEY]
    if not isinstance(holder, CatalogHolder):
        raise TypeError('services.extras["catalog"] is not a CatalogHolder')
    return holder
