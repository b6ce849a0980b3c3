"""The red-flag and crisis screen that runs before any other reply to free text and diary answers.

Three outcomes (content/redflags): urgent care now or the same day, the crisis path, or a partial sign
that gets follow-up questions (bot/safety/questions.py). Every reply names the user's own
emergency number (bot/safety/emergency.py). A safety event records the codes, never the words.
"""

from __future__ import annotations

from collections.abc import Iterable

from telegram import Update

from bot.access import read_user_state
from bot.context import BotContext
from bot.replies import reply
from bot.safety.dialog import ask_first_question, asks_about_crisis, close_pending
from bot.safety.emergency import EmergencyNumbers, format_numbers, numbers_for
from bot.texts import texts_for
from bot.texts.catalog import Texts
from content.emergency import CrisisLine
from content.redflags import Outcome, Screening, Tier, crisis_beside, screen
from storage.audit import record_safety_event
from storage.db import transaction
from storage.users import touch_user


async def user_numbers(update: Update, context: BotContext) -> tuple[Texts, EmergencyNumbers]:
    """The sender's text catalog and emergency numbers."""
    user = (await read_user_state(update, context)).user if update.effective_user else None
    return texts_for(user.language if user else None), numbers_for(user, context.services.settings)


async def send_urgent_care(update: Update, context: BotContext, *, tier: Tier = Tier.EMERGENCY) -> None:
    """Send the urgent-care message of a tier (emergency now, or a doctor today) with the user's number."""
    t, numbers = await user_numbers(update, context)
    template = t.URGENT if tier is Tier.EMERGENCY else t.URGENT_SAME_DAY
    await reply(update, template.format(**format_numbers(numbers, t)))


def crisis_lines(t: Texts, numbers: EmergencyNumbers) -> dict[str, str]:
    """The `{line}` and `{young_line}` of the crisis texts: the country's crisis line in one of them."""
    line = numbers.crisis_line
    if line is None:
        return {"line": "", "young_line": ""}
    if line.audience == "young":
        young: str = t.CRISIS_LINE_YOUNG.format(number=line.number, name=line.name)
        return {"line": "", "young_line": with_language_note(t, line, young)}
    text: str = t.CRISIS_LINE.format(number=line.number, name=line.name, text=t.CRISIS_LINE_TEXT if line.text else "")
    return {"line": with_language_note(t, line, text), "young_line": ""}


def with_language_note(t: Texts, line: CrisisLine, text: str) -> str:
    """A crisis line's text, with the languages it answers in when the user's own is not among them.

    Someone who reads Russian in Spain should not find out on the phone that 024 answers in Spanish; the
    note names only the languages the line is known to answer in, never a guess at the user's own.
    """
    if t.language in line.languages:
        return text
    names = [str(t.locale.languages.get(code, code)) for code in line.languages]
    note = t.CRISIS_LINE_LANGUAGE.format(languages=t.join(names))
    return f"{text.rstrip()} {note}\n\n"


def crisis_answered_no(t: Texts, numbers: EmergencyNumbers) -> str:
    """After the crisis question without a "yes": not an all-clear, the crisis numbers and lines again."""
    text: str = t.CRISIS_ANSWERED_NO.format(
        **format_numbers(numbers, t), **crisis_lines(t, numbers), directory=numbers.directory
    )
    return text.rstrip()


async def send_crisis_support(update: Update, context: BotContext, *, overdose: bool = False) -> None:
    """Send the crisis message: the emergency number first, the country's crisis line, a directory."""
    t, numbers = await user_numbers(update, context)
    text = t.CRISIS.format(
        **format_numbers(numbers, t),
        **crisis_lines(t, numbers),
        overdose=t.CRISIS_OVERDOSE if overdose else "",
        directory=numbers.directory,
    )
    await reply(update, text)


async def record_event(update: Update, context: BotContext, *, source: str, codes: Iterable[str]) -> None:
    """Record that a check fired, with its codes and never the text."""
    user = update.effective_user
    if user is None:
        return
    async with transaction(context.services.sessions) as session:
        await touch_user(session=session, user_id=user.id)
        await record_safety_event(session=session, user_id=user.id, source=source, codes=list(codes))


async def screen_red_flags(
    update: Update, context: BotContext, text: str, *, source: str, answer_later: bool = True
) -> bool:
    """Screen text; answer an emergency or a crisis at once, or ask about a partial sign.

    A follow-up question still open from earlier words is closed first. Returns True when the caller must
    not give its normal answer now: after urgent care or crisis support, and after a follow-up question
    (which gives the normal answer itself once it is resolved, when `answer_later` is set; a diary note
    is kept by its flow whatever the answer).
    """
    state = await read_user_state(update, context) if update.effective_user else None
    closed = None
    if state is not None and state.dialog_flow is not None:
        # New words make an open follow-up question old: its "no" would answer another moment.
        closed = await close_pending(update, context)
    language = state.user.language if state is not None else "en"
    result = screen(text, language)
    # Words typed in reply to the crisis question that are not a plain yes or no ("sometimes", "not sure", "no but
    # I'm so tired") never close it silently. A hedge to "are you having thoughts of ending your life?" is heard as
    # the beginning of a yes (safe-messaging practice: ask directly, take any opening seriously): the whole crisis
    # message, not the words for a "no", and no lesson.
    answered_crisis_question = (
        closed is not None
        and asks_about_crisis(closed.code)
        and closed.current(closed.token, closed.step, context.services.clock.now())
        and result.outcome in (Outcome.NONE, Outcome.POSSIBLE)
    )
    if answered_crisis_question:
        await send_crisis_support(update, context)
    if result.outcome is Outcome.NONE:
        return answered_crisis_question
    if result.outcome is Outcome.POSSIBLE and result.possible is not None:
        await ask_first_question(update, context, code=result.possible, text=text, source=source, later=answer_later)
        return answer_later
    await answer_at_once(update, context, result, source=source, text=text, language=language)
    return True


async def answer_at_once(
    update: Update, context: BotContext, result: Screening, *, source: str, text: str, language: str
) -> None:
    """Urgent care or crisis support first, then the safety event (its failure must not hide the reply).

    The urgent message goes before the second opinion is asked whether a crisis stands beside the emergency
    (crisis_beside); when it does, the crisis support follows it.
    """
    if result.outcome is Outcome.CRISIS:
        await send_crisis_support(update, context, overdose="overdose" in result.codes)
    else:
        await send_urgent_care(update, context, tier=result.tier or Tier.EMERGENCY)
        beside = crisis_beside(result, text, language)
        if beside.outcome is Outcome.CRISIS:
            await send_crisis_support(update, context, overdose=False)
            result = beside
    await record_event(update, context, source=source, codes=result.codes)
