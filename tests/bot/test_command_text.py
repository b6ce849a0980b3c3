"""The command a message starts with, as the audit trail and the safety questions read it."""

import pytest

from bot.command_text import command_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/log", "log"),
        ("/Log@MigraineCompanionBot", "log"),
        ("/midas@bot 3 days", "midas"),
        ("/broadcast\nhello", "broadcast"),
        ("/a_b_2", "a_b_2"),
        ("/" + "x" * 33, None),  # longer than Telegram allows
        ("/лог", None),
        ("/", None),
        ("/log!", None),
        ("log", None),
        (" /log", None),
        ("", None),
        (None, None),
    ],
)
def test_command_name(text: str | None, expected: str | None) -> None:
    assert command_name(text) == expected
