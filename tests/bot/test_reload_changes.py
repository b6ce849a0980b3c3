"""What a /reload counts as news for whom: English changes for everyone, a translation's own for its readers."""

from __future__ import annotations

from bot.catalog_holder import shipped_catalogs
from bot.operators.lesson_announcements import announced_ids, announcement_audience
from bot.operators.reload_changes import MAX_ANNOUNCED, compare
from content import Catalog, Lesson
from storage.broadcasts import Audience


def without(catalog: Catalog, lesson_id: str) -> Catalog:
    """The catalog as it was before one lesson was added to it."""
    kept = [lesson for lesson in catalog.lessons if lesson.id != lesson_id]
    return Catalog.build(lang=catalog.lang, modules=list(catalog.modules), lessons=kept)


def retitled(catalog: Catalog, lesson_ids: list[str]) -> Catalog:
    """The catalog with these lessons' hashes changed, as an edit to their files would."""
    lessons: list[Lesson] = [
        lesson.model_copy(update={"content_hash": "0" * 12}) if lesson.id in lesson_ids else lesson
        for lesson in catalog.lessons
    ]
    return Catalog.build(lang=catalog.lang, modules=list(catalog.modules), lessons=lessons)


def test_a_lesson_newly_translated_is_news_for_that_language_only() -> None:
    en, es = shipped_catalogs()["en"].catalog, shipped_catalogs()["es"].catalog

    changes = compare({"en": en, "es": without(es, "aura")}, {"en": en, "es": es}, "en")

    assert changes.announced == [] and changes.added == [] and changes.changed == []
    assert changes.announced_in == {"es": ["aura"]}
    assert changes.only_in["es"][0].old_hash is None
    assert changes.audit_detail().endswith(", 1 only in es")


def test_a_lesson_changed_in_english_and_spanish_is_announced_once_to_everyone() -> None:
    en, es = shipped_catalogs()["en"].catalog, shipped_catalogs()["es"].catalog

    changes = compare({"en": retitled(en, ["aura"]), "es": retitled(es, ["aura"])}, {"en": en, "es": es}, "en")

    assert changes.announced == ["aura"] and changes.announced_in == {} and changes.only_in == {}
    assert changes.held_back == {}


def test_a_language_new_to_the_bot_is_not_announced_as_news() -> None:
    en, es = shipped_catalogs()["en"].catalog, shipped_catalogs()["es"].catalog

    changes = compare({"en": en}, {"en": en, "es": es}, "en")

    assert not changes.to_announce


def test_a_translation_announces_only_what_english_did_not() -> None:
    en, ru = shipped_catalogs()["en"].catalog, shipped_catalogs()["ru"].catalog
    everything = [lesson.id for lesson in ru.lessons]

    changes = compare({"en": retitled(en, everything[:30]), "ru": retitled(ru, everything)}, {"en": en, "ru": ru}, "en")

    assert changes.announced == everything[:30]
    assert changes.announced_in == {"ru": everything[30:]}
    assert len(changes.announced) + len(changes.announced_in["ru"]) <= MAX_ANNOUNCED


def test_an_english_change_is_not_news_to_readers_whose_translation_did_not_change() -> None:
    en, es, ru = (shipped_catalogs()[lang].catalog for lang in ("en", "es", "ru"))

    changes = compare(
        {"en": retitled(en, ["aura", "botox"]), "es": es, "ru": retitled(ru, ["aura"])},
        {"en": en, "es": es, "ru": ru},
        "en",
    )

    assert changes.announced == ["aura", "botox"]
    assert changes.held_back == {"es": ["aura", "botox"], "ru": ["botox"]}
    assert announced_ids(changes.announced, changes.announced_in, "es", changes.held_back) == []
    assert announced_ids(changes.announced, changes.announced_in, "ru", changes.held_back) == ["aura"]
    assert announced_ids(changes.announced, changes.announced_in, "de", changes.held_back) == ["aura", "botox"]


def test_the_audience_leaves_out_only_the_languages_with_nothing_new() -> None:
    languages = ["de", "en", "es", "ru"]

    silent_spanish = announcement_audience(["botox"], {}, {"es": ["botox"]}, languages)
    spanish_own_news = announcement_audience(["botox"], {"es": ["aura"]}, {"es": ["botox"]}, languages)
    only_spanish_subscribers = announcement_audience(["botox"], {}, {"es": ["botox"]}, ["es"])

    assert silent_spanish == Audience("subscribed", "de,en,ru")
    assert spanish_own_news == Audience("subscribed")
    # Never an empty value, which would mean every subscriber: English readers, none of whom subscribed.
    assert only_spanish_subscribers == Audience("subscribed", "en")
