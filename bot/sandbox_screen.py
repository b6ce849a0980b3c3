"""How the sandbox draws Telegram on a terminal: formatted text, inline buttons, the reply keyboard, pop-ups.

Formatting comes from the message's entities (what Telegram itself renders from our HTML): on a
terminal that takes colours, ANSI bold, italics, underline and so on; elsewhere (a pipe, a file,
NO_COLOR) light marks a reader knows, *bold* and _italics_. A link's address is always written out
after its text, since a terminal cannot be clicked like a chat.

Buttons carry the key that presses them: ``#1`` for the first button of the newest message with
buttons, ``#12.3`` for the third button of message 12, ``#k1`` for the reply keyboard. A key never
looks like a label, so a button labelled "7" is pressed with its key, and typing 7 sends the text 7.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.fake_telegram import Button

INDENT = "      "
# (opening, closing) per entity type, for a terminal with ANSI styles and for plain text.
ANSI = {
    "bold": ("\x1b[1m", "\x1b[22m"),
    "italic": ("\x1b[3m", "\x1b[23m"),
    "underline": ("\x1b[4m", "\x1b[24m"),
    "strikethrough": ("\x1b[9m", "\x1b[29m"),
    "code": ("\x1b[36m", "\x1b[39m"),
    "pre": ("\x1b[36m", "\x1b[39m"),
    "spoiler": ("\x1b[7m", "\x1b[27m"),
    "text_link": ("\x1b[4m", "\x1b[24m"),
}
PLAIN = {
    "bold": ("*", "*"),
    "italic": ("_", "_"),
    "strikethrough": ("~", "~"),
    "code": ("`", "`"),
    "pre": ("```\n", "\n```"),
    "spoiler": ("||", "||"),
}


def render_entities(text: str, entities: Sequence[dict[str, Any]], *, ansi: bool) -> str:
    """Return the text with its bold, italics, code, spoilers and link addresses shown for a terminal."""
    styles = ANSI if ansi else PLAIN
    # Entity offsets count UTF-16 code units; map each to a position in the Python string.
    positions: dict[int, int] = {}
    units = 0
    for index, char in enumerate(text):
        positions[units] = index
        units += 2 if ord(char) > 0xFFFF else 1
    positions[units] = len(text)
    inserts: list[tuple[int, int, int, str]] = []  # (position, closings first, order, text)
    for order, entity in enumerate(entities):
        kind = str(entity.get("type"))
        start = positions.get(int(entity.get("offset", 0)))
        end = positions.get(int(entity.get("offset", 0)) + int(entity.get("length", 0)))
        if start is None or end is None:
            continue
        opening, closing = styles.get(kind, ("", ""))
        if kind == "text_link" and entity.get("url"):
            closing += f" ({entity['url']})"
        if opening:
            inserts.append((start, 1, order, opening))
        if closing:
            # Closings come before openings at the same spot, innermost (latest opened) first.
            inserts.append((end, 0, -order, closing))
    pieces: list[str] = []
    cursor = 0
    for position, _kind, _order, piece in sorted(inserts):
        pieces.append(text[cursor:position])
        pieces.append(piece)
        cursor = position
    pieces.append(text[cursor:])
    return "".join(pieces)


def message_block(
    header: str, body: str, buttons: Sequence[Sequence[Button]], *, message_id: int, edited: bool = False
) -> str:
    """Draw one bot message: its header and text, then its buttons row by row with the keys that press them.

    A message with buttons shows its number, so its buttons stay pressable (#12.1) once newer ones came;
    an edited one shows it too, to say which message changed.
    """
    tag = f" [msg {message_id}]" if buttons or edited else ""
    first, *rest = body.split("\n")
    lines = [f"\n{header}{tag} › {first}", *(INDENT + line if line else "" for line in rest)]
    number = 0
    for row in buttons:
        cells = []
        for label, _data in row:
            number += 1
            cells.append(f"[#{number} {label}]")
        lines.append(INDENT + "  ".join(cells))
    return "\n".join(lines) + "\n"


def keyboard_block(rows: Sequence[Sequence[str]]) -> str:
    """Draw the reply keyboard under the chat, each button with its #k key."""
    cells = [f"[#k{number} {label}]" for number, label in enumerate((label for row in rows for label in row), 1)]
    return f"{INDENT}keyboard: " + "  ".join(cells) + "\n"


def popup_line(answer: dict[str, Any]) -> str | None:
    """Draw the answer to a button press: a pop-up, or nothing for a silent answer."""
    text = str(answer.get("text") or "")
    if not text:
        return None
    kind = "alert (OK to close)" if answer.get("show_alert") in (True, "true", "True") else "pop-up"
    return f"{INDENT}▸ {kind}: {text}\n"
