"""/export explains itself in the user's language: a README.txt naming every file (issue 15, no English left)."""

from __future__ import annotations

import io
import zipfile

import pytest

from bot.texts import LANGUAGES, texts_for
from bot.texts.catalog import FALLBACKS
from storage.personal_data import personal_tables
from support.broadcast_helpers import add_users
from support.harness import BotHarness

READERS = {"en": 1401, "es": 1402, "ru": 1403}


def test_every_table_of_the_export_is_described_in_every_language() -> None:
    tables = {"users", *(table.name for table in personal_tables())}
    for language in LANGUAGES:
        t = texts_for(language)
        assert set(t.EXPORT_TABLES) == tables, language
        assert not {"EXPORT_README", "EXPORT_README_FILE", "EXPORT_TABLES"} & t.missing, language


@pytest.mark.parametrize("language", ["en", "es", "ru"])
async def test_the_export_readme_is_in_the_users_language_and_names_every_file(bot: BotHarness, language: str) -> None:
    user_id = READERS[language]
    await add_users(bot.services.sessions, [user_id], language=language)
    FALLBACKS.clear()

    replies = await bot.send(user_id, "/export")

    archive = zipfile.ZipFile(io.BytesIO(replies[0].document_bytes or b""))
    readme = archive.read("README.txt").decode("utf-8")
    t = texts_for(language)
    assert readme.startswith(t.EXPORT_README.split("{")[0])
    csv_files = sorted(name for name in archive.namelist() if name.endswith(".csv"))
    assert len(csv_files) == len(personal_tables()) + 1
    for name in csv_files:
        line = t.EXPORT_README_FILE.format(file=name, about=t.EXPORT_TABLES[name.removesuffix(".csv")])
        assert f"\n{line}\n" in readme, name
    assert not [name for lang, name in FALLBACKS if lang == language]
    if language != "en":
        english = texts_for("en")
        leaks = [about for about in english.EXPORT_TABLES.values() if about in readme]
        assert leaks == [] and "The files:" not in readme
