"""/reload's announcement of new and updated lessons, worded for each recipient's language.

One broadcast carries a translation per interface language: the words from that language's gettext
catalog, the lesson titles from that language's lessons (the default language's title where a lesson
has no translation yet). Its own text and buttons are the source language's, for anyone whose language
has no catalog. The broadcast worker only picks the recipient's wording; nothing is worded there.

A change to the English file reaches the readers of English, of languages without a translation, and of
every translation that changed with it; `held_back` names, per language, the English changes whose
translation did not change (its readers still read the old text, so there is nothing new for them). A
change to one translation's file alone reaches that language's readers only: `only_in` names those
lessons per language. The audience is limited to the languages that have something to announce.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Mapping, Sequence

from bot.catalog_holder import CatalogHolder
from bot.deeplinks import deep_link
from bot.texts import LANGUAGES, texts_for
from bot.texts.catalog import SOURCE_LANGUAGE
from content import Lesson
from storage.broadcasts import Audience, BroadcastContent, Translation

NO_CHANGES: Mapping[str, Sequence[str]] = {}


def announced_lessons(holder: CatalogHolder, lesson_ids: Sequence[str], language: str) -> list[Lesson]:
    """Return the lessons still in the catalog, each in `language` where it is translated."""
    default = holder.current.catalog
    own = holder.for_lang(language).catalog
    found = (own.get_lesson(lesson_id) or default.get_lesson(lesson_id) for lesson_id in lesson_ids)
    return [lesson for lesson in found if lesson is not None]


def announcement_in(holder: CatalogHolder, lesson_ids: Sequence[str], language: str, username: str) -> Translation:
    """Return the announcement's text and a deep-link button per lesson, in one language."""
    t = texts_for(language)
    lessons = announced_lessons(holder, lesson_ids, language)
    lines = "\n".join(t.ANNOUNCE_LINE.format(title=html.escape(lesson.title)) for lesson in lessons)
    buttons = tuple(
        (t.ANNOUNCE_BUTTON.format(title=lesson.title), deep_link(username, "lesson", lesson.id)) for lesson in lessons
    )
    return Translation(t.ANNOUNCE_TEXT.format(lines=lines), buttons)


def announced_ids(
    lesson_ids: Sequence[str],
    only_in: Mapping[str, Sequence[str]],
    language: str,
    held_back: Mapping[str, Sequence[str]] = NO_CHANGES,
) -> list[str]:
    """Return the lessons announced to readers of `language`: English news their own file has too, then
    their language's own."""
    held = set(held_back.get(language, ()))
    return list(dict.fromkeys([*(x for x in lesson_ids if x not in held), *only_in.get(language, ())]))


def lesson_announcement(
    holder: CatalogHolder,
    lesson_ids: Sequence[str],
    username: str,
    only_in: Mapping[str, Sequence[str]] = NO_CHANGES,
    held_back: Mapping[str, Sequence[str]] = NO_CHANGES,
) -> BroadcastContent | None:
    """Return the broadcast announcing these lessons in every language, or None when none is left."""
    wordings = {}
    for language in LANGUAGES:
        ids = announced_ids(lesson_ids, only_in, language, held_back)
        if announced_lessons(holder, ids, language):
            wordings[language] = announcement_in(holder, ids, language, username)
    if not wordings:
        return None
    # Without an English change nobody reads the source wording (the audience leaves them out); it is what
    # an operator in a language with nothing to announce previews: every announced lesson, in English.
    everything = list(dict.fromkeys([*lesson_ids, *(x for ids in only_in.values() for x in ids)]))
    source = wordings.pop(SOURCE_LANGUAGE, None) or announcement_in(holder, everything, SOURCE_LANGUAGE, username)
    return BroadcastContent(text=source.text, buttons=source.buttons, translations=wordings)


def announcement_audience(
    lesson_ids: Sequence[str],
    only_in: Mapping[str, Sequence[str]],
    held_back: Mapping[str, Sequence[str]] = NO_CHANGES,
    subscriber_languages: Collection[str] = (),
) -> Audience:
    """Return every subscriber when an English lesson changed, else the readers of the languages that changed;
    minus the readers of a language left with nothing to hear of (`subscriber_languages` names them all)."""
    if lesson_ids:
        silent = {language for language in held_back if not announced_ids(lesson_ids, only_in, language, held_back)}
        if not silent:
            return Audience("subscribed")
        # The source language is never held back: with it in the list, the value is never empty ("everyone").
        return Audience("subscribed", ",".join(sorted({SOURCE_LANGUAGE, *subscriber_languages} - silent)))
    return Audience("subscribed", ",".join(sorted(language for language, ids in only_in.items() if ids)))
