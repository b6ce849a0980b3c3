"""The lesson catalogs the bot serves, one per language with its search index, replaceable by /reload.

Handlers take `holder.for_lang(user.language)` once per update and use that snapshot throughout, so a
reload in the middle of an update never mixes two versions of the content. Old buttons carry a
content-hash prefix; when it no longer matches, the lesson handlers open the current version instead of
failing. Every language folder under content/lessons is served; a user whose language has no lessons
reads the default language's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from bot.services import Services
from content import Catalog, ContentError, LessonSearch, Problem, default_root, load_catalog
from content.loader import language_folders

CATALOG_KEY = "catalog"
CONTENT_ROOT_KEY = "content_root"  # services.extras: where /reload reads lessons (tests point it elsewhere)
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True, slots=True)
class LoadedCatalog:
    """A catalog and the search index built from it; always swapped together."""

    catalog: Catalog
    search: LessonSearch


class CatalogHolder:
    """Holds the current LoadedCatalog of each language; `replace` swaps one language atomically."""

    def __init__(self, loaded: LoadedCatalog | Mapping[str, LoadedCatalog]) -> None:
        catalogs = {loaded.catalog.lang: loaded} if isinstance(loaded, LoadedCatalog) else dict(loaded)
        if not catalogs:
            raise ValueError("a CatalogHolder needs at least one catalog")
        self._default = DEFAULT_LANGUAGE if DEFAULT_LANGUAGE in catalogs else next(iter(catalogs))
        self._catalogs: Mapping[str, LoadedCatalog] = MappingProxyType(catalogs)

    @classmethod
    def of(cls, *catalogs: Catalog) -> CatalogHolder:
        """Return a holder for catalogs (one per language), indexing each for search."""
        return cls({catalog.lang: LoadedCatalog(catalog, LessonSearch(catalog)) for catalog in catalogs})

    @property
    def current(self) -> LoadedCatalog:
        """Return the default language's catalog and index (the one operators' /reload reports on)."""
        return self._catalogs[self._default]

    @property
    def languages(self) -> tuple[str, ...]:
        """Return the languages with lessons, the default first."""
        return (self._default, *sorted(lang for lang in self._catalogs if lang != self._default))

    def for_lang(self, lang: str | None) -> LoadedCatalog:
        """Return the catalog to use for this update in a user's language (the default if it has none)."""
        return self._catalogs.get(lang or self._default) or self._catalogs[self._default]

    def replace(self, catalog: Catalog, search: LessonSearch | None = None) -> LoadedCatalog:
        """Serve a new catalog for its language from now on and return it; pass a prebuilt index to keep
        the swap instant."""
        # The index is built before the swap, so no reader ever sees a catalog without its index.
        loaded = LoadedCatalog(catalog, search or LessonSearch(catalog))
        self._catalogs = MappingProxyType({**self._catalogs, catalog.lang: loaded})
        return loaded


@cache
def shipped_catalogs() -> Mapping[str, LoadedCatalog]:
    """Load and index the lessons shipped with the code in every language, once per process (immutable).

    /reload must call `content.load_catalog()` itself: this cache never rereads the files.
    """
    catalogs = {}
    for folder in language_folders(default_root()):
        catalog = load_catalog(lang=folder.name)
        catalogs[catalog.lang] = LoadedCatalog(catalog, LessonSearch(catalog))
    return MappingProxyType(catalogs)


def shipped_catalog(lang: str = DEFAULT_LANGUAGE) -> LoadedCatalog:
    """Return one shipped language's catalog and index."""
    return shipped_catalogs()[lang]


def catalog_fingerprint(catalog: Catalog) -> str:
    """Return a digest of everything a reader sees in a catalog: equal files give equal fingerprints."""
    lines = sorted(f"{lesson.id} {lesson.content_hash}" for lesson in catalog.lessons)
    return hashlib.sha256("\n".join([catalog.lang, *lines]).encode("utf-8")).hexdigest()


def content_root(services: Services) -> Path:
    """Return the folder /reload and the other instances read lessons from."""
    return Path(services.extras.get(CONTENT_ROOT_KEY) or default_root())


def load_lessons(root: Path, lang: str) -> tuple[Catalog, LessonSearch] | list[Problem]:
    """Validate and load one language and build its search index; return the problems instead if any."""
    try:
        catalog = load_catalog(root, lang=lang)
    except ContentError as error:
        return list(error.problems)
    return catalog, LessonSearch(catalog)


def install_catalog(services: Services) -> CatalogHolder:
    """Put the shipped catalog into services.extras["catalog"] unless one is already there; return the holder."""
    holder = services.extras.get(CATALOG_KEY)
    if not isinstance(holder, CatalogHolder):
        holder = CatalogHolder(shipped_catalogs())
        services.extras[CATALOG_KEY] = holder
    return holder


def catalog_holder(services: Services) -> CatalogHolder:
    """Return the holder the composition root installed."""
    holder = services.extras[CATALOG_KEY]
    if not isinstance(holder, CatalogHolder):
        raise TypeError('services.extras["catalog"] is not a CatalogHolder')
    return holder
