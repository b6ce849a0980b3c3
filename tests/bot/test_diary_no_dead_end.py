"""Nobody is stuck in a dialog: text typed at a step of buttons gets its normal answer, and /cancel ends any flow.

Found in the sandbox: a Russian user typed a medicine's name, went « Back twice to the attack's summary,
and every question after that got "use the buttons above or tap Cancel", with no Cancel on screen and no
/cancel command.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from diary_factory import ALICE, attacks, diary_harness, medicines

from bot.app import register_commands
from bot.texts import LANGUAGES, texts_for
from storage.db import transaction
from storage.dialogs import get_dialog
from storage.models import Dialog
from storage.users import set_language
from support.databases import Database
from support.harness import BotHarness

RU = texts_for("ru")
EN = texts_for("en")
QUESTION = "болит с одной стороны уже полдня, это мигрень?"
URGENT = "у мамы перекосило рот и рука не слушается"


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    async with diary_harness(database) as harness:
        yield harness


async def dialog_of(bot: BotHarness, user_id: int = ALICE) -> Dialog | None:
    async with transaction(bot.services.sessions) as session:
        return await get_dialog(session=session, user_id=user_id)


async def russian_typed_ibuprofen(bot: BotHarness) -> None:
    """/log, Now, a level, a dose of a medicine typed by name: the dictionary's suggestion is on screen."""
    await bot.onboard(ALICE)
    async with transaction(bot.services.sessions) as session:
        await set_language(session=session, user_id=ALICE, language="ru")
    await bot.send(ALICE, "/log")
    await bot.press(ALICE, RU.BTN_NOW)
    await bot.press(ALICE, RU.BTN_MODERATE)
    await bot.press(ALICE, RU.BTN_NONE_OF_THESE)  # the first attack passes the red-flag questions
    await bot.press(ALICE, RU.BTN_TOOK_MEDICINE)
    await bot.press(ALICE, RU.BTN_ADD_MEDICINE)
    await bot.send(ALICE, "ибупрофен")


async def test_free_text_after_going_back_from_a_typed_medicine_gets_a_normal_reply(bot: BotHarness) -> None:
    await russian_typed_ibuprofen(bot)
    await bot.press(ALICE, RU.BTN_DIARY_BACK)  # to the medicine list
    await bot.press(ALICE, RU.BTN_DIARY_BACK)  # to the attack's summary
    assert RU.BTN_ENDED in bot.fake.last_message(ALICE).button_labels

    answer = await bot.send(ALICE, QUESTION)

    said = " ".join(m.text or "" for m in answer)
    assert answer and RU.USE_BUTTONS not in said and "«Отмена»" not in said
    # The summary's buttons still work: the attack can be ended.
    await bot.press(ALICE, RU.BTN_ENDED)
    await bot.press(ALICE, RU.BTN_JUST_NOW)
    [attack] = await attacks(bot)
    assert attack.ended_at is not None


async def test_an_urgent_message_there_gets_the_safety_screen_and_nothing_else(bot: BotHarness) -> None:
    await russian_typed_ibuprofen(bot)
    await bot.press(ALICE, RU.BTN_DIARY_BACK)
    await bot.press(ALICE, RU.BTN_DIARY_BACK)

    answer = await bot.send(ALICE, URGENT)

    assert len(answer) == 1 and "999" in (answer[0].text or "")  # London's number
    assert RU.USE_BUTTONS not in (answer[0].text or "")


async def test_the_suggested_kind_still_works_after_a_question_typed_over_it(bot: BotHarness) -> None:
    await russian_typed_ibuprofen(bot)
    # The dictionary knows the Russian name: its kind is offered, and choosing it myself too.
    assert RU.BTN_MEDICINE_CHOOSE_KIND in bot.fake.last_message(ALICE).button_labels

    answer = await bot.send(ALICE, QUESTION)
    assert answer and RU.USE_BUTTONS not in " ".join(m.text or "" for m in answer)
    await bot.press(ALICE, RU.BTN_MEDICINE_CHOOSE_KIND)
    await bot.press(ALICE, RU.MED_CLASSES["simple_analgesic"])

    [medicine] = await medicines(bot)
    assert (medicine.name, medicine.med_class) == ("ибупрофен", "simple_analgesic")


async def test_text_typed_after_leaving_the_note_question_is_not_saved_as_the_note(bot: BotHarness) -> None:
    await russian_typed_ibuprofen(bot)
    await bot.press(ALICE, RU.BTN_DIARY_BACK)
    await bot.press(ALICE, RU.BTN_DIARY_BACK)
    await bot.press(ALICE, RU.BTN_ADD_DETAILS)
    await bot.press(ALICE, RU.BTN_NOTE)
    await bot.press(ALICE, RU.BTN_DIARY_BACK)  # changed their mind: back to the details menu

    answer = await bot.send(ALICE, QUESTION)

    assert answer and RU.NOTE_SAVED not in " ".join(m.text or "" for m in answer)
    [attack] = await attacks(bot)
    assert not attack.notes
    assert await dialog_of(bot) is None


async def test_cancel_ends_a_diary_dialog_in_the_users_language(bot: BotHarness) -> None:
    await russian_typed_ibuprofen(bot)
    assert await dialog_of(bot) is not None

    answer = await bot.send(ALICE, "/cancel")

    assert [m.text for m in answer] == [RU.CANCEL_DONE]
    assert await dialog_of(bot) is None
    assert await medicines(bot) == []


async def test_cancel_ends_the_log_flow_and_an_unrelated_settings_flow(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, "/log")
    assert (await dialog_of(bot)) is not None
    assert [m.text for m in await bot.send(ALICE, "/cancel")] == [EN.CANCEL_DONE]
    assert await dialog_of(bot) is None

    await bot.send(ALICE, "/settings")
    await bot.press(ALICE, EN.BTN_CHANGE_TIMEZONE)
    opened = await dialog_of(bot)
    assert opened is not None and opened.flow == "timezone"
    assert [m.text for m in await bot.send(ALICE, "/cancel")] == [EN.CANCEL_DONE]
    assert await dialog_of(bot) is None


async def test_cancel_with_nothing_open_says_so(bot: BotHarness) -> None:
    await bot.onboard(ALICE)

    answer = await bot.send(ALICE, "/cancel")

    assert [m.text for m in answer] == [EN.CANCEL_NOTHING]


async def test_use_the_buttons_never_promises_a_cancel_button(bot: BotHarness) -> None:
    for language in LANGUAGES:
        t = texts_for(language)
        assert "/cancel" in t.USE_BUTTONS and "/cancel" in t.TEXT_EMPTY, language
    await register_commands(bot.app)
    for language in LANGUAGES:
        code = "" if language == "en" else language
        menu = {c["command"]: c["description"] for c in bot.fake.commands(language_code=code)}
        assert menu["cancel"] == dict(texts_for(language).COMMANDS)["cancel"], language
