"""Split a lesson file into YAML front matter and `## Heading` steps, without judging the content."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from content.findings import Finding, finding

# libyaml is ~10x faster than the pure-Python loader; it decides whether 1,000 lessons load in a second.
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FENCE = "---"
_STEP_HEADING = re.compile(r"^## +(.*)$")
_OTHER_HEADING = re.compile(r"^(#{1,6})(?:[ \t]|$)")
_MARKDOWN_BOLD = re.compile(r"\*\*\S")
_MARKDOWN_LINK = re.compile(r"\[[^\]\n]+\]\([^)\n]+\)")
# [[red-flags|Red flags]]: the words stay in the text (in bold) and the lesson becomes a button under the step.
_LESSON_LINK = re.compile(r"\[\[([a-z0-9]+(?:-[a-z0-9]+)*)\|([^\[\]|\n]+)\]\]")
_LINK_ATTEMPT = re.compile(r"\[\[|\]\]")
# "See <b>Red flags</b>" names a lesson without linking it, so the reader gets no button.
_UNLINKED_MENTION = re.compile(r"\b(?:see|read)(?: the)?(?: lesson)? <b>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class RawStep:
    """A step as written: heading text and the body lines under it."""

    title: str
    body: str


@dataclass(slots=True)
class ParsedFile:
    """What could be read from one lesson file, plus (field, finding) pairs for what could not."""

    front_matter: dict[str, Any] | None = None
    steps: list[RawStep] = field(default_factory=list)
    problems: list[tuple[str, Finding]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class LinkedBody:
    """A step body with its lesson links turned into bold words, and the linked lesson ids in order."""

    body: str
    links: tuple[str, ...]
    problems: tuple[Finding, ...]


def split_lesson_links(body: str) -> LinkedBody:
    """Return the body with every [[lesson-id|words]] replaced by <b>words</b>, and the ids it named."""
    links: list[str] = []

    def bold(match: re.Match[str]) -> str:
        if match.group(1) not in links:
            links.append(match.group(1))
        return f"<b>{match.group(2).strip()}</b>"

    text = _LESSON_LINK.sub(bold, body)
    problems = []
    leftover = _LINK_ATTEMPT.search(text)
    if leftover:
        snippet = text[max(0, leftover.start() - 10) : leftover.end() + 20].split("\n")[0]
        problems.append(finding("link_malformed", near=repr(snippet)))
    return LinkedBody(text, tuple(links), tuple(problems))


def normalize_source(text: str) -> str:
    """Return text with the BOM dropped, LF line endings and NFC Unicode, so hashes ignore editor quirks."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def parse_lesson_text(text: str) -> ParsedFile:
    """Return the front matter mapping and raw steps of a lesson file's text."""
    parsed = ParsedFile()
    lines = normalize_source(text).split("\n")
    if not lines or lines[0].strip() != _FENCE:
        parsed.problems.append(("front matter", finding("no_opening_fence")))
        return parsed
    closing = next((index for index, line in enumerate(lines[1:], 1) if line.strip() == _FENCE), None)
    if closing is None:
        parsed.problems.append(("front matter", finding("no_closing_fence")))
        return parsed
    parsed.front_matter = _load_front_matter("\n".join(lines[1:closing]), parsed.problems)
    _split_steps(lines[closing + 1 :], parsed)
    return parsed


class YamlError(ValueError):
    """A YAML document that cannot be read; `finding` says where and why, for the report."""

    def __init__(self, found: Finding) -> None:
        super().__init__(str(found))
        self.finding = found


def parse_yaml(text: str, *, first_line: int = 1) -> Any:
    """Return the data in a YAML document, or raise YamlError with a reason a writer can act on."""
    try:
        return yaml.load(text, Loader=_YamlLoader)  # a safe loader, chosen above
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        detail = str(getattr(error, "problem", None) or error)  # libyaml's own (English) words
        if mark is None:
            raise YamlError(finding("yaml", detail=detail)) from error
        raise YamlError(finding("yaml_at_line", line=mark.line + first_line, detail=detail)) from error


def _load_front_matter(text: str, problems: list[tuple[str, Finding]]) -> dict[str, Any] | None:
    try:
        # Front matter starts on the file's second line, after the opening '---'.
        data = parse_yaml(text, first_line=2)
    except YamlError as error:
        problems.append(("front matter", error.finding))
        return None
    if not isinstance(data, dict):
        problems.append(("front matter", finding("front_matter_not_mapping")))
        return None
    return data


def _split_steps(lines: list[str], parsed: ParsedFile) -> None:
    title: str | None = None
    body: list[str] = []
    stray_text = False
    for line in lines:
        heading = _STEP_HEADING.match(line)
        if heading:
            if title is not None:
                parsed.steps.append(RawStep(title, "\n".join(body)))
            title, body = heading.group(1).strip(), []
        elif title is None:
            if line.strip() and not stray_text:
                parsed.problems.append(("body", finding("text_before_steps")))
                stray_text = True
        else:
            body.append(line)
    if title is not None:
        parsed.steps.append(RawStep(title, "\n".join(body)))
    for index, step in enumerate(parsed.steps):
        parsed.problems.extend((f"steps[{index}]", reason) for reason in _step_problems(step))


def _step_problems(step: RawStep) -> list[Finding]:
    reasons = []
    if not step.title:
        reasons.append(finding("step_heading_empty"))
    elif "<" in step.title:
        reasons.append(finding("step_heading_tags"))
    if not step.body.strip():
        reasons.append(finding("step_no_text"))
    # Writers switch between Markdown and HTML; Telegram would show these characters literally.
    for line in step.body.split("\n"):
        if _OTHER_HEADING.match(line):
            reasons.append(finding("other_heading", found=repr(line.strip()[:30])))
    if _MARKDOWN_BOLD.search(step.body):
        reasons.append(finding("markdown_bold"))
    if _MARKDOWN_LINK.search(step.body):
        reasons.append(finding("markdown_link"))
    mention = _UNLINKED_MENTION.search(step.body)
    if mention:
        reasons.append(finding("unlinked_mention", mention=repr(mention.group(0))))
    return reasons
