"""What a /reload changed, language by language, and which lessons to announce to whose readers.

The default language's catalog (English) decides what is news: a lesson new or changed there is
announced to its readers and to every language whose own lesson changed with it, each under the title in
their own language. A translation that did not change with its English lesson (a stale one, reported to
the operator as a warning) is held back: its readers still read the old text, so there is nothing new
for them yet; they hear of the lesson when the updated translation is reloaded. A lesson new or changed
only in a translation's own file (its English file unchanged) is listed apart and announced to that
language's readers only, under that language's title. A language that had no lessons before the reload
is compared with nothing: its first lessons are not announced as news.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

from bot.operators.broadcast_views import language_name
from bot.texts.catalog import Texts
from content import Catalog, Lesson

# A button per lesson (Telegram allows 100): room for a curriculum update, whose new lessons and
# rewritten ones (version raised) come first. The operator sees the preview before anything is sent.
# 40, not 30: after the independent content review, Curriculum 2 is 9 new and 22 re-versioned lessons,
# and at 30 the red-flags lesson (last in reading order) was the one left out.
MAX_ANNOUNCED = 40


@dataclass(frozen=True, slots=True)
class LessonChange:
    """A lesson as it is now, and the content hash it had before the reload (None when it is new)."""

    lesson: Lesson
    old_hash: str | None

    def hashes(self) -> str:
        """Return `new` or `old → new`, as the reply shows it."""
        return self.lesson.content_hash if self.old_hash is None else f"{self.old_hash} → {self.lesson.content_hash}"


@dataclass(frozen=True, slots=True)
class ReloadChanges:
    """The default language's new, changed and removed lessons, each translation's own changes, and the ids
    to announce: `announced` to everyone but `held_back[lang]` from that language's readers (its file did
    not change), and `announced_in[lang]` to that language's readers besides."""

    count: int
    added: list[Lesson]
    changed: list[LessonChange]
    removed: list[str]
    only_in: dict[str, list[LessonChange]]
    announced: list[str]
    announced_in: dict[str, list[str]]
    held_back: dict[str, list[str]]

    @property
    def to_announce(self) -> bool:
        """Whether anyone has a lesson to hear about."""
        return bool(self.announced or self.announced_in)

    def audit_detail(self) -> str:
        """Return the counts for the audit trail."""
        counts = (
            f"{self.count} lessons, {len(self.added)} new, {len(self.changed)} changed, {len(self.removed)} removed"
        )
        return counts + "".join(f", {len(changes)} only in {lang}" for lang, changes in self.only_in.items())


def compare(previous: Mapping[str, Catalog], current: Mapping[str, Catalog], default: str) -> ReloadChanges:
    """Return what changed between the catalogs served before the reload and the ones loaded now."""
    old, new = previous[default], current[default]
    before = {lesson.id: lesson.content_hash for lesson in old.lessons}
    added = [lesson for lesson in new.lessons if lesson.id not in before]
    changed = [
        LessonChange(lesson, before[lesson.id])
        for lesson in new.lessons
        if before.get(lesson.id, lesson.content_hash) != lesson.content_hash
    ]
    # New lessons first, then changes the writer marked by raising `version`, then quieter fixes.
    announced = [lesson.id for lesson in [*added, *_by_news([x.lesson for x in changed], old)]][:MAX_ANNOUNCED]
    everyone = {lesson.id for lesson in added} | {change.lesson.id for change in changed}
    only_in = {
        lang: changes
        for lang, catalog in sorted(current.items())
        if lang != default and lang in previous
        for changes in [translation_changes(previous[lang], catalog, everyone)]
        if changes
    }
    room = MAX_ANNOUNCED - len(announced)
    announced_in = {lang: [x.lesson.id for x in changes][:room] for lang, changes in only_in.items() if room > 0}
    held_back = {
        lang: ids
        for lang, catalog in sorted(current.items())
        if lang != default and lang in previous
        for ids in [unchanged_translations(previous[lang], catalog, announced)]
        if ids
    }
    removed = sorted(set(before) - {lesson.id for lesson in new.lessons})
    return ReloadChanges(len(new.lessons), added, changed, removed, only_in, announced, announced_in, held_back)


def unchanged_translations(before: Catalog, after: Catalog, lesson_ids: list[str]) -> list[str]:
    """Return the lessons among lesson_ids that this translation's readers read exactly as before the reload."""
    hashes = {lesson.id: lesson.content_hash for lesson in before.lessons}
    return [
        lesson_id
        for lesson_id in lesson_ids
        for lesson in [after.get_lesson(lesson_id)]
        if lesson is not None and hashes.get(lesson_id) == lesson.content_hash
    ]


def translation_changes(before: Catalog, after: Catalog, everyone: set[str]) -> list[LessonChange]:
    """Return the lessons new or changed in one translation's files and not in English: new ones first."""
    hashes = {lesson.id: lesson.content_hash for lesson in before.lessons}
    changes = [
        lesson for lesson in after.lessons if lesson.id not in everyone and hashes.get(lesson.id) != lesson.content_hash
    ]
    fresh = [lesson for lesson in changes if lesson.id not in hashes]
    rewritten = _by_news([lesson for lesson in changes if lesson.id in hashes], before)
    return [LessonChange(lesson, hashes.get(lesson.id)) for lesson in [*fresh, *rewritten]]


def changes_text(changes: ReloadChanges, t: Texts, own: Catalog) -> str:
    """Return the reply's list of changes; English lessons under the operator's own titles."""

    def line(change: LessonChange, title: str) -> str:
        return str(t.RELOAD_LINE.format(title=html.escape(title), id=change.lesson.id, hash=change.hashes()))

    def own_title(lesson: Lesson) -> str:
        return (own.get_lesson(lesson.id) or lesson).title

    parts = []
    if changes.added:
        lines = [line(LessonChange(lesson, None), own_title(lesson)) for lesson in changes.added]
        parts.append(t.RELOAD_NEW.format(lines="\n".join(lines)))
    if changes.changed:
        lines = [line(change, own_title(change.lesson)) for change in changes.changed]
        parts.append(t.RELOAD_CHANGED.format(lines="\n".join(lines)))
    for lang, only in changes.only_in.items():
        lines = [line(change, change.lesson.title) for change in only]  # the title the readers of `lang` see
        parts.append(t.RELOAD_CHANGED_IN.format(language=html.escape(language_name(lang, t)), lines="\n".join(lines)))
    if changes.removed:
        parts.append(t.RELOAD_REMOVED.format(ids=", ".join(changes.removed)))
    return "\n\n".join(parts) or str(t.RELOAD_NO_CHANGES)


def _by_news(lessons: list[Lesson], before: Catalog) -> list[Lesson]:
    versions = {lesson.id: lesson.version for lesson in before.lessons}
    return sorted(lessons, key=lambda lesson: lesson.version <= versions.get(lesson.id, 0))
