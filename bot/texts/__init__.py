"""Interface texts: English constants in bot/texts/en/, translated through gettext catalogs in bot/locale/.

Handlers read them through ``texts_for(language)``: ``t.NAME`` is a translated constant, ``t.NAME(n)``
picks the plural form of a ``Plural``, and ``t.month()``, ``t.short_day()``, ``t.time()`` format from
CLDR. A new language needs only its .po file (``python -m bot.texts update --new xx``) and its lessons.
"""

from __future__ import annotations

from functools import cache

from babel import Locale

from bot.texts.catalog import SOURCE_LANGUAGE, Texts, available_languages

LANGUAGES: tuple[str, ...] = available_languages()
# Each language in its own words, as the language menu shows it.
LANGUAGE_NAMES: dict[str, str] = {
    code: (lambda name: name[:1].upper() + name[1:])(Locale.parse(code).get_display_name(code) or code)
    for code in LANGUAGES
}


@cache
def texts_for(language: str | None) -> Texts:
    """The texts of a language, English for a language without a catalog."""
    return Texts(language if language in LANGUAGES else SOURCE_LANGUAGE)


def language_from_telegram(code: str | None) -> str:
    """The interface language for Telegram's language_code: "es-419" is Spanish, "pt-br" English (none yet)."""
    primary = (code or "").split("-")[0].split("_")[0].lower()
    return primary if primary in LANGUAGES else SOURCE_LANGUAGE
