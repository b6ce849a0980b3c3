"""Logging a headache: three taps, start times (possible or not), ongoing attacks, consent, stale buttons."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from typing import Any

import pytest
from diary_factory import (
    ALICE,
    LOG,
    NOW,
    add_attack,
    attacks,
    clock,
    diary_harness,
    log_first_attack,
)
from sqlalchemy import event

from storage.models import Dialog
from support.databases import Database
from support.harness import BotHarness


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    async with diary_harness(database) as harness:
        yield harness


async def test_log_headache_button_appears_after_onboarding_with_consent(bot: BotHarness) -> None:
    await bot.onboard(ALICE)

    assert bot.fake.reply_keyboard(ALICE) == [[LOG]]


async def test_no_log_button_after_onboarding_without_consent(bot: BotHarness) -> None:
    await bot.onboard(ALICE, consent=False)

    assert bot.fake.reply_keyboard(ALICE) is None


async def test_attack_logged_in_three_taps(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await log_first_attack(bot)
    clock(bot).advance(timedelta(hours=5))

    taps = [await bot.send(ALICE, LOG), await bot.press(ALICE, "Now"), await bot.press(ALICE, "Moderate")]

    assert len(taps) == 3
    saved = (await attacks(bot))[-1]
    assert (saved.started_at, saved.ended_at, saved.peak_intensity) == (NOW + timedelta(hours=5), None, 5)
    assert "✅ Saved to your diary." in [m.text for m in taps[2]]
    assert bot.fake.reply_keyboard(ALICE) == [[LOG]]
    entry = next(m for m in reversed(bot.fake.visible_messages(ALICE)) if "It ended" in m.button_labels)
    assert entry.button_labels == ["It ended", "💊 Took medicine", "➕ Add details"]
    assert "Worst: 5/10 (moderate)" in (entry.text or "")
    async with bot.services.sessions() as session:
        assert await session.get(Dialog, ALICE) is None


async def test_command_log_with_an_hour_ago_start_and_a_number(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await log_first_attack(bot)

    await bot.send(ALICE, "/log")
    await bot.press(ALICE, "1 h ago")
    await bot.press(ALICE, "6")

    saved = (await attacks(bot))[-1]
    assert (saved.started_at, saved.peak_intensity) == (NOW - timedelta(hours=1), 6)


async def test_earlier_today_offers_the_hours_so_far(bot: BotHarness) -> None:
    await bot.onboard(ALICE, zone="Europe/Berlin")  # 13:00 local
    await log_first_attack(bot)

    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "Earlier today")
    hours = [label for label in bot.fake.last_message(ALICE).button_labels if label.endswith(":00")]
    await bot.press(ALICE, "09:00")
    await bot.press(ALICE, "Mild")

    assert hours[0] == "00:00" and hours[-1] == "13:00"
    saved = (await attacks(bot))[-1]
    assert saved.started_at == NOW.replace(hour=8)  # 09:00 in Berlin is 08:00 UTC
    assert saved.peak_intensity == 2


async def test_typed_start_time_is_read_in_the_users_zone(bot: BotHarness) -> None:
    await bot.onboard(ALICE, zone="America/New_York")  # 07:00 local
    await log_first_attack(bot)

    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "Pick a time")
    await bot.send(ALICE, "yesterday 22:30")
    await bot.press(ALICE, "4")
    await bot.press(ALICE, "Still going on")  # it began yesterday: the end is asked

    saved = (await attacks(bot))[-1]
    assert saved.started_at == NOW.replace(day=21, hour=3, minute=30)  # 22:30 EST on the 20th


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("14:00", "That time is still to come."),
        ("in a while", "I couldn't read that as a time."),
        ("05.11 9:00", "longer than 14 days"),
        ("01.10 9:00", "longer than 14 days"),
        ("🙂🙂🙂", "I couldn't read that as a time."),
        ("9" * 4000, "I couldn't read that as a time."),
    ],
)
async def test_impossible_start_times_are_explained_and_the_flow_waits(
    bot: BotHarness, typed: str, answer: str
) -> None:
    await bot.onboard(ALICE)
    await log_first_attack(bot)
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "Pick a time")

    replies = await bot.send(ALICE, typed)

    assert answer in (replies[-1].text or "")
    assert len(await attacks(bot)) == 1
    await bot.send(ALICE, "10:15")
    await bot.press(ALICE, "Moderate")
    assert (await attacks(bot))[-1].started_at == NOW.replace(hour=10, minute=15)


async def test_ended_before_start_and_longer_than_14_days_are_refused(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    attack = await add_attack(bot, started_at=NOW - timedelta(hours=3))
    await bot.send(ALICE, "/diary")
    await bot.press(ALICE, bot.fake.last_message(ALICE).button_labels[0])
    await bot.press(ALICE, "✏️ Change details")
    await bot.press(ALICE, "It ended")
    await bot.press(ALICE, "Pick a time")

    before_start = await bot.send(ALICE, "08:00")
    clock(bot).advance(timedelta(days=15))
    too_long = await bot.send(ALICE, "today 10:00")

    assert "before the headache started (09:00)" in (before_start[-1].text or "")
    assert "longer than 14 days" in (too_long[-1].text or "")
    assert (await attacks(bot))[0].ended_at is None
    await bot.send(ALICE, f"{(NOW - timedelta(hours=1)):%Y-%m-%d %H:%M}")
    assert (await attacks(bot))[0].ended_at == NOW - timedelta(hours=1)
    assert attack.id is not None


async def test_ongoing_attack_ends_with_it_ended(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await log_first_attack(bot)
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "1 h ago")
    await bot.press(ALICE, "Moderate")
    clock(bot).advance(timedelta(minutes=90))

    await bot.press(ALICE, "It ended")
    await bot.press(ALICE, "Just now")

    saved = (await attacks(bot))[-1]
    assert saved.ended_at == NOW + timedelta(minutes=90)
    entry = next(m for m in reversed(bot.fake.visible_messages(ALICE)) if (m.text or "").startswith("Headache"))
    assert "ended today 13:30 (2 hrs 30 mins)" in (entry.text or "")
    assert entry.button_labels == ["💊 Took medicine", "➕ Add details"]


async def test_log_during_an_ongoing_attack_offers_its_buttons_first(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await add_attack(bot, started_at=NOW - timedelta(hours=2))

    replies = await bot.send(ALICE, LOG)

    assert "still going on" in (replies[0].text or "")
    assert replies[0].button_labels == ["It ended", "💊 Took medicine", "Log another headache"]
    await bot.press(ALICE, "Log another headache")
    await bot.press(ALICE, "Now")
    await bot.press(ALICE, "Save as a new one")  # over the one going on, on purpose
    await bot.press(ALICE, "3")
    assert len(await attacks(bot)) == 2


async def test_logging_without_consent_explains_and_offers_it(bot: BotHarness) -> None:
    await bot.onboard(ALICE, consent=False)

    replies = await bot.send(ALICE, "/log")

    assert "need your permission to store health data" in (replies[0].text or "")
    assert replies[0].button_labels == ["✅ Allow diary storage"]
    async with bot.services.sessions() as session:
        assert await session.get(Dialog, ALICE) is None
    await bot.press(ALICE, "✅ Allow diary storage")
    assert bot.fake.reply_keyboard(ALICE) == [[LOG]]
    replies = await bot.send(ALICE, LOG)
    assert replies[0].button_labels[:2] == ["Now", "1 h ago"]


@pytest.mark.parametrize("command", ["/diary", "/stats", "/report", "/midas"])
async def test_every_diary_command_needs_consent(bot: BotHarness, command: str) -> None:
    await bot.onboard(ALICE, consent=False)

    replies = await bot.send(ALICE, command)

    assert [m.kind for m in replies] == ["text"]
    assert "need your permission" in (replies[0].text or "")


async def test_a_button_from_a_finished_flow_is_stale_and_saves_nothing_twice(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await log_first_attack(bot)
    prompt = (await bot.send(ALICE, LOG))[0]
    await bot.press(ALICE, "Now")
    await bot.press(ALICE, "Moderate")

    await bot.press_data(ALICE, prompt.message_id, prompt.button_data("1 h ago"), check_button=False)
    await bot.press_data(ALICE, prompt.message_id, prompt.button_data("Cancel"), check_button=False)

    assert bot.callback_answers()[-2:] == ["This button is no longer active."] * 2
    assert len(await attacks(bot)) == 2


async def test_cancel_leaves_nothing_half_written(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "Now")

    await bot.press(ALICE, "Cancel")

    assert bot.last_text(ALICE) == "OK, nothing was saved."
    assert await attacks(bot) == []


@pytest.mark.parametrize("typed", ["11", "-3", "7.5", "a lot", "🤕🤕🤕"])
async def test_typed_intensity_out_of_range_is_asked_again(bot: BotHarness, typed: str) -> None:
    await bot.onboard(ALICE)
    await log_first_attack(bot)
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "Now")

    replies = await bot.send(ALICE, typed)

    assert [m.text for m in replies] == ["Please pick a number from 0 (none) to 10, or use the buttons."]
    await bot.send(ALICE, "0")  # an aura without headache
    assert [a.peak_intensity for a in await attacks(bot)] == [5, 0]


def record_statements(bot: BotHarness) -> tuple[list[str], Callable[[], None]]:
    """The statements sent on the bot's engines (both on PostgreSQL), with a function that stops recording."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.split(None, 1)[0].upper() not in {"BEGIN", "COMMIT"}:
            seen.append(" ".join(statement.split()))

    engines = [e.sync_engine for e in (bot.services.engine, bot.services.reads) if e is not None]
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)

    def stop() -> None:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)

    return seen, stop


async def test_log_command_reads_the_user_once_and_upserts_the_dialog(database: Database, bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, "hello")  # the user's state read and cached (SQLite) as at any message
    seen, stop = record_statements(bot)
    try:
        replies = await bot.send(ALICE, LOG)
    finally:
        stop()

    assert "When did this headache start?" in replies[-1].text
    # No second read of the user in a write transaction, none of the state back (SQLite's cache is written through).
    assert sum(" FROM users" in s for s in seen) <= 1
    assert [s.split(None, 1)[0] for s in seen if " FROM users" not in s] == ["SELECT", "INSERT"]


async def test_a_log_flow_press_reads_no_user_row_in_its_write(database: Database, bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, LOG)
    seen, stop = record_statements(bot)
    try:
        await bot.press(ALICE, "Now")
    finally:
        stop()

    # PostgreSQL: the user and the dialog in one read; SQLite: the user from its cache, the dialog alone. Then
    # the overlapping attack's read and the dialog's UPDATE.
    users = 0 if database.url.startswith("sqlite") else 1
    assert sum(" FROM users" in s for s in seen) == users
    assert [s.split(None, 1)[0] for s in seen] == ["SELECT", "SELECT", "UPDATE"]


async def test_an_attack_button_reads_no_user_row_in_its_transaction(database: Database, bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await log_first_attack(bot)
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "Now")
    await bot.press(ALICE, "Moderate")
    seen, stop = record_statements(bot)
    try:
        await bot.press(ALICE, "It ended")
    finally:
        stop()

    # PostgreSQL: the user's one autocommit read; SQLite: the user from its cache. Then the attack's read.
    users = 0 if database.url.startswith("sqlite") else 1
    assert sum(" FROM users" in s for s in seen) == users
    assert [s.split(None, 1)[0] for s in seen] == ["SELECT"] * (users + 1)
