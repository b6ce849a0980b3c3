"""The operators' audit trail survives /delete, names people only by a keyed pseudonym, and is append-only."""

from __future__ import annotations

import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from diary_factory import NOW, clock, diary_harness
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import col

from bot.audit_trail import purge_expired_audit
from scheduler.clock import ManualClock
from storage.audit import actor_pseudonym, install_secret, operator_trail, record_audit
from storage.audit_models import OperatorAuditEntry
from storage.db import transaction
from storage.models import AuditEntry
from storage.personal_data import personal_tables
from support.databases import Database
from support.harness import BotHarness, make_settings, running_bot
from support.leaks import names_id

OPERATOR = 999
PATIENT = 1001
REPO = Path(__file__).resolve().parents[2]


async def trail(bot: BotHarness) -> list[OperatorAuditEntry]:
    """Every row of the operator trail, oldest first."""
    async with transaction(bot.services.sessions) as session:
        return list((await session.scalars(select(OperatorAuditEntry).order_by(col(OperatorAuditEntry.id)))).all())


async def delete_everything(bot: BotHarness, user_id: int) -> None:
    """/delete and confirm."""
    await bot.send(user_id, "/delete")
    await bot.press(user_id, "🗑 Yes, delete everything")


async def test_delete_keeps_operator_actions_and_refusals_under_a_pseudonym(database: Database) -> None:
    async with diary_harness(database) as bot:
        await bot.onboard(OPERATOR)
        await bot.send(OPERATOR, "/broadcasts")
        await bot.send(PATIENT, "/broadcast tell everyone my secret")
        await bot.press_data(PATIENT, bot.fake.last_message(PATIENT).message_id, "bc:cancel:1", check_button=False)
        before = [(row.actor, row.action, row.detail) for row in await trail(bot)]

        await delete_everything(bot, OPERATOR)
        await delete_everything(bot, PATIENT)

        async with transaction(bot.services.sessions) as session:
            secret = await install_secret(session=session)
            patients = [(row.action, row.detail) for row in await operator_trail(session=session, user_id=PATIENT)]
            left = (await session.scalars(select(AuditEntry))).all()
        after = [(row.actor, row.action, row.detail) for row in await trail(bot)]
    assert after == before
    assert ("broadcast.list", "") in [
        (action, detail) for actor, action, detail in after if actor == actor_pseudonym(secret, OPERATOR)
    ]
    assert patients == [("operator.refused", "/broadcast"), ("operator.refused", "button bc:cancel")]
    assert left == []  # nothing in the personal audit log names them either
    shown = " ".join(f"{a} {b} {c}" for a, b, c in after)
    # An id as a number of its own: a pseudonym's random hex may hold "4002" inside it.
    assert not names_id(shown, OPERATOR) and not names_id(shown, PATIENT) and "secret" not in shown
    assert "operator_audit" not in {table.name for table in personal_tables()}


async def test_the_pseudonym_is_keyed_by_the_installs_own_secret(database: Database) -> None:
    async with running_bot(make_settings(database.url), search_path=database.search_path) as bot:
        async with transaction(bot.services.sessions) as session:
            first = await install_secret(session=session)
        async with transaction(bot.services.sessions) as session:
            again = await install_secret(session=session)
    assert first == again and len(first) == 64
    assert actor_pseudonym(first, PATIENT) != actor_pseudonym("another install's secret", PATIENT)
    assert actor_pseudonym(first, PATIENT).startswith("a:") and not names_id(actor_pseudonym(first, PATIENT), PATIENT)


async def test_retention_purges_only_rows_older_than_the_setting(database: Database) -> None:
    settings = make_settings(database.url, audit_retention_days=30)
    async with running_bot(settings, search_path=database.search_path, clock=ManualClock(NOW)) as bot:
        async with transaction(bot.services.sessions) as session:
            await record_audit(session=session, user_id=OPERATOR, action="broadcast.create", detail="old")
            await record_audit(session=session, user_id=OPERATOR, action="broadcast.create", detail="recent")
        async with bot.services.engine.begin() as conn:
            # Backdate one row the only way the bot cannot: as the database owner, past the trigger.
            if conn.dialect.name == "postgresql":
                await conn.execute(text("ALTER TABLE operator_audit DISABLE TRIGGER operator_audit_append_only"))
                await conn.execute(
                    text("UPDATE operator_audit SET created_at = :at WHERE detail = 'old'"),
                    {"at": NOW - timedelta(days=31)},
                )
                await conn.execute(text("ALTER TABLE operator_audit ENABLE TRIGGER operator_audit_append_only"))
            else:
                await conn.execute(text("DROP TRIGGER operator_audit_no_update"))
                await conn.execute(
                    text("UPDATE operator_audit SET created_at = :at WHERE detail = 'old'"),
                    {"at": (NOW - timedelta(days=31)).replace(tzinfo=None)},
                )

        purged = await purge_expired_audit(bot.services)

        assert purged == 1
        assert [row.detail for row in await trail(bot)] == ["recent"]
        # Rows are stamped with the wall clock: a month after it, the recent one is due too.
        clock(bot).set(datetime.now(UTC) + timedelta(days=31))
        assert await purge_expired_audit(bot.services) == 1
        assert await trail(bot) == []


async def test_the_database_refuses_to_change_or_delete_trail_rows(database: Database) -> None:
    async with running_bot(make_settings(database.url), search_path=database.search_path) as bot:
        async with transaction(bot.services.sessions) as session:
            await record_audit(session=session, user_id=OPERATOR, action="broadcast.create", detail="x")
        postgres = bot.services.engine.dialect.name == "postgresql"
        refused = ["UPDATE operator_audit SET detail = 'changed'"]
        if postgres:
            refused.append("DELETE FROM operator_audit")
        for statement in refused:
            with pytest.raises(DBAPIError, match="append-only"):
                async with bot.services.engine.begin() as conn:
                    await conn.execute(text(statement))
        assert [row.detail for row in await trail(bot)] == ["x"]


def test_no_code_path_updates_or_deletes_the_trail_but_the_retention_purge() -> None:
    touching: list[str] = []
    for package in ("bot", "scheduler", "storage", "content"):
        for path in sorted((REPO / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for function in ast.walk(tree):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for node in ast.walk(function):
                    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute):
                        name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
                        named = ast.unparse(node)
                        if name in {"update", "delete"} and "OperatorAuditEntry" in named:
                            touching.append(f"{path.relative_to(REPO)}:{function.name}")
                    if isinstance(node, ast.Constant) and isinstance(node.value, str):
                        sql = node.value.upper()
                        if "OPERATOR_AUDIT" in sql and ("UPDATE" in sql or "DELETE" in sql):
                            touching.append(f"{path.relative_to(REPO)}:{function.name}")
    assert touching == ["storage/audit.py:purge_operator_audit"]
