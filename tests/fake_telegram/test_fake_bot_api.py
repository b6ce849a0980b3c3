"""The fake Bot API, driven through a real PTB Bot and Application."""

from __future__ import annotations

import asyncio
import datetime as dtm
import struct
import zlib
from collections.abc import AsyncIterator

import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    ReplyKeyboardMarkup,
    ReplyParameters,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.fake_telegram import FakeRequest, FakeTelegram, utf16_len

USER = 42


def png(width: int, height: int) -> bytes:
    """A tiny valid PNG header + IHDR, enough for the fake to read dimensions."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return b"\x89PNG\r\n\x1a\n" + chunk


async def greet_user(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet with a lesson button and a link button."""
    assert update.effective_message
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton("Aura", callback_data="lesson:aura"), InlineKeyboardButton("Docs", url="https://x.org")]]
    )
    await update.effective_message.reply_text(
        "<b>Hello</b>, pick one", parse_mode=ParseMode.HTML, reply_markup=keyboard
    )


async def echo_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Repeat the user's text."""
    assert update.message and update.message.text
    await update.message.reply_text(update.message.text)


async def confirm_choice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the press and replace the question with the choice."""
    query = update.callback_query
    assert query
    await query.answer("Noted")
    await query.edit_message_text(f"You chose {query.data}")


async def note_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Acknowledge an edited message."""
    assert update.edited_message
    await update.edited_message.reply_text(f"edited: {update.edited_message.text}")


def build_app(fake: FakeTelegram) -> Application:  # type: ignore[type-arg]
    """A small real Application wired to the fake, with one handler of each kind."""
    builder = ApplicationBuilder().token("123:ABC")
    app = builder.request(FakeRequest(fake)).get_updates_request(FakeRequest(fake)).build()
    app.add_handler(CommandHandler("start", greet_user))
    app.add_handler(CallbackQueryHandler(confirm_choice))
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, note_edit))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo_text))
    return app


@pytest.fixture
def fake() -> FakeTelegram:
    """A fresh fake Telegram per test, without flood limits: these tests send to one chat in a tight loop to
    check each method; the limits have tests of their own (test_fake_rate_limits.py)."""
    return FakeTelegram(limits=None)


# How long a wait may take before the test calls it a hang: generous, because a loaded machine is slow,
# and never what a test asserts.
HANG_GUARD = 60.0


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    """A bare, initialized Bot talking to the fake."""
    async with Bot("123:ABC", request=FakeRequest(fake), get_updates_request=FakeRequest(fake)) as bot:
        yield bot


@pytest.fixture
async def polling_app(fake: FakeTelegram) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """The app, polling the fake; the updater and app are stopped cleanly afterwards."""
    app = build_app(fake)
    async with app:
        assert app.updater
        await app.updater.start_polling(poll_interval=0)
        await app.start()
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


# --- a real Application -----------------------------------------------------------------------


async def test_polling_app_replies_with_html_and_buttons(fake: FakeTelegram, polling_app: Application) -> None:  # type: ignore[type-arg]
    fake.enqueue(fake.user_sends(USER, "/start", first_name="Ann"))
    await fake.wait_for_calls(1, "sendMessage")

    reply = fake.last_message(USER)
    assert reply.text == "Hello, pick one"
    assert reply.source_text == "<b>Hello</b>, pick one"
    assert reply.raw["entities"] == [{"offset": 0, "length": 5, "type": "bold"}]
    assert reply.buttons == [[("Aura", "lesson:aura"), ("Docs", "https://x.org")]]
    assert polling_app.bot.username == "migraine_companion_bot"


async def test_polling_app_echoes_each_update_once(fake: FakeTelegram, polling_app: Application) -> None:  # type: ignore[type-arg]
    for text in ("one", "two", "three"):
        fake.enqueue(fake.user_sends(USER, text))
    await fake.wait_for_calls(3, "sendMessage")
    # The next poll confirms them with its offset; how soon it comes depends on the machine's load.
    async with asyncio.timeout(HANG_GUARD):
        while fake.pending_updates():
            await asyncio.sleep(0.01)

    assert [m.text for m in fake.sent_to(USER)] == ["one", "two", "three"]
    assert [m.text for m in fake.visible_messages(USER, include_user=True)] == ["one", "two", "three"] * 2


async def test_button_press_answers_and_edits_in_place(fake: FakeTelegram) -> None:
    app = build_app(fake)
    async with app:
        await app.process_update(Update.de_json(fake.user_sends(USER, "/start"), app.bot))
        question = fake.last_message(USER)
        press = fake.user_presses(USER, question.message_id, question.button_data("Aura"))
        await app.process_update(Update.de_json(press, app.bot))

    edited = fake.last_message(USER)
    assert edited.message_id == question.message_id
    assert edited.text == "You chose lesson:aura"
    assert edited.edited and edited.buttons == []  # an edit without reply_markup drops the keyboard
    assert fake.sent_to(USER)[0].buttons  # the log keeps the message as sent
    assert fake.callback_answers[press["callback_query"]["id"]]["text"] == "Noted"
    assert [c.method for c in fake.calls()] == ["getMe", "sendMessage", "answerCallbackQuery", "editMessageText"]


async def test_user_edit_reaches_the_edited_message_handler(fake: FakeTelegram) -> None:
    app = build_app(fake)
    async with app:
        sent = fake.user_sends(USER, "heada")
        edit = fake.user_edits(USER, sent["message"]["message_id"], "headache")
        await app.process_update(Update.de_json(edit, app.bot))
    assert fake.last_message(USER).text == "edited: headache"


async def test_press_on_missing_button_is_refused_unless_forged(fake: FakeTelegram, bot: Bot) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Aura", callback_data="lesson:aura")]])
    message = await bot.send_message(USER, "pick", reply_markup=markup)
    with pytest.raises(ValueError, match="no button"):
        fake.user_presses(USER, message.message_id, "lesson:typo")
    forged = fake.user_presses(USER, message.message_id, "admin:wipe", check_button=False)
    assert forged["callback_query"]["data"] == "admin:wipe"
    assert forged["callback_query"]["message"]["reply_markup"] == markup.to_dict()


# --- messages, edits, deletes, files -------------------------------------------------------------


async def test_edits_and_deletes_change_what_is_visible(fake: FakeTelegram, bot: Bot) -> None:
    events: list[tuple[str, str | None]] = []
    fake.listeners.append(lambda event, message: events.append((event, message.text)))
    first = await bot.send_message(USER, "first")
    second = await bot.send_message(USER, "second", reply_markup=InlineKeyboardMarkup.from_button(
        InlineKeyboardButton("Go", callback_data="go")))
    edited = await bot.edit_message_reply_markup(USER, second.message_id)
    assert isinstance(edited, type(second)) and edited.edit_date is not None
    await bot.delete_message(USER, first.message_id)

    assert [(m.text, m.buttons) for m in fake.visible_messages(USER)] == [("second", [])]
    assert [m.text for m in fake.sent_to(USER)] == ["first", "second"]
    assert events == [("sent", "first"), ("sent", "second"), ("edited", "second"), ("deleted", "first")]
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(USER, first.message_id)


async def test_edit_errors_use_telegram_wording(fake: FakeTelegram, bot: Bot) -> None:
    message = await bot.send_message(USER, "same")
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("same", USER, message.message_id)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("new", USER, 999)
    user_message = fake.user_sends(USER, "mine")["message"]["message_id"]
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await bot.edit_message_text("new", USER, user_message)
    with pytest.raises(BadRequest, match="There is no caption in the message to edit"):
        await bot.edit_message_caption(USER, message.message_id, caption="x")
    reply = await bot.send_message(USER, "re", reply_parameters=ReplyParameters(user_message))
    assert reply.reply_to_message and reply.reply_to_message.text == "mine"
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(USER, "re", reply_parameters=ReplyParameters(999))


async def test_documents_and_photos_are_stored(fake: FakeTelegram, bot: Bot) -> None:
    document = await bot.send_document(USER, InputFile(b"date,intensity\n", filename="diary.csv"), caption="Your diary")
    photo = await bot.send_photo(USER, png(1600, 900), caption="<i>Chart</i>", parse_mode=ParseMode.HTML)

    assert document.document and document.document.file_name == "diary.csv"
    assert document.document.mime_type == "text/csv" and document.document.file_size == 15
    assert [(p.width, p.height) for p in photo.photo] == [(90, 51), (1280, 720)]
    assert photo.caption == "Chart" and photo.caption_entities[0].type == "italic"
    sent_document, sent_photo = fake.sent_to(USER)
    assert (sent_document.kind, sent_document.document_name, sent_document.document_bytes) == (
        "document", "diary.csv", b"date,intensity\n")
    assert sent_photo.kind == "photo" and sent_photo.photo_bytes == png(1600, 900)
    assert fake.calls("sendPhoto")[0].uploads["photo"].content == png(1600, 900)

    again = await bot.send_photo(USER, photo.photo[-1].file_id)
    assert again.photo[-1].file_id == photo.photo[-1].file_id
    assert fake.last_message(USER).photo_bytes == png(1600, 900)
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_document(USER, "no-such-file")
    caption_edit = await bot.edit_message_caption(USER, document.message_id, caption="Updated")
    assert isinstance(caption_edit, type(document)) and caption_edit.caption == "Updated"


async def test_copy_and_forward_repeat_the_content(fake: FakeTelegram, bot: Bot) -> None:
    original = await bot.send_message(USER, "tip of the day")
    copied = await bot.copy_message(7, USER, original.message_id)
    forwarded = await bot.forward_message(8, USER, original.message_id)
    assert fake.visible_messages(7)[0].text == "tip of the day"
    assert fake.visible_messages(7)[0].message_id == copied.message_id
    assert forwarded.forward_origin is not None and forwarded.text == "tip of the day"


async def test_reply_keyboard_is_tracked_per_chat(fake: FakeTelegram, bot: Bot) -> None:
    await bot.send_message(USER, "How bad?", reply_markup=ReplyKeyboardMarkup([["Mild", "Severe"]]))
    assert fake.reply_keyboard(USER) == [["Mild", "Severe"]]
    assert fake.last_message(USER).buttons == []


# --- validation ----------------------------------------------------------------------------------


async def test_text_limits_count_utf16_code_units(bot: Bot) -> None:
    assert utf16_len("😀") == 2
    await bot.send_message(USER, "😀" * 2048)
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(USER, "😀" * 2048 + "a")
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_photo(USER, png(10, 10), caption="😀" * 512 + "a")
    # Tags don't count: the limit applies after entity parsing.
    await bot.send_message(USER, "<b>" + "a" * 4096 + "</b>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(USER, "<b> </b>", parse_mode=ParseMode.HTML)


@pytest.mark.parametrize(
    ("html", "detail"),
    [
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("é<br>", 'Unsupported start tag "br" at byte offset 2'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
    ],
)
async def test_invalid_html_is_rejected_like_telegram(bot: Bot, html: str, detail: str) -> None:
    with pytest.raises(BadRequest, match="Can't parse entities") as caught:
        await bot.send_message(USER, html, parse_mode=ParseMode.HTML)
    assert detail.lower() in caught.value.message.lower()  # PTB capitalizes only the first letter


async def test_supported_html_becomes_entities(bot: Bot) -> None:
    message = await bot.send_message(
        USER,
        '😀 <b>b</b><a href="https://x.org">link</a><span class="tg-spoiler">s</span>'
        '<pre><code class="language-python">p</code></pre><blockquote expandable>q</blockquote> &lt;3',
        parse_mode=ParseMode.HTML,
    )
    assert message.text == "😀 blinkspq <3"
    assert [(e.type, e.offset, e.length) for e in message.entities] == [
        ("bold", 3, 1), ("text_link", 4, 4), ("spoiler", 8, 1), ("pre", 9, 1), ("expandable_blockquote", 10, 1)]
    assert message.entities[3].language == "python"
    assert message.text_html.startswith("😀 <b>b</b>")


async def test_callback_data_over_64_bytes_is_rejected(bot: Bot) -> None:
    await bot.send_message(USER, "ok", reply_markup=InlineKeyboardMarkup.from_button(
        InlineKeyboardButton("é", callback_data="é" * 32)))
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(USER, "too long", reply_markup=InlineKeyboardMarkup.from_button(
            InlineKeyboardButton("é", callback_data="é" * 32 + "x")))


# --- errors and faults ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "error", "message"),
    [
        ({"status": 400, "description": "Bad Request: chat not found"}, BadRequest, "Chat not found"),
        ({"status": 403}, Forbidden, "Forbidden: bot was blocked by the user"),
        ({"status": 500}, NetworkError, "Internal Server Error"),
        ({"status": 502}, NetworkError, "Bad Gateway"),
        ({"network_error": True}, NetworkError, "connection reset"),
        ({"timed_out": True}, TimedOut, "Timed out"),
    ],
)
async def test_injected_faults_raise_the_matching_ptb_error(
    fake: FakeTelegram, bot: Bot, fault: dict[str, object], error: type[TelegramError], message: str
) -> None:
    fake.fail_next("sendMessage", **fault)  # type: ignore[arg-type]
    with pytest.raises(error, match=message) as caught:
        await bot.send_message(USER, "hi")
    if error is NetworkError:
        assert type(caught.value) is NetworkError
    await bot.send_message(USER, "hi")  # the fault was used up
    assert [c.ok for c in fake.calls("sendMessage")] == [False, True]


async def test_flood_wait_raises_retry_after(fake: FakeTelegram, bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # reading retry_after as int is deprecated in 22.x
    fake.fail_next(None, retry_after=7, chat_id=USER, times=2)
    await bot.send_message(USER + 1, "other chat is fine")
    for _ in range(2):
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(USER, "hi")
        assert caught.value.retry_after == dtm.timedelta(seconds=7)
    assert fake.calls("sendMessage")[-1].description == "Too Many Requests: retry after 7"
    await bot.send_message(USER, "hi")


async def test_blocked_user_gets_403_until_unblocked(fake: FakeTelegram, bot: Bot) -> None:
    fake.block_user(USER)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(USER, "hi")
    fake.unblock_user(USER)
    await bot.send_message(USER, "hi")


async def test_unknown_chats_only_fail_when_strict(bot: Bot, fake: FakeTelegram) -> None:
    await bot.send_message(123456, "any positive id is a private chat")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(-100, "no groups")
    fake.strict_chats = True
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(654321, "never talked to us")
    fake.user_sends(654321, "hello")
    await bot.send_message(654321, "now we know you")


async def test_unknown_method_is_not_found(bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": USER})


async def test_latency_delays_every_call(fake: FakeTelegram, bot: Bot) -> None:
    fake.latency = 0.05
    loop = asyncio.get_running_loop()
    started = loop.time()
    await bot.send_chat_action(USER, "typing")
    assert loop.time() - started >= 0.05


async def test_wait_for_calls_times_out_with_a_summary(fake: FakeTelegram, bot: Bot) -> None:
    await bot.send_message(USER, "only one")
    with pytest.raises(AssertionError, match="sendMessage"):
        await fake.wait_for_calls(2, "sendMessage", timeout=0.05)


# --- getUpdates ---------------------------------------------------------------------------------


async def test_get_updates_offset_confirms_earlier_updates(fake: FakeTelegram, bot: Bot) -> None:
    ids = [fake.enqueue(fake.user_sends(USER, str(n)))["update_id"] for n in range(4)]
    assert ids == sorted(ids) and len(set(ids)) == 4

    assert [u.update_id for u in await bot.get_updates()] == ids
    assert [u.update_id for u in await bot.get_updates(offset=ids[2])] == ids[2:]
    assert [u.update_id for u in await bot.get_updates(limit=1)] == ids[2:3]
    assert [u.update_id for u in await bot.get_updates(offset=-1)] == ids[3:]
    assert await bot.get_updates(offset=ids[3] + 1) == ()
    assert (await bot.get_webhook_info()).pending_update_count == 0


async def test_updates_built_earlier_are_renumbered_when_queued_late(fake: FakeTelegram, bot: Bot) -> None:
    early = fake.user_sends(USER, "early")
    late = fake.enqueue(fake.user_sends(USER, "late"))
    fake.enqueue(early)
    assert early["update_id"] > late["update_id"]
    assert [u.message.text for u in await bot.get_updates() if u.message] == ["late", "early"]


async def test_long_poll_wakes_when_an_update_arrives(fake: FakeTelegram, bot: Bot) -> None:
    # A long poll of an hour: only waking up on the update can end it within the guard.
    poll = asyncio.create_task(bot.get_updates(timeout=3600, read_timeout=3600))
    await asyncio.sleep(0.01)
    assert not poll.done()
    fake.enqueue(fake.user_sends(USER, "wake up"))
    updates = await asyncio.wait_for(poll, HANG_GUARD)
    assert [u.message.text for u in updates if u.message] == ["wake up"]


async def test_long_poll_returns_empty_after_timeout(bot: Bot) -> None:
    assert await bot.get_updates(timeout=dtm.timedelta(milliseconds=50)) == ()


async def test_second_poll_terminates_the_first_with_conflict(fake: FakeTelegram, bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=10))
    await asyncio.sleep(0.01)
    second = asyncio.create_task(bot.get_updates(timeout=10))
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await asyncio.wait_for(first, HANG_GUARD)
    fake.enqueue(fake.user_sends(USER, "hi"))
    assert len(await asyncio.wait_for(second, HANG_GUARD)) == 1


async def test_webhook_blocks_get_updates(fake: FakeTelegram, bot: Bot) -> None:
    fake.enqueue(fake.user_sends(USER, "queued"))
    await bot.set_webhook("https://example.org/hook")
    assert (await bot.get_webhook_info()).url == "https://example.org/hook"
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates() == ()


# --- commands ------------------------------------------------------------------------------------


async def test_commands_are_stored_per_scope_and_language(fake: FakeTelegram, bot: Bot) -> None:
    fake.add_user(USER)  # a chat scope needs a chat: the user has opened the bot
    await bot.set_my_commands([BotCommand("start", "Begin"), BotCommand("diary", "Log an attack")])
    await bot.set_my_commands([BotCommand("start", "Начать")], language_code="ru")
    await bot.set_my_commands([BotCommand("admin", "Stats")], scope=BotCommandScopeChat(USER))

    assert [c.command for c in await bot.get_my_commands()] == ["start", "diary"]
    assert fake.commands(language_code="ru") == [{"command": "start", "description": "Начать"}]
    assert fake.commands({"type": "chat", "chat_id": USER}) == [{"command": "admin", "description": "Stats"}]
    await bot.delete_my_commands(language_code="ru")
    assert fake.commands(language_code="ru") == []
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Start", "Capitals are not allowed")])


async def test_a_chat_scope_for_a_user_who_never_opened_the_bot_is_chat_not_found(fake: FakeTelegram, bot: Bot) -> None:
    # Telegram only knows a private chat once the user has started the bot.
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.set_my_commands([BotCommand("admin", "Stats")], scope=BotCommandScopeChat(USER + 1))
    assert fake.commands({"type": "chat", "chat_id": USER + 1}) == []

    fake.add_user(USER + 1)
    await bot.set_my_commands([BotCommand("admin", "Stats")], scope=BotCommandScopeChat(USER + 1))
    assert fake.commands({"type": "chat", "chat_id": USER + 1}) == [{"command": "admin", "description": "Stats"}]


async def test_the_menu_shown_follows_the_bot_apis_scope_precedence(fake: FakeTelegram, bot: Bot) -> None:
    fake.add_user(USER)
    chat = BotCommandScopeChat(USER)
    await bot.set_my_commands([BotCommand("start", "Begin")])
    await bot.set_my_commands([BotCommand("start", "Начать")], language_code="ru")
    assert fake.menu_shown(USER, "ru") == [{"command": "start", "description": "Начать"}]
    assert fake.menu_shown(USER, "pt-br") == [{"command": "start", "description": "Begin"}]

    # A chat list without a language beats every default list; one with the app's language beats it.
    await bot.set_my_commands([BotCommand("start", "Empezar")], scope=chat)
    assert fake.menu_shown(USER, "ru") == [{"command": "start", "description": "Empezar"}]
    await bot.set_my_commands([BotCommand("start", "Старт")], scope=chat, language_code="ru")
    assert fake.menu_shown(USER, "ru") == [{"command": "start", "description": "Старт"}]
    assert fake.menu_shown(USER, "en") == [{"command": "start", "description": "Empezar"}]
    assert fake.menu_shown(USER + 1, "ru") == [{"command": "start", "description": "Начать"}]

    await bot.set_my_commands([], scope=chat, language_code="ru")  # an empty list is no list
    await bot.delete_my_commands(scope=chat)
    assert fake.menu_shown(USER, "ru") == [{"command": "start", "description": "Начать"}]
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.delete_my_commands(scope=BotCommandScopeChat(USER + 1))
    assert [c.params.get("scope") for c in fake.calls("deleteMyCommands")] == [
        {"type": "chat", "chat_id": USER}, {"type": "chat", "chat_id": USER + 1},
    ]


# --- groups, supergroups and channels -------------------------------------------------------------


@pytest.mark.parametrize("chat_type", ["group", "supergroup"])
async def test_group_messages_presses_and_edits_carry_the_group_chat(
    fake: FakeTelegram, bot: Bot, chat_type: str
) -> None:
    group = fake.add_group(-100_500, chat_type=chat_type)
    sent = fake.user_sends(USER, "/stats", chat_id=group["id"])
    message = Update.de_json(sent, bot).effective_message
    assert message is not None and message.chat.type == chat_type and message.from_user is not None
    assert message.from_user.id == USER and message.text == "/stats"

    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
    posted = await bot.send_message(group["id"], "hello group", reply_markup=markup)
    press = Update.de_json(fake.user_presses(USER + 7, posted.message_id, "go", chat_id=group["id"]), bot)
    assert press.callback_query is not None and press.effective_chat is not None
    assert press.effective_chat.id == group["id"] and press.callback_query.from_user.id == USER + 7

    edit = Update.de_json(fake.user_edits(USER, sent["message"]["message_id"], "/diary", chat_id=group["id"]), bot)
    assert edit.edited_message is not None and edit.edited_message.chat.type == chat_type
    assert [m.text for m in fake.sent_to(group["id"])] == ["hello group"]
    assert fake.sent_to(USER) == []  # nothing went to the user's private chat


async def test_channel_posts_have_no_sender_and_unknown_groups_are_not_found(fake: FakeTelegram, bot: Bot) -> None:
    channel = fake.add_group(-100_600, chat_type="channel", title="News")
    post = fake.channel_posts(channel["id"], "new issue")
    update = Update.de_json(post, bot)
    assert update.channel_post is not None and update.effective_user is None
    assert update.effective_chat is not None and update.effective_chat.type == "channel"
    edit = Update.de_json(fake.user_edits(0, post["channel_post"]["message_id"], "fixed", chat_id=channel["id"]), bot)
    assert edit.edited_channel_post is not None and edit.edited_channel_post.text == "fixed"
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(-100_999, "nobody here")
    with pytest.raises(ValueError, match="add_group"):
        fake.user_sends(USER, "hi", chat_id=-100_999)
