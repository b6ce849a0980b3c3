"""The command menu follows the language chosen in the bot, not the phone's (bot/account/command_menu.py)."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import update

from bot.app import register_commands
from bot.texts import texts_for
from storage.db import transaction
from storage.models import User
from storage.users import claim_chat_menu
from support.harness import BotHarness
from support.leaks import names_id

ALICE = 1001
BOB = 1002
OPERATOR = 999  # make_settings' operator
CHAT = {"type": "chat", "chat_id": ALICE}


def descriptions(menu: list[dict[str, str]]) -> dict[str, str]:
    return {c["command"]: c["description"] for c in menu}


def chat_menu_calls(bot: BotHarness, chat_id: int) -> list[tuple[str, object]]:
    """(method, language_code) of every command-menu call scoped to the chat."""
    return [
        (c.method, c.params.get("language_code"))
        for c in bot.fake.calls()
        if c.method in {"setMyCommands", "deleteMyCommands"} and (c.params.get("scope") or {}).get("chat_id") == chat_id
    ]


async def choose(bot: BotHarness, user_id: int, label: str, *, app_language: str = "en") -> None:
    """/language, then a tap on a language, from a phone in `app_language`."""
    await bot.feed(bot.fake.user_sends(user_id, "/language", language_code=app_language))
    await bot.press(user_id, label)


async def stored_language(bot: BotHarness, user_id: int) -> str | None:
    async with transaction(bot.services.sessions) as session:
        user = await session.get(User, user_id)
        return user.language if user is not None else None


async def test_choosing_another_language_sets_one_chat_menu_in_it(bot: BotHarness) -> None:
    await register_commands(bot.app)
    await bot.onboard(ALICE)
    await bot.onboard(BOB)
    assert descriptions(bot.fake.menu_shown(ALICE, "en"))["language"] == "Change the language"
    bot.fake.reset_calls()

    await choose(bot, ALICE, "Русский")

    # One call: a chat-scope list without a language_code beats the English default for any app language.
    assert chat_menu_calls(bot, ALICE) == [("setMyCommands", None)]
    ru = descriptions(bot.fake.menu_shown(ALICE, "en"))
    assert ru == dict(texts_for("ru").COMMANDS) and ru["language"] == "Сменить язык"
    assert descriptions(bot.fake.menu_shown(BOB, "en"))["language"] == "Change the language"


async def test_choosing_the_apps_language_again_deletes_the_chat_menu(bot: BotHarness) -> None:
    await register_commands(bot.app)
    await bot.onboard(ALICE)
    await choose(bot, ALICE, "Español")
    assert bot.fake.commands(CHAT)
    bot.fake.reset_calls()

    await choose(bot, ALICE, "English")

    assert chat_menu_calls(bot, ALICE) == [("deleteMyCommands", None)]
    assert bot.fake.commands(CHAT) == []
    assert descriptions(bot.fake.menu_shown(ALICE, "en"))["language"] == "Change the language"


async def test_a_russian_phone_choosing_spanish_sees_spanish_and_choosing_russian_sees_russian(bot: BotHarness) -> None:
    await register_commands(bot.app)
    await bot.feed(bot.fake.user_sends(ALICE, "/start", language_code="ru"))
    assert await stored_language(bot, ALICE) == "ru"  # from /start: the app's language, the menu's already
    assert bot.fake.commands(CHAT) == []

    await choose(bot, ALICE, "Español", app_language="ru")
    assert descriptions(bot.fake.menu_shown(ALICE, "ru"))["language"] == "Cambiar el idioma"

    await choose(bot, ALICE, "Русский", app_language="ru")
    assert bot.fake.commands(CHAT) == []
    assert descriptions(bot.fake.menu_shown(ALICE, "ru"))["language"] == "Сменить язык"


async def test_settings_language_button_moves_the_menu_too(bot: BotHarness) -> None:
    await register_commands(bot.app)
    await bot.onboard(ALICE)
    await bot.send(ALICE, "/settings")
    await bot.press(ALICE, texts_for("en").BTN_LANGUAGE)
    await bot.press(ALICE, "Español")

    assert descriptions(bot.fake.menu_shown(ALICE, "en"))["language"] == "Cambiar el idioma"


@pytest.mark.parametrize("fault", [{"status": 500}, {"status": 502}, {"network_error": True}])
async def test_a_failed_menu_call_keeps_the_language_change_and_logs_no_id(
    bot: BotHarness, caplog: pytest.LogCaptureFixture, fault: dict[str, object]
) -> None:
    await register_commands(bot.app)
    await bot.onboard(ALICE)
    bot.fake.fail_next("setMyCommands", chat_id=ALICE, **fault)  # type: ignore[arg-type]
    caplog.set_level(logging.INFO)

    await choose(bot, ALICE, "Русский")

    assert await stored_language(bot, ALICE) == "ru"
    ru = texts_for("ru")
    assert ru.LANGUAGE_SET.format(language="Русский") in [m.source_text for m in bot.fake.sent_to(ALICE)]
    assert "command menu not changed" in caplog.text and not names_id(caplog.text, ALICE)
    # The menu stays the app's; the next change tries again.
    assert descriptions(bot.fake.menu_shown(ALICE, "en"))["language"] == "Change the language"
    await choose(bot, ALICE, "Español")
    assert descriptions(bot.fake.menu_shown(ALICE, "en"))["language"] == "Cambiar el idioma"


async def test_a_429_on_the_menu_keeps_the_language_change(bot: BotHarness, caplog: pytest.LogCaptureFixture) -> None:
    await register_commands(bot.app)
    await bot.onboard(ALICE)
    # One more 429 than the interactive limiter retries (3): the call gives up with RetryAfter.
    bot.fake.fail_next("setMyCommands", chat_id=ALICE, retry_after=1, times=4)

    await choose(bot, ALICE, "Русский")

    assert await stored_language(bot, ALICE) == "ru"
    assert "command menu not changed to the chosen language (RetryAfter)" in caplog.text
    assert not names_id(caplog.text, ALICE)


async def test_deleting_the_account_deletes_the_chat_menu(bot: BotHarness) -> None:
    await register_commands(bot.app)
    await bot.onboard(ALICE)
    await choose(bot, ALICE, "Русский")
    assert bot.fake.commands(CHAT)

    await bot.send(ALICE, "/delete")
    await bot.press(ALICE, texts_for("ru").BTN_DELETE_CONFIRM)

    assert await stored_language(bot, ALICE) is None
    assert bot.fake.commands(CHAT) == []
    assert descriptions(bot.fake.menu_shown(ALICE, "en"))["language"] == "Change the language"


async def test_an_operator_keeps_the_operator_menu_in_the_chosen_language_across_restarts(bot: BotHarness) -> None:
    bot.fake.add_user(OPERATOR)  # they have opened the bot: Telegram knows their chat
    await register_commands(bot.app)
    await bot.onboard(OPERATOR)
    operator_only = {name for name, _ in texts_for("en").OPERATOR_COMMANDS}
    assert operator_only <= set(descriptions(bot.fake.menu_shown(OPERATOR, "ru")))

    await choose(bot, OPERATOR, "Español")
    await register_commands(bot.app)  # a restart reads the choice back

    es = dict(texts_for("es").COMMANDS) | dict(texts_for("es").OPERATOR_COMMANDS)
    for app_language in ("en", "es", "ru", "pt"):
        assert descriptions(bot.fake.menu_shown(OPERATOR, app_language)) == es

    await bot.send(OPERATOR, "/delete")
    await bot.press(OPERATOR, texts_for("es").BTN_DELETE_CONFIRM)
    # Still an operator: each app language's own operator menu again.
    assert descriptions(bot.fake.menu_shown(OPERATOR, "ru"))["language"] == "Сменить язык"
    assert operator_only <= set(descriptions(bot.fake.menu_shown(OPERATOR, "ru")))


async def old_user(bot: BotHarness, user_id: int, language: str) -> None:
    """A user who chose `language` before per-chat menus existed: no chat_menu_at, as the migration leaves them."""
    await bot.onboard(user_id)
    async with transaction(bot.services.sessions) as session:
        await session.execute(update(User).where(User.id == user_id).values(language=language, chat_menu_at=None))


async def menu_set_at(bot: BotHarness, user_id: int) -> object:
    async with transaction(bot.services.sessions) as session:
        user = await session.get(User, user_id)
        return user.chat_menu_at if user is not None else None


async def test_a_user_who_chose_before_chat_menus_gets_one_at_the_next_message_once(bot: BotHarness) -> None:
    await register_commands(bot.app)
    await old_user(bot, ALICE, "ru")
    assert descriptions(bot.fake.menu_shown(ALICE, "en"))["language"] == "Change the language"  # the old state
    bot.fake.reset_calls()

    await bot.feed(bot.fake.user_sends(ALICE, "/help", language_code="en"))

    assert chat_menu_calls(bot, ALICE) == [("setMyCommands", None)]
    assert descriptions(bot.fake.menu_shown(ALICE, "en")) == dict(texts_for("ru").COMMANDS)
    assert await menu_set_at(bot, ALICE) is not None
    await bot.feed(bot.fake.user_sends(ALICE, "/stats", language_code="en"))
    await bot.feed(bot.fake.user_sends(ALICE, "hello", language_code="en"))
    assert chat_menu_calls(bot, ALICE) == [("setMyCommands", None)]  # once, recorded in the database


async def test_an_old_user_whose_app_speaks_their_language_is_owed_nothing(bot: BotHarness) -> None:
    await register_commands(bot.app)
    await old_user(bot, ALICE, "es")
    bot.fake.reset_calls()

    await bot.feed(bot.fake.user_sends(ALICE, "/help", language_code="es-ES"))

    assert chat_menu_calls(bot, ALICE) == []
    assert await menu_set_at(bot, ALICE) is None  # nothing written either
    assert descriptions(bot.fake.menu_shown(ALICE, "es"))["language"] == "Cambiar el idioma"


async def test_new_users_and_language_changes_owe_no_menu(bot: BotHarness) -> None:
    await register_commands(bot.app)
    await bot.feed(bot.fake.user_sends(ALICE, "/start", language_code="ru"))
    assert await menu_set_at(bot, ALICE) is not None
    bot.fake.reset_calls()

    await bot.feed(bot.fake.user_sends(ALICE, "/help", language_code="en"))  # a new phone in English

    assert chat_menu_calls(bot, ALICE) == []  # no old debt; the phone's menu is the phone's


async def test_a_failed_owed_menu_is_tried_again_at_the_next_message(bot: BotHarness) -> None:
    await register_commands(bot.app)
    await old_user(bot, ALICE, "ru")
    bot.fake.fail_next("setMyCommands", chat_id=ALICE, status=500)

    await bot.feed(bot.fake.user_sends(ALICE, "/help", language_code="en"))
    assert await menu_set_at(bot, ALICE) is None  # given back
    await bot.feed(bot.fake.user_sends(ALICE, "/help", language_code="en"))

    assert descriptions(bot.fake.menu_shown(ALICE, "en")) == dict(texts_for("ru").COMMANDS)
    assert await menu_set_at(bot, ALICE) is not None


async def test_of_two_instances_one_claims_the_owed_menu(bot: BotHarness) -> None:
    await old_user(bot, ALICE, "ru")
    async with transaction(bot.services.sessions) as session:
        first = await claim_chat_menu(session=session, user_id=ALICE)
    async with transaction(bot.services.sessions) as session:
        second = await claim_chat_menu(session=session, user_id=ALICE)
    assert (first, second) == (True, False)
