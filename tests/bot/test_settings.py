"""/settings and configuration errors."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app import register_commands
from bot.settings import Settings, SettingsError, load_settings
from bot.texts import LANGUAGES, texts_for
from storage.db import transaction
from storage.models import User
from support.harness import BotHarness

ALICE = 1001
SECRET = "123456789:THIS-is-a-secret-token-with-typo-!!!"


async def test_settings_shows_current_values_and_buttons(bot: BotHarness) -> None:
    await bot.onboard(ALICE, zone="Europe/Madrid")
    replies = await bot.send(ALICE, "/settings")

    text = replies[0].text or ""
    assert "Time zone: Madrid" in text and "English" in text and "given" in text
    assert "Withdraw consent" in replies[0].button_labels


async def test_withdrawing_and_giving_consent_from_settings(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, "/settings")

    await bot.press(ALICE, "Withdraw consent")
    await bot.press(ALICE, "Yes, withdraw consent")  # asked first (tests/bot/test_consent_withdrawal.py)
    async with transaction(bot.services.sessions) as session:
        user = await session.get(User, ALICE)
        assert user is not None and not user.has_consent
    await bot.send(ALICE, "/settings")
    assert "✅ Allow diary storage" in bot.buttons(ALICE)

    await bot.press(ALICE, "✅ Allow diary storage")
    async with transaction(bot.services.sessions) as session:
        user = await session.get(User, ALICE)
        assert user is not None and user.has_consent


async def test_change_timezone_from_settings_by_typing(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, "/settings")
    await bot.press(ALICE, "🌍 Change time zone")

    replies = await bot.send(ALICE, "tokyo")

    assert "Time zone set to Tokyo" in (replies[0].text or "")
    async with transaction(bot.services.sessions) as session:
        user = await session.get(User, ALICE)
        assert user is not None and user.timezone == "Asia/Tokyo"


async def test_update_announcements_toggle(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, "/settings")

    await bot.press(ALICE, "🔔 Announce lesson updates")

    async with transaction(bot.services.sessions) as session:
        user = await session.get(User, ALICE)
        assert user is not None and user.subscribed_updates
    assert "announcements are now <b>on</b>" in (bot.fake.sent_to(ALICE)[-1].source_text or "")


async def test_language_command_offers_the_languages_and_a_tap_applies_at_once(bot: BotHarness) -> None:
    await bot.onboard(ALICE)

    [choice] = await bot.send(ALICE, "/language")

    assert choice.text == texts_for("en").LANGUAGE_ASK
    assert choice.button_labels == ["English", "Español", "Русский"]
    replies = await bot.press(ALICE, "Русский")
    async with transaction(bot.services.sessions) as session:
        user = await session.get(User, ALICE)
        assert user is not None and user.language == "ru"
    ru = texts_for("ru")
    assert ru.LANGUAGE_SET.format(language="Русский") in [m.source_text for m in replies]
    help_text = (await bot.send(ALICE, "/help"))[0].text or ""
    assert "/language – Сменить язык" in help_text and "/settings – " in help_text
    [again] = await bot.send(ALICE, "/language")
    assert again.text == ru.LANGUAGE_ASK == "Выберите язык. Скоро будут и другие."
    await bot.press(ALICE, "Español")
    assert "/language – Cambiar el idioma" in ((await bot.send(ALICE, "/help"))[0].text or "")


async def test_language_is_in_the_command_menu_of_every_language_and_scope(bot: BotHarness) -> None:
    bot.fake.add_user(999)  # the operator has opened the bot: Telegram knows their chat
    await register_commands(bot.app)

    descriptions = {}
    for language in LANGUAGES:
        code = "" if language == "en" else language
        everyone = {c["command"]: c["description"] for c in bot.fake.commands(language_code=code)}
        operator = {c["command"] for c in bot.fake.commands({"type": "chat", "chat_id": 999}, language_code=code)}
        assert "language" in operator
        descriptions[language] = everyone["language"]
    assert descriptions == {"en": "Change the language", "es": "Cambiar el idioma", "ru": "Сменить язык"}


@pytest.mark.parametrize(
    ("overrides", "setting"),
    [
        ({"emergency_number": "call mum"}, "EMERGENCY_NUMBER"),
        ({"default_timezone": "Mars/Olympus"}, "DEFAULT_TIMEZONE"),
        ({"database_url": "mysql://x"}, "DATABASE_URL"),
        ({"operator_ids": "12,abc"}, "OPERATOR_IDS"),
        ({"telegram_poll_interval": "-1"}, "TELEGRAM_POLL_INTERVAL"),
        ({"telegram_api_base_url": "ftp://x"}, "TELEGRAM_API_BASE_URL"),
        ({"log_level": "LOUD"}, "LOG_LEVEL"),
        ({"bot_token": SECRET}, "BOT_TOKEN"),
    ],
)
def test_bad_setting_is_named_in_one_line_without_the_secret(overrides: dict[str, str], setting: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(env_file=None, **overrides)

    message = str(caught.value)
    assert message.startswith("Configuration error: " + setting + ":")
    assert "\n" not in message and "THIS-is-a-secret" not in message


def test_bad_setting_stops_the_start_without_traceback(tmp_path: object) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "DATABASE_URL"}}
    env["BOT_TOKEN"] = SECRET
    result = subprocess.run(
        [sys.executable, "-m", "bot"], env=env, capture_output=True, text=True, timeout=60, cwd=str(tmp_path)
    )

    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "BOT_TOKEN" in result.stderr and "Traceback" not in result.stderr
    assert "THIS-is-a-secret" not in result.stderr + result.stdout


def test_operator_ids_are_parsed_from_a_comma_list() -> None:
    settings = load_settings(env_file=None, operator_ids="12, 34,56")

    assert settings.operator_ids == frozenset({12, 34, 56})
    assert settings.is_operator(34) and not settings.is_operator(35)


def test_every_setting_is_listed_in_env_example_and_the_readme() -> None:
    root = Path(__file__).resolve().parents[2]
    env_example = (root / ".env.example").read_text(encoding="utf-8")
    readme = (root / "README.md").read_text(encoding="utf-8")
    names = [name.upper() for name in Settings.model_fields]

    assert [n for n in names if not re.search(rf"^#?\s*{n}=", env_example, re.MULTILINE)] == []
    assert [n for n in names if f"| `{n}` |" not in readme] == []


def test_a_copied_env_example_switches_nothing_on(monkeypatch: pytest.MonkeyPatch) -> None:
    # `cp .env.example .env` is a newcomer's first step: every optional setting stays at its default
    # (commented out), so no local Bot API server, webhook or metrics port is switched on by copying.
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    root = Path(__file__).resolve().parents[2]

    copied = load_settings(env_file=str(root / ".env.example"))

    assert copied == load_settings(env_file=None)
    assert copied.bot_token is None and copied.telegram_api_base_url is None
    uncommented = re.findall(r"^([A-Z_]+)=", (root / ".env.example").read_text(encoding="utf-8"), re.MULTILINE)
    assert uncommented == ["BOT_TOKEN", "OPERATOR_IDS"]
