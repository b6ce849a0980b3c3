"""Telegram's text rules: UTF-16 lengths, HTML parse mode, inline keyboard validation."""

from __future__ import annotations

from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

from bot.fake_telegram.errors import ApiError
from bot.fake_telegram.records import JSONDict, json_copy

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64

_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "code": "code",
    "pre": "pre",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
_SUPPORTED_TAGS = {*_SIMPLE_TAGS, "a", "blockquote", "tg-emoji"}
# Inline buttons must do something; a bare label is rejected.
_BUTTON_ACTIONS = {
    "callback_data", "url", "web_app", "login_url", "switch_inline_query", "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat", "copy_text", "callback_game", "pay",
}


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units, so astral characters (most emoji) count 2."""
    return len(text.encode("utf-16-le")) // 2


class _TelegramHTML(HTMLParser):
    """Turns Telegram-flavoured HTML into plain text plus MessageEntity dicts, or a 400."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.parts: list[str] = []
        self.length = 0
        self.open_tags: list[tuple[str, dict[str, str | None], int]] = []
        self.entities: list[JSONDict] = []
        self._line_starts = [0]
        for index, char in enumerate(source):
            if char == "\n":
                self._line_starts.append(index + 1)

    def _fail(self, detail: str) -> ApiError:
        return ApiError.bad_request(f"can't parse entities: {detail}")

    def _byte_offset(self) -> int:
        line, column = self.getpos()
        index = self._line_starts[line - 1] + column
        return len(self.source[:index].encode("utf-8"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag not in _SUPPORTED_TAGS:
            raise self._fail(f'Unsupported start tag "{tag}" at byte offset {self._byte_offset()}')
        if tag == "span" and attributes.get("class") != "tg-spoiler":
            raise self._fail(f'Tag "span" must have class "tg-spoiler" at byte offset {self._byte_offset()}')
        self.open_tags.append((tag, attributes, self.length))

    def handle_endtag(self, tag: str) -> None:
        if not self.open_tags:
            raise self._fail(f"Unexpected end tag at byte offset {self._byte_offset()}")
        open_tag, attributes, start = self.open_tags.pop()
        if open_tag != tag:
            raise self._fail(
                f'Unmatched end tag at byte offset {self._byte_offset()}, expected "</{open_tag}>", '
                f'found "</{tag}>"'
            )
        language = (attributes.get("class") or "").removeprefix("language-")
        if tag == "code" and language and self.open_tags and self.open_tags[-1][0] == "pre":
            # <pre><code class="language-x"> becomes one "pre" entity with a language.
            self.open_tags[-1][1]["language"] = language
            return
        if self.length > start:
            self.entities.append(self._entity(tag, attributes, start, self.length - start))

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        self.length += utf16_len(data)

    @staticmethod
    def _entity(tag: str, attributes: dict[str, str | None], offset: int, length: int) -> JSONDict:
        entity: JSONDict = {"offset": offset, "length": length}
        href = attributes.get("href") or ""
        mentioned = href.removeprefix("tg://user?id=")
        if tag == "a" and href.startswith("tg://user?id=") and mentioned.isdigit():
            user = {"id": int(mentioned), "is_bot": False, "first_name": "User"}
            entity.update(type="text_mention", user=user)
        elif tag == "a":
            entity.update(type="text_link", url=href)
        elif tag == "blockquote":
            entity["type"] = "expandable_blockquote" if "expandable" in attributes else "blockquote"
        elif tag == "tg-emoji":
            entity.update(type="custom_emoji", custom_emoji_id=attributes.get("emoji-id") or "")
        else:
            entity["type"] = _SIMPLE_TAGS[tag]
            if tag == "pre" and attributes.get("language"):
                entity["language"] = attributes["language"]
        return entity

    def result(self) -> tuple[str, list[JSONDict]]:
        if self.open_tags:
            raise self._fail(f'Can\'t find end tag corresponding to start tag "{self.open_tags[-1][0]}"')
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.parts), self.entities


def parse_html(source: str) -> tuple[str, list[JSONDict]]:
    """Parse text sent with parse_mode=HTML the way Telegram does; raise a 400 ApiError if invalid."""
    text, entities = _parse_html_once(source)
    return text, json_copy(entities)


@lru_cache(maxsize=1024)
def _parse_html_once(source: str) -> tuple[str, list[JSONDict]]:
    # Bots send the same texts again and again (menus, help); the caller copies the entities it gets.
    parser = _TelegramHTML(source)
    parser.feed(source)
    parser.close()
    return parser.result()


def render_text(text: str, parse_mode: object, entities: object) -> tuple[str, list[JSONDict]]:
    """Return (plain text, entities) for a text or caption. Only HTML is parsed; other modes pass through."""
    if isinstance(parse_mode, str) and parse_mode.lower() == "html":
        return parse_html(text)
    if isinstance(entities, list):
        return text, [dict(e) for e in entities]
    return text, []


def check_length(text: str, *, caption: bool) -> None:
    """Reject texts over Telegram's limits (counted in UTF-16 code units after entity parsing)."""
    if caption and utf16_len(text) > CAPTION_LIMIT:
        raise ApiError.bad_request("message caption is too long")
    if not caption and utf16_len(text) > TEXT_LIMIT:
        raise ApiError.bad_request("message is too long")


def inline_markup(markup: Any) -> JSONDict | None:
    """Validate an inline keyboard and return it; None for reply keyboards or no markup."""
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return None
    for row in markup["inline_keyboard"]:
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode("utf-8")) <= CALLBACK_DATA_LIMIT:
                raise ApiError.bad_request("BUTTON_DATA_INVALID")
            if not _BUTTON_ACTIONS.intersection(button):
                raise ApiError.bad_request("text buttons are unallowed in the inline keyboard")
    return dict(markup)


def reply_keyboard(markup: Any) -> list[list[str]] | None:
    """The labels of a ReplyKeyboardMarkup, [] for ReplyKeyboardRemove, None if the markup is neither."""
    if not isinstance(markup, dict):
        return None
    if markup.get("remove_keyboard"):
        return []
    if "keyboard" in markup:
        return [[b["text"] if isinstance(b, dict) else str(b) for b in row] for row in markup["keyboard"]]
    return None
