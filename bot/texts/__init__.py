"""Interface strings, one module per language; a second language is a new module plus its lesson folder."""

from __future__ import annotations

from types import ModuleType

from bot.texts import en

LANGUAGES: dict[str, ModuleType] = {"en": en}
LANGUAGE_NAMES: dict[str, str] = {"en": "English"}


def texts_for(language: str | None) -> ModuleType:
    """Return the text catalog for a language, falling back to English."""
    return LANGUAGES.get(language or "en", en)
