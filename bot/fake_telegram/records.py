"""What the fake Bot API remembers: calls, uploads and messages, plus the test-facing snapshots."""

from __future__ import annotations

import marshal
from dataclasses import dataclass, field
from typing import Any, TypeVar

JSONDict = dict[str, Any]
T = TypeVar("T")
# (label, callback_data or url); None for buttons that carry neither (web apps, switch-inline, ...).
Button = tuple[str, str | None]


def json_copy(value: T) -> T:
    """Deep-copy JSON-shaped data (dicts, lists, strings, numbers, booleans, None).

    Several times faster than copy.deepcopy; the fake copies every message it stores and serves.
    """
    copied: T = marshal.loads(marshal.dumps(value))  # type: ignore[arg-type]  # JSON data is marshallable
    return copied


@dataclass(frozen=True)
class UploadPart:
    """One multipart file as the bot uploaded it."""

    filename: str
    content: bytes
    mime_type: str


@dataclass(frozen=True)
class UploadedFile:
    """A file Telegram now stores, addressable by its file_id."""

    file_id: str
    file_unique_id: str
    filename: str
    mime_type: str
    content: bytes


@dataclass(frozen=True)
class ApiCall:
    """One Bot API request the bot made, with the outcome the fake returned."""

    method: str
    params: JSONDict
    uploads: dict[str, UploadPart]
    status: int
    description: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the call succeeded."""
        return self.status == 200


@dataclass
class StoredMessage:
    """A message in a chat as the server keeps it (mutable: edits rewrite it in place)."""

    raw: JSONDict
    from_bot: bool
    source_text: str | None = None
    parse_mode: str | None = None
    upload: UploadedFile | None = None
    edited: bool = False


@dataclass(frozen=True)
class SentMessage:
    """A read-only snapshot of a message, shaped for assertions."""

    chat_id: int
    message_id: int
    kind: str  # "text" | "photo" | "document"
    text: str | None
    caption: str | None
    # The text or caption exactly as the bot passed it, e.g. still with its HTML tags.
    source_text: str | None
    parse_mode: str | None
    buttons: list[list[Button]]
    document_name: str | None
    document_mime: str | None
    document_bytes: bytes | None
    photo_bytes: bytes | None
    from_bot: bool
    edited: bool
    raw: JSONDict = field(repr=False)

    @property
    def button_labels(self) -> list[str]:
        """All inline button labels, row by row."""
        return [label for row in self.buttons for label, _ in row]

    def button_data(self, label: str) -> str:
        """Return the callback data (or url) of the button with this label."""
        for row in self.buttons:
            for text, data in row:
                if text == label and data is not None:
                    return data
        raise LookupError(f"no button {label!r} on message {self.message_id}; have {self.button_labels}")

    @classmethod
    def from_stored(cls, chat_id: int, stored: StoredMessage) -> SentMessage:
        """Snapshot a stored message."""
        raw = stored.raw
        kind = "photo" if "photo" in raw else "document" if "document" in raw else "text"
        upload = stored.upload
        return cls(
            chat_id=chat_id,
            message_id=int(raw["message_id"]),
            kind=kind,
            text=raw.get("text"),
            caption=raw.get("caption"),
            source_text=stored.source_text,
            parse_mode=stored.parse_mode,
            buttons=inline_buttons(raw.get("reply_markup")),
            document_name=raw["document"].get("file_name") if kind == "document" else None,
            document_mime=raw["document"].get("mime_type") if kind == "document" else None,
            document_bytes=upload.content if kind == "document" and upload else None,
            photo_bytes=upload.content if kind == "photo" and upload else None,
            from_bot=stored.from_bot,
            edited=stored.edited,
            raw=json_copy(raw),
        )


def inline_buttons(markup: object) -> list[list[Button]]:
    """Flatten an InlineKeyboardMarkup dict into rows of (label, callback_data | url)."""
    if not isinstance(markup, dict):
        return []
    rows: list[list[Button]] = []
    for row in markup.get("inline_keyboard", []):
        rows.append([(str(b.get("text", "")), b.get("callback_data", b.get("url"))) for b in row])
    return rows
