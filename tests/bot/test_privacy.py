"""/privacy, /export and /delete."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from sqlalchemy import select

from storage.audit import record_audit, record_safety_event
from storage.db import transaction
from storage.models import User
from storage.personal_data import personal_tables
from support.audit_helpers import trail_rows
from support.harness import BotHarness
from support.leaks import names_id

ALICE = 1001
BOB = 1002


async def test_privacy_explains_what_why_how_long_and_rights(bot: BotHarness) -> None:
    replies = await bot.send(ALICE, "/privacy")

    text = replies[0].text or ""
    for part in ("What I store, and why", "How long", "/export", "/delete", "Logs never contain"):
        assert part in text


async def test_export_sends_zip_with_json_and_csv_of_own_rows_only(bot: BotHarness) -> None:
    await bot.onboard(ALICE, zone="Europe/Berlin")
    await bot.onboard(BOB)
    async with transaction(bot.services.sessions) as session:
        await record_safety_event(session=session, user_id=ALICE, source="free_text", codes=["thunderclap"])
        await record_safety_event(session=session, user_id=BOB, source="free_text", codes=["fever_stiff_neck"])

    replies = await bot.send(ALICE, "/export")

    assert replies[0].kind == "document"
    assert (replies[0].document_name or "").endswith(".zip")
    archive = zipfile.ZipFile(io.BytesIO(replies[0].document_bytes or b""))
    names = set(archive.namelist())
    assert {"export.json", "users.csv", "safety_events.csv"} <= names
    document = json.loads(archive.read("export.json"))
    assert document["tables"]["users"][0]["id"] == ALICE
    assert document["tables"]["users"][0]["timezone"] == "Europe/Berlin"
    assert [e["codes"] for e in document["tables"]["safety_events"]] == ["thunderclap"]
    rows = list(csv.DictReader(io.StringIO(archive.read("users.csv").decode())))
    assert rows[0]["id"] == str(ALICE)
    assert not names_id(archive.read("export.json").decode(), BOB)  # not even inside a timestamp's microseconds


async def test_delete_asks_first_and_cancel_keeps_everything(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    replies = await bot.send(ALICE, "/delete")
    assert replies[0].button_labels == ["🗑 Yes, delete everything", "Cancel"]

    await bot.press(ALICE, "Cancel")

    assert bot.last_text(ALICE) == "Nothing was deleted."
    async with transaction(bot.services.sessions) as session:
        assert await session.get(User, ALICE) is not None


async def test_delete_leaves_no_row_about_the_user_in_any_table(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.onboard(BOB)
    async with transaction(bot.services.sessions) as session:
        await record_safety_event(session=session, user_id=ALICE, source="free_text", codes=["thunderclap"])
        await record_audit(session=session, user_id=ALICE, action="operator.refused", detail="/broadcast")
        await record_safety_event(session=session, user_id=BOB, source="free_text", codes=["thunderclap"])
    await bot.send(ALICE, "/delete")

    await bot.press(ALICE, "🗑 Yes, delete everything")

    assert "All your data has been deleted" in bot.last_text(ALICE)
    async with transaction(bot.services.sessions) as session:
        assert await session.get(User, ALICE) is None
        assert await session.get(User, BOB) is not None
        for table in personal_tables():
            rows = (await session.execute(select(table).where(table.c.user_id == ALICE))).all()
            assert rows == [], f"{table.name} still holds rows about the user"
        safety = next(t for t in personal_tables() if t.name == "safety_events")
        assert len((await session.execute(select(safety).where(safety.c.user_id == BOB))).all()) == 1
    # The operators' trail keeps the refused attempt, under a pseudonym (tests/bot/test_audit_trail.py).
    assert await trail_rows(bot.services.sessions, ALICE) == [(ALICE, "operator.refused", "/broadcast")]


async def test_old_delete_button_does_nothing_after_a_new_request(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    first = (await bot.send(ALICE, "/delete"))[0]
    await bot.send(ALICE, "/delete")

    await bot.press_data(ALICE, first.message_id, first.button_data("🗑 Yes, delete everything"))

    assert bot.callback_answers()[-1] == "This button is no longer active."
    async with transaction(bot.services.sessions) as session:
        assert await session.get(User, ALICE) is not None


async def test_every_personal_table_is_known_to_export_and_delete() -> None:
    names = {t.name for t in personal_tables()}

    assert {"dialogs", "safety_events", "audit_log"} <= names
