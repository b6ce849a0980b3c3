"""Operator commands: visible only to operators, refused and audited for everyone else."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import register_commands
from storage.audit_models import OperatorAuditEntry
from storage.db import transaction
from support.audit_helpers import trail_rows
from support.harness import BotHarness

OPERATOR = 999
PATIENT = 1001


async def audit_rows(bot: BotHarness) -> list[tuple[int | None, str, str]]:
    """Return (user id, action, detail) of every operator trail entry, oldest first."""
    return await trail_rows(bot.services.sessions, PATIENT, OPERATOR)


async def test_non_operators_are_refused_and_audited_without_their_text(bot: BotHarness) -> None:
    for command in ("/broadcast my secret headache notes", "/broadcasts", "/reload now please"):
        replies = await bot.send(PATIENT, command)
        assert [reply.text for reply in replies] == ["This command is for operators."]

    rows = await audit_rows(bot)
    assert rows == [
        (PATIENT, "operator.refused", "/broadcast"),
        (PATIENT, "operator.refused", "/broadcasts"),
        (PATIENT, "operator.refused", "/reload"),
    ]
    assert not any("secret" in detail or "please" in detail for _, _, detail in rows)
    async with transaction(bot.services.sessions) as session:
        stamped = (await session.scalars(select(OperatorAuditEntry.created_at))).all()
    assert all(moment is not None for moment in stamped)


async def test_forged_operator_buttons_are_refused_and_audited(bot: BotHarness) -> None:
    await bot.send(PATIENT, "/help")
    message_id = bot.fake.last_message(PATIENT).message_id
    for data in ("bc:cancel:1", "bcc:go:abc123", "reload:announce:abc123"):
        await bot.press_data(PATIENT, message_id, data, check_button=False)

    assert bot.callback_answers() == ["This command is for operators."] * 3
    assert [(action, detail) for _, action, detail in await audit_rows(bot)] == [
        ("operator.refused", "button bc:cancel"),
        ("operator.refused", "button bcc:go"),
        ("operator.refused", "button reload:announce"),
    ]


async def test_operator_commands_are_only_in_the_operators_command_menu(bot: BotHarness) -> None:
    bot.fake.add_user(OPERATOR)  # the operator has opened the bot: Telegram knows their chat
    await register_commands(bot.app)

    everyone = {c["command"] for c in bot.fake.commands()}
    operator = {c["command"] for c in bot.fake.commands({"type": "chat", "chat_id": OPERATOR})}
    assert {"broadcast", "broadcasts", "reload"} <= operator
    assert not {"broadcast", "broadcasts", "reload"} & everyone
    operator_help = (await bot.send(OPERATOR, "/help"))[0].text or ""
    patient_help = (await bot.send(PATIENT, "/help"))[0].text or ""
    assert "/broadcast" in operator_help and "/broadcast" not in patient_help


async def test_every_operator_action_is_audited(bot: BotHarness) -> None:
    await bot.send(OPERATOR, "/broadcasts")
    await bot.send(OPERATOR, "/broadcast")
    await bot.press(OPERATOR, "✖ Discard")

    assert [(user, action) for user, action, _ in await audit_rows(bot)] == [
        (OPERATOR, "broadcast.list"),
        (OPERATOR, "broadcast.compose"),
        (OPERATOR, "broadcast.discard"),
    ]
    assert "No broadcasts yet" in (bot.fake.sent_to(OPERATOR)[0].text or "")
    assert bot.last_text(OPERATOR) == "Broadcast discarded. Nothing was sent."
