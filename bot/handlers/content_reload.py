"""/reload: reread the lessons through the validator and swap them in without a restart.

Invalid content changes nothing: the operator gets the validator's report (as a document when it does
not fit in a message). Valid content replaces the catalog in one step (readers in the middle of a lesson
are handled by the lesson buttons' content-hash check). The reply lists new and changed lessons by
content hash and offers to announce them to subscribers, with a deep-link button per lesson.
"""

from __future__ import annotations

import asyncio
import html
import secrets
from pathlib import Path

from telegram import InputFile, Update

from bot import callbacks
from bot.access import user_transaction
from bot.catalog_holder import CATALOG_KEY, CatalogHolder
from bot.context import BotContext
from bot.deeplinks import deep_link
from bot.handlers import broadcast_schedule
from bot.handlers.broadcast_compose import send_preview
from bot.keyboards import inline
from bot.replies import answer, answer_stale, reply
from bot.texts import en
from content import Catalog, ContentError, LessonSearch, Problem, default_root, load_catalog, utf16_length
from storage.audit import record_audit
from storage.broadcasts import Audience, BroadcastContent
from storage.db import transaction
from storage.dialogs import get_dialog, start_dialog, update_dialog

PREFIX = "reload"
FLOW = "reload"
CONTENT_ROOT_KEY = "content_root"  # services.extras: where /reload reads lessons (tests point it elsewhere)
MESSAGE_LIMIT = 4096
# A button per lesson (Telegram allows 100): room for a curriculum update, whose new lessons and
# rewritten ones (version raised) come first. The operator sees the preview before anything is sent.
# 40, not 30: after the independent content review, Curriculum 2 is 9 new and 22 re-versioned lessons,
# and at 30 the red-flags lesson (last in reading order) was the one left out.
MAX_ANNOUNCED = 40


def load_lessons(root: Path, lang: str) -> tuple[Catalog, LessonSearch] | list[Problem]:
    """Validate and load one language and build its search index; return the problems instead if any."""
    try:
        catalog = load_catalog(root, lang=lang)
    except ContentError as error:
        return list(error.problems)
    return catalog, LessonSearch(catalog)


async def reload_command(update: Update, context: BotContext) -> None:
    """Reload the lessons; on any problem change nothing and show the report."""
    holder = context.services.extras.get(CATALOG_KEY)
    if not isinstance(holder, CatalogHolder):
        await reply(update, en.RELOAD_UNAVAILABLE)
        return
    root = Path(context.services.extras.get(CONTENT_ROOT_KEY) or default_root())
    old = holder.current.catalog
    # Off the event loop: a large catalog takes a moment, and the bot keeps answering meanwhile.
    loaded = await asyncio.to_thread(load_lessons, root, old.lang)
    assert update.effective_user is not None
    operator_id = update.effective_user.id
    if isinstance(loaded, list):
        await _audit(context, operator_id, "reload.failed", f"{len(loaded)} problems")
        await send_report(update, loaded)
        return
    catalog, search = loaded
    holder.replace(catalog, search)
    before = {lesson.id: lesson.content_hash for lesson in old.lessons}
    added = [lesson for lesson in catalog.lessons if lesson.id not in before]
    changed = [
        lesson for lesson in catalog.lessons if before.get(lesson.id, lesson.content_hash) != lesson.content_hash
    ]
    removed = sorted(set(before) - {lesson.id for lesson in catalog.lessons})
    token = secrets.token_hex(3)
    # New lessons first, then changes the writer marked by raising `version`, then quieter fixes.
    versions = {lesson.id: lesson.version for lesson in old.lessons}
    by_news = sorted(changed, key=lambda lesson: lesson.version <= versions.get(lesson.id, 0))
    announced = [lesson.id for lesson in [*added, *by_news]][:MAX_ANNOUNCED]
    async with user_transaction(update, context) as (session, _user):
        await record_audit(
            session=session,
            user_id=operator_id,
            action="reload.ok",
            detail=f"{len(catalog.lessons)} lessons, {len(added)} new, {len(changed)} changed, {len(removed)} removed",
        )
        if announced:
            await start_dialog(session=session, user_id=operator_id, flow=FLOW, data={"token": token, "ids": announced})
    parts = []
    if added:
        lines = [en.RELOAD_LINE.format(title=html.escape(x.title), id=x.id, hash=x.content_hash) for x in added]
        parts.append(en.RELOAD_NEW.format(lines="\n".join(lines)))
    if changed:
        lines = [
            en.RELOAD_LINE.format(title=html.escape(x.title), id=x.id, hash=f"{before[x.id]} → {x.content_hash}")
            for x in changed
        ]
        parts.append(en.RELOAD_CHANGED.format(lines="\n".join(lines)))
    if removed:
        parts.append(en.RELOAD_REMOVED.format(ids=", ".join(removed)))
    text = en.RELOAD_DONE.format(count=len(catalog.lessons), changes="\n\n".join(parts) or en.RELOAD_NO_CHANGES)
    markup = inline([[(en.BTN_ANNOUNCE, callbacks.make(PREFIX, "announce", token))]]) if announced else None
    await reply(update, text, markup)


async def send_report(update: Update, problems: list[Problem]) -> None:
    """Send the validator's report: in the message when it fits, else as a text document."""
    report = "\n".join(str(problem) for problem in problems)
    text = en.RELOAD_FAILED.format(count=len(problems), report=html.escape(report))
    if utf16_length(text) <= MESSAGE_LIMIT:
        await reply(update, text)
        return
    chat = update.effective_chat
    if chat is not None:
        document = InputFile(report.encode("utf-8"), filename="content-problems.txt")
        await chat.send_document(document, caption=en.RELOAD_FAILED_DOCUMENT.format(count=len(problems)))


async def press_announce(update: Update, context: BotContext) -> None:
    """Turn the reload's new and changed lessons into a broadcast to subscribers, with a button per lesson."""
    parsed = callbacks.parse(update.callback_query.data if update.callback_query else None)
    assert update.effective_user is not None
    operator_id = update.effective_user.id
    async with transaction(context.services.sessions) as session:
        dialog = await get_dialog(session=session, user_id=operator_id)
    if parsed is None or dialog is None or dialog.flow != FLOW or dialog.data.get("token") != parsed.arg(0):
        await answer_stale(update)
        return
    holder = context.services.extras[CATALOG_KEY]
    catalog = holder.current.catalog
    lessons = [lesson for lesson_id in dialog.data.get("ids", []) if (lesson := catalog.get_lesson(lesson_id))]
    if not lessons:
        await answer(update, en.ANNOUNCE_GONE)
        return
    username = context.bot.username
    content = BroadcastContent(
        text=en.ANNOUNCE_TEXT.format(
            lines="\n".join(en.ANNOUNCE_LINE.format(title=html.escape(lesson.title)) for lesson in lessons)
        ),
        buttons=tuple(
            (en.ANNOUNCE_BUTTON.format(title=lesson.title), deep_link(username, "lesson", lesson.id))
            for lesson in lessons
        ),
    )
    token = secrets.token_hex(3)
    async with transaction(context.services.sessions) as session:
        dialog = await broadcast_schedule.open_dialog(
            session=session, user_id=operator_id, token=token, **broadcast_schedule.content_data(content)
        )
        await update_dialog(session=session, dialog=dialog, step="when", kind="announcement")
        await record_audit(
            session=session, user_id=operator_id, action="reload.announce", detail=f"{len(lessons)} lessons"
        )
    await answer(update)
    problem = await send_preview(context, operator_id, content)
    if problem is not None:  # our own text: only a bug or an outage gets here
        await reply(update, en.BC_COMPOSE_INVALID.format(error=html.escape(problem)))
        return
    await broadcast_schedule.offer_timing(update, context, dialog, Audience("subscribed"))


async def _audit(context: BotContext, user_id: int, action: str, detail: str) -> None:
    async with transaction(context.services.sessions) as session:
        await record_audit(session=session, user_id=user_id, action=action, detail=detail)
