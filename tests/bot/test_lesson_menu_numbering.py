"""The lesson menus keep every button in its place when "Continue where I left off" appears."""

from __future__ import annotations

from bot.texts import en
from support.harness import BotHarness

ALICE = 4201


async def test_module_buttons_keep_their_places_once_continue_appears(bot: BotHarness) -> None:
    before = (await bot.send(ALICE, "/lessons"))[0].button_labels
    assert before[0] == en.BTN_START_FIRST

    await bot.press(ALICE, en.BTN_START_FIRST)
    assert bot.last_text(ALICE).startswith("📖 ")
    after = (await bot.send(ALICE, "/lessons"))[0].button_labels

    assert after[0] == en.BTN_CONTINUE
    assert len(after) == len(before)
    # Every module keeps its index (the sandbox's number); only the counts read may change.
    assert [label.split(" · ")[0] for label in after[1:]] == [label.split(" · ")[0] for label in before[1:]]


async def test_progress_buttons_keep_their_places_too(bot: BotHarness) -> None:
    before = (await bot.send(ALICE, "/progress"))[0].button_labels
    await bot.press(ALICE, en.BTN_START_FIRST)
    after = (await bot.send(ALICE, "/progress"))[0].button_labels

    assert before[0] == en.BTN_START_FIRST and after[0] == en.BTN_CONTINUE
    assert before[1:] == after[1:]
