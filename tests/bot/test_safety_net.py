"""The safety net through the real bot: urgent care by tier, the crisis path, and follow-up questions."""

from __future__ import annotations

from sqlalchemy import select

from bot.safety.dialog import KEY, SAFETY_FLOW
from bot.texts import en
from storage.db import transaction
from storage.models import Dialog, SafetyEvent
from support.harness import BotHarness

ALICE, BOB = 6001, 6002
URGENT_START = "🚨 This could be serious"
SAME_DAY_START = "⚠️ Please see a doctor today."
PREGNANT_HEADACHE = "I'm 24 weeks pregnant and have a headache"


async def events(bot: BotHarness, user_id: int = ALICE) -> list[SafetyEvent]:
    async with transaction(bot.services.sessions) as session:
        query = select(SafetyEvent).where(SafetyEvent.user_id == user_id).order_by(SafetyEvent.id)
        return list((await session.scalars(query)).all())


async def dialog_of(bot: BotHarness, user_id: int = ALICE) -> Dialog | None:
    async with transaction(bot.services.sessions) as session:
        return await session.get(Dialog, user_id)


async def test_an_emergency_gets_the_urgent_message_now_with_the_country_number(bot: BotHarness) -> None:
    await bot.onboard(ALICE, zone="America/New_York")

    replies = await bot.send(ALICE, "my face is drooping on one side and my arm went weak")

    assert len(replies) == 1
    text = replies[0].text or ""
    assert text.startswith(URGENT_START) and "Call 911 now" in text and "112" not in text
    assert "today" not in text.split("\n\n")[1]  # the tier says "now"
    assert [(e.source, e.codes) for e in await events(bot)] == [("free_text", "weakness")]


async def test_a_same_day_sign_sends_to_a_doctor_today_with_the_number_for_worse(bot: BotHarness) -> None:
    await bot.onboard(ALICE)

    replies = await bot.send(ALICE, "I'm 63 and these headaches started two weeks ago, never had them before")

    text = replies[0].text or ""
    assert len(replies) == 1 and text.startswith(SAME_DAY_START)
    assert "999 or 112" in text  # London
    assert [e.codes for e in await events(bot)] == ["older_new"]


async def test_head_injury_with_a_worsening_headache_and_a_severe_one_after_birth_are_emergencies(
    bot: BotHarness,
) -> None:
    await bot.onboard(ALICE)

    head = await bot.send(ALICE, "banged my head yesterday and the headache keeps getting worse")
    birth = await bot.send(ALICE, "gave birth 10 days ago and now a severe headache")

    assert (head[0].text or "").startswith(URGENT_START) and (birth[0].text or "").startswith(URGENT_START)


async def test_the_crisis_path_is_calm_gives_numbers_first_and_never_a_lesson(bot: BotHarness) -> None:
    await bot.onboard(ALICE, zone="America/New_York")

    replies = await bot.send(ALICE, "I don't want to live anymore")

    assert len(replies) == 1
    text = replies[0].text or ""
    assert text.startswith("💙") and text.index("911") < text.index("988") < text.index("findahelpline.com")
    assert "lesson" not in text.lower() and not replies[0].button_labels
    assert [(e.source, e.codes) for e in await events(bot)] == [("free_text", "suicidal")]
    assert "live" not in (await events(bot))[0].codes  # codes only, never the words


async def test_an_overdose_is_told_to_call_even_when_feeling_fine(bot: BotHarness) -> None:
    await bot.onboard(ALICE)

    replies = await bot.send(ALICE, "I took a whole box of paracetamol an hour ago")

    text = replies[0].text or ""
    assert "999 or 112" in text and "even if you feel fine" in text and "116 123" in text  # Samaritans
    assert [e.codes for e in await events(bot)] == ["overdose"]


async def test_a_partial_sign_asks_yes_or_no_and_keeps_the_question_in_the_dialogs_table(bot: BotHarness) -> None:
    await bot.onboard(ALICE)

    replies = await bot.send(ALICE, PREGNANT_HEADACHE)

    assert len(replies) == 1
    assert en.SAFETY_QUESTIONS["severe"] in (replies[0].text or "")
    assert replies[0].button_labels == ["Yes", "No"]
    dialog = await dialog_of(bot)
    assert dialog is not None and dialog.flow == SAFETY_FLOW
    assert dialog.data[KEY]["code"] == "pregnancy_headache" and dialog.data[KEY]["step"] == 0
    assert await events(bot) == []


async def test_no_to_every_question_gives_the_normal_answer(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, PREGNANT_HEADACHE)

    await bot.press(ALICE, "No")
    assert en.SAFETY_QUESTIONS["different"] in bot.last_text(ALICE)
    await bot.press(ALICE, "No")
    assert en.SAFETY_QUESTIONS["vision_swelling"] in bot.last_text(ALICE)
    replies = await bot.press(ALICE, "No")

    # The question turned into what the answers suggest (edited in place), then the normal answer: lesson
    # search. Not a medical all-clear: a headache in pregnancy is still for the midwife (fact sheet section 9).
    assert len(replies) == 1 and (replies[0].text or "").startswith(en.ASK_RESULTS)
    cleared = bot.fake.visible_messages(ALICE)[-2].text or ""
    assert "does not sound like an emergency" in cleared and "midwife or doctor" in cleared
    assert "the same day" in cleared and "999 or 112" in cleared
    assert "Nothing you told me needs urgent care" not in cleared
    assert await dialog_of(bot) is None and await events(bot) == []


async def test_a_yes_resolves_to_the_urgent_message_of_its_tier(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, PREGNANT_HEADACHE)
    await bot.press(ALICE, "No")
    await bot.press(ALICE, "No")

    replies = await bot.press(ALICE, "Yes")  # blurred vision or swelling: pre-eclampsia signs

    assert (replies[0].text or "").startswith(URGENT_START) and "999 or 112" in (replies[0].text or "")
    assert [(e.source, e.codes) for e in await events(bot)] == [("question", "pregnancy")]
    assert await dialog_of(bot) is None
    assert not bot.fake.last_message(ALICE).button_labels or "Yes" not in bot.buttons(ALICE)[-2:]


async def test_a_severe_headache_in_pregnancy_is_a_same_day_visit(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, PREGNANT_HEADACHE)

    replies = await bot.press(ALICE, "Yes")

    assert (replies[0].text or "").startswith(SAME_DAY_START)


async def test_a_question_never_delays_a_clear_emergency(bot: BotHarness) -> None:
    await bot.onboard(ALICE)

    replies = await bot.send(ALICE, "I'm 24 weeks pregnant with a headache and now I can't get my words out")

    assert len(replies) == 1 and (replies[0].text or "").startswith(URGENT_START)
    assert await dialog_of(bot) is None


async def test_a_forged_or_old_yes_still_brings_urgent_care(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, PREGNANT_HEADACHE)
    message = bot.fake.last_message(ALICE)
    data = message.button_data("Yes")
    await bot.press(ALICE, "No")  # the state moved on: this Yes button is now old

    replies = await bot.press_data(ALICE, message.message_id, data, check_button=False)
    nonsense = await bot.press_data(ALICE, message.message_id, "sf:y:99:0:abcdef", check_button=False)

    assert (replies[0].text or "").startswith(SAME_DAY_START)
    assert nonsense == [] and bot.callback_answers()[-1] == en.STALE_BUTTON


async def test_another_users_buttons_do_nothing_to_this_users_dialog(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.onboard(BOB)
    await bot.send(ALICE, PREGNANT_HEADACHE)
    data = bot.fake.last_message(ALICE).button_data("No")

    await bot.press_data(BOB, bot.fake.last_message(BOB).message_id, data, check_button=False)

    dialog = await dialog_of(bot, ALICE)
    assert dialog is not None and dialog.data[KEY]["step"] == 0


async def test_a_question_during_an_open_flow_keeps_the_flow(bot: BotHarness) -> None:
    await bot.send(ALICE, "/start")
    await bot.press(ALICE, "Continue")
    await bot.press(ALICE, "✅ I agree")
    await bot.press(ALICE, "🌍 Type a city or zone")

    await bot.send(ALICE, "my headache came on suddenly")  # a partial sign while a time zone is awaited
    assert bot.fake.last_message(ALICE).button_labels == ["Yes", "No"]
    dialog = await dialog_of(bot)
    assert dialog is not None and dialog.flow == "onboarding" and KEY in dialog.data

    for _ in range(3):
        await bot.press(ALICE, "No")
    # The flow got the words afterwards, as it would have: not a city it knows.
    assert "I don't know the time zone" in bot.last_text(ALICE)
    replies = await bot.send(ALICE, "Europe/Paris")
    assert any("Time zone set to Paris" in (m.text or "") for m in replies)
    assert any("Your emergency number: 15 or 112" in (m.text or "") for m in replies)


async def test_ask_command_screens_the_question_the_same_way(bot: BotHarness) -> None:
    await bot.onboard(ALICE)

    urgent = await bot.send(ALICE, "/ask my speech is slurred")
    asked = await bot.send(ALICE, "/ask i've got a temperature and my head is pounding")

    assert (urgent[0].text or "").startswith(URGENT_START)
    assert asked[0].button_labels == ["Yes", "No"] and en.SAFETY_QUESTIONS["stiff_neck"] in (asked[0].text or "")


async def test_a_diary_note_with_a_partial_sign_is_kept_and_asked_about(bot: BotHarness) -> None:
    from diary_factory import add_attack

    await bot.onboard(ALICE)
    await add_attack(bot, ALICE)
    await bot.send(ALICE, "/diary")
    await bot.press(ALICE, bot.fake.last_message(ALICE).button_labels[0])
    await bot.press(ALICE, "✏️ Change details")
    await bot.press(ALICE, "📝 Note")

    replies = await bot.send(ALICE, "this headache came on suddenly")

    assert replies[0].button_labels == ["Yes", "No"]
    assert any((m.text or "").startswith("📝 Note saved.") for m in replies[1:])
    replies = await bot.press(ALICE, "Yes")
    assert (replies[0].text or "").startswith(URGENT_START)


async def test_log_during_a_safety_question_names_it_and_continue_asks_it_again(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    await bot.send(ALICE, PREGNANT_HEADACHE)

    replies = await bot.send(ALICE, "/log")
    assert replies[0].text == (
        "You're in the middle of a safety question. Carry on with it, or cancel it and start logging a headache?"
    )
    await bot.press(ALICE, "Continue")

    # The busy message turns back into the question, buttons and all, not a bare "carry on".
    asked = bot.fake.last_message(ALICE)
    assert en.SAFETY_QUESTIONS["severe"] in (asked.text or "") and asked.button_labels == ["Yes", "No"]
    await bot.press(ALICE, "No")
    assert en.SAFETY_QUESTIONS["different"] in bot.last_text(ALICE)
