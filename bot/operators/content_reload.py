"""/reload: reread the lessons through the validator and swap them in without a restart.

Invalid content changes nothing: the operator gets the validator's report (as a document when it does
not fit in a message). Every translation is compared with the English lessons (content/parity.py): a
missing lesson or a structural difference is an error like any other, but a stale translation (its
English lesson changed since it was stamped) is only a warning, shown after the reply: the English fix
is served at once, and that language's readers keep the translation they had until it is updated.
Valid content replaces the catalog in one step (readers in the middle of a lesson are handled by the
lesson buttons' content-hash check). The reply lists new and changed lessons by content hash and offers
to announce them to subscribers, with a deep-link button per lesson.

Changes are found per language (bot/operators/reload_changes.py): a lesson whose Spanish or Russian
file changed while its English one did not is listed apart, and announced to that language's
subscribers only, under its own title.
"""

from __future__ import annotations

import asyncio
import html
import secrets
from collections.abc import Callable

from telegram import InputFile, Update

from bot import callbacks
from bot.access import texts_of, user_transaction
from bot.catalog_holder import (
    CATALOG_KEY,
    CatalogHolder,
    catalog_fingerprint,
    content_root,
    load_lessons,
)
from bot.context import BotContext
from bot.keyboards import inline
from bot.operators import broadcast_schedule
from bot.operators.broadcast_compose import send_preview
from bot.operators.content_problems import worded_report
from bot.operators.lesson_announcements import announcement_audience, lesson_announcement
from bot.operators.reload_changes import changes_text, compare
from bot.replies import answer, answer_stale, reply
from bot.texts.catalog import Texts
from content import Problem, check_catalogs, utf16_length
from content.loader import language_folders
from content.problems import errors
from storage.audit import record_audit
from storage.broadcasts import subscriber_languages
from storage.catalog_versions import publish_catalog
from storage.db import is_sqlite, transaction
from storage.dialogs import consume_dialog, get_dialog, start_dialog, update_dialog

PREFIX = "reload"
FLOW = "reload"
MESSAGE_LIMIT = 4096


async def reload_command(update: Update, context: BotContext) -> None:
    """Reload the lessons; on any problem change nothing and show the report."""
    t = await texts_of(update, context)
    holder = context.services.extras.get(CATALOG_KEY)
    if not isinstance(holder, CatalogHolder):
        await reply(update, t.RELOAD_UNAVAILABLE)
        return
    root = content_root(context.services)
    previous = {lang: holder.for_lang(lang).catalog for lang in holder.languages}
    # Every language, validated before any is swapped: a broken translation changes nothing anywhere.
    languages = sorted({*holder.languages, *(folder.name for folder in language_folders(root))})
    # Off the event loop: a large catalog takes a moment, and the bot keeps answering meanwhile.
    results = await asyncio.gather(*(asyncio.to_thread(load_lessons, root, lang) for lang in languages))
    assert update.effective_user is not None
    operator_id = update.effective_user.id
    problems = [problem for result in results if isinstance(result, list) for problem in result]
    if problems:
        await _audit(context, operator_id, "reload.failed", f"{len(problems)} problems")
        await send_report(update, problems, t)
        return
    loaded = {lang: result for lang, result in zip(languages, results, strict=True) if not isinstance(result, list)}
    parity = check_catalogs({lang: catalog for lang, (catalog, _search) in loaded.items()}, root, stale="warning")
    if errors(parity):
        await _audit(context, operator_id, "reload.failed", f"{len(errors(parity))} problems")
        await send_report(update, errors(parity), t)
        return
    for new_catalog, new_search in loaded.values():
        holder.replace(new_catalog, new_search)
    current = {lang: catalog for lang, (catalog, _search) in loaded.items()}
    changes = compare(previous, current, holder.current.catalog.lang)
    token = secrets.token_hex(3)
    now = context.services.clock.now()
    async with user_transaction(update, context) as (session, _user):
        # Published in the same transaction: the other instances are notified when it commits.
        for new_catalog in current.values():
            fingerprint = catalog_fingerprint(new_catalog)
            await publish_catalog(session=session, lang=new_catalog.lang, fingerprint=fingerprint, at=now)
        await record_audit(session=session, user_id=operator_id, action="reload.ok", detail=changes.audit_detail())
        if changes.to_announce:
            data = {
                "token": token,
                "ids": changes.announced,
                "only_in": changes.announced_in,
                "held_back": changes.held_back,
            }
            await start_dialog(session=session, user_id=operator_id, flow=FLOW, data=data)
    own = holder.for_lang(t.language).catalog  # the operator reads the titles in their own language
    text = t.RELOAD_DONE(changes.count).format(count=changes.count, changes=changes_text(changes, t, own))
    text += "\n\n" + t.RELOAD_LANGUAGES.format(languages=", ".join(languages))
    if not is_sqlite(context.services.settings.database_url):
        text += "\n" + t.RELOAD_OTHER_INSTANCES
    offer = inline([[(t.BTN_ANNOUNCE, callbacks.make(PREFIX, "announce", token))]])
    await reply(update, text, offer if changes.to_announce else None)
    if parity:
        await send_warnings(update, parity, t)


async def send_report(update: Update, problems: list[Problem], t: Texts) -> None:
    """Send the validator's report in the operator's language: in the message when it fits, else as a document."""
    await _send_worded(update, problems, t, t.RELOAD_FAILED, t.RELOAD_FAILED_DOCUMENT, "content-problems.txt")


async def send_warnings(update: Update, warnings: list[Problem], t: Texts) -> None:
    """Send the warnings of a reload that went ahead, in the operator's language: a message, or a document."""
    await _send_worded(update, warnings, t, t.RELOAD_WARNINGS, t.RELOAD_WARNINGS_DOCUMENT, "content-warnings.txt")


async def _send_worded(
    update: Update,
    problems: list[Problem],
    t: Texts,
    message: Callable[[int], str],
    caption: Callable[[int], str],
    filename: str,
) -> None:
    report = worded_report(problems, t)
    count = len(problems)
    text = message(count).format(count=count, report=html.escape(report))
    if utf16_length(text) <= MESSAGE_LIMIT:
        await reply(update, text)
        return
    chat = update.effective_chat
    if chat is not None:
        document = InputFile(report.encode("utf-8"), filename=filename)
        await chat.send_document(document, caption=caption(count).format(count=count))


async def press_announce(update: Update, context: BotContext) -> None:
    """Turn the reload's new and changed lessons into a broadcast to subscribers, with a button per lesson."""
    t = await texts_of(update, context)
    parsed = callbacks.parse(update.callback_query.data if update.callback_query else None)
    assert update.effective_user is not None
    operator_id = update.effective_user.id
    async with transaction(context.services.sessions) as session:
        dialog = await get_dialog(session=session, user_id=operator_id)
    if parsed is None or dialog is None or dialog.flow != FLOW or dialog.data.get("token") != parsed.arg(0):
        await answer_stale(update, context)
        return
    # Each subscriber reads it in their own language: one wording per language, the worker picks theirs.
    ids = dialog.data.get("ids", [])
    only_in = dialog.data.get("only_in") or {}
    held_back = dialog.data.get("held_back") or {}
    holder = context.services.extras[CATALOG_KEY]
    content = lesson_announcement(holder, ids, context.bot.username, only_in, held_back)
    if content is None:
        await answer(update, t.ANNOUNCE_GONE)
        return
    token = secrets.token_hex(3)
    async with transaction(context.services.sessions) as session:
        languages = await subscriber_languages(session=session)
        # Only one press (of a double tap handled by two instances) turns the reload into a broadcast dialog.
        stale = await consume_dialog(session=session, user_id=operator_id, flow=FLOW, token=parsed.arg(0)) is None
        if not stale:
            dialog = await broadcast_schedule.open_dialog(
                session=session, user_id=operator_id, token=token, **broadcast_schedule.content_data(content)
            )
            await update_dialog(session=session, dialog=dialog, step="when", kind="announcement")
            await record_audit(
                session=session, user_id=operator_id, action="reload.announce", detail=f"{len(content.buttons)} lessons"
            )
    if stale:
        await answer_stale(update, context)
        return
    await answer(update)
    audience = announcement_audience(ids, only_in, held_back, languages)
    # The operator previews their own language's wording, or, when their readers get nothing, the first one sent.
    shown = t.language if not audience.languages or t.language in audience.languages else audience.languages[0]
    problem = await send_preview(context, operator_id, content.in_language(shown))
    if problem is not None:  # our own text: only a bug or an outage gets here
        await reply(update, t.BC_COMPOSE_INVALID.format(error=html.escape(problem)))
        return
    await broadcast_schedule.offer_timing(update, context, dialog, audience)


async def _audit(context: BotContext, user_id: int, action: str, detail: str) -> None:
    async with transaction(context.services.sessions) as session:
        await record_audit(session=session, user_id=user_id, action=action, detail=detail)
