"""Keeping the operators' audit trail for AUDIT_RETENTION_DAYS, and no longer.

A repeating job deletes the rows older than the retention period (storage.audit.purge_operator_audit,
the trail's only delete). Every instance may run it: the delete is idempotent, so instances need not
agree on who does.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from telegram.ext import Application, CallbackContext

from bot.services import Services
from storage.audit import purge_operator_audit
from storage.db import transaction

log = logging.getLogger(__name__)

JOB_NAME = "audit-retention"
PURGE_EVERY = timedelta(hours=6)


async def purge_expired_audit(services: Services) -> int:
    """Delete trail rows older than the retention period; return how many."""
    before = services.clock.now() - timedelta(days=services.settings.audit_retention_days)
    async with transaction(services.sessions) as session:
        purged = await purge_operator_audit(session=session, before=before)
    if purged:
        log.info("audit retention: %d operator trail rows older than %d days deleted", purged,
                 services.settings.audit_retention_days)
    return purged


def install_audit_retention(application: Application[Any, Any, Any, Any, Any, Any], services: Services) -> None:
    """Run the purge a minute after the start, then every PURGE_EVERY."""

    async def run(_context: CallbackContext[Any, Any, Any, Any]) -> None:
        try:
            await purge_expired_audit(services)
        except Exception:
            log.exception("audit retention purge failed")

    assert application.job_queue is not None
    application.job_queue.run_repeating(run, interval=PURGE_EVERY, first=60, name=JOB_NAME)
