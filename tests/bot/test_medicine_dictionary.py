"""The medicine dictionary: names to class and ATC code, suggestions when typing, preventives (issue 13, item 7)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from diary_factory import ALICE, LOG, NOW, attacks, diary_harness, intakes, log_first_attack, medicines

from bot.texts import texts_for
from content.medicines import find_medicine, load_dictionary
from storage.db import transaction
from storage.diary_models import MedicationIntake
from storage.users import set_language
from support.databases import Database
from support.harness import BotHarness

# Every acute and preventive drug named in shared/clinical-facts.md (sections 2-4, 8-10, 13-15).
FACT_SHEET_DRUGS = {
    "sumatriptan": "triptan", "naratriptan": "triptan", "zolmitriptan": "triptan", "rizatriptan": "triptan",
    "almotriptan": "triptan", "eletriptan": "triptan", "frovatriptan": "triptan", "dihydroergotamine": "ergot",
    "ergotamine": "ergot", "paracetamol": "simple_analgesic", "aspirin": "simple_analgesic",
    "ibuprofen": "simple_analgesic", "naproxen": "simple_analgesic", "diclofenac": "simple_analgesic",
    "mefenamic acid": "simple_analgesic", "sumatriptan/naproxen": "triptan",
    "paracetamol/aspirin/caffeine": "combination", "ubrogepant": "gepant", "rimegepant": "gepant",
    "lasmiditan": "ditan", "metoclopramide": "other", "prochlorperazine": "other", "dexamethasone": "other",
    "ketamine": "other", "esketamine": "other", "codeine": "opioid", "tramadol": "opioid",
    "valproate": "preventive", "divalproex": "preventive", "topiramate": "preventive", "metoprolol": "preventive",
    "propranolol": "preventive", "timolol": "preventive", "amitriptyline": "preventive",
    "venlafaxine": "preventive", "atenolol": "preventive", "nadolol": "preventive", "candesartan": "preventive",
    "lisinopril": "preventive", "carbamazepine": "preventive", "clonidine": "preventive",
    "lamotrigine": "preventive", "onabotulinumtoxinA": "preventive", "erenumab": "preventive",
    "fremanezumab": "preventive", "galcanezumab": "preventive", "eptinezumab": "preventive",
    "atogepant": "preventive", "levetiracetam": "preventive", "flunarizine": "preventive",
    "betahistine": "preventive", "melatonin": "preventive", "magnesium": "preventive",
    "riboflavin": "preventive", "coenzyme Q10": "preventive",
}  # fmt: skip
OTC_COMBINATIONS = {
    "Excedrin": "combination", "Anadin Extra": "combination", "Panadol Extra": "combination",
    "Co-codamol 30/500": "combination", "Nuromol": "combination", "Nurofen Plus": "combination",
    "Solpadeine Max": "combination", "Migraleve": "combination", "Cafergot": "ergot",
}  # fmt: skip
BRANDS = {"Imigran 50 mg": "sumatriptan", "Maxalt Melt": "rizatriptan", "Nurtec ODT": "rimegepant",
          "Aimovig 140mg pen": "erenumab", "Topamax": "topiramate", "Tylenol": "paracetamol",
          "Advil": "ibuprofen", "Relpax 40 mg": "eletriptan", "Qulipta": "atogepant"}  # fmt: skip


@pytest.fixture
async def bot(database: Database) -> AsyncIterator[BotHarness]:
    async with diary_harness(database) as harness:
        yield harness


def test_the_dictionary_covers_every_drug_of_the_fact_sheet_and_common_combinations() -> None:
    for name, med_class in {**FACT_SHEET_DRUGS, **OTC_COMBINATIONS}.items():
        match = find_medicine(name)
        assert match is not None and match.how == "exact", name
        assert match.entry.med_class == med_class, name
    for brand, generic in BRANDS.items():
        match = find_medicine(brand)
        assert match is not None and match.entry.generic == generic, brand
    assert find_medicine("sumatriptan")
    assert {e.atc for e in load_dictionary() if e.generic == "sumatriptan"} == {"N02CC01"}
    assert len(load_dictionary()) >= 80


def test_a_misspelling_is_a_close_match_and_nonsense_none() -> None:
    close = find_medicine("sumatripan")
    assert close is not None and (close.entry.generic, close.how) == ("sumatriptan", "close")
    assert find_medicine("my grandmother's tea") is None
    assert find_medicine("50 mg") is None


async def _new_attack_medicine(bot: BotHarness, name: str) -> None:
    await bot.onboard(ALICE)
    await log_first_attack(bot)
    await bot.send(ALICE, LOG)
    await bot.press(ALICE, "Now")
    await bot.press(ALICE, "Moderate")
    await bot.press(ALICE, "💊 Took medicine")
    await bot.press(ALICE, "➕ Add a medicine")
    await bot.send(ALICE, name)


async def test_typing_a_brand_suggests_its_generic_and_class_and_counts_it_as_a_triptan(bot: BotHarness) -> None:
    await _new_attack_medicine(bot, "Imigran 50 mg")

    suggestion = bot.fake.last_message(ALICE)
    assert "sumatriptan: a triptan (ATC N02CC01)" in (suggestion.text or "")
    assert suggestion.button_labels == ["✅ Yes, sumatriptan", "Choose the kind myself", "« Back"]
    await bot.press(ALICE, "✅ Yes, sumatriptan")
    await bot.press(ALICE, "Now")

    [medicine] = await medicines(bot)
    assert (medicine.name, medicine.med_class, medicine.atc_code) == ("Imigran 50 mg", "triptan", "N02CC01")
    [dose] = await intakes(bot)
    assert (dose.med_class, dose.atc_code) == ("triptan", "N02CC01")
    await bot.send(ALICE, "/stats")
    assert "Triptan: 1" in next(
        m.text or "" for m in bot.fake.visible_messages(ALICE) if "Headache days" in (m.text or "")
    )


async def test_an_unknown_name_asks_the_kind_with_other_as_fallback(bot: BotHarness) -> None:
    await _new_attack_medicine(bot, "Grandma's drops")

    asked = bot.fake.last_message(ALICE)
    assert "I don't know Grandma's drops" in (asked.text or "")
    assert "Other" in asked.button_labels and "Triptan" in asked.button_labels
    await bot.press(ALICE, "Other")
    [medicine] = await medicines(bot)
    assert (medicine.med_class, medicine.atc_code) == ("other", None)


async def test_the_user_may_decline_the_suggestion(bot: BotHarness) -> None:
    await _new_attack_medicine(bot, "Sumatriptan")

    await bot.press(ALICE, "Choose the kind myself")
    await bot.press(ALICE, "Other")

    [medicine] = await medicines(bot)
    assert (medicine.med_class, medicine.atc_code) == ("other", None)


async def test_a_preventive_is_listed_but_never_logged_as_attack_medicine(bot: BotHarness) -> None:
    await _new_attack_medicine(bot, "Topamax 25 mg")
    assert "a preventive" in bot.last_text(ALICE)

    await bot.press(ALICE, "✅ Yes, topiramate")

    [medicine] = await medicines(bot)
    assert (medicine.med_class, medicine.atc_code) == ("preventive", "N03AX11")
    assert await intakes(bot) == []
    assert "never counts towards medication overuse" in bot.last_text(ALICE)
    assert "/reminders" in bot.last_text(ALICE)


async def test_preventive_doses_never_count_towards_overuse_or_medication_days(bot: BotHarness) -> None:
    await bot.onboard(ALICE)
    async with transaction(bot.services.sessions) as session:
        session.add_all(
            MedicationIntake(
                user_id=ALICE, name="Propranolol", med_class="preventive", taken_at=NOW - timedelta(days=d)
            )
            for d in range(1, 16)
        )

    await bot.send(ALICE, "/stats")

    text = next(m.source_text or "" for m in bot.fake.visible_messages(ALICE) if "Headache days" in (m.text or ""))
    assert "Days with acute medication: <b>0</b>" in text
    assert "⚠️" not in text and await attacks(bot) == []


async def _speak(bot: BotHarness, user_id: int, language: str) -> None:
    """Store a language as /settings does (choosing it is tested with the settings)."""
    async with transaction(bot.services.sessions) as session:
        await set_language(session=session, user_id=user_id, language=language)
    if bot.services.snapshots is not None:
        bot.services.snapshots.invalidate(user_id)


async def _new_attack_medicine_in(bot: BotHarness, language: str, name: str) -> None:
    t = texts_for(language)
    await bot.onboard(ALICE)
    await log_first_attack(bot)
    await _speak(bot, ALICE, language)
    await bot.send(ALICE, t.LOG_BUTTON)
    await bot.press(ALICE, t.BTN_NOW)
    await bot.press(ALICE, t.BTN_MODERATE)
    await bot.press(ALICE, t.BTN_TOOK_MEDICINE)
    await bot.press(ALICE, t.BTN_ADD_MEDICINE)
    await bot.send(ALICE, name)


async def test_a_russian_name_is_recognised_and_named_in_russian_and_the_typed_name_is_kept(
    bot: BotHarness,
) -> None:
    await _new_attack_medicine_in(bot, "ru", "ибупрофен")

    suggestion = bot.fake.last_message(ALICE)
    assert "ибупрофен</b> — это ибупрофен: НПВП, простое обезболивающее (ATC M01AE01)" in (suggestion.source_text or "")
    assert "ibuprofen" not in (suggestion.text or "")
    assert suggestion.button_labels[0] == "✅ Да, ибупрофен"
    await bot.press(ALICE, "✅ Да, ибупрофен")

    [medicine] = await medicines(bot)
    assert (medicine.name, medicine.med_class, medicine.atc_code) == ("ибупрофен", "simple_analgesic", "M01AE01")


async def test_a_russian_brand_in_another_case_is_recognised(bot: BotHarness) -> None:
    await _new_attack_medicine_in(bot, "ru", "Нурофеном")

    assert bot.fake.last_message(ALICE).button_labels[0] == "✅ Да, ибупрофен"


async def test_a_spanish_user_sees_the_spanish_name_and_the_nsaid_kind(bot: BotHarness) -> None:
    await _new_attack_medicine_in(bot, "es", "Ibuprofeno 400 mg")

    text = bot.last_text(ALICE)
    assert "Ibuprofeno 400 mg es ibuprofeno: un AINE, un analgésico simple (ATC M01AE01)" in text
    assert "¿Quería decir" not in text and "paracetamol" not in text
    assert bot.fake.last_message(ALICE).button_labels[0] == "✅ Sí, ibuprofeno"


async def test_a_name_nobody_knows_is_worded_with_the_genitive_in_russian(bot: BotHarness) -> None:
    await _new_attack_medicine_in(bot, "ru", "Бабушкины капли")

    assert "Я не знаю такого лекарства: «Бабушкины капли»." in bot.last_text(ALICE)
