"""Property: random Bot-API-shaped updates from one user never crash a handler, always get a clear
answer, and never change a row about another user.

Hypothesis drives a sync test; the application lives on one private event loop that the fixture
opens, seeds and closes, so one application serves every example of a test (STYLE.md: nothing may
be created on one loop and used on another).
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from robust_scenes import (
    ALICE_PRIVATE,
    MONDAY_NOON,
    add_medication_reminder,
    log_attack_with_medicine,
    offered_callback_data,
    own_ids,
    seed_user,
    snapshot,
)
from sqlalchemy import event

from bot.context import BotContext
from bot.fake_telegram import utf16_len
from bot.texts import en
from scheduler.clock import ManualClock
from support.harness import BotHarness, make_settings, running_bot

ALICE = 5101
BOB = 5102
GROUPS = {-4_001: "group", -100_4002: "supergroup", -100_4003: "channel"}
T = TypeVar("T")

PROFILE = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
SENDING = {"sendmessage", "senddocument", "sendphoto", "editmessagetext", "editmessagereplymarkup", "sendmediagroup"}


@dataclass
class Live:
    """The seeded application on its private loop, and what the error handler has seen."""

    loop: asyncio.AbstractEventLoop
    bot: BotHarness
    errors: list[str] = field(default_factory=list)
    alice_data: list[str] = field(default_factory=list)
    bob_data: list[str] = field(default_factory=list)
    alice_ids: dict[str, list[int]] = field(default_factory=dict)
    alice_rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # SQL statements run since the last clear (the guard for groups and channels must run none).
    statements: list[str] = field(default_factory=list)

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine on the application's loop."""
        return self.loop.run_until_complete(coroutine)


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    """One bot for the whole test: Alice has data behind every kind of button, Bob has a little."""
    loop = asyncio.new_event_loop()
    settings_ = make_settings(f"sqlite+aiosqlite:///{tmp_path / 'random.db'}")
    opened = running_bot(settings_, clock=ManualClock(MONDAY_NOON))
    bot = loop.run_until_complete(opened.__aenter__())
    state = Live(loop, bot)

    async def record_error(update: object, context: BotContext) -> None:
        state.errors.append(type(context.error).__name__)

    bot.app.add_error_handler(record_error)

    def record_statement(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        state.statements.append(statement)

    event.listen(bot.services.engine.sync_engine, "before_cursor_execute", record_statement)
    for chat_id, chat_type in GROUPS.items():
        bot.fake.add_group(chat_id, chat_type=chat_type)
    try:
        state.run(seed_user(bot, ALICE))
        state.run(bot.onboard(BOB))
        state.run(log_attack_with_medicine(bot, BOB))
        state.run(add_medication_reminder(bot, BOB, "21:00"))
        state.alice_data = offered_callback_data(bot, ALICE)
        state.bob_data = offered_callback_data(bot, BOB)
        state.alice_ids = state.run(own_ids(bot, ALICE))
        state.alice_rows = state.run(snapshot(bot, ALICE))
        assert not state.errors, state.errors
        yield state
    finally:
        loop.run_until_complete(opened.__aexit__(None, None, None))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()


# --- strategies --------------------------------------------------------------------------------

SPECIALS = ["\u200f", "\u200e", "\u202e", "\u202c", "\u2067", "\u0301", "\u0308", "\u200b", "\ufeff", "🙂", "𝔘"]
CHARS = st.one_of(st.characters(codec="utf-8"), st.sampled_from(SPECIALS), st.sampled_from(list("/:@<>&_- 0123456789")))


def fit_utf16(text: str, limit: int = 4096) -> str:
    """Cut the text to Telegram's limit, counted in UTF-16 code units."""
    while utf16_len(text) > limit:
        text = text[: max(1, len(text) - (utf16_len(text) - limit + 1) // 2 - 1)]
    return text


PIECES = st.one_of(CHARS, st.just("👨‍👩‍👧"), st.just("e\u0301\u0301\u0301"))
SHORT_TEXT = st.lists(PIECES, min_size=1, max_size=40).map("".join)
LONG_TEXT = st.builds(lambda piece, times: fit_utf16(piece * times), SHORT_TEXT, st.integers(1, 5000))
TEXT = st.one_of(SHORT_TEXT, LONG_TEXT).filter(lambda s: s.strip() != "")
COMMAND_NAMES = [name for name, _ in en.COMMANDS + en.OPERATOR_COMMANDS] + ["frobnicate", "START", "x" * 40]
COMMAND = st.builds(
    lambda name, mention, args: fit_utf16(f"/{name}{mention}{' ' + args if args else ''}"),
    st.sampled_from(COMMAND_NAMES),
    st.sampled_from(["", "@MigraineBot", "@SomeOtherBot"]),
    st.one_of(st.just(""), SHORT_TEXT, st.sampled_from(["lesson_aura", "-1", "99999999999999999999", "a:b:c"])),
)
PREFIXES = [
    "lesson",
    "rem",
    "med",
    "atk",
    "log",
    "diary",
    "fu",
    "ci",
    "midas",
    "del",
    "set",
    "tz",
    "onb",
    "consent",
    "bc",
    "bcc",
    "reload",
    "busy",
    "zzz",
]


def truncate(data: str, cut: int) -> str:
    """Cut callback data somewhere inside it."""
    return data[: cut % (len(data) + 1)]


def retarget(data: str, ids: list[int], pick: int) -> str:
    """Replace every numeric part of callback data with one of another user's ids."""
    if not ids:
        return data
    parts = [str(ids[pick % len(ids)]) if p.isdigit() else p for p in data.split(":")]
    return ":".join(parts)[:64]


# --- one update, interpreted against the live bot -----------------------------------------------


def no_message_update(bot: BotHarness, kind: str, user_id: int, text: str) -> dict[str, Any]:
    """Build an update that carries no usable `message`."""
    fake = bot.fake
    user = fake.add_user(user_id)
    chat = {"id": user_id, "type": "private", "first_name": user["first_name"]}
    channel = {"id": -1001234567890, "type": "channel", "title": "News"}
    if kind == "my_chat_member":
        member = {"user": {"id": 123456, "is_bot": True, "first_name": "Bot"}, "status": "kicked", "until_date": 0}
        before = dict(member, status="member")
        body: dict[str, Any] = {
            "chat": chat,
            "from": user,
            "date": 1,
            "old_chat_member": before,
            "new_chat_member": member,
        }
        return {"update_id": fake.new_update_id(), "my_chat_member": body}
    if kind in ("channel_post", "edited_channel_post"):
        post = {"message_id": 7, "date": 1, "chat": channel, "text": text}
        return {"update_id": fake.new_update_id(), kind: post}
    query: dict[str, Any] = {"id": f"q{fake.new_update_id()}", "from": user, "chat_instance": "1", "data": text[:64]}
    if kind == "inaccessible_callback":
        query["message"] = {"chat": chat, "message_id": 1, "date": 0}
    else:  # a button on an inline message: no message at all
        query["inline_message_id"] = "AAAA"
    return {"update_id": fake.new_update_id(), "callback_query": query}


ACTIONS = st.one_of(
    st.tuples(st.just("text"), TEXT),
    st.tuples(st.just("command"), COMMAND),
    st.tuples(st.just("edit"), TEXT),
    st.tuples(
        st.just("press_alice"),
        st.integers(0, 10_000),
        st.sampled_from(["as_is", "truncate", "retarget"]),
        st.integers(0, 100),
    ),
    st.tuples(
        st.just("press_own_old"), st.integers(0, 10_000), st.sampled_from(["as_is", "truncate"]), st.integers(0, 100)
    ),
    st.tuples(st.just("press_random"), st.sampled_from(PREFIXES), st.text(CHARS, max_size=60)),
    # Groups, supergroups and channels: what Bob (or a channel) says there, presses there, or edits there.
    st.tuples(
        st.just("group"),
        st.sampled_from(sorted(GROUPS)),
        st.sampled_from(["text", "command", "edit", "press_alice", "press_random"]),
        st.one_of(TEXT, COMMAND),
        st.integers(0, 10_000),
    ),
    st.tuples(
        st.just("no_message"),
        st.sampled_from(
            ["my_chat_member", "channel_post", "edited_channel_post", "inaccessible_callback", "inline_callback"]
        ),
        SHORT_TEXT,
    ),
)


def callback_data_for(live: Live, action: tuple[Any, ...]) -> str:
    """The data a press action carries: Alice's real data (as is, cut, or aimed at her ids), or junk."""
    kind = action[0]
    if kind == "press_random":
        return f"{action[1]}:{action[2]}"[:64] if action[2] else action[1]
    pool = live.alice_data if kind == "press_alice" else live.bob_data
    data = pool[action[1] % len(pool)]
    if action[2] == "truncate":
        return truncate(data, action[3])
    if action[2] == "retarget":
        ids = [i for values in live.alice_ids.values() for i in values]
        return retarget(data, ids, action[3])
    return str(data)


async def perform(live: Live, action: tuple[Any, ...]) -> str | None:
    """Feed one update as Bob; return the callback query id when it was a button press."""
    bot, fake = live.bot, live.bot.fake
    kind = action[0]
    if kind == "text" or kind == "command":
        await bot.feed(fake.user_sends(BOB, action[1]))
    elif kind == "edit":
        own = [m for m in fake.visible_messages(BOB, include_user=True) if not m.from_bot]
        if not own:
            await bot.feed(fake.user_sends(BOB, action[1]))
        else:
            await bot.feed(fake.user_edits(BOB, own[-1].message_id, action[1]))
    elif kind == "group":
        return await perform_in_group(live, action)
    elif kind == "no_message":
        update = no_message_update(bot, action[1], BOB, action[2])
        await bot.feed(update)
        query = update.get("callback_query")
        return str(query["id"]) if query else None
    else:
        data = callback_data_for(live, action)
        # Press on Bob's oldest bot message: a stale message with whatever keyboard it had.
        target = fake.sent_to(BOB)[0].message_id if kind == "press_own_old" else fake.last_message(BOB).message_id
        update = fake.user_presses(BOB, target, data, check_button=False)
        await bot.feed(update)
        return str(update["callback_query"]["id"])
    return None


async def perform_in_group(live: Live, action: tuple[Any, ...]) -> str | None:
    """Feed one update from a group, supergroup or channel; return the callback query id of a press."""
    bot, fake = live.bot, live.bot.fake
    _, chat_id, what, text, pick = action
    if GROUPS[chat_id] == "channel":
        post = fake.channel_posts(chat_id, text)
        await bot.feed(post if what != "edit" else fake.user_edits(0, post["channel_post"]["message_id"], text + "!",
                                                                   chat_id=chat_id))
        return None
    sent = fake.user_sends(BOB, text, chat_id=chat_id)
    if what == "edit":
        await bot.feed(fake.user_edits(BOB, sent["message"]["message_id"], text + "!", chat_id=chat_id))
        return None
    await bot.feed(sent)
    posted = fake.sent_to(chat_id)
    if what.startswith("press") and posted:
        data = live.alice_data[pick % len(live.alice_data)] if what == "press_alice" else f"del:yes:{pick}"
        update = fake.user_presses(BOB, posted[-1].message_id, data, check_button=False, chat_id=chat_id)
        await bot.feed(update)
        return str(update["callback_query"]["id"])
    return None


def check_group_answers(live: Live, start: int, chat_id: int, query_id: str | None) -> None:
    """An update from a group ran no SQL; the bot only posted its note there, or answered a press."""
    assert live.statements == []
    calls = live.bot.fake.calls()[start:]
    if query_id is not None:
        assert query_id in {str(c.params.get("callback_query_id")) for c in calls}
    for call in calls:
        method = call.method.lower()
        assert method in {"sendmessage", "answercallbackquery"}, call.method
        if method == "sendmessage":
            assert str(call.params.get("chat_id")) == str(chat_id) and GROUPS[chat_id] != "channel"
            assert call.params.get("text") == en.GROUP_CHAT_NOTE.format(link="https://t.me/migraine_companion_bot")
        else:
            assert call.params.get("text") == en.GROUP_CHAT_PRESS


def check_answers(live: Live, start: int, query_id: str | None) -> None:
    """Every message the update caused went to Bob and says something; a pressed button was answered."""
    calls = live.bot.fake.calls()[start:]
    for call in calls:
        method = call.method.lower()
        if method in SENDING:
            assert str(call.params.get("chat_id")) == str(BOB), (call.method, call.params.get("chat_id"))
        if method in ("sendmessage", "editmessagetext"):
            assert str(call.params.get("text") or "").strip(), call.method
        shown = f"{call.params.get('text') or ''}{call.params.get('caption') or ''}"
        assert not any(name in shown for name in ALICE_PRIVATE), call.method
    if query_id is not None:
        answered = [c for c in calls if c.method.lower() == "answercallbackquery"]
        assert [str(c.params.get("callback_query_id")) for c in answered] == [query_id]


@PROFILE
@given(actions=st.lists(ACTIONS, min_size=1, max_size=4))
def test_random_updates_never_crash_always_answer_and_never_touch_another_user(
    live: Live, actions: list[tuple[Any, ...]]
) -> None:
    live.errors.clear()
    for action in actions:
        start = len(live.bot.fake.calls())
        live.statements.clear()
        query_id = live.run(perform(live, action))
        assert not live.errors, (action[0], live.errors)
        if action[0] == "group":
            check_group_answers(live, start, action[1], query_id)
        else:
            check_answers(live, start, query_id)
    assert live.run(snapshot(live.bot, ALICE)) == live.alice_rows


@settings(PROFILE, max_examples=80)
@given(pick=st.integers(0, 10_000), how=st.sampled_from(["as_is", "retarget"]), other=st.integers(0, 100))
def test_alices_real_buttons_pressed_by_bob_change_nothing_and_show_nothing_of_hers(
    live: Live, pick: int, how: str, other: int
) -> None:
    live.errors.clear()
    start = len(live.bot.fake.calls())

    query_id = live.run(perform(live, ("press_alice", pick, how, other)))

    assert not live.errors, live.errors
    check_answers(live, start, query_id)
    assert live.run(snapshot(live.bot, ALICE)) == live.alice_rows
