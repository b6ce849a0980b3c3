"""Inline keyboards are built once per distinct menu and serialize exactly like PTB's own markup."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.keyboards import inline

ROWS = [[("Aura", "lesson:aura"), ("Triptans", "lesson:triptans")], [("Back", "menu")]]


def test_a_keyboard_serializes_like_ptbs_markup_and_each_caller_gets_its_own_copy() -> None:
    plain = InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d) for t, d in row] for row in ROWS])
    keyboard = inline(ROWS)

    first = keyboard.to_dict()
    first["inline_keyboard"][0][0]["text"] = "changed by a caller"

    assert keyboard.to_dict() == plain.to_dict()
    assert keyboard.to_dict(recursive=False).keys() == plain.to_dict(recursive=False).keys()
    assert keyboard == plain and plain == keyboard  # Telegram objects compare by their buttons
    assert hash(keyboard) == hash(plain) and len({keyboard, plain}) == 1


def test_the_same_rows_give_the_same_keyboard_and_other_rows_another() -> None:
    assert inline(ROWS) is inline([list(row) for row in ROWS])
    other = inline([[("Aura", "lesson:aura")]])
    assert other is not inline(ROWS) and other.to_dict()["inline_keyboard"] == [
        [{"text": "Aura", "callback_data": "lesson:aura"}]
    ]
