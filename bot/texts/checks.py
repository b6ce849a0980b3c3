"""What a translator still has to do: messages missing, untranslated, fuzzy, or with lost placeholders."""

from __future__ import annotations

from babel.messages.catalog import Message

from bot.texts.catalog import available_languages, fits, read_catalog, template


def catalog_problems(languages: tuple[str, ...] | None = None) -> list[str]:
    """One line per problem, for every catalog (or the given languages); empty when all are complete."""
    messages = template()
    problems: list[str] = []
    for language in languages or available_languages()[1:]:
        catalog = read_catalog(language)
        for english in messages:
            if not english.id:
                continue  # the header
            found = catalog.get(english.id, context=english.context)
            problem = _problem(english, found)
            if problem:
                problems.append(f"{language}: {english.context}: {problem}")
    return problems


def _problem(english: Message, found: Message | None) -> str | None:
    if found is None:
        return "missing"
    if found.fuzzy:
        return "fuzzy"
    if isinstance(english.id, tuple):
        strings = found.string if isinstance(found.string, tuple | list) else [found.string]
        forms = [str(form or "") for form in strings]
        if not all(forms):
            return "untranslated"
        one, other = english.id
        if not all(fits(other, form) or fits(one, form) for form in forms):
            return "placeholders or tags differ from the English"
        return None
    if not found.string:
        return "untranslated"
    if not isinstance(found.string, str) or not fits(str(english.id), found.string):
        return "placeholders or tags differ from the English"
    return None
