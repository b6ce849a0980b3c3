"""Every screen in every language: a patient and an operator walk the whole bot in Spanish and Russian.

Each walk records everything the bot says (messages, edits, captions, buttons, button answers, the
PDF's and chart's words) and fails on any English: a text that fell back to the English catalog
(bot.texts.catalog.FALLBACKS), a fragment of an English interface text, or common English words.
The same walk in English checks that the walk itself reaches every screen.
"""

from __future__ import annotations

import json
import re
import shutil
import string
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from bot.catalog_holder import CONTENT_ROOT_KEY
from bot.context import BotContext
from bot.diary.stats_text import period_header
from bot.reports.wording import chart_labels
from bot.safety.dialog import ask_first_question
from bot.safety.screen import send_crisis_support, send_urgent_care
from bot.texts import LANGUAGE_NAMES, texts_for
from bot.texts.catalog import FALLBACKS, Texts, template_messages
from bot.texts.plural import Plural
from content import default_root
from content.redflags import Tier
from scheduler.clock import ManualClock
from support.databases import Database
from support.harness import BotHarness, make_settings, running_bot
from support.scheduling import bot_tick

PATIENT = 7001
OPERATOR = 999
# Saturday 21 November 2026, 12:00 UTC: 13:00 in Madrid, 15:00 in Moscow.
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
ZONES = {"en": "Europe/London", "es": "Europe/Madrid", "ru": "Europe/Moscow"}
MEDICINE = {"en": "Ibuprofen", "es": "Ibuprofeno", "ru": "Ибупрофен"}
ENGLISH_WORDS = re.compile(r"\b(the|you|your|please|tap|with|today|yesterday|headache|lesson|reminder)\b", re.I)
# A date written the English way ("Sat 28 Nov", "28 Nov"): case matters, Spanish writes "sáb, 28 nov".
ENGLISH_DATES = re.compile(
    r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d|\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b"
)

# A date in CLDR's list form inside a sentence, weekday then comma: "el sáb, 28 nov a las 14:00", "до сб, 28 нояб.".
LIST_DATES = re.compile(r"\b(lun|mar|mié|jue|vie|sáb|dom|пн|вт|ср|чт|пт|сб|вс), \d", re.I)
# "de" left out between a Spanish day and month ("28 nov"), or a stand-alone Russian abbreviation ("28 нояб.")
# outside a table: both languages write the month out in a sentence.
SHORT_MONTHS = re.compile(
    r"\b\d{1,2} (ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic|янв|февр|мар|апр|июн|июл|авг|сент|окт|нояб|дек)\b"
)

# A full stop doubled by a CLDR abbreviation before the sentence's own ("до чт, 10 дек.. Нажмите").
DOUBLED_DOT = re.compile(r"\w\.\.(?!\.)")
# A relative day word after a preposition that needs a noun: "с сегодня в 02:03", "между завтра и через год",
# "desde hoy a las 02:03" (Spanish "desde hoy" means "from today on"). "До завтра" and "hasta mañana" are natural.
RELATIVE_DAY_AFTER = re.compile(
    r"(?<!\w)(с|со|от|после|между|к|до(?= сегодня| вчера)|desde)\s+(сегодня|вчера|завтра|hoy|ayer)(?!\w)", re.I
)


class Walk:
    """One user of one language: sends and taps with that language's labels, and keeps every word shown."""

    def __init__(self, bot: BotHarness, user_id: int, language: str) -> None:
        self.bot, self.user_id, self.language = bot, user_id, language
        self.t: Texts = texts_for(language)

    async def send(self, text: str) -> None:
        """Send a message from a Telegram app set to this language."""
        await self.bot.feed(self.bot.fake.user_sends(self.user_id, text, language_code=self.language))

    async def tap(self, label: str) -> None:
        """Tap the newest button whose label contains `label` (in any case)."""
        for message in reversed(self.bot.fake.visible_messages(self.user_id)):
            for shown in message.button_labels:
                if label.casefold() in shown.casefold():
                    await self.bot.press(self.user_id, shown)
                    return
        raise AssertionError(f"{self.language}: no button with {label!r}; have {self.bot.buttons(self.user_id)}")

    async def tap_if_shown(self, label: str) -> None:
        """Tap a button when the screen has one (some choices return to the menu by themselves)."""
        if any(label in shown for shown in self.bot.buttons(self.user_id)):
            await self.tap(label)

    async def context(self) -> tuple[Update, BotContext]:
        """An update from this user, and the context a handler would get for it."""
        sent = self.bot.fake.user_sends(self.user_id, "…", language_code=self.language)
        update = Update.de_json(sent, self.bot.app.bot)
        return update, BotContext.from_update(update, self.bot.app)


def shown_texts(bot: BotHarness) -> list[str]:
    """Every text the bot sent, edited in, or showed on a button or a button's answer."""
    texts: list[str] = []
    for call in bot.fake.calls():
        params: dict[str, Any] = call.params
        texts += [str(params[key]) for key in ("text", "caption") if params.get(key)]
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        if isinstance(markup, dict):
            for row in markup.get("inline_keyboard", []) + markup.get("keyboard", []):
                texts += [str(button["text"]) if isinstance(button, dict) else str(button) for button in row]
    return texts


def english_fragments(language: str) -> list[str]:
    """The literal parts (12+ characters) of English texts whose translation reads differently."""
    t = texts_for(language)
    fragments: set[str] = set()
    for message in template_messages():
        english = message.english
        forms = [english.one, english.other] if isinstance(english, Plural) else [english]
        for form in forms:
            for literal, *_ in string.Formatter().parse(form):
                for part in re.split(r"<[^>]+>|\n", literal):
                    if len(part.strip()) >= 12:
                        fragments.add(part.strip())
    translated = "\n".join(str(value) for value in _all_values(t))
    return sorted(fragment for fragment in fragments if fragment not in translated)


def _all_values(t: Texts) -> list[Any]:
    values: list[Any] = []
    for name in t._values:
        value = getattr(t, name)
        stack = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                stack.extend(item.values())
            elif isinstance(item, tuple | list):
                stack.extend(item)
            elif callable(item):
                values += [item(n) for n in (1, 2, 5)]
            else:
                values.append(item)
    return values


def without_sources(text: str, t: Texts) -> str:
    """Drop the lesson footer lines that name English-language sources (journal and society names)."""
    prefix = t.FOOTER_SOURCES.split("{")[0]
    return "\n".join(line for line in text.splitlines() if prefix not in line)


async def walk_patient(bot: BotHarness, walk: Walk) -> None:
    """Onboarding, settings, privacy, the diary with its red-flag screen, stats, report, MIDAS, lessons, reminders."""
    t = walk.t
    await walk.send("/start")
    await walk.tap(t.CONTINUE)
    await walk.tap(t.CONSENT_YES)
    await choose_zone(walk)
    for command in ("/help", "/privacy", "/language", "/settings"):
        await walk.send(command)
    await walk.tap(t.BTN_LANGUAGE)
    await walk.tap(LANGUAGE_NAMES[walk.language])
    await walk.tap(t.BTN_EMERGENCY)
    await walk.send("abc")
    await walk.tap(t.BTN_EMERGENCY_AUTO)
    await walk.send("/settings")
    await walk.tap(t.BTN_UPDATES_ON)
    await walk.send("/export")
    await walk.send("/delete")
    await walk.tap(t.BTN_CANCEL)
    await walk.send("/nonsense")

    # The diary: a first attack gets the red-flag screen; one sign there sends urgent care first.
    await walk.send(t.LOG_BUTTON)
    await walk.tap(t.BTN_NOW)
    await walk.tap(t.BTN_SEVERE)
    await walk.tap(t.TRIAGE_QUESTIONS["thunderclap"])
    await walk.tap(t.BTN_TRIAGE_DONE)
    await walk.tap(t.BTN_ADD_DETAILS)
    for menu, choice in (
        (t.BTN_SYMPTOMS, t.SYMPTOMS["nausea"]),
        (t.BTN_TRIGGERS, t.TRIGGERS["stress"]),
        (t.BTN_PHASES, t.PHASES["prodrome"]),
        (t.BTN_IMPACT, t.IMPACTS["limited"]),
    ):
        await walk.tap(menu)
        await walk.tap(choice)
        await walk.tap_if_shown(t.BTN_DIARY_BACK)
    await walk.tap(t.BTN_NOTE)
    await walk.send("…")
    await walk.tap(t.BTN_MEDICINE)
    await walk.tap(t.BTN_ADD_MEDICINE)
    await walk.send(MEDICINE[walk.language])
    await walk.tap_if_shown(t.BTN_MEDICINE_CHOOSE_KIND)  # the medicine dictionary recognised it
    await walk.tap(t.MED_CLASSES["simple_analgesic"])
    await walk.tap_if_shown(t.BTN_NOW)  # when it was taken (the attack goes on)
    await walk.tap(t.BTN_BACK_TO_ENTRY)
    await walk.send(t.LOG_BUTTON)  # while it goes on: "a headache logged since today 13:00" and its buttons
    await walk.tap(t.BTN_LOG_ANOTHER)
    await walk.tap(t.BTN_NOW)  # inside the one going on: is it the same headache?
    await walk.tap(t.BTN_SAME_HEADACHE)
    await walk.tap(t.BTN_ENDED)
    await walk.tap(t.BTN_JUST_NOW)
    await walk.send("/diary")
    await walk.tap("/10")
    await walk.tap(t.BTN_DIARY_DELETE)
    await walk.tap(t.BTN_DIARY_KEEP)
    for command in ("/stats", "/stats 90", "/stats year", "/stats 2026-10", "/stats nonsense", "/report", "/midas"):
        await walk.send(command)
    for answer in ("1", "2", "0", "1", "3", "5", "6"):
        await walk.send(answer)

    # Lessons: the menu, a whole lesson with its quiz, progress and search.
    await walk.send("/lessons")
    await walk.tap(t.BTN_START_FIRST.split(" ", 1)[1])
    for _ in range(12):
        labels = bot.buttons(walk.user_id)
        if any(t.BTN_QUIZ in label for label in labels):
            break
        await walk.tap(t.BTN_KEY_POINTS if any(t.BTN_KEY_POINTS in label for label in labels) else t.BTN_NEXT)
    await walk.tap(t.BTN_QUIZ)
    quiz = bot.fake.last_message(walk.user_id)
    await bot.press(walk.user_id, quiz.button_labels[0])
    await walk.send("/progress")
    await walk.send("/ask migraine")

    # Reminders: a refused time, then the check-in, a medicine, the drip, quiet hours and a pause.
    await walk.send("/reminders")
    await walk.tap(t.BTN_REM_CHECKIN_TIME)
    await walk.send("25:00")
    await walk.send("20:00")
    await walk.send("/reminders")
    await walk.tap(t.BTN_REM_MED_ADD)
    await walk.tap(MEDICINE[walk.language])
    await walk.send(f"{NOW.astimezone(bot_zone(walk)).hour + 2}:00")
    await walk.tap(t.BTN_DAYS_SAVE)
    await walk.send("/reminders")
    await walk.tap(t.BTN_REM_DRIP)
    await walk.tap(t.DRIP_CHOICES[1])
    await walk.send("/reminders")
    await walk.tap(t.BTN_REM_QUIET)
    await walk.send("23:00")
    await walk.send("7:00")
    await walk.send("/reminders")
    await walk.tap(t.BTN_REM_PAUSE)
    await walk.tap(t.BTN_PAUSE_UNTIL_DATE)
    await walk.send("abc")  # not a day between tomorrow and a year from now
    await walk.send("/cancel")
    await walk.tap(t.PAUSE_FOR_DAYS[1])
    await walk.tap(t.BTN_REM_RESUME)

    # What the scheduler sends: the medicine reminder with its snooze, then the daily check-in.
    local_now = NOW.astimezone(bot_zone(walk))
    dose = local_now.replace(hour=local_now.hour + 2, minute=0).astimezone(UTC)
    checkin = local_now.replace(hour=20, minute=0).astimezone(UTC)
    await bot_tick(bot, dose - timedelta(minutes=1))
    await bot_tick(bot, dose + timedelta(minutes=1))
    await walk.tap(t.BTN_MED_SNOOZE_15)
    await bot_tick(bot, dose + timedelta(minutes=17))
    await walk.tap(t.BTN_MED_TAKEN)
    await bot_tick(bot, checkin + timedelta(minutes=1))
    await walk.tap(t.BTN_NO_HEADACHE)

    # The safety net's other screens: crisis support, a doctor today, and the follow-up questions with
    # what follows "no" to each: the usual all-clear, the pregnancy one, and the crisis question's.
    update, context = await walk.context()
    await send_crisis_support(update, context, overdose=True)
    await send_urgent_care(update, context, tier=Tier.SAME_DAY)
    for code, count in (("sudden_headache", 3), ("pregnancy_headache", 3), ("model_crisis", 1)):
        await ask_first_question(update, context, code=code, text="…", source="chat", later=False)
        for _ in range(count):
            await walk.tap(t.BTN_NO)


async def choose_zone(walk: Walk) -> None:
    """Pick the zone's button, or type its city when it is not among the common zones (Moscow)."""
    city = walk.t.zone_city(ZONES[walk.language])
    if any(city in label for label in walk.bot.buttons(walk.user_id)):
        await walk.tap(city)
        return
    await walk.tap(walk.t.TIMEZONE_OTHER)
    await walk.send(city)
    await walk.tap_if_shown(city)


def bot_zone(walk: Walk) -> Any:
    """The walker's time zone."""
    from zoneinfo import ZoneInfo

    return ZoneInfo(ZONES[walk.language])


async def walk_operator(bot: BotHarness, walk: Walk) -> None:
    """An operator composes, schedules and lists broadcasts, and reloads the lessons."""
    t = walk.t
    await walk.send("/start")
    await walk.tap(t.CONTINUE)
    await walk.tap(t.CONSENT_NO)
    await choose_zone(walk)
    await walk.send("/help")
    await walk.send("/broadcast")
    await walk.send("📣")
    await walk.tap(t.BC_BTN_AUDIENCE_RECENT)
    await walk.tap("30")
    await walk.tap(t.BC_BTN_SEND_NOW)
    await walk.tap(t.BC_BTN_IGNORE_QUIET)
    await walk.tap(t.BC_BTN_CONFIRM)
    await walk.send("/broadcasts")
    await walk.tap("📣 #1")
    await walk.tap(t.BC_BTN_PAUSE)
    await walk.tap(t.BC_BTN_CANCEL)
    await walk.tap(t.BC_BTN_CANCEL_NO)
    await walk.tap(t.BC_BTN_CANCEL)
    await walk.tap(t.BC_BTN_CANCEL_YES)
    await walk.send("/broadcast")
    await walk.send("📣")
    await walk.tap(t.BC_BTN_AUDIENCE_LANGUAGE)
    await walk.tap(LANGUAGE_NAMES["en" if walk.language != "en" else "es"])  # nobody: the other audiences
    await walk.tap(t.BC_BTN_AUDIENCE_REMINDER)
    await walk.tap(t.BC_REMINDER_KINDS["checkin"])
    await walk.tap(t.BC_BTN_DISCARD)
    await walk.send("/reload")


async def walk_reload(bot: BotHarness, walk: Walk, root: Path) -> None:
    """The operator reloads a broken lesson (the validator's report), then one changed only in Spanish."""
    shutil.copytree(default_root(), root)
    bot.services.extras[CONTENT_ROOT_KEY] = root
    aura = root / "es" / "aura.md"
    original = aura.read_text(encoding="utf-8")
    aura.write_text(original.replace("\ntitle: El aura\n", "\ntitel: El aura\n", 1), encoding="utf-8")
    await walk.send("/reload")
    aura.write_text(original.replace("\ntitle: El aura\n", "\ntitle: El aura de nuevo\n", 1), encoding="utf-8")
    await walk.send("/reload")
    await walk.tap(walk.t.BTN_ANNOUNCE)


@pytest.mark.parametrize("language", ["es", "ru", "en"])
async def test_every_screen_speaks_the_users_language(database: Database, language: str, tmp_path: Path) -> None:
    FALLBACKS.clear()
    chart_labels.cache_clear()  # kept texts would not be read again, and their fallbacks not seen
    period_header.cache_clear()
    settings = make_settings(database.url)
    async with running_bot(settings, search_path=database.search_path, clock=ManualClock(NOW)) as bot:
        patient, operator = Walk(bot, PATIENT, language), Walk(bot, OPERATOR, language)
        await walk_patient(bot, patient)
        await walk_operator(bot, operator)
        await walk_reload(bot, operator, tmp_path / "lessons")
        shown = shown_texts(bot)

    assert len(shown) > 150  # the walk reached the screens
    t = texts_for(language)
    urgent_first_line = t.URGENT.split("\n")[0]
    assert any(urgent_first_line in text for text in shown), "the red-flag screen sent urgent care"
    assert any(t.REMINDER_MEDICATION.split("{")[0] in text for text in shown), "the medicine reminder came"
    assert any(t.ONGOING_EXISTS.split("{")[0] in text for text in shown), "the headache still going on was shown"
    assert any(t.OVERLAP_ASK_ONGOING.split("{")[0] in text for text in shown), "the overlap question was asked"
    assert t.REM_PAUSE_DATE_BAD.split("<")[0] in "\n".join(shown), "the refused pause date was answered"
    for after_no in (t.POSSIBLE_CLEARED, t.POSSIBLE_CLEARED_PREGNANCY, t.CRISIS_ANSWERED_NO):
        assert any(after_no.split("{")[0] in text for text in shown), "every answer after the last 'no' was seen"
    if language == "en":
        return
    assert sorted(name for lang, name in FALLBACKS if lang == language) == []
    leaks = {fragment for fragment in english_fragments(language) for text in shown if fragment in text}
    assert leaks == set()
    words = {
        (m.group(0), text[:80])
        for text in shown
        for pattern in (ENGLISH_WORDS, ENGLISH_DATES, LIST_DATES, SHORT_MONTHS, DOUBLED_DOT, RELATIVE_DAY_AFTER)
        for m in pattern.finditer(without_sources(text, t))
    }
    assert words == set()
    assert chart_labels(t).no_entry == t.CHART_LABELS["no_entry"]
