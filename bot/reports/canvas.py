"""A Pillow canvas for the /stats chart: text, hatched boxes and markers, each recorded where it was drawn.

matplotlib spent about 265 ms of CPU on one /stats picture (artists, tick machinery, layout, Agg), and
the render holds the GIL for every other user; Pillow draws the same picture in a few ms. Hatches and
markers are small anti-aliased tiles and sprites, cached (marks.py), and words are rendered once and
pasted as masks. Every text and box
goes into ``Canvas.drawn`` with its pixel box, so the chart can read back what it shows, and tests can
check that no two words overlap and each label fits its box.

The image (~5 MB) is kept for the next render (``_Spares``) instead of being allocated each time, and the
PNG is filtered and deflated a band of rows at a time: before, the allocator handed ~14 MB a render back
to the system, and touching it again cost ~2,300 page faults, about half the render's CPU (4-5 ms of system
time) in the bot, for the same pixels; and the less memory a render sweeps, the less of the event loop's
it pushes out of the CPU's caches. For the same reason Pillow draws straight into a numpy array
(``Image.frombuffer`` shares its memory), and the PNG is filtered from that array: reading the pixels back
through Pillow (a crop and a ``tobytes`` per band, ~11 MB of copying) cost a quarter of the render.
"""

from __future__ import annotations

import math
import queue
import struct
import sys
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any, Generic, TypeVar

import numpy as np
from isal import isal_zlib
from matplotlib import font_manager
from PIL import Image, ImageDraw, ImageFont

from bot.reports.marks import hatch_pattern, hatch_tile, marker_sprite

Box = tuple[int, int, int, int]  # left, top, right, bottom in pixels; right and bottom excluded
SPARES = 2  # buffers of each size kept: renders seldom overlap (the default executor runs up to 6)
ROWS_PER_BAND = 64  # the PNG's rows are filtered and deflated a band at a time: ~200 KB, not the whole image
_Buffer = TypeVar("_Buffer")
Size = tuple[int, int]  # an image's width and height, or an array's shape


class _Spares(Generic[_Buffer]):
    """Up to SPARES buffers per size for the next render to reuse; safe from any thread."""

    def __init__(self, make: Callable[[Size], _Buffer]) -> None:
        self._make = make
        self._kept: dict[Size, queue.SimpleQueue[_Buffer]] = {}
        self._lock = threading.Lock()

    def take(self, size: Size) -> _Buffer:
        """A kept buffer of ``size`` (its content is what the last user left), else a new one."""
        with self._lock:
            kept = self._kept.setdefault(size, queue.SimpleQueue())
        try:
            return kept.get_nowait()
        except queue.Empty:
            return self._make(size)

    def give_back(self, size: Size, buffer: _Buffer) -> None:
        """Keep ``buffer`` for the next ``take(size)``, unless SPARES are kept already."""
        with self._lock:
            kept = self._kept[size]
            if kept.qsize() < SPARES:
                kept.put(buffer)

    def drop(self) -> None:
        """Keep no buffer: each holds what the last render drew, a chart of someone's diary."""
        with self._lock:
            self._kept.clear()




def _pixels_and_image(size: Size) -> tuple[np.ndarray, Image.Image]:
    """An RGBX image whose pixels are the array's, (height, width, 4) bytes: what Pillow draws, numpy reads.

    ``frombuffer`` marks an image over foreign memory read-only, and Pillow would copy it at the first
    drawing; the array is ours and outlives the image, so the image may write to it.
    """
    width, height = size
    pixels = np.full((height, width, 4), 255, np.uint8)
    image = Image.frombuffer("RGBX", size, pixels, "raw", "RGBX", 0, 1)
    image.readonly = 0
    return pixels, image


_images: _Spares[tuple[np.ndarray, Image.Image]] = _Spares(_pixels_and_image)
_rows: _Spares[np.ndarray] = _Spares(lambda shape: np.empty(shape, np.uint8))


def drop_spares() -> None:
    """Free the kept image and row buffers, so no picture of an erased diary stays in memory after /delete
    (the next render allocates afresh)."""
    _images.drop()
    _rows.drop()
    _inked.cache_clear()


def font(size: float, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    """DejaVu Sans (Latin and Cyrillic), the font matplotlib ships, at ``size`` pixels.

    One per thread, as matplotlib keeps its own: a FreeType face is not safe to share between threads,
    and /stats renders run in the default executor's threads.
    """
    return _font(size, bold, threading.get_ident())


@cache
def _font(size: float, bold: bool, thread: int) -> ImageFont.FreeTypeFont:
    weight = "bold" if bold else "normal"
    path = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans", weight=weight))
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)


@dataclass(frozen=True, slots=True)
class Drawn:
    """One recorded drawing: ``gid`` says what it shows, ``box`` where, ``text`` its words if any."""

    gid: str
    box: Box
    text: str = ""
    fill: str = ""


@dataclass(slots=True)
class Canvas:
    """An RGBX image over a numpy array, and the list of what was drawn on it.

    Everything is placed in layout units, ``width`` by ``height``; the image has ``scale`` pixels a unit,
    and what is recorded in ``drawn`` is in layout units too (a word's box rounded outwards), so the
    layout, and reading it back, do not depend on the size of the picture.
    Its image is a kept buffer, painted white: ``close()`` gives it back once the PNG is made.
    """

    width: int
    height: int
    scale: float = 1.0
    pixels: np.ndarray = field(init=False)
    image: Image.Image = field(init=False)
    draw: ImageDraw.ImageDraw = field(init=False)
    drawn: list[Drawn] = field(default_factory=list)

    @property
    def size(self) -> Size:
        """The image's width and height in pixels."""
        return round(self.width * self.scale), round(self.height * self.scale)

    def __post_init__(self) -> None:
        self.pixels, self.image = _images.take(self.size)
        self.pixels.fill(255)
        self.draw = ImageDraw.Draw(self.image)

    def close(self) -> None:
        """Give the image back for the next canvas; this one draws no more."""
        _images.give_back(self.size, (self.pixels, self.image))
        del self.pixels, self.image, self.draw

    def _pixels(self, box: Box) -> Box:
        """A box in layout units as pixels."""
        scale = self.scale
        return round(box[0] * scale), round(box[1] * scale), round(box[2] * scale), round(box[3] * scale)

    def _units(self, box: Box) -> Box:
        """A box in pixels as layout units, rounded outwards: the box of a word holds all of it."""
        scale = self.scale
        return (
            math.floor(box[0] / scale),
            math.floor(box[1] / scale),
            math.ceil(box[2] / scale),
            math.ceil(box[3] / scale),
        )

    def _line(self, width: int) -> int:
        """A line ``width`` units wide, in whole pixels: at least one."""
        return max(1, round(width * self.scale))

    def box(self, box: Box, fill: str, *, gid: str = "", outline: str | None = None, width: int = 1) -> None:
        """A filled box, optionally outlined."""
        self.draw.rectangle(_inclusive(self._pixels(box)), fill=fill, outline=outline, width=self._line(width))
        if gid:
            self.drawn.append(Drawn(gid, box, fill=fill))

    def frame(self, box: Box, colour: str, width: int, *, gid: str = "") -> None:
        """An empty box with a border ``width`` units wide, inside ``box``."""
        self.draw.rectangle(_inclusive(self._pixels(box)), outline=colour, width=self._line(width))
        if gid:
            self.drawn.append(Drawn(gid, box))

    def hatched(self, box: Box, fill: str, hatch: str, ink: str, *, gid: str = "") -> None:
        """A box filled with ``fill`` and hatched with ``ink`` (matplotlib's hatch codes: "//", "xx", "..")."""
        if gid:
            self.drawn.append(Drawn(gid, box, fill=fill))
        left, top, right, bottom = self._pixels(box)
        if right <= left or bottom <= top:
            return
        pattern = _rgbx_pattern(hatch, fill, ink)
        size = hatch_tile(hatch, fill, ink).width
        # The pattern starts on the image's grid, not the box's, so stacked boxes continue each other's lines.
        x, y = left % size, top % size
        if x + right - left <= pattern.width and y + bottom - top <= pattern.height:
            self.image.paste(pattern.crop((x, y, x + right - left, y + bottom - top)), (left, top))
        else:  # larger than the cached pattern: tile it
            tile = hatch_tile(hatch, fill, ink)
            region = Image.new("RGB", (right - left, bottom - top))
            for ty in range(-y, bottom - top, size):
                for tx in range(-x, right - left, size):
                    region.paste(tile, (tx, ty))
            self.image.paste(region, (left, top))

    def marker(self, shape: str, centre: tuple[float, float], size: int, colour: str, *, gid: str = "") -> None:
        """A marker of matplotlib's ``shape`` code ("o", "^", "s", ...), ``size`` units across, outlined dark."""
        sprite, coverage = _rgbx_sprite(shape, round(size * self.scale), colour)
        x, y = centre[0] * self.scale, centre[1] * self.scale
        left, top = round(x - sprite.width / 2), round(y - sprite.height / 2)
        self.image.paste(sprite, (left, top), coverage)
        if gid:
            self.drawn.append(Drawn(gid, self._units((left, top, left + sprite.width, top + sprite.height))))

    def text(
        self,
        xy: tuple[float, float],
        text: str,
        size: int,
        *,
        colour: str = "#222222",
        anchor: str = "la",
        bold: bool = False,
        align: str = "center",
        gid: str = "text",
    ) -> Box:
        """Words at ``xy`` (Pillow's anchors: "la" left-ascender, "mm" middle, "md" middle-descender); their box.

        Lines after the first are aligned by ``align``.
        """
        words = (text, size * self.scale, bold, anchor, align)
        dx, dy, mask = _words(*words)
        left, top = round(xy[0] * self.scale) + dx, round(xy[1] * self.scale) + dy
        box = (left, top, left + mask.width, top + mask.height)
        self._ink(box, mask, colour, words)
        units = self._units(box)
        self.drawn.append(Drawn(gid, units, text=text))
        return units

    def upright_text(self, centre: tuple[float, float], text: str, size: int, *, colour: str, gid: str) -> Box:
        """Words read bottom to top, centred on ``centre``: a label along a narrow bar; their box."""
        mask = _upright(text, size * self.scale)
        x, y = round(centre[0] * self.scale - mask.width / 2), round(centre[1] * self.scale - mask.height / 2)
        box = (x, y, x + mask.width, y + mask.height)
        self._ink(box, mask, colour, ("upright", text, size * self.scale))
        units = self._units(box)
        self.drawn.append(Drawn(gid, units, text=text))
        return units

    def _ink(self, box: Box, mask: Image.Image, colour: str, words: tuple[Any, ...]) -> None:
        """Paint ``colour`` through the coverage ``mask`` at ``box`` (pixels), as ``ImageDraw.bitmap`` does.

        Most words sit on one flat colour (the white page, a box's fill): there the result is the same every
        render, so it is blended once (``_inked``, by Pillow's own bitmap fill on that colour) and copied in.
        Pillow's fill blends every byte under the mask, a quarter of a chart's render; a copy is a memcpy a
        row, and checking that the box is flat costs less than either. Elsewhere (over lines, hatches) it is
        blended in place as before. Each pixel's blend depends only on its own mask value, the colour under
        it and the ink, so both ways give the same bytes.
        """
        left, top, right, bottom = box
        height, width = self.pixels.shape[:2]
        if 0 <= left < right <= width and 0 <= top < bottom <= height:
            # Compared as bytes: numpy's view, == and all() on a word's few thousand bytes cost ~5 us of calls
            # for under 1 us of work; a copy and one bytes compare, ~2 us. ``first`` is the RGBX pixel as the
            # uint32 numpy read (native byte order), the key _inked keeps its words by.
            under = self.pixels[top:bottom, left:right].tobytes()
            first = under[:4]
            if under == first * (len(under) // 4):
                inked = _inked(words, colour, int.from_bytes(first, sys.byteorder))
                # Pillow's core paste: both RGBX, the box inside the image (checked above), the canvas writable and
                # loaded; Image.paste's checks of all that cost 2 us a word.
                self.image.im.paste(inked.im, box)
                return
        self.draw.bitmap((left, top), mask, fill=colour)

    def png(self) -> bytes:
        """The image as PNG."""
        return _encode_pixels(self.pixels)


def encode_png(image: Image.Image) -> bytes:
    """An RGB image as an RGB PNG, every row "Up"-filtered, deflated by ISA-L at level 1 (``_encode_pixels``)."""
    return _encode_pixels(np.asarray(image if image.mode == "RGB" else image.convert("RGB")))


def _encode_pixels(pixels: np.ndarray) -> bytes:
    """A (height, width, 3) array as an RGB PNG, or a (height, width, 4) one as an RGBA PNG.

    The fourth byte is written as alpha: Pillow's padding in RGBX, 255 wherever the canvas draws (it starts
    white, 255 in all four, and every colour and paste it draws is opaque RGBX; a mask blends 255 with
    255). Packing 4 bytes a pixel into 3 cost more than the rest of the encoding (numpy copies 3 bytes at
    a time), forcing each alpha to 255 a third of it; the alpha bytes, 0 once "Up"-filtered, deflate to
    almost nothing.

    Pillow's encoder picks a filter per row by trying each, about 20 ms for this chart's 1.5 megapixels;
    on a chart (flat colours, rows that repeat the row above) "Up" alone compresses as well, and numpy does
    it in a fraction of a ms. zlib's level 1 then took 10-12 ms of the chart's ~30 (the most of any step);
    ISA-L's deflate writes the same format in about 1.5 ms, 5 % larger. The render holds the GIL, so its
    CPU is what every other user waits behind.
    """
    height, width, channels = pixels.shape
    shape = (ROWS_PER_BAND, channels * width + 1)
    rows = _rows.take(shape)
    # Each row: its filter byte, then its pixels; copy=False: a view of the rows, or an error.
    filtered = rows[:, 1:].reshape((ROWS_PER_BAND, width, channels), copy=False)
    rows[:, 0] = 2  # "Up": each byte minus the byte above it
    deflate = isal_zlib.compressobj(1)
    parts = []
    for top in range(0, height, ROWS_PER_BAND):
        count = min(ROWS_PER_BAND, height - top)
        if top == 0:  # the first row has none above: "None", itself
            rows[0, 0] = 0
            filtered[0] = pixels[0]
        else:
            rows[0, 0] = 2
            np.subtract(pixels[top], pixels[top - 1], out=filtered[0])
        np.subtract(pixels[top + 1 : top + count], pixels[top : top + count - 1], out=filtered[1:count])
        parts.append(deflate.compress(rows[:count]))
    parts.append(deflate.flush())
    _rows.give_back(shape, rows)
    dots_per_metre = round(150 / 0.0254)
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2 if channels == 3 else 6, 0, 0, 0)),
            _chunk(b"pHYs", struct.pack(">IIB", dots_per_metre, dots_per_metre, 1)),
            _chunk(b"IDAT", b"".join(parts)),
            _chunk(b"IEND", b""),
        )
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def text_width(text: str, size: int, *, bold: bool = False) -> float:
    """How wide ``text`` is at ``size`` (its widest line), in the same units: a canvas's layout units."""
    face = font(size, bold=bold)
    return max(face.getlength(line) for line in text.split("\n"))


@lru_cache(maxsize=4096)  # the same headings and ticks are fitted in every render
def fitting_size(text: str, size: int, width: float, *, bold: bool = False, smallest: int = 12) -> int:
    """The largest size up to ``size`` at which ``text`` is no wider than ``width`` (never below ``smallest``)."""
    while size > smallest and text_width(text, size, bold=bold) > width:
        size -= 1
    return size


@lru_cache(maxsize=4096)
def _words(text: str, size: float, bold: bool, anchor: str, align: str) -> tuple[int, int, Image.Image]:
    """The words' coverage mask and its offset from the anchor point, rendered once: most words repeat
    from render to render (day numbers, weekdays, ticks, the key), and pasting a mask is cheap."""
    face = font(size, bold=bold)
    spacing = round(size * 0.15)
    scratch = ImageDraw.Draw(Image.new("L", (1, 1)))
    if "\n" in text:
        box = scratch.multiline_textbbox((0, 0), text, font=face, anchor=anchor, spacing=spacing, align=align)
    else:
        box = scratch.textbbox((0, 0), text, font=face, anchor=anchor)
    left, top = int(box[0]) - 1, int(box[1]) - 1
    mask = Image.new("L", (int(box[2]) - left + 1, int(box[3]) - top + 1), 0)
    draw = ImageDraw.Draw(mask)
    if "\n" in text:
        draw.multiline_text((-left, -top), text, fill=255, font=face, anchor=anchor, spacing=spacing, align=align)
    else:
        draw.text((-left, -top), text, fill=255, font=face, anchor=anchor)
    return left, top, mask


@lru_cache(maxsize=256)
def _upright(text: str, size: float) -> Image.Image:
    """The words' coverage mask turned to read bottom to top."""
    _, _, mask = _words(text, size, False, "la", "left")
    return mask.rotate(90, expand=True)


@lru_cache(maxsize=2048)
def _inked(words: tuple[Any, ...], colour: str, under: int) -> Image.Image:
    """The coverage mask of ``words`` (``_words``' arguments, or "upright" and ``_upright``'s) painted in
    ``colour`` on the flat RGBX pixel value ``under``."""
    mask = _upright(*words[1:]) if words[0] == "upright" else _words(*words)[2]
    pixels = np.full((mask.height, mask.width), under, np.uint32).view(np.uint8).reshape(mask.height, mask.width, 4)
    image = Image.frombuffer("RGBX", mask.size, pixels, "raw", "RGBX", 0, 1)
    image.readonly = 0
    ImageDraw.Draw(image).bitmap((0, 0), mask, fill=colour)
    return image.copy()


# The canvas is RGBX: Pillow converts whatever is pasted to it to its mode first, once per paste unless cached here.
@cache
def _rgbx_pattern(hatch: str, fill: str, ink: str) -> Image.Image:
    """``hatch_pattern`` in the canvas's mode."""
    return hatch_pattern(hatch, fill, ink).convert("RGBX")


@cache
def _rgbx_sprite(shape: str, size: int, colour: str) -> tuple[Image.Image, Image.Image]:
    """``marker_sprite`` in the canvas's mode, and its alpha: how much of each pixel it covers."""
    sprite = marker_sprite(shape, size, colour)
    return sprite.convert("RGBX"), sprite.getchannel("A")


def _inclusive(box: Box) -> tuple[int, int, int, int]:
    """Pillow's rectangles include their right and bottom edge; ours do not."""
    left, top, right, bottom = box
    return left, top, max(left, right - 1), max(top, bottom - 1)
