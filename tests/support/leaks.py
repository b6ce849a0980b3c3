"""Looking for a raw id in text that also holds random hex (pseudonyms, hashes) and timestamps with microseconds."""

from __future__ import annotations

import re


def names_id(text: str, user_id: int) -> bool:
    """Whether the id stands in the text as a number of its own, not inside a hash's hex or a timestamp's digits."""
    return re.search(rf"(?<![0-9A-Fa-f]){user_id}(?![0-9A-Fa-f])", text) is not None
