"""/diary: recent entries, changes (audited) and deletion (for good); the export carries the diary."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from diary_factory import ALICE, BOB, NOW, add_attack, attacks, audit, diary_harness, intakes, rows

from storage.db import transaction
from storage.diary import add_medicine, record_intake
from storage.diary_models import MedicationIntake
from storage.diary_types import MedClass
from support.databases import Database
from support.harness import BotHarness


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    async with diary_harness(database) as harness:
        yield harness


async def _dose(bot: BotHarness, attack_id: int, user_id: int = ALICE) -> None:
    async with transaction(bot.services.sessions) as session:
        from storage.diary import get_attack

        attack = await get_attack(session=session, user_id=user_id, attack_id=attack_id)
        assert attack is not None
        medicine = await add_medicine(
            session=session, user_id=user_id, name="Naproxen", med_class=MedClass.SIMPLE_ANALGESIC, now=NOW
        )
        # Taken long ago: no follow-up is scheduled, so this needs no scheduler.
        await record_intake(session=session, attack=attack, medicine=medicine, taken_at=attack.started_at, now=NOW)


async def test_diary_lists_newest_first_and_pages(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    for days in range(10):
        await add_attack(bot, started_at=NOW - timedelta(days=days, hours=1), ended_at=NOW - timedelta(days=days))

    replies = await bot.send(ALICE, "/diary")

    labels = replies[0].button_labels
    assert labels[0] == "today 11:00 · 5/10" and labels[1] == "yesterday 11:00 · 5/10"
    assert labels[-1] == "Older »" and len(labels) == 9
    await bot.press(ALICE, "Older »")
    assert bot.fake.last_message(ALICE).button_labels == [
        "Fri 13 Nov 11:00 · 5/10",
        "Thu 12 Nov 11:00 · 5/10",
        "« Newer",
    ]


async def test_empty_diary_says_how_to_start_and_does_not_offer_midas_on_day_one(bot: BotHarness) -> None:
    await bot.onboard(ALICE)

    replies = await bot.send(ALICE, "/diary")

    assert "Your diary is empty" in (replies[0].text or "")
    assert "/midas" not in (replies[0].text or "")


async def test_change_from_diary_is_audited_without_health_text(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    attack = await add_attack(bot, started_at=NOW - timedelta(hours=2))
    await bot.send(ALICE, "/diary")
    await bot.press(ALICE, "today 10:00 · 5/10 ⏳")
    await bot.press(ALICE, "✏️ Change details")
    await bot.press(ALICE, "📈 Worst pain")

    await bot.press(ALICE, "7")

    assert (await attacks(bot))[0].peak_intensity == 7
    assert [(e.action, e.detail) for e in await audit(bot)] == [
        ("diary.attack.edit", f"attack={attack.id} fields=peak_intensity")
    ]


async def test_delete_asks_first_then_removes_the_attack_and_its_doses_for_good(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    attack = await add_attack(bot, started_at=NOW - timedelta(hours=5), ended_at=NOW - timedelta(hours=3))
    assert attack.id is not None
    await _dose(bot, attack.id)
    await bot.send(ALICE, "/diary")
    await bot.press(ALICE, "today 07:00 · 5/10")

    await bot.press(ALICE, "🗑 Delete")
    assert "and its 1 medicine entry for good" in bot.last_text(ALICE)
    await bot.press(ALICE, "🗑 Yes, delete it")

    assert bot.last_text(ALICE) == "Deleted."
    assert await attacks(bot) == [] and await intakes(bot) == []
    assert await rows(bot, MedicationIntake) == []
    assert [(e.action, e.detail) for e in await audit(bot)] == [("diary.attack.delete", f"attack={attack.id}")]
    await bot.press(ALICE, "« Back")
    assert "Your diary is empty" in bot.last_text(ALICE)


async def test_keep_it_changes_nothing_and_old_delete_buttons_go_stale(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await add_attack(bot)
    await bot.send(ALICE, "/diary")
    await bot.press(ALICE, "today 12:00 · 5/10 ⏳")
    await bot.press(ALICE, "🗑 Delete")
    confirm = bot.fake.last_message(ALICE)
    await bot.press(ALICE, "Keep it")
    assert len(await attacks(bot)) == 1

    await bot.press_data(ALICE, confirm.message_id, confirm.button_data("🗑 Yes, delete it"), check_button=False)
    await bot.press_data(ALICE, confirm.message_id, confirm.button_data("🗑 Yes, delete it"), check_button=False)

    assert await attacks(bot) == []
    assert bot.callback_answers()[-1] == "This button is no longer active."


async def test_nobody_can_delete_or_open_someone_elses_attack(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.onboard(BOB)
    theirs = await add_attack(bot, user_id=BOB)
    mine = (await bot.send(ALICE, "/diary"))[0]

    for action in ("v", "d", "dy"):
        await bot.press_data(ALICE, mine.message_id, f"diary:{action}:{theirs.id}", check_button=False)

    assert bot.callback_answers()[-3:] == ["This button is no longer active."] * 3
    assert len(await attacks(bot, BOB)) == 1


async def test_export_contains_attacks_and_doses_as_csv(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.onboard(BOB)
    attack = await add_attack(bot, started_at=NOW - timedelta(hours=4), ended_at=NOW, notes="a note")
    assert attack.id is not None
    await _dose(bot, attack.id)
    await add_attack(bot, user_id=BOB, notes="bob's")

    replies = await bot.send(ALICE, "/export")

    archive = zipfile.ZipFile(io.BytesIO(replies[0].document_bytes or b""))
    names = set(archive.namelist())
    assert {"attacks.csv", "medication_intakes.csv", "medicines.csv", "checkins.csv", "midas_results.csv"} <= names
    attack_rows = list(csv.DictReader(io.StringIO(archive.read("attacks.csv").decode())))
    assert [(r["id"], r["notes"], r["peak_intensity"]) for r in attack_rows] == [(str(attack.id), "a note", "5")]
    doses = list(csv.DictReader(io.StringIO(archive.read("medication_intakes.csv").decode())))
    assert [(d["name"], d["med_class"], d["attack_id"]) for d in doses] == [
        ("Naproxen", "simple_analgesic", str(attack.id))
    ]
    assert "bob's" not in archive.read("export.json").decode()
