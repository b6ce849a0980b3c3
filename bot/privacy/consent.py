"""Withdrawing consent to health data: confirm first, switch health reminders off, then delete or keep the diary.

The steps are settings buttons (``set:consent:off`` asks, ``set:consent:withdraw`` withdraws,
``set:consent:stay`` changes nothing; then ``set:diary:erase`` or ``set:diary:keep``). Giving consent
again (``set:consent:on``, bot/account/settings.py) switches back on what the withdrawal switched off.
"""

from __future__ import annotations

from telegram import Update

from bot import callbacks
from bot.access import user_transaction
from bot.context import BotContext
from bot.keyboards import inline
from bot.replies import answer, answer_stale, edit_or_send, reply
from bot.texts import texts_for
from scheduler.kinds import HEALTH_KINDS
from storage.personal_data import erase_diary
from storage.users import set_consent

# (action, value) of the settings buttons this module answers.
STEPS = frozenset(
    {("consent", "off"), ("consent", "withdraw"), ("consent", "stay"), ("diary", "erase"), ("diary", "keep")}
)


async def consent_step(update: Update, context: BotContext, action: str, value: str) -> None:
    """Answer one step of withdrawing consent."""
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        markup = None
        if (action, value) == ("consent", "off"):
            text = t.CONSENT_WITHDRAW_ASK if user.has_consent else None
            markup = inline(
                [
                    [(t.BTN_WITHDRAW_CONFIRM, callbacks.make("set", "consent", "withdraw"))],
                    [(t.BTN_KEEP_CONSENT, callbacks.make("set", "consent", "stay"))],
                ]
            )
        elif (action, value) == ("consent", "withdraw"):
            text = t.CONSENT_WITHDRAWN if user.has_consent else None
            if user.has_consent:
                await set_consent(session=session, user_id=user.id, given=False, health_kinds=HEALTH_KINDS)
            markup = inline(
                [
                    [(t.BTN_DELETE_DIARY, callbacks.make("set", "diary", "erase"))],
                    [(t.BTN_KEEP_DIARY, callbacks.make("set", "diary", "keep"))],
                ]
            )
        elif (action, value) == ("consent", "stay"):
            text = t.CONSENT_KEPT
        elif user.has_consent:
            text = None  # consent given again since: an old "delete my diary" button does nothing
        elif value == "erase":
            await erase_diary(session=session, user_id=user.id, health_kinds=HEALTH_KINDS)
            text = t.DIARY_ERASED
        else:
            text = t.DIARY_KEPT
    if text is None:
        await answer_stale(update, context)
        return
    if (action, value) == ("consent", "withdraw") or value == "erase":
        context.services.charts.forget(user.id)  # no rendered chart outlives the consent
    await answer(update)
    if (action, value) == ("consent", "off"):
        await reply(update, text, markup)  # a question of its own: the settings stay on screen
    else:
        await edit_or_send(update, text, markup)
