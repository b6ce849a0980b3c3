"""Texts whose ``format`` never doubles a full stop.

CLDR abbreviates with a dot ("10 дек.", "3 дек. 2026 г.", "sept."), and a sentence that ends with a
date adds its own: "до чт, 10 дек.." Rather than know at each call which values may end with a dot, every
interface text is a ``Text`` whose ``format`` drops the second dot, also across closing tags
("дек.</b>."). An ellipsis ("...") is left alone.
"""

from __future__ import annotations

import re
from typing import Any

# A dot after a letter or digit, optional closing tags, and a second dot that does not start an ellipsis.
_DOUBLED_DOT = re.compile(r"(?<=\w)\.((?:</\w+>)*)\.(?!\.)")


def single_full_stops(text: str) -> str:
    """The text with a doubled full stop ("дек..", "дек.</b>.") written once."""
    return _DOUBLED_DOT.sub(r".\1", text)


class Text(str):
    """An interface text: ``format`` fills it as ``str.format`` does, then writes doubled full stops once."""

    __slots__ = ()

    def format(self, *args: Any, **kwargs: Any) -> str:
        """Fill the placeholders, then drop a full stop doubled by a value that ends with one."""
        return single_full_stops(super().format(*args, **kwargs))
