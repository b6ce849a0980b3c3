"""Finding lessons: /ask and plain questions, red flags first, deep links, the command menu and the sandbox."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import register_commands
from bot.sandbox import chat_loop
from bot.texts import en
from storage.db import transaction
from storage.models import SafetyEvent
from support.harness import BotHarness, make_settings
from support.lesson_helpers import URGENT, progress_rows

ALICE = 5001


async def test_ask_returns_the_best_lessons_as_buttons(bot: BotHarness) -> None:
    replies = await bot.send(ALICE, "/ask what is aura")

    assert len(replies) == 1
    assert replies[0].text == en.ASK_RESULTS
    assert replies[0].button_labels == ["📖 Aura", "📚 All lessons", URGENT]

    await bot.press(ALICE, "📖 Aura")
    assert bot.last_text(ALICE).startswith("📖 Aura · 1/4")


async def test_plain_text_question_is_searched_too(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    replies = await bot.send(ALICE, "can triptans help with my attacks?")

    assert replies[0].text == en.ASK_RESULTS
    lessons = [label for label in replies[0].button_labels if label.startswith("📖 ")]
    assert 1 <= len(lessons) <= 3 and lessons[0] == "📖 Triptans"


@pytest.mark.parametrize("text", ["/ask worst headache of my life", "worst headache of my life"])
async def test_red_flag_question_gets_urgent_care_before_anything_else(bot: BotHarness, text: str) -> None:
    replies = await bot.send(ALICE, text)

    assert len(replies) == 1
    assert "Please get urgent medical help now" in (replies[0].text or "")
    assert "112" in (replies[0].text or "")
    async with transaction(bot.services.sessions) as session:
        events = (await session.scalars(select(SafetyEvent))).all()
    assert [event.source for event in events] == ["ask" if text.startswith("/ask") else "free_text"]


async def test_question_without_a_matching_lesson_points_to_lessons(bot: BotHarness) -> None:
    replies = await bot.send(ALICE, "/ask xqzv wplk")

    assert "I couldn't find a lesson about that" in (replies[0].text or "") and "/lessons" in (replies[0].text or "")
    assert replies[0].button_labels == ["📚 All lessons", URGENT]


async def test_ask_without_a_question_explains_how(bot: BotHarness) -> None:
    replies = await bot.send(ALICE, "/ask")

    assert "/ask what is aura" in (replies[0].text or "")
    assert replies[0].button_labels == ["📚 All lessons", URGENT]


async def test_deep_link_opens_the_lesson_for_an_onboarded_user(bot: BotHarness) -> None:
    await bot.onboard(ALICE)

    replies = await bot.send(ALICE, "/start lesson_aura")

    assert len(replies) == 1
    assert (replies[0].text or "").startswith("📖 Aura · 1/4")
    assert "aura" in await progress_rows(bot, ALICE)


async def test_deep_link_with_a_hyphenated_id(bot: BotHarness) -> None:
    await bot.onboard(ALICE)

    replies = await bot.send(ALICE, "/start lesson_red-flags")

    assert (replies[0].text or "").startswith("📖 Red flags: when to get urgent help · 1/4")


async def test_deep_link_for_a_new_user_onboards_first_then_opens_the_lesson(bot: BotHarness) -> None:
    replies = await bot.send(ALICE, "/start lesson_aura")
    assert "Welcome to Migraine Companion" in (replies[0].text or "")

    await bot.press(ALICE, "Continue")
    await bot.press(ALICE, "No thanks")
    replies = await bot.press(ALICE, "London")

    texts = [message.text or "" for message in replies]
    assert "You're all set" in texts[0]
    assert texts[1].startswith("📖 Aura · 1/4")
    assert any("Time zone set to" in (m.text or "") for m in bot.fake.visible_messages(ALICE))


async def test_deep_link_to_an_unknown_lesson_shows_the_modules(bot: BotHarness) -> None:
    await bot.onboard(ALICE)

    replies = await bot.send(ALICE, "/start lesson_no-such-lesson")

    assert (replies[0].text or "").startswith(en.LESSON_NOT_FOUND)
    assert URGENT in replies[0].button_labels


async def test_lesson_commands_are_in_the_menu(bot: BotHarness) -> None:
    await register_commands(bot.app)

    everyone = [command["command"] for command in bot.fake.commands()]
    assert [name for name in everyone if name in {"lessons", "progress", "ask"}] == ["lessons", "progress", "ask"]
    help_text = (await bot.send(ALICE, "/help"))[0].text or ""
    assert "/lessons" in help_text and "/ask" in help_text and "/progress" in help_text


async def test_sandbox_reads_a_lesson_and_takes_its_quiz(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    # Search, open Aura, three times Next, key points, the quiz and the right answer. Buttons are pressed by
    # label: lesson links add buttons to some steps, and the answers are in this reader's shuffled order.
    script = iter(
        [
            "/ask what is aura",
            "📖 Aura",
            "Next ➡️",
            "Next ➡️",
            "Next ➡️",
            "Key points ➡️",
            "📝 Take the quiz",
            "Between 5 and 60 minutes",
            "/quit",
        ]
    )
    out = io.StringIO()

    def read(_prompt: str) -> str:
        entry = next(script)
        if entry.startswith("/"):
            return entry
        return re.findall(rf"\[(#\d+) {re.escape(entry)}\]", out.getvalue())[-1]

    settings = make_settings(f"sqlite+aiosqlite:///{tmp_path / 'sandbox.db'}")
    await chat_loop(settings, read=read, out=out, files_dir=tmp_path / "files")

    screen = out.getvalue()
    assert "[#1 📖 Aura]" in screen
    assert "📖 *Aura* · 1/4" in screen and "📖 *Aura* · 4/4" in screen  # bold, as the pipe shows it
    assert "📝 *Quiz* · Aura" in screen
    assert "✅ *Right.*" in screen and "Each aura symptom usually lasts from 5 minutes to an hour." in screen


@pytest.mark.parametrize(
    ("zone", "number", "crisis_line"),
    [
        ("Europe/Berlin", "112", "call 0800 111 0 111 (TelefonSeelsorge"),
        ("America/New_York", "911", "call or text 988 (988 Suicide & Crisis Lifeline)"),
        ("Asia/Kolkata", "112 or 108", "call 14416 (Tele-MANAS)"),
    ],
)
async def test_text_in_a_language_the_screen_does_not_read_still_gets_the_emergency_number(
    bot: BotHarness, zone: str, number: str, crisis_line: str
) -> None:
    # German: no lexicon reads it, and no lesson matches it. The answer still names the user's number and, where
    # one is known, the country's crisis line.
    await bot.onboard(ALICE, zone=zone)
    replies = await bot.send(ALICE, "plötzlich die stärksten Kopfschmerzen meines Lebens und mir ist übel")

    [answer] = replies
    text = answer.text or ""
    assert "I couldn't find a lesson about that" in text
    assert f"call {number}" in text and "harming yourself" in text
    assert crisis_line in text
    assert answer.button_labels == ["📚 All lessons", URGENT]


async def test_a_found_lesson_comes_without_the_emergency_line(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    replies = await bot.send(ALICE, "/ask what is aura")

    assert replies[0].text == en.ASK_RESULTS and "999" not in (replies[0].text or "")
