"""/settings → daily factors: choose which factors the check-in asks about, one toggle each.

Buttons are ``fac:menu`` (show the choice) and ``fac:t:<factor>`` (toggle one); the user id always
comes from the update. Nothing is tracked until the user chooses: the check-in stays two buttons.
"""

from __future__ import annotations

from telegram import Update

from bot import callbacks
from bot.access import user_transaction
from bot.context import BotContext
from bot.diary.common import Screen, consent_screen, parse_press, show
from bot.keyboards import Row, inline
from bot.replies import answer_stale
from bot.texts import texts_for
from bot.texts.catalog import Texts
from storage.factors import Factor, parse_factor, set_tracked, tracked_factors


def factors_screen(t: Texts, tracked: tuple[Factor, ...]) -> Screen:
    """The list of factors with a toggle each, and what is tracked now."""
    names = ", ".join(t.FACTOR_NAMES[f.value] for f in tracked) or t.FACTORS_NONE
    rows: list[Row] = []
    for factor in Factor:
        label = t.BTN_FACTOR_ON if factor in tracked else t.BTN_FACTOR_OFF
        rows.append([(label.format(name=t.FACTOR_NAMES[factor.value]), callbacks.make("fac", "t", factor.value))])
    rows.append([(t.BTN_FACTORS_DONE, callbacks.make("set", "show"))])
    return Screen(t.FACTORS_SETTINGS.format(tracked=names), inline(rows))


async def factors_button(update: Update, context: BotContext) -> None:
    """Show the factor choice, or toggle one factor and show it again."""
    parsed = parse_press(update)
    factor = parse_factor(parsed.arg(0)) if parsed else None
    if parsed is None or not (parsed.action == "menu" or (parsed.action == "t" and factor is not None)):
        await answer_stale(update, context)
        return
    now = context.services.clock.now()
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        if not user.has_consent:
            screen = consent_screen(t)
        else:
            tracked = await tracked_factors(session=session, user_id=user.id)
            if factor is not None:
                chosen = set(tracked) ^ {factor}
                await set_tracked(session=session, user_id=user.id, factors=chosen, now=now)
                tracked = tuple(f for f in Factor if f in chosen)
            screen = factors_screen(t, tracked)
    await show(update, screen, edit=True)
