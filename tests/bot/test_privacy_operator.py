"""/privacy names who runs the bot (OPERATOR_NAME, OPERATOR_CONTACT) instead of "only you"."""

from __future__ import annotations

from support.databases import Database
from support.harness import make_settings, running_bot

ALICE = 4101


async def test_privacy_names_the_operator_and_how_to_reach_them(database: Database) -> None:
    settings = make_settings(database.url, operator_name="Headache Clinic <North>", operator_contact="dpo@example.org")
    async with running_bot(settings, search_path=database.search_path) as bot:
        replies = await bot.send(ALICE, "/privacy")

    text = replies[0].text or ""
    assert "Who runs this bot" in text and "Headache Clinic <North>" in text and "dpo@example.org" in text
    assert "They run the database" in text and "Only you." not in text


async def test_privacy_without_an_operator_name_says_none_was_given(database: Database) -> None:
    async with running_bot(make_settings(database.url), search_path=database.search_path) as bot:
        replies = await bot.send(ALICE, "/privacy")

    text = replies[0].text or ""
    assert "have not given their name" in text and "They run the database" in text
