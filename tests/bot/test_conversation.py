"""Free text outside any flow: safety first, then an offer to log, chat with the main menu, bare times, search."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import intent_corpus
import intent_corpus_es
import intent_corpus_ru
import pytest
from diary_factory import clock, diary_harness
from sqlalchemy import func, select

from bot.fake_telegram import SentMessage
from bot.fake_telegram.formatting import parse_html
from bot.texts import en, texts_for
from storage.db import transaction
from storage.dialogs import get_dialog
from storage.models import SafetyEvent
from storage.users import set_language
from support.databases import Database
from support.harness import BotHarness

ALICE = 3001


def shown(html: str) -> str:
    """A text constant as the user sees it (Telegram HTML rendered)."""
    return parse_html(html)[0]


async def safety_events(bot: BotHarness) -> int:
    async with transaction(bot.services.sessions) as session:
        return int(await session.scalar(select(func.count()).select_from(SafetyEvent)) or 0)


def route_of(replies: list[SentMessage], safety_fired: bool, language: str = "en") -> str:
    """Where the bot routed a message, judged from what the user saw (and the safety event it recorded)."""
    if safety_fired:
        return "safety"
    t = texts_for(language)
    first = replies[0]
    text = first.text or ""
    if text.startswith(shown(t.POSSIBLE_INTRO)):
        return "check"  # the red-flag screen asks before it answers: no intent was read
    chat = {shown(t.CHAT_HELLO): "greeting", shown(t.CHAT_THANKS): "thanks", shown(t.CHAT_OK): "ack"}
    if text in chat:
        return chat[text]
    if t.BTN_LOG_IT in first.button_labels:
        return "log"
    if text.startswith(shown(t.MOMENT_WHAT_FOR.format(moment="|")).split("|")[0]):
        return "time"
    return "search"


@pytest.mark.parametrize(
    ("language", "routes", "smallest"),
    [("en", intent_corpus.ROUTES, 150), ("es", intent_corpus_es.ROUTES, 100), ("ru", intent_corpus_ru.ROUTES, 100)],
)
async def test_the_intent_corpus_is_routed_correctly_and_safety_always_wins(
    database: Database, language: str, routes: dict[str, list[str]], smallest: int
) -> None:
    async with diary_harness(database) as bot:
        await bot.onboard(ALICE)
        async with transaction(bot.services.sessions) as session:
            await set_language(session=session, user_id=ALICE, language=language)
        wrong: list[tuple[str, str, str]] = []
        per_route: Counter[str] = Counter()
        for expected, messages in routes.items():
            for message in messages:
                before = await safety_events(bot)
                replies = await bot.send(ALICE, message)
                got = route_of(replies, await safety_events(bot) > before, language)
                per_route[expected] += 1
                if got != expected:
                    wrong.append((expected, got, message))

    total = sum(per_route.values())
    assert total >= smallest and all(per_route[route] >= (15 if language == "en" else 8) for route in routes)
    # Every safety message is answered by the red-flag screen, always; its question counts as a miss all the same.
    assert [w for w in wrong if w[0] == "safety" and w[1] != "check"] == []
    assert (total - len(wrong)) / total >= 0.95, wrong


async def test_a_headache_now_is_offered_for_logging_with_one_tap(database: Database) -> None:
    async with diary_harness(database) as bot:
        await bot.onboard(ALICE)
        replies = await bot.send(ALICE, "I have a migraine right now")

        assert replies[0].text == shown(en.LOG_OFFER)
        assert replies[0].button_labels == [en.BTN_LOG_IT]
        opened = await bot.press(ALICE, en.BTN_LOG_IT)
        assert "When did this headache start?" in (opened[-1].text or "")


async def test_a_headache_question_gets_the_log_button_and_lessons(database: Database) -> None:
    async with diary_harness(database) as bot:
        await bot.onboard(ALICE)
        replies = await bot.send(ALICE, "I have a migraine, can triptans help?")

        assert replies[0].text == shown(en.LOG_OFFER_AND_LESSONS)
        labels = replies[0].button_labels
        assert labels[0] == en.BTN_LOG_IT and any(label.startswith("📖 ") for label in labels)


async def test_a_red_flag_beats_every_intent(database: Database) -> None:
    async with diary_harness(database) as bot:
        await bot.onboard(ALICE)
        replies = await bot.send(ALICE, "hi, my head is killing me, worst headache of my life")

        assert len(replies) == 1
        assert "112" in (replies[0].text or "") and en.BTN_LOG_IT not in replies[0].button_labels
        assert await safety_events(bot) == 1


async def test_hello_thanks_and_ok_get_a_friendly_reply_with_the_main_menu(database: Database) -> None:
    async with diary_harness(database) as bot:
        await bot.onboard(ALICE)
        menu = [en.BTN_MENU_LOG, en.BTN_MENU_DIARY, en.BTN_MENU_LESSONS, en.BTN_MENU_REMINDERS]
        for text, answer in (("hello", en.CHAT_HELLO), ("thanks!", en.CHAT_THANKS), ("ok", en.CHAT_OK)):
            replies = await bot.send(ALICE, text)
            assert replies[0].text == shown(answer) and replies[0].button_labels == menu
            assert "couldn't find a lesson" not in (replies[0].text or "")

        lessons = await bot.press(ALICE, en.BTN_MENU_LESSONS)
        assert "Lessons" in (lessons[-1].text or "")
        reminders = await bot.press(ALICE, en.BTN_MENU_REMINDERS)
        assert "Your reminders" in (reminders[-1].text or "")


async def test_a_bare_time_asks_what_it_is_for_and_can_start_a_log_at_that_time(database: Database) -> None:
    async with diary_harness(database) as bot:  # Saturday 21 November 2026, 12:00 in London
        await bot.onboard(ALICE)
        replies = await bot.send(ALICE, "9:15")

        assert replies[0].text == shown(en.MOMENT_WHAT_FOR.format(moment="today 09:15"))
        assert replies[0].button_labels == [en.BTN_MOMENT_HEADACHE, en.BTN_MOMENT_REMINDER, en.BTN_MOMENT_NEVER_MIND]
        await bot.press(ALICE, en.BTN_MOMENT_HEADACHE)
        assert "How bad is it at its worst?" in bot.last_text(ALICE)
        async with transaction(bot.services.sessions) as session:
            dialog = await get_dialog(session=session, user_id=ALICE)
        assert dialog is not None and dialog.step == "intensity"
        assert datetime.fromisoformat(dialog.data["started_at"]) == datetime(2026, 11, 21, 9, 15, tzinfo=UTC)


async def test_a_future_time_offers_a_reminder_but_no_headache(database: Database) -> None:
    async with diary_harness(database) as bot:
        await bot.onboard(ALICE)
        replies = await bot.send(ALICE, "tomorrow 9am")

        assert replies[0].button_labels == [en.BTN_MOMENT_REMINDER, en.BTN_MOMENT_NEVER_MIND]
        await bot.press(ALICE, en.BTN_MOMENT_NEVER_MIND)
        assert bot.last_text(ALICE) == shown(en.CHAT_OK)


async def test_a_forged_log_time_in_the_future_is_refused_by_the_diary(database: Database) -> None:
    async with diary_harness(database) as bot:
        await bot.onboard(ALICE)
        await bot.send(ALICE, "9:15")
        message = bot.fake.last_message(ALICE)
        future = int(clock(bot).now().timestamp()) // 60 + 600
        await bot.press_data(ALICE, message.message_id, f"go:at:{future}", check_button=False)

        assert "still to come" in bot.last_text(ALICE)
        await bot.press_data(ALICE, message.message_id, "go:at:99999999999999999", check_button=False)
        assert bot.callback_answers()[-1] == en.STALE_BUTTON


async def test_a_headache_question_about_someone_else_is_searched(database: Database) -> None:
    async with diary_harness(database) as bot:
        await bot.onboard(ALICE)
        replies = await bot.send(ALICE, "my mum gets migraines, is it genetic?")

        assert en.BTN_LOG_IT not in replies[0].button_labels
        assert replies[0].text in {shown(en.ASK_RESULTS), shown(en.ASK_NOTHING)}

