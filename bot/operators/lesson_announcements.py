"""/reload's announcement of new and updated lessons, worded for each recipient's language.

One broadcast carries a translation per interface language: the words from that language's gettext
catalog, the lesson titles from that language's lessons (the default language's title where a lesson
has no translation yet). Its own text and buttons are the source language's, for anyone whose language
has no catalog. The broadcast worker only picks the recipient's wording; nothing is worded there.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from bot.catalog_holder import CatalogHolder
from bot.deeplinks import deep_link
from bot.texts import LANGUAGES, texts_for
from bot.texts.catalog import SOURCE_LANGUAGE
from content import Lesson
from storage.broadcasts import BroadcastContent, Translation


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


def lesson_announcement(holder: CatalogHolder, lesson_ids: Sequence[str], username: str) -> BroadcastContent | None:
    """Return the broadcast announcing these lessons in every language, or None when none is left."""
    if not announced_lessons(holder, lesson_ids, SOURCE_LANGUAGE):
        return None
    source = announcement_in(holder, lesson_ids, SOURCE_LANGUAGE, username)
    translations = {
        language: announcement_in(holder, lesson_ids, language, username)
        for language in LANGUAGES
        if language != SOURCE_LANGUAGE
    }
    return BroadcastContent(text=source.text, buttons=source.buttons, translations=translations)
