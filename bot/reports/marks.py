"""Hatch tiles and marker sprites for the /stats chart, drawn 4x larger, scaled down (smooth edges), cached.

The codes are matplotlib's, as the chart used them: hatches "//", "xx", "..", "++", "oo" (denser the
more the code repeats), markers "o", "^", "v", "s", "D", "P", "X", "*".
"""

from __future__ import annotations

from functools import cache
from math import cos, pi, sin

from PIL import Image, ImageDraw

SUPER = 4  # drawn this much larger, then scaled down


@cache
def hatch_tile(hatch: str, fill: str, ink: str) -> Image.Image:
    """A seamless tile of the hatch: denser the more its code repeats, as in matplotlib ("/" vs "///")."""
    density = len(hatch)
    size = {1: 24, 2: 16, 3: 12}.get(density, 12)
    big = size * SUPER
    tile = Image.new("RGB", (big, big), fill)
    draw = ImageDraw.Draw(tile)
    line = 2 * SUPER if hatch[0] not in ".o" else SUPER
    for kind in set(hatch):
        for shift in (-big, 0, big):  # lines that leave the tile come back in on the other side
            if kind == "/":
                draw.line([(shift, big), (shift + big, 0)], fill=ink, width=line)
            elif kind == "\\":
                draw.line([(shift, 0), (shift + big, big)], fill=ink, width=line)
            elif kind == "x":
                draw.line([(shift, big), (shift + big, 0)], fill=ink, width=line)
                draw.line([(shift, 0), (shift + big, big)], fill=ink, width=line)
        middle = big // 2
        if kind in "-+":
            draw.rectangle((0, middle - line // 2, big, middle + line // 2), fill=ink)
        if kind in "|+":
            draw.rectangle((middle - line // 2, 0, middle + line // 2, big), fill=ink)
        if kind == ".":
            radius = big // 8
            spots = [(middle, middle)] if density < 3 else [(big // 4, big // 4), (3 * big // 4, 3 * big // 4)]
            for x, y in spots:
                draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=ink)
        if kind == "o":
            radius = big // 4
            draw.ellipse((middle - radius, middle - radius, middle + radius, middle + radius), outline=ink, width=line)
    return tile.resize((size, size), Image.Resampling.LANCZOS)


def _polygon(shape: str, r: float) -> list[tuple[float, float]]:
    """The outline of a marker around (0, 0) with radius ``r``, y downwards."""
    if shape in "^v":
        sign = -1 if shape == "^" else 1
        return [(0, sign * r), (r * 0.95, -sign * r * 0.7), (-r * 0.95, -sign * r * 0.7)]
    if shape == "s":
        side = r * 0.85
        return [(-side, -side), (side, -side), (side, side), (-side, side)]
    if shape == "D":
        return [(0, -r), (r * 0.8, 0), (0, r), (-r * 0.8, 0)]
    if shape == "*":
        return [
            ((r if i % 2 == 0 else r * 0.45) * sin(i * pi / 5), -(r if i % 2 == 0 else r * 0.45) * cos(i * pi / 5))
            for i in range(10)
        ]
    arm = r * 0.36  # "P" a plus, "X" the same turned by 45 degrees
    plus = [
        (-arm, -r),
        (arm, -r),
        (arm, -arm),
        (r, -arm),
        (r, arm),
        (arm, arm),
        (arm, r),
        (-arm, r),
        (-arm, arm),
        (-r, arm),
        (-r, -arm),
        (-arm, -arm),
    ]
    if shape == "X":
        c = cos(pi / 4)
        return [(c * (x - y), c * (x + y)) for x, y in plus]
    return plus


@cache
def marker_sprite(shape: str, size: int, colour: str) -> Image.Image:
    """An anti-aliased RGBA marker, its outline dark so it stands out on any cell colour."""
    big = (size + 2) * SUPER
    sprite = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(sprite)
    middle, r = big / 2, size * SUPER / 2
    outline = round(SUPER * max(1.5, size / 12))
    if shape == "o":
        draw.ellipse((middle - r, middle - r, middle + r, middle + r), fill=colour, outline="#111111", width=outline)
    else:
        points = [(middle + x, middle + y) for x, y in _polygon(shape, r)]
        draw.polygon(points, fill=colour, outline="#111111", width=outline)
    return sprite.resize((size + 2, size + 2), Image.Resampling.LANCZOS)


@cache
def hatch_pattern(hatch: str, fill: str, ink: str) -> Image.Image:
    """The hatch tiled over an area as large as any box the chart hatches: one crop per box, not a paste per tile."""
    tile = hatch_tile(hatch, fill, ink)
    pattern = Image.new("RGB", (256, 600))
    for y in range(0, pattern.height, tile.height):
        for x in range(0, pattern.width, tile.width):
            pattern.paste(tile, (x, y))
    return pattern
