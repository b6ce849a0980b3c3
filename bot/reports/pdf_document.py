"""The A4 page the doctor's report is written on (fpdf2), and the rule for drawing user-typed text.

Text is set in DejaVu Sans, the TTF that ships inside matplotlib (Bitstream Vera licence plus public
domain changes: free to embed and redistribute), so Latin, Cyrillic and Greek render in every style
used. The catalog's texts are drawn as they are: fpdf2 silently leaves out a character the font lacks
(no box, only a log line) and notes it in ``missing_glyphs``, which the report tests check in every
language. What the user typed (medicine
names) goes through ``user_text`` first: emoji are dropped on purpose, because DejaVu draws some in
black and white and lacks most, and any other character the font lacks becomes "?".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import matplotlib
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import FontFace

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_FAMILY = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
GREY, DARK, RED, RED_FILL, HEAD_FILL = (90, 90, 90), (20, 20, 20), (176, 0, 32), (253, 224, 220), (238, 238, 238)
# Emoji and the characters that build them: pictographs, dingbats, variation selectors, joiners, keycaps,
# skin tones and tag sequences (flags), by Unicode block.
EMOJI_RANGES = (
    (0x1F000, 0x1FAFF),
    (0x2600, 0x27BF),
    (0x2B00, 0x2BFF),
    (0x2300, 0x23FF),
    (0xFE00, 0xFE0F),
    (0x200D, 0x200D),
    (0x20E3, 0x20E3),
    (0xE0000, 0xE007F),
)


@cache
def font_charmap() -> frozenset[int]:
    """The characters every style of the report's font can draw."""
    maps = []
    for filename in FONT_FILES.values():
        with TTFont(FONT_DIR / filename) as font:
            maps.append(frozenset(font.getBestCmap()))
    return frozenset.intersection(*maps)


def is_emoji(ch: str) -> bool:
    """Whether a character is an emoji or part of one."""
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in EMOJI_RANGES)


def user_text(text: str, limit: int = 80) -> str:
    """Make typed text drawable: no control characters, no emoji, "?" for what the font lacks, ``limit`` long."""
    charmap = font_charmap()
    kept = "".join(
        ch if ord(ch) in charmap else "?" for ch in text if unicodedata.category(ch)[0] != "C" and not is_emoji(ch)
    )
    kept = " ".join(kept.split()) or "?"
    return kept if len(kept) <= limit else kept[: limit - 1] + "…"


class ReportDocument(FPDF):
    """A4 pages with a footer on each; records every text it is asked to draw, for the glyph tests."""

    def __init__(self, footer_text: str) -> None:
        super().__init__(format="A4")
        self.footer_text = footer_text
        self.drawn: list[str] = []
        for style, filename in FONT_FILES.items():
            self.add_font(FONT_FAMILY, style, str(FONT_DIR / filename))
        self.set_margins(15, 14, 15)
        self.set_auto_page_break(True, margin=16)
        self.alias_nb_pages("{pages}")

    def normalize_text(self, text: str) -> str:
        """Note the text (fpdf2 calls this for every cell and table cell) before fpdf2 checks it."""
        self.drawn.append(text)
        return super().normalize_text(text)

    def missing_glyphs(self) -> list[str]:
        """The characters fpdf2 was asked to draw that a font lacks (drawn as boxes)."""
        return [chr(code) for font in self.fonts.values() for code in getattr(font, "missing_glyphs", ())]

    def footer(self) -> None:
        """Write the disclaimer and page number at the foot of every page."""
        self.set_y(-12)
        self.set_font(FONT_FAMILY, "I", 7.5)
        self.set_text_color(*GREY)
        self.cell(0, 5, self.footer_text.replace("{page}", str(self.page_no())), align="C")
        self.set_text_color(*DARK)

    def heading(self, text: str) -> None:
        """Start a section, on a new page when fewer than 35 mm are left."""
        if self.get_y() > self.h - 16 - 35:
            self.add_page()
        self.ln(3)
        self.set_font(FONT_FAMILY, "B", 11)
        self.multi_cell(0, 6, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT_FAMILY, "", 8.5)
        self.ln(1)

    def line_text(self, text: str, *, size: float = 8.5, style: str = "", colour: tuple[int, int, int] = DARK) -> None:
        """Write a paragraph."""
        self.set_font(FONT_FAMILY, style, size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.52, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*DARK)
        self.set_font(FONT_FAMILY, "", 8.5)

    def grid(
        self,
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        flagged: set[tuple[int, int]] = frozenset(),  # type: ignore[assignment]
        size: float = 8,
        left: frozenset[int] = frozenset({0}),
    ) -> None:
        """Draw a table whose first row is the heading (repeated on each page); flagged cells in red."""
        self.set_font(FONT_FAMILY, "", size)
        heading = FontFace(emphasis="BOLD", fill_color=HEAD_FILL)
        red = FontFace(emphasis="BOLD", color=RED, fill_color=RED_FILL)
        with self.table(
            width=min(sum(widths), self.epw),
            align="LEFT",
            col_widths=tuple(widths),
            text_align="CENTER",
            headings_style=heading,
            line_height=size * 0.55,
            padding=0.8,
            borders_layout="SINGLE_TOP_LINE",
        ) as table:
            for r, cells in enumerate(rows):
                row = table.row()
                for c, text in enumerate(cells):
                    row.cell(text, style=red if (r, c) in flagged else None, align="LEFT" if c in left else None)
        self.ln(1.5)
