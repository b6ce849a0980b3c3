"""/settings: time zone, language, consent, update announcements and the emergency number; /language on its own.

/language shows the same choice as Settings → Language, so a user who never finds Settings can still
change it; a tap applies at once through the same ``set:lang:<code>`` button.
"""

from __future__ import annotations

import html

from telegram import InlineKeyboardMarkup, Update

from bot import callbacks
from bot.access import read_user_state, user_transaction
from bot.account.command_menu import follow_chosen_language
from bot.account.onboarding import TIMEZONE, ask_timezone
from bot.context import BotContext
from bot.diary.common import log_keyboard
from bot.keyboards import inline
from bot.privacy import consent
from bot.replies import answer, answer_stale, edit_or_send, reply
from bot.safety.emergency import format_numbers, numbers_for, parse_numbers, stored_form
from bot.settings import Settings
from bot.texts import LANGUAGE_NAMES, texts_for
from bot.texts.catalog import Texts
from storage.dialogs import end_dialog, get_dialog, start_dialog
from storage.models import Dialog
from storage.snapshots import UserView
from storage.users import set_consent, set_emergency_number, set_language, set_subscribed_updates

EMERGENCY_FLOW = "emergency_number"


def _settings_view(user: UserView, settings: Settings) -> tuple[str, InlineKeyboardMarkup]:
    t = texts_for(user.language)
    text = t.SETTINGS.format(
        zone=html.escape(t.zone_city(user.timezone) if user.timezone else t.TIMEZONE_NOT_SET),
        language=LANGUAGE_NAMES.get(user.language, user.language),
        consent=t.CONSENT_STATE_GIVEN if user.has_consent else t.CONSENT_STATE_NONE,
        updates=t.SETTING_ON if user.subscribed_updates else t.SETTING_OFF,
    )
    numbers = numbers_for(user, settings)
    source = {
        "user": t.EMERGENCY_SOURCE_USER,
        "country": t.EMERGENCY_SOURCE_COUNTRY.format(country=html.escape(t.country(numbers.country or ""))),
        "fallback": t.EMERGENCY_SOURCE_FALLBACK,
    }[numbers.source]
    text += "\n" + t.SETTINGS_EMERGENCY.format(emergency=format_numbers(numbers, t)["emergency"], source=source)
    consent_button = (
        (t.BTN_WITHDRAW_CONSENT, callbacks.make("set", "consent", "off"))
        if user.has_consent
        else (t.BTN_GIVE_CONSENT, callbacks.make("set", "consent", "on"))
    )
    updates_button = (
        (t.BTN_UPDATES_OFF, callbacks.make("set", "updates", "off"))
        if user.subscribed_updates
        else (t.BTN_UPDATES_ON, callbacks.make("set", "updates", "on"))
    )
    keyboard = inline(
        [
            [
                (t.BTN_CHANGE_TIMEZONE, callbacks.make("set", "tz")),
                (t.BTN_LANGUAGE, callbacks.make("set", "lang")),
            ],
            [consent_button],
            [updates_button],
            [(t.BTN_EMERGENCY, callbacks.make("set", "sos"))],
            [(t.BTN_FACTORS, callbacks.make("fac", "menu"))],
        ]
    )
    return text, keyboard


async def settings_command(update: Update, context: BotContext) -> None:
    """Show the user's settings with buttons to change them."""
    text, keyboard = _settings_view((await read_user_state(update, context)).user, context.services.settings)
    await reply(update, text, keyboard)


def language_choice(t: Texts) -> tuple[str, InlineKeyboardMarkup]:
    """The language question with a button per language, each in its own words."""
    rows = [[(name, callbacks.make("set", "lang", code))] for code, name in LANGUAGE_NAMES.items()]
    return t.LANGUAGE_ASK, inline(rows)


async def language_command(update: Update, context: BotContext) -> None:
    """Offer the languages; a tap applies the choice at once."""
    t = texts_for((await read_user_state(update, context)).user.language)
    await reply(update, *language_choice(t))


async def change_setting(update: Update, context: BotContext) -> None:
    """Apply a settings button and show the updated settings in place."""
    parsed = callbacks.parse(update.callback_query.data if update.callback_query else None)
    if parsed is None:
        await answer_stale(update, context)
        return
    value = parsed.arg(0)
    if (parsed.action, value) in consent.STEPS:
        await consent.consent_step(update, context, parsed.action, value)
        return
    # Decide and write inside the transaction; talk to Telegram only after it commits.
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        notice: str | None = None
        if parsed.action == "tz":
            await start_dialog(session=session, user_id=user.id, flow=TIMEZONE, step="typing")
        elif parsed.action == "sos" and value == "":
            await start_dialog(session=session, user_id=user.id, flow=EMERGENCY_FLOW, step="typing")
        elif parsed.action == "sos" and value == "auto":
            await set_emergency_number(session=session, user_id=user.id, numbers=None)
            dialog = await get_dialog(session=session, user_id=user.id)
            if dialog is not None and dialog.flow == EMERGENCY_FLOW:
                await end_dialog(session=session, user_id=user.id)
        elif parsed.action == "lang" and value in LANGUAGE_NAMES:
            await set_language(session=session, user_id=user.id, language=value)
            # Everything from here on, this reply included, is in the new language.
            t = texts_for(value)
            notice = t.LANGUAGE_SET.format(language=LANGUAGE_NAMES[value])
        elif parsed.action == "consent" and value == "on":
            await set_consent(session=session, user_id=user.id, given=True)
            notice = t.CONSENT_GIVEN
        elif parsed.action == "updates" and value in {"on", "off"}:
            await set_subscribed_updates(session=session, user_id=user.id, subscribed=value == "on")
            notice = t.UPDATES_CHANGED.format(state=t.SETTING_ON if value == "on" else t.SETTING_OFF)
        elif parsed.action == "show":
            notice = None
        elif not (parsed.action == "lang" and not value):
            notice = None
            parsed = None
        view = UserView.of(user)
        text, keyboard = _settings_view(view, context.services.settings)
    if parsed is None:
        await answer_stale(update, context)
        return
    await answer(update)
    emergency = format_numbers(numbers_for(view, context.services.settings), t)
    if parsed.action == "tz":
        await ask_timezone(update, context, t)
    elif parsed.action == "sos" and value == "":
        auto = inline([[(t.BTN_EMERGENCY_AUTO, callbacks.make("set", "sos", "auto"))]])
        await reply(update, t.EMERGENCY_ASK.format(**emergency), auto)
    elif parsed.action == "sos":
        await edit_or_send(update, t.EMERGENCY_SET.format(**emergency))
    elif parsed.action == "lang" and not value:
        await reply(update, *language_choice(t))
    else:
        await edit_or_send(update, text, keyboard)
        if notice and parsed.action == "lang" and view.has_consent:
            # The reply keyboard's "Log headache" button is replaced by the one in the new language.
            await reply(update, notice, log_keyboard(t))
        elif notice:
            await reply(update, notice)
    if notice and parsed.action == "lang" and update.effective_user is not None:
        # After the reply: a slow or failed menu call neither delays it nor undoes the committed choice.
        await follow_chosen_language(
            context.bot, context.services, chat_id=update.effective_user.id, chosen=value,
            app_language_code=update.effective_user.language_code,
        )


async def typed_emergency_number(update: Update, context: BotContext, text: str, dialog: Dialog) -> None:
    """Store the emergency number the user typed, or say what a number looks like."""
    numbers = parse_numbers(text)
    async with user_transaction(update, context) as (session, user):
        t = texts_for(user.language)
        if numbers is not None:
            await set_emergency_number(session=session, user_id=user.id, numbers=stored_form(numbers))
            await end_dialog(session=session, user_id=user.id)
        view = UserView.of(user)
    if numbers is None:
        await reply(update, t.EMERGENCY_INVALID)
        return
    await reply(update, t.EMERGENCY_SET.format(**format_numbers(numbers_for(view, context.services.settings), t)))
