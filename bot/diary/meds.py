"""Medicine taken during an attack: one tap from the personal list, a new medicine in two steps.

A typed name is looked up in the medicine dictionary (content/medicines.yaml): a match is offered
under its name in the user's language, with its class and ATC code (the list keeps the name as typed),
and the user may still choose the kind ("Other" is always there). A preventive goes on the list but is
never logged as attack medicine: its adherence comes from the medication reminders. A dose whose 2-hour
mark is still ahead gets the "did it help?" follow-up through the scheduler (storage.diary.record_intake);
for a dose logged afterwards it is asked at once.
"""

from __future__ import annotations

import html

from bot.diary.common import FLOW_TEXT, Screen, local_moment
from bot.diary.details import Press, action
from bot.diary.dose_times import ask_when
from bot.keyboards import Row, inline
from content.medicines import find_medicine
from storage.dialogs import consume_dialog, get_dialog
from storage.diary import (
    add_medicine,
    delete_intake,
    get_medicine,
    intakes_for_attack,
    list_medicines,
)
from storage.diary_models import Medicine
from storage.diary_types import MedClass

LIST_SIZE = 8


@action("med")
async def ask_medicine(press: Press) -> Screen:
    """Offer the user's medicines (most recently used first) and a button to add one."""
    t = press.t
    medicines = (await list_medicines(session=press.session, user_id=press.user.id))[:LIST_SIZE]
    buttons = [(m.name, press.make("mt", m.id)) for m in medicines]
    rows: list[Row] = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([(t.BTN_ADD_MEDICINE, press.make("mnew"))])
    doses = await intakes_for_attack(session=press.session, user_id=press.user.id, attack_id=press.attack.id or 0)
    for dose in doses:
        when = local_moment(dose.taken_at, press.tz, now=press.now, t=t)
        rows.append(
            [
                (t.BTN_DOSE_TIME.format(time=when), press.make("de", dose.id)),
                (t.BTN_REMOVE_DOSE.format(name=dose.name, time=when), press.make("mx", dose.id)),
            ]
        )
    rows.append([(t.BTN_DIARY_BACK, press.make("done"))])
    return Screen(t.MEDICINE_ASK if medicines else t.MEDICINE_NONE_YET, inline(rows))


@action("mx")
async def remove_dose(press: Press) -> Screen | None:
    """Delete a dose logged by mistake (audited); only a dose of this attack, of this user."""
    intake_id = press.data.int_arg(1)
    doses = await intakes_for_attack(session=press.session, user_id=press.user.id, attack_id=press.attack.id or 0)
    if intake_id not in {dose.id for dose in doses}:
        return None
    await delete_intake(session=press.session, user_id=press.user.id, intake_id=intake_id or 0)
    return await ask_medicine(press)


@action("mt")
async def take_medicine(press: Press) -> Screen | None:
    """Ask when the dose of a listed medicine was taken (a preventive is not an attack dose)."""
    medicine_id = press.data.int_arg(1)
    medicine = await get_medicine(session=press.session, user_id=press.user.id, medicine_id=medicine_id or 0)
    if medicine is None:
        return None
    return await _taken(press, medicine)


async def _taken(press: Press, medicine: Medicine) -> Screen:
    if medicine.med_class == MedClass.PREVENTIVE.value:
        text = press.t.PREVENTIVE_NOT_A_DOSE.format(name=html.escape(medicine.name))
        return Screen(text, inline([[(press.t.BTN_DIARY_BACK, press.make("med"))]]))
    return await ask_when(press, medicine)


def suggest_screen(press: Press, name: str) -> Screen:
    """Offer what the dictionary recognised in a typed name, or ask its kind when nothing matched."""
    t, match = press.t, find_medicine(name)
    if match is None:
        return class_screen(press, name, t.MEDICINE_NO_MATCH)
    entry, generic = match.entry, match.entry.display_name(t.language)
    template = t.MEDICINE_MATCH if match.how == "exact" else t.MEDICINE_MATCH_CLOSE
    text = template.format(name=html.escape(name), generic=generic, kind=t.MED_CLASS_ARTICLE[entry.kind], atc=entry.atc)
    rows: list[Row] = [
        [(t.BTN_MEDICINE_MATCH_YES.format(generic=generic), press.make("md"))],
        [(t.BTN_MEDICINE_CHOOSE_KIND, press.make("mk"))],
        [(t.BTN_DIARY_BACK, press.make("med"))],
    ]
    return Screen(text, inline(rows))


def class_screen(press: Press, name: str, template: str | None = None) -> Screen:
    """Ask which kind of medicine a newly typed one is."""
    t = press.t
    buttons = [(label, press.make("mc", key)) for key, label in t.MED_CLASSES.items()]
    rows: list[Row] = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([(t.BTN_DIARY_BACK, press.make("med"))])
    return Screen((template or t.MEDICINE_CLASS_ASK).format(name=html.escape(name)), inline(rows))


async def _typed_name(press: Press) -> str | None:
    """The medicine name typed for this attack, while its kind is being chosen; None otherwise."""
    dialog = await get_dialog(session=press.session, user_id=press.user.id)
    waiting = (
        dialog is not None
        and dialog.flow == FLOW_TEXT
        and dialog.step == "med_class"
        and dialog.data.get("attack_id") == press.attack.id
    )
    return str(dialog.data.get("name", "")) if waiting and dialog is not None else None


@action("mk")
async def choose_kind_myself(press: Press) -> Screen | None:
    """Show every kind of medicine, the dictionary's suggestion declined."""
    name = await _typed_name(press)
    return None if name is None else class_screen(press, name)


@action("md")
async def accept_match(press: Press) -> Screen | None:
    """Add the typed medicine with the class and ATC code the dictionary found, then log the dose."""
    name = await _typed_name(press)
    match = find_medicine(name) if name else None
    if name is None or match is None:
        return None
    if await consume_dialog(session=press.session, user_id=press.user.id, flow=FLOW_TEXT, step="med_class") is None:
        return None
    medicine = await add_medicine(
        session=press.session,
        user_id=press.user.id,
        name=name,
        med_class=MedClass(match.entry.med_class),
        atc_code=match.entry.atc,
        now=press.now,
    )
    return await _taken(press, medicine)


@action("mc")
async def choose_class(press: Press) -> Screen | None:
    """Add the typed medicine with its class to the list, then log the dose."""
    key = press.data.arg(1)
    name = await _typed_name(press)
    if name is None or key not in press.t.MED_CLASSES:
        return None
    # Consumed before the medicine and the dose are written: a double tap handled twice adds one.
    if await consume_dialog(session=press.session, user_id=press.user.id, flow=FLOW_TEXT, step="med_class") is None:
        return None
    # The user's choice wins; the ATC code is kept only when it names the same class.
    match = find_medicine(name)
    atc = match.entry.atc if match is not None and match.entry.med_class == key else None
    medicine = await add_medicine(
        session=press.session, user_id=press.user.id, name=name, med_class=MedClass(key), atc_code=atc, now=press.now
    )
    return await _taken(press, medicine)
