"""Questions about a medicine the user takes, through the real bot: whether it causes a symptom gets the word to tell
the prescriber and the lesson on that medicine; a dose question the word that doses come from the doctor, pharmacist
or leaflet, and the medicine's lesson first; never a dose. A "no" to the crisis question raised by such words says to
tell the prescriber about the change in mood."""

from __future__ import annotations

import re

from bot.texts import texts_for
from support.harness import BotHarness

ANA, IVAN, ALICE = 6401, 6402, 6403


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def lessons(labels: list[str]) -> list[str]:
    return [label for label in labels if label.startswith("📖 ")]


async def test_a_low_mood_on_topiramate_is_for_the_prescriber_with_the_topiramate_lesson(bot: BotHarness) -> None:
    await bot.onboard(ANA, zone="Europe/Madrid", language="es")
    t = texts_for("es")

    replies = await bot.send(ANA, "Tomo topiramato y me siento muy triste e irritable, ¿puede ser por el medicamento?")

    assert len(replies) == 1
    text = replies[0].text or ""
    # A change in mood: tell the prescriber soon, and the number of Spain should thoughts of self-harm come.
    mood = plain(t.MEDICINE_MOOD.format(emergency="112", local=""))
    assert text.startswith(f"{t.MEDICINE_SIDE_EFFECT} {mood}")
    assert "médico que se lo recetó" in text and t.ASK_RESULTS in text
    assert t.MEDICINE_DOSE not in text
    assert lessons(replies[0].button_labels)[0] == "📖 Topiramato y valproato"


async def test_a_side_effect_question_in_english_names_the_prescriber_too(bot: BotHarness) -> None:
    await bot.onboard(ALICE)

    replies = await bot.send(ALICE, "can topiramate cause suicidal thoughts?")

    text = replies[0].text or ""
    assert text.startswith(texts_for("en").MEDICINE_SIDE_EFFECT) and "doctor who prescribed it" in text
    assert "thoughts of harming yourself, call 999 or 112 now" in text  # suicidal thoughts: a change in mood
    assert lessons(replies[0].button_labels)[0] == "📖 Topiramate and valproate"


async def test_a_side_effect_other_than_mood_gets_the_prescriber_line_without_the_mood_line(bot: BotHarness) -> None:
    await bot.onboard(ALICE)

    replies = await bot.send(ALICE, "is tingling in my fingers a side effect of topiramate?")

    text = replies[0].text or ""
    assert text.startswith(texts_for("en").MEDICINE_SIDE_EFFECT)
    assert "mood" not in text and "harming yourself" not in text


async def test_a_russian_dose_question_gets_no_dose_and_the_sumatriptan_lesson_first(bot: BotHarness) -> None:
    await bot.onboard(IVAN, zone="Europe/Madrid", language="ru")
    t = texts_for("ru")

    replies = await bot.send(IVAN, "Сколько таблеток суматриптана можно выпить в день?")

    text = replies[0].text or ""
    assert text.startswith(t.MEDICINE_DOSE) and "врач или фармацевт" in text
    assert t.MEDICINE_SIDE_EFFECT not in text
    found = lessons(replies[0].button_labels)
    assert found[0] == "📖 Триптаны" and len(found) <= 3


async def test_a_dose_question_in_spanish_and_english_is_answered_alike(bot: BotHarness) -> None:
    await bot.onboard(ANA, zone="Europe/Madrid", language="es")
    await bot.onboard(ALICE)

    spanish = await bot.send(ANA, "¿Cuál es la dosis máxima de sumatriptán, cuántos mg?")
    english = await bot.send(ALICE, "/ask how many mg of sumatriptan can I take?")

    assert (spanish[0].text or "").startswith(texts_for("es").MEDICINE_DOSE)
    assert lessons(spanish[0].button_labels)[0] == "📖 Triptanes"
    assert (english[0].text or "").startswith(texts_for("en").MEDICINE_DOSE)
    assert lessons(english[0].button_labels)[0] == "📖 Triptans"


async def test_a_question_naming_no_medicine_gets_no_medicine_word(bot: BotHarness) -> None:
    await bot.onboard(ALICE)

    replies = await bot.send(ALICE, "can triptans help with my attacks?")

    assert replies[0].text == texts_for("en").ASK_RESULTS


async def test_no_to_the_crisis_question_raised_beside_a_medicine_says_to_tell_the_prescriber(
    bot: BotHarness,
) -> None:
    await bot.onboard(ANA, zone="Europe/Madrid", language="es")
    t = texts_for("es")
    asked = await bot.send(ANA, "Desde que tomo topiramato no le veo sentido a nada, ¿puede ser el medicamento?")
    assert t.SAFETY_QUESTIONS["model_crisis"].split("?")[0] in (asked[-1].text or "")

    await bot.press(ANA, t.BTN_NO)

    text = bot.last_text(ANA)
    assert text.startswith("💙") and "024" in text and "112" in text
    assert text.endswith(t.CRISIS_ANSWERED_NO_MEDICINE)
    assert not lessons(bot.buttons(ANA))


async def test_no_to_the_crisis_question_without_a_medicine_has_no_prescriber_word(bot: BotHarness) -> None:
    await bot.onboard(ANA, zone="Europe/Madrid", language="es")
    t = texts_for("es")
    await bot.send(ANA, "algunos días me pregunto qué sentido tiene seguir")

    await bot.press(ANA, t.BTN_NO)

    text = bot.last_text(ANA)
    assert text.startswith("💙") and t.CRISIS_ANSWERED_NO_MEDICINE not in text


async def test_a_headache_now_with_a_dose_question_is_offered_logging_with_the_dose_line(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    t = texts_for("en")

    replies = await bot.send(ALICE, "I have a migraine now, how many mg of sumatriptan can I take?")

    text = replies[0].text or ""
    assert text.startswith(t.MEDICINE_DOSE) and text.endswith(t.LOG_OFFER_AND_LESSONS)
    labels = replies[0].button_labels
    assert labels[0] == t.BTN_LOG_IT and lessons(labels)[0] == "📖 Triptans"
