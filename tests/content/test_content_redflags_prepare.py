"""The safety screen is built at start-up (bot/app.py's on_start), not by the first message a user sends."""

from __future__ import annotations

from content.redflags import lexicon_names, prepare, screen
from content.redflags.engine import screening_languages
from content.redflags.matcher import matcher_for


def test_prepare_builds_every_lexicons_matcher_before_any_message() -> None:
    matcher_for.cache_clear()
    screening_languages.cache_clear()

    prepare()

    assert matcher_for.cache_info().currsize == len(lexicon_names())
    built = matcher_for.cache_info().misses
    for language in lexicon_names():
        screen("my head hurts", language)
    assert matcher_for.cache_info().misses == built  # a message after prepare() builds nothing
