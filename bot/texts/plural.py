"""A text with plural forms, written in English in bot/texts/en/ and translated with ngettext."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Plural:
    """The English singular and plural of one message; each language has as many forms as its rules need.

    Handlers call it with the number: ``t.DELETE_MEDS(count).format(count=count)``. Calling the English
    value directly picks the English form, so tests can build the expected English text the same way.
    """

    one: str
    other: str

    def __call__(self, n: int) -> str:
        """The English form for n."""
        return self.one if n == 1 else self.other
