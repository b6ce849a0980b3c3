"""Which emergency number a user sees: their own choice, their time zone's country, or the fallback.

Every urgent reply, the disclaimer, /help and /settings show the same number through `numbers_for`.
EMERGENCY_NUMBER (settings) is only the fallback for a zone with no known country or no reliable number,
and then the texts add "or your local emergency number".
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bot.settings import Settings
from bot.texts.catalog import Texts
from content.emergency import CrisisLine, contacts_for_zone
from storage.snapshots import UserView

# One number: digits with optional spaces or dashes inside, optionally a leading "+".
_NUMBER = re.compile(r"^\+?\d(?:[\d -]{0,13}\d)?$")
_SEPARATORS = re.compile(r"\s*(?:,|/|;|\bor\b|\bo\b|\bили\b)\s*", re.IGNORECASE)
MAX_NUMBERS = 3
STORED_LENGTH = 40


@dataclass(frozen=True, slots=True)
class EmergencyNumbers:
    """The numbers to show, where they came from, and the country's crisis line if one is known."""

    numbers: tuple[str, ...]
    source: str  # "user", "country" or "fallback"
    country: str | None
    crisis_line: CrisisLine | None
    directory: str


def numbers_for(user: UserView | None, settings: Settings) -> EmergencyNumbers:
    """The emergency numbers for a user (None: someone the bot does not know yet)."""
    contacts = contacts_for_zone(user.timezone if user else None)
    chosen = parse_numbers(user.emergency_number) if user and user.emergency_number else None
    if chosen:
        return EmergencyNumbers(chosen, "user", contacts.country, contacts.crisis_line, contacts.directory)
    if contacts.numbers:
        return EmergencyNumbers(contacts.numbers, "country", contacts.country, contacts.crisis_line, contacts.directory)
    fallback = (settings.emergency_number,)
    return EmergencyNumbers(fallback, "fallback", contacts.country, contacts.crisis_line, contacts.directory)


def format_numbers(numbers: EmergencyNumbers, t: Texts) -> dict[str, str]:
    """The `{emergency}` and `{local}` values of the texts: "999 or 112", and the fallback's hint."""
    return {
        "emergency": html.escape(t.EMERGENCY_OR.join(numbers.numbers)),
        "local": t.LOCAL_NUMBER if numbers.source == "fallback" else "",
    }


def parse_numbers(text: str | None) -> tuple[str, ...] | None:
    """Read "999 or 112", "999, 112" or "112" as numbers; None when any part is not a phone number."""
    if not text:
        return None
    parts = [part.strip() for part in _SEPARATORS.split(text.strip()) if part.strip()]
    if not parts or len(parts) > MAX_NUMBERS or not all(_NUMBER.match(part) for part in parts):
        return None
    numbers = tuple(dict.fromkeys(" ".join(part.replace("-", " ").split()) for part in parts))
    return numbers if len(",".join(numbers)) <= STORED_LENGTH else None


def stored_form(numbers: tuple[str, ...]) -> str:
    """How chosen numbers are kept in users.emergency_number."""
    return ",".join(numbers)

