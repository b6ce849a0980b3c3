"""Security, one test per path: operators' buttons for operators only, and nobody reaches another
user's rows through an id in callback data or a command argument."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from robust_scenes import (
    ALICE_PRIVATE,
    MONDAY_NOON,
    STALE,
    log_attack_with_medicine,
    offered_callback_data,
    own_ids,
    seed_user,
    snapshot,
)

from bot.texts import en
from scheduler.clock import ManualClock
from storage.broadcasts import recent_broadcasts
from storage.db import transaction
from support.audit_helpers import trail_rows
from support.broadcast_helpers import new_broadcast
from support.databases import Database
from support.harness import BotHarness, make_settings, running_bot

ALICE = 6101
BOB = 6102
OPERATOR = 999  # make_settings makes 999 the operator
# Prefixes whose ids or tokens name one user's objects: diary entries, doses, follow-ups, reminders,
# the delete confirmation. Pressing any of Alice's as Bob must be refused.
PERSONAL_PREFIXES = ("atk", "diary", "fu", "med", "del", "log")


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    """The real bot with a manual clock, Alice seeded with data behind every kind of button."""
    settings = make_settings(database.url)
    async with running_bot(settings, search_path=database.search_path, clock=ManualClock(MONDAY_NOON)) as harness:
        await seed_user(harness, ALICE)
        await harness.onboard(BOB)
        yield harness


async def press_as(bot: BotHarness, user_id: int, data: str) -> str:
    """Press forged data on the user's newest bot message; return the callback answer's text."""
    before = len(bot.callback_answers())
    await bot.press_data(user_id, bot.fake.last_message(user_id).message_id, data, check_button=False)
    answers = bot.callback_answers()[before:]
    assert len(answers) == 1, answers
    return answers[0]


def sent_to_bob_mentions_alice(bot: BotHarness) -> bool:
    """Whether anything the bot sent or edited in Bob's chat names one of Alice's medicines."""
    texts = [f"{c.params.get('text') or ''}" for c in bot.fake.calls() if str(c.params.get("chat_id")) == str(BOB)]
    return any(name in text for text in texts for name in ALICE_PRIVATE)


def personal_data(bot: BotHarness) -> list[str]:
    """Alice's real callback data that carries one of her ids or tokens."""
    return [d for d in offered_callback_data(bot, ALICE) if d.split(":")[0] in PERSONAL_PREFIXES and ":" in d[4:]]


async def test_alices_diary_dose_followup_and_delete_buttons_are_stale_for_bob(bot: BotHarness) -> None:
    before = await snapshot(bot, ALICE)
    forged = personal_data(bot)
    assert {d.split(":")[0] for d in forged} >= {"atk", "diary", "fu", "med", "del"}

    answers = {data: await press_as(bot, BOB, data) for data in forged}

    assert {data: text for data, text in answers.items() if text != STALE} == {}
    assert await snapshot(bot, ALICE) == before
    assert not sent_to_bob_mentions_alice(bot)


async def test_bob_cannot_delete_alices_medication_reminder(bot: BotHarness) -> None:
    before = await snapshot(bot, ALICE)
    [schedule_id] = (await own_ids(bot, ALICE))["schedule"]

    for action in ("del", "view", "edit", "off", "on"):
        await press_as(bot, BOB, f"rem:med:{action}:{schedule_id}")

    assert await snapshot(bot, ALICE) == before
    assert not sent_to_bob_mentions_alice(bot)


async def test_bob_cannot_rate_alices_dose_or_answer_her_dose_reminder_by_id(bot: BotHarness) -> None:
    before = await snapshot(bot, ALICE)
    ids = await own_ids(bot, ALICE)
    forged = [f"fu:{effect}:{i}" for i in ids["intake"] for effect in ("none", "some", "good", "complete")]
    forged += [f"med:{verb}:{i}" for i in ids["delivery"] for verb in ("taken", "skip", "snooze")]
    forged += [f"med:snooze:{i}:15" for i in ids["delivery"]]
    forged += [f"atk:{verb}:{i}" for i in ids["attack"] for verb in ("end", "menu", "med", "done", "del", "delete")]
    forged += [f"diary:{verb}:{i}" for i in ids["attack"] for verb in ("v", "d", "dy")]

    answers = [await press_as(bot, BOB, data) for data in forged]

    assert answers == [STALE] * len(forged)
    assert await snapshot(bot, ALICE) == before


async def test_export_contains_only_the_senders_own_rows(bot: BotHarness) -> None:
    await log_attack_with_medicine(bot, BOB, "Aspirin")

    await bot.send(BOB, f"/export {ALICE}")

    [document] = [m for m in bot.fake.sent_to(BOB) if m.kind == "document"]
    assert document.document_bytes is not None
    with zipfile.ZipFile(io.BytesIO(document.document_bytes)) as archive:
        raw = {name: archive.read(name).decode() for name in archive.namelist()}
    assert not any(name in text for text in raw.values() for name in ALICE_PRIVATE)
    [data_file] = [name for name in raw if name.endswith(".json")]
    tables = json.loads(raw[data_file])
    tables = tables.get("tables", tables) if isinstance(tables, dict) else tables
    owners = {row.get("user_id", row.get("id")) for rows in tables.values() if isinstance(rows, list) for row in rows}
    assert owners == {BOB}
    assert all(str(ALICE) not in str(m.params.get("chat_id")) for m in bot.fake.calls("sendDocument"))


async def test_alices_delete_token_pressed_by_bob_deletes_nobody(bot: BotHarness) -> None:
    before_alice, before_bob = await snapshot(bot, ALICE), await snapshot(bot, BOB)
    tokens = [d for d in offered_callback_data(bot, ALICE) if d.startswith("del:yes:")]
    assert tokens

    answers = [await press_as(bot, BOB, data) for data in tokens]

    assert answers == [STALE] * len(tokens)
    assert await snapshot(bot, ALICE) == before_alice
    assert (await snapshot(bot, BOB))["users"] == before_bob["users"]


async def test_every_operator_button_pressed_by_a_patient_is_refused_audited_and_changes_nothing(
    bot: BotHarness,
) -> None:
    clock = bot.services.clock
    assert isinstance(clock, ManualClock)
    await new_broadcast(bot.services.sessions, text="Clinic closed", now=MONDAY_NOON)
    await bot.send(OPERATOR, "/broadcasts")
    await bot.send(OPERATOR, "/broadcast")
    await bot.send(OPERATOR, "Clinic closed on Monday")
    operator_data = offered_callback_data(bot, OPERATOR)
    forged = [*operator_data, "bc:pause:1", "bc:resume:1", "bc:cancel:1", "reload:announce:abc123", "bcc:go:x"]
    assert any(d.startswith("bcc:") for d in operator_data)
    async with transaction(bot.services.sessions) as session:
        broadcasts_before = [(b.id, b.status) for b in await recent_broadcasts(session=session)]
    operator_before = await snapshot(bot, OPERATOR)

    answers = []
    for data in forged:
        answers.append(await press_as(bot, BOB, data))
        # Past the refusals' rate limit (3 in a row, then one per 20 s), so each press is refused and audited.
        clock.advance(timedelta(seconds=21))

    assert answers == [en.OPERATORS_ONLY] * len(forged)
    async with transaction(bot.services.sessions) as session:
        assert [(b.id, b.status) for b in await recent_broadcasts(session=session)] == broadcasts_before
    trail = await trail_rows(bot.services.sessions, BOB)
    refused = [detail for user, action, detail in trail if user == BOB and action == "operator.refused"]
    assert len(refused) == len(forged)
    assert await snapshot(bot, OPERATOR) == operator_before
    assert all(str(c.params.get("chat_id")) != str(OPERATOR) for c in bot.fake.calls()[-len(forged) :])
