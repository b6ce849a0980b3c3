"""Render step bodies to Telegram's HTML subset and check that the markup will be accepted.

Telegram rejects the whole message on any markup error, so checking happens when content loads,
never when a user is waiting for the next step.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from content.findings import Finding, finding

ALLOWED_TAGS = frozenset({"b", "i", "u", "s", "a", "code", "pre", "blockquote", "tg-spoiler"})
# Telegram knows only these named entities; numeric ones (&#8212;) always work.
NAMED_ENTITIES = frozenset({"lt", "gt", "amp", "quot"})
LINK_SCHEMES = ("https://", "http://", "tg://", "mailto:")

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)([^<>]*)>")
_ATTRIBUTE = re.compile(r"""\s*([A-Za-z-]+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]*);")
_BARE_AMPERSAND = re.compile(r"&(?!#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]*;)")
_BULLET = re.compile(r"^([ \t]*)- ", re.MULTILINE)
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
_EXTRA_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True, slots=True)
class _Tag:
    closing: bool
    name: str
    attributes: str
    start: int
    end: int


def utf16_length(text: str) -> int:
    """Return the length Telegram counts: UTF-16 code units, so an emoji counts as two."""
    return len(text.encode("utf-16-le")) // 2


def visible_text(markup: str) -> str:
    """Return what the reader sees once Telegram has parsed the markup (tags gone, entities decoded)."""
    return html.unescape(_TAG.sub("", markup))


def render_body(raw: str) -> str:
    """Return a step body as Telegram HTML: bullets as '• ', stray '&' and '>' escaped, newlines kept."""
    text = _TRAILING_SPACE.sub("", raw.strip("\n"))
    text = _EXTRA_BLANK_LINES.sub("\n\n", text)
    text = _BULLET.sub(r"\1• ", text)
    text = _BARE_AMPERSAND.sub("&amp;", text)
    pieces: list[str] = []
    cursor = 0
    for tag in _tags(text):
        pieces.append(_escape_angles(text[cursor : tag.start]))
        pieces.append(text[tag.start : tag.end])
        cursor = tag.end
    pieces.append(_escape_angles(text[cursor:]))
    return "".join(pieces).strip()


def markup_problems(raw: str) -> list[str]:
    """Return every reason Telegram would reject this markup: unknown or unbalanced tags, bare '<', bad links."""
    return [str(found) for found in markup_findings(raw)]


def markup_findings(raw: str) -> list[Finding]:
    """Return markup_problems' reasons as findings, for a report the bot words in the reader's language."""
    reasons: list[Finding] = []
    open_tags: list[str] = []
    cursor = 0
    for tag in _tags(raw):
        reasons.extend(_bare_angle_problems(raw[cursor : tag.start]))
        cursor = tag.end
        if tag.name not in ALLOWED_TAGS:
            reasons.append(finding("tag_unsupported", tag=tag.name))
        elif tag.closing:
            reasons.extend(_close(open_tags, tag.name))
        else:
            reasons.extend(_attribute_problems(tag))
            open_tags.append(tag.name)
    reasons.extend(_bare_angle_problems(raw[cursor:]))
    reasons.extend(finding("tag_unclosed", tag=name) for name in reversed(open_tags))
    for match in _ENTITY.finditer(raw):
        name = match.group(1)
        if not name.startswith("#") and name.lower() not in NAMED_ENTITIES:
            reasons.append(finding("entity_unsupported", entity=name))
    return reasons


def _tags(text: str) -> list[_Tag]:
    return [
        _Tag(match.group(1) == "/", match.group(2).lower(), match.group(3), match.start(), match.end())
        for match in _TAG.finditer(text)
    ]


def _escape_angles(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _bare_angle_problems(text: str) -> list[Finding]:
    # A bare '>' is harmless (render_body escapes it); a bare '<' is ambiguous, so the writer must fix it.
    if "<" not in text:
        return []
    snippet = text[text.index("<") :].split("\n", 1)[0][:20]
    return [finding("bare_angle", near=repr(snippet))]


def _close(open_tags: list[str], name: str) -> list[Finding]:
    if not open_tags:
        return [finding("close_unopened", tag=name)]
    if open_tags[-1] != name:
        expected = open_tags.pop()
        return [finding("close_mismatch", tag=name, expected=expected)]
    open_tags.pop()
    return []


def _attribute_problems(tag: _Tag) -> list[Finding]:
    attributes = {
        match.group(1).lower(): next((value for value in match.group(2, 3, 4) if value is not None), None)
        for match in _ATTRIBUTE.finditer(tag.attributes.rstrip("/"))
        if match.group(1)
    }
    if tag.name != "a":
        return [finding("tag_no_attributes", tag=tag.name)] if attributes else []
    reasons = [finding("link_attribute", attribute=name) for name in attributes if name != "href"]
    href = attributes.get("href")
    if not href:
        reasons.append(finding("link_no_href"))
    elif not href.startswith(LINK_SCHEMES):
        reasons.append(finding("link_scheme", href=repr(href), schemes=" or ".join(LINK_SCHEMES)))
    return reasons
