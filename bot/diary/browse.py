"""/diary: recent attacks, page by page; open one to change its details or delete it for good.

Buttons are ``diary:<action>:<value>``: ``p`` a page offset, ``v`` view, ``d`` ask to delete and ``dy``
delete an attack (by id, always checked to be the presser's own).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot import callbacks
from bot.access import user_transaction
from bot.context import BotContext
from bot.diary.common import Screen, consent_screen, local_moment, parse_press, show, zone_of
from bot.diary.views import attack_summary
from bot.keyboards import Row, inline
from bot.replies import answer_stale
from bot.texts import texts_for
from bot.texts.catalog import Texts
from storage.diary import delete_attack, get_attack, intakes_for_attack
from storage.diary_queries import midas_offered, recent_attacks
from storage.models import User

PAGE = 8


async def diary_command(update: Update, context: BotContext) -> None:
    """List the user's recent attacks as buttons."""
    now = context.services.clock.now()
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        screen = await _page(session, user, t, 0, now=now, tz=zone_of(user, context))
    await show(update, screen, edit=False)


async def diary_button(update: Update, context: BotContext) -> None:
    """Page through the diary, open an entry, or delete one after a confirmation."""
    parsed = parse_press(update)
    value = parsed.int_arg(0) if parsed else None
    if parsed is None or value is None:
        await answer_stale(update, context)
        return
    now = context.services.clock.now()
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        tz = zone_of(user, context)
        screen: Screen | None
        if not user.has_consent:
            screen = consent_screen(t)
        elif parsed.action == "p":
            screen = await _page(session, user, t, value, now=now, tz=tz)
        elif parsed.action in {"v", "d"}:
            screen = await _entry(session, user, t, value, confirm=parsed.action == "d", now=now, tz=tz)
        elif parsed.action == "dy" and await delete_attack(session=session, user_id=user.id, attack_id=value):
            screen = Screen(t.DIARY_DELETED, inline([[(t.BTN_DIARY_BACK, callbacks.make("diary", "p", 0))]]))
        else:
            screen = None
    if screen is None:
        await answer_stale(update, context)
        return
    await show(update, screen, edit=True)


async def _page(
    session: AsyncSession, user: User, t: Texts, offset: int, *, now: datetime, tz: ZoneInfo
) -> Screen:
    if not user.has_consent:
        return consent_screen(t)
    attacks = await recent_attacks(session=session, user_id=user.id, limit=PAGE + 1, offset=offset)
    midas_line = "\n\n" + t.MIDAS_DUE if await midas_offered(session=session, user_id=user.id, now=now) else ""
    if not attacks and offset == 0:
        return Screen(t.DIARY_EMPTY + midas_line)
    rows: list[Row] = []
    for attack in attacks[:PAGE]:
        label = t.DIARY_ROW.format(
            start=local_moment(attack.started_at, tz, now=now, t=t),
            intensity=attack.peak_intensity,
            ongoing=" ⏳" if attack.ended_at is None else "",
        )
        rows.append([(label, callbacks.make("diary", "v", attack.id))])
    paging = []
    if offset > 0:
        paging.append((t.BTN_NEWER, callbacks.make("diary", "p", max(0, offset - PAGE))))
    if len(attacks) > PAGE:
        paging.append((t.BTN_OLDER, callbacks.make("diary", "p", offset + PAGE)))
    if paging:
        rows.append(paging)
    return Screen(t.DIARY_HEADER + midas_line, inline(rows))


async def _entry(
    session: AsyncSession, user: User, t: Texts, attack_id: int, *, confirm: bool, now: datetime, tz: ZoneInfo
) -> Screen | None:
    attack = await get_attack(session=session, user_id=user.id, attack_id=attack_id)
    if attack is None:
        return None
    intakes = await intakes_for_attack(session=session, user_id=user.id, attack_id=attack_id)
    text = attack_summary(attack, t, tz=tz, now=now, intakes=intakes)
    if confirm:
        meds = t.DELETE_MEDS(len(intakes)).format(count=len(intakes)) if intakes else ""
        rows: list[Row] = [
            [(t.BTN_DELETE_YES, callbacks.make("diary", "dy", attack_id))],
            [(t.BTN_DIARY_KEEP, callbacks.make("diary", "v", attack_id))],
        ]
        return Screen(text + "\n\n" + t.DIARY_DELETE_ASK.format(meds=meds), inline(rows))
    rows = [
        [
            (t.BTN_DIARY_EDIT, callbacks.make("atk", "menu", attack_id)),
            (t.BTN_DIARY_DELETE, callbacks.make("diary", "d", attack_id)),
        ],
        [(t.BTN_DIARY_BACK, callbacks.make("diary", "p", 0))],
    ]
    return Screen(text, inline(rows))
