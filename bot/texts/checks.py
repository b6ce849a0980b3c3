"""What a translator still has to do: messages missing, untranslated, fuzzy, or with lost placeholders; and
entries a hand edit left behind: one listed twice, one for an English text that no longer exists, one whose
location is not an English text (a "#: pending" placeholder)."""

from __future__ import annotations

from babel.messages.catalog import Catalog, Message

from bot.texts.catalog import available_languages, fits, read_catalog, template

# Where every message comes from: a location elsewhere is a placeholder typed by hand.
SOURCE_FOLDER = "bot/texts/en/"


def catalog_problems(languages: tuple[str, ...] | None = None) -> list[str]:
    """One line per problem, for every catalog (or the given languages); empty when all are complete."""
    messages = template()
    problems: list[str] = []
    for language in languages or available_languages()[1:]:
        problems += [f"{language}: {problem}" for problem in entry_problems(read_catalog(language), messages)]
    return problems


def entry_problems(catalog: Catalog, messages: Catalog) -> list[str]:
    """The problems of one catalog against the template, each as "CONTEXT: problem"."""
    problems: list[str] = []
    for english in messages:
        if not english.id:
            continue  # the header
        found = catalog.get(english.id, context=english.context)
        problem = _problem(english, found) or (_leftover(found) if found else None)
        if problem:
            problems.append(f"{english.context}: {problem}")
    for found in catalog:
        if found.id and messages.get(found.id, context=found.context) is None:
            problems.append(f"{found.context}: stale (its English text is gone or changed: delete the entry)")
    return problems


def _leftover(found: Message) -> str | None:
    # read_po folds two entries with one context and text into the first, keeping both locations, so a
    # second location means the file lists the message twice and only the first translation is used.
    if len(found.locations) > 1:
        return "listed twice (only the first translation is used: keep one)"
    if any(not path.startswith(SOURCE_FOLDER) for path, _ in found.locations):
        return f"location is not an English text ({found.locations[0][0]}): write its {SOURCE_FOLDER} file and line"
    return None


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
