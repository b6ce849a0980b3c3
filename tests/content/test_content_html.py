"""Rendering step bodies: whatever prose a writer types, the output is markup Telegram accepts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from content.html import markup_problems, render_body, utf16_length, visible_text

PROSE = st.text(st.characters(blacklist_characters="<&", blacklist_categories=("Cs",)), max_size=300)


@given(PROSE)
def test_rendered_prose_never_has_markup_problems(text: str) -> None:
    assert markup_problems(render_body(text)) == []


@given(PROSE)
def test_rendering_adds_no_characters_except_bullets(text: str) -> None:
    rendered = visible_text(render_body(text))
    assert set(rendered) - {"•"} <= set(text)


def test_utf16_length_counts_astral_characters_twice() -> None:
    assert [utf16_length(text) for text in ["abc", "é", "😀", "👩‍⚕️"]] == [3, 1, 2, 5]


def test_visible_text_drops_tags_and_decodes_entities() -> None:
    assert visible_text('<b>A</b> &amp; <a href="https://x.org">B</a> &lt;3') == "A & B <3"
