"""Every instance serves the lessons /reload published: LISTEN/NOTIFY on PostgreSQL, a periodic check behind it.

/reload on one instance validates the files, swaps its own catalog and publishes the catalog's
fingerprint in catalog_versions (storage/catalog_versions.py). Each other instance is told at once
through PostgreSQL's NOTIFY, and also compares every CATALOG_CHECK_SECONDS in case a notification was
lost (a dropped listener connection reconnects on the next check). It then rereads its own lesson files:

- when their fingerprint equals the published one, it swaps them in;
- when they differ (a host whose files were not deployed yet), it refuses: it keeps serving what it
  had and logs one clear line per published version, so an operator sees which instance lags.

With SQLite there is one process, which already serves what it published: nothing runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING, Any

import asyncpg
from sqlalchemy.engine import make_url
from telegram.ext import CallbackContext

from bot.catalog_holder import CatalogHolder, catalog_fingerprint, catalog_holder, content_root, load_lessons
from bot.services import Services
from storage.catalog_versions import CATALOG_CHANNEL, publish_if_missing, published_catalogs
from storage.db import is_sqlite, transaction

if TYPE_CHECKING:
    from bot.context import BotApplication

log = logging.getLogger(__name__)

SYNC_KEY = "catalog_sync"


class CatalogSync:
    """Keeps this instance's catalogs on the published versions."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._refused: dict[str, int] = {}  # language -> the published version this instance refused
        self._listener: asyncpg.Connection | None = None
        self._lock = asyncio.Lock()
        self._pending: set[asyncio.Task[Any]] = set()
        self._closed = False

    @property
    def holder(self) -> CatalogHolder:
        """Return the holder the handlers read."""
        return catalog_holder(self._services)

    def refused(self) -> dict[str, int]:
        """Return the languages whose published version this instance refused, with that version."""
        return dict(self._refused)

    async def publish_missing(self) -> None:
        """At start-up: publish this instance's lessons for languages nobody published yet."""
        now = self._services.clock.now()
        async with transaction(self._services.sessions) as session:
            for lang in self.holder.languages:
                fingerprint = catalog_fingerprint(self.holder.for_lang(lang).catalog)
                await publish_if_missing(session=session, lang=lang, fingerprint=fingerprint, at=now)

    async def check(self) -> list[str]:
        """Follow every published version this instance does not serve yet; return the languages switched."""
        async with self._lock:  # a notification and the periodic check must not reload twice at once
            async with transaction(self._services.sessions) as session:
                published = await published_catalogs(session=session)
            switched = []
            for item in published:
                current = self.holder.for_lang(item.lang)
                serves = current.catalog.lang == item.lang
                if serves and catalog_fingerprint(current.catalog) == item.fingerprint:
                    self._refused.pop(item.lang, None)
                    continue
                if self._refused.get(item.lang) == item.version:
                    continue  # said once already; the files may be deployed later, and a new version retries
                loaded = await asyncio.to_thread(load_lessons, content_root(self._services), item.lang)
                if isinstance(loaded, list) or catalog_fingerprint(loaded[0]) != item.fingerprint:
                    self._refused[item.lang] = item.version
                    reason = f"{len(loaded)} problems" if isinstance(loaded, list) else "different lessons"
                    log.warning(
                        "catalog %s version %d not loaded: this instance's lesson files differ (%s); "
                        "still serving the previous lessons until its files match or /reload runs again",
                        item.lang,
                        item.version,
                        reason,
                    )
                    continue
                self.holder.replace(*loaded)
                self._refused.pop(item.lang, None)
                switched.append(item.lang)
                log.info("catalog %s version %d loaded (published by /reload)", item.lang, item.version)
            return switched

    async def listen(self) -> None:
        """Open the LISTEN connection (PostgreSQL); a failure leaves the periodic check to do the work."""
        if self._closed or (self._listener is not None and not self._listener.is_closed()):
            return
        url = make_url(self._services.settings.database_url).set(drivername="postgresql")
        try:
            connection = await asyncpg.connect(url.render_as_string(hide_password=False))
            await connection.add_listener(CATALOG_CHANNEL, self._notified)
        except (OSError, asyncpg.PostgresError) as error:
            reason = type(error).__name__
            log.warning("catalog: cannot listen for /reload notifications (%s); checking periodically", reason)
            return
        if self._closed:  # the instance stopped while this connection was being opened
            await connection.close()
            return
        self._listener = connection

    def _notified(self, _connection: Any, _pid: int, _channel: str, _payload: str) -> None:
        if self._closed:
            return
        task = asyncio.get_running_loop().create_task(self._check_logged(), name="catalog-check")
        self._track(task)

    def _track(self, task: asyncio.Task[Any]) -> None:
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _check_logged(self) -> None:
        try:
            await self.check()
        except Exception:
            log.exception("catalog: check after a notification failed; the periodic check will retry")

    async def periodic(self, *, first: bool = False) -> None:
        """One round of the fall-back: reconnect the listener if it dropped, then compare versions.

        The first round, at start-up, also publishes the languages nobody published yet.
        """
        if self._closed:
            return
        # Run as a task of its own that close() waits for: cancelled mid-query (the job's task is, when the
        # application stops), it would leave a database connection open.
        task = asyncio.get_running_loop().create_task(self._round(first=first), name="catalog-sync-round")
        self._track(task)
        await asyncio.shield(task)

    async def _round(self, *, first: bool) -> None:
        if first:
            try:
                await self.publish_missing()
            except Exception:
                log.exception("catalog: publishing this instance's lessons failed; the periodic check goes on")
        await self.listen()
        await self._check_logged()

    async def close(self, *, grace: float = 5.0) -> None:
        """Stop listening; let a check in progress finish (cancel it only after `grace` seconds)."""
        self._closed = True
        pending = [task for task in self._pending if task is not asyncio.current_task()]
        if pending:
            _done, late = await asyncio.wait(pending, timeout=grace)
            for task in late:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if self._listener is not None:
            with contextlib.suppress(Exception):
                await self._listener.close()
            self._listener = None


def install_catalog_sync(application: BotApplication, services: Services, *, running: bool) -> CatalogSync | None:
    """On PostgreSQL, build the sync into services.extras; with `running`, start it with the application."""
    if is_sqlite(services.settings.database_url):
        return None
    sync = CatalogSync(services)
    services.extras[SYNC_KEY] = sync
    if running and application.job_queue is not None:
        # No misfire grace: the job is due when built, and on a loaded machine a start slower than
        # APScheduler's default second would skip it (this instance would then rely on the periodic check).
        application.job_queue.run_once(
            _start, when=0, data=sync, name="catalog-sync-start", job_kwargs={"misfire_grace_time": None}
        )
        application.job_queue.run_repeating(
            _periodic, interval=services.settings.catalog_check_seconds, data=sync, name="catalog-sync"
        )
        previous = application.post_stop

        async def post_stop(app: Any) -> None:
            await sync.close()
            if previous is not None:
                await previous(app)

        application.post_stop = post_stop
    return sync


async def _start(context: CallbackContext[Any, Any, Any, Any]) -> None:
    sync = _sync_of(context)
    if sync is not None:
        await sync.periodic(first=True)


async def _periodic(context: CallbackContext[Any, Any, Any, Any]) -> None:
    sync = _sync_of(context)
    if sync is not None:
        await sync.periodic()


def _sync_of(context: CallbackContext[Any, Any, Any, Any]) -> CatalogSync | None:
    job = context.job
    return job.data if job is not None and isinstance(job.data, CatalogSync) else None
