"""When a dose was taken: picked (the attack's start first), typed, or changed later.

A dose is counted on its own local date everywhere (statistics, chart, report), so its time matters:
a dose logged for a past attack is never stamped with the moment of logging. A time before the attack
started or after it ended is questioned, not silently moved. Buttons name their target: ``m`` plus a
medicine id for a new dose, ``d`` plus a dose id for moving one; ``dq`` carries the questioned time in
whole minutes since the epoch (UTC), so confirming it needs no state.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

from bot.diary.checkin import followup_keyboard
from bot.diary.common import FLOW_TEXT, Screen, local_moment
from bot.diary.details import Press, action
from bot.keyboards import Row, inline
from storage.dialogs import start_dialog
from storage.diary import (
    FOLLOWUP_AFTER,
    dose_before_attack,
    dose_outside_attack,
    get_intake,
    get_medicine,
    record_intake,
    set_intake_time,
)
from storage.diary_models import Medicine

TARGETS = frozenset({"m", "d"})


async def _target_name(press: Press, kind: str, target_id: int) -> str | None:
    """The medicine's name for a new dose or a dose of this attack; None when it is not the user's."""
    if kind == "m":
        medicine = await get_medicine(session=press.session, user_id=press.user.id, medicine_id=target_id)
        return medicine.name if medicine is not None else None
    intake = await get_intake(session=press.session, user_id=press.user.id, intake_id=target_id)
    return intake.name if intake is not None and intake.attack_id == press.attack.id else None


def when_screen(press: Press, kind: str, target_id: int, name: str, *, prefix: str = "") -> Screen:
    """Ask when the dose was taken: at the start, some time in, now (while it goes on), or typed."""
    t, attack = press.t, press.attack
    last = attack.ended_at or press.now
    start = attack.started_at.astimezone(press.tz).strftime("%H:%M")
    buttons = [
        (t.TAKEN_AT_START.format(time=start) if minutes == 0 else label, press.make("dw", kind, target_id, minutes))
        for minutes, label in t.TAKEN_OFFSETS.items()
        if attack.started_at + timedelta(minutes=minutes) <= last
    ]
    if attack.ended_at is None:
        buttons.append((t.BTN_NOW, press.make("dw", kind, target_id, "now")))
    rows: list[Row] = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([(t.BTN_PICK_TIME, press.make("dt", kind, target_id))])
    rows.append([(t.BTN_DIARY_BACK, press.make("med"))])
    return Screen(prefix + t.TAKEN_WHEN.format(name=html.escape(name)), inline(rows))


async def ask_when(press: Press, medicine: Medicine) -> Screen:
    """Ask when a new dose of this medicine was taken."""
    return when_screen(press, "m", medicine.id or 0, medicine.name)


@action("de")
async def ask_new_time(press: Press) -> Screen | None:
    """Offer to move a dose of this attack to another time."""
    intake_id = press.data.int_arg(1) or 0
    name = await _target_name(press, "d", intake_id)
    return None if name is None else when_screen(press, "d", intake_id, name)


@action("dw")
async def pick_time(press: Press) -> Screen | None:
    """Take a picked time: minutes after the start, or now."""
    kind, target_id, choice = press.data.arg(1), press.data.int_arg(2), press.data.arg(3)
    if choice == "now":
        taken_at = press.now
    elif choice.isdigit() and int(choice) in press.t.TAKEN_OFFSETS:
        taken_at = press.attack.started_at + timedelta(minutes=int(choice))
    else:
        return None
    if kind not in TARGETS or target_id is None:
        return None
    return await apply_time(press, kind, target_id, taken_at, confirmed=False)


@action("dq")
async def confirm_time(press: Press) -> Screen | None:
    """Log a dose at a time outside the attack, once the user said it is right."""
    kind, target_id, minutes = press.data.arg(1), press.data.int_arg(2), press.data.int_arg(3)
    if kind not in TARGETS or target_id is None or minutes is None:
        return None
    taken_at = datetime.fromtimestamp(minutes * 60, tz=UTC)
    return await apply_time(press, kind, target_id, taken_at, confirmed=True)


@action("dt")
async def ask_typed_time(press: Press) -> Screen | None:
    """Wait for a typed dose time (a bare time of day is on the attack's start date)."""
    kind, target_id = press.data.arg(1), press.data.int_arg(2)
    if kind not in TARGETS or target_id is None or await _target_name(press, kind, target_id) is None:
        return None
    data = {"attack_id": press.attack.id, "kind": kind, "target": target_id}
    await start_dialog(session=press.session, user_id=press.user.id, flow=FLOW_TEXT, step="dose_time", data=data)
    return Screen(press.t.DOSE_TIME_TYPE, inline([[(press.t.BTN_DIARY_BACK, press.make("med"))]]))


async def apply_time(press: Press, kind: str, target_id: int, taken_at: datetime, *, confirmed: bool) -> Screen | None:
    """Log or move the dose at ``taken_at``; a future time is refused, one outside the attack questioned."""
    t, attack = press.t, press.attack
    name = await _target_name(press, kind, target_id)
    if name is None:
        return None
    taken_at = taken_at.replace(second=0, microsecond=0)
    if taken_at > press.now:
        return when_screen(press, kind, target_id, name, prefix=t.TIME_FUTURE + "\n\n")
    if not confirmed and dose_outside_attack(attack, taken_at, now=press.now):
        when = local_moment(taken_at, press.tz, now=press.now, t=t)
        before = dose_before_attack(attack, taken_at)
        text = (t.DOSE_BEFORE_START if before else t.DOSE_AFTER_END).format(
            name=html.escape(name),
            time=when,
            start=local_moment(attack.started_at, press.tz, now=press.now, t=t),
            end=local_moment(attack.ended_at or press.now, press.tz, now=press.now, t=t),
        )
        minutes = int(taken_at.timestamp()) // 60
        rows: list[Row] = [
            [(t.BTN_DOSE_KEEP_TIME.format(time=when), press.make("dq", kind, target_id, minutes))],
            [(t.BTN_DOSE_OTHER_TIME, press.make("de" if kind == "d" else "mt", target_id))],
        ]
        return Screen(text, inline(rows))
    if kind == "d":
        await set_intake_time(session=press.session, user_id=press.user.id, intake_id=target_id, taken_at=taken_at)
        from bot.diary.meds import ask_medicine  # the list this came from; imports us at load time

        listing = await ask_medicine(press)
        moved = t.DOSE_MOVED.format(name=html.escape(name), time=local_moment(taken_at, press.tz, now=press.now, t=t))
        return (
            Screen(moved, inline([[(t.BTN_BACK_TO_ENTRY, press.make("done"))]]))
            if listing is None
            else (Screen(moved + "\n\n" + listing.text, listing.markup))
        )
    medicine = await get_medicine(session=press.session, user_id=press.user.id, medicine_id=target_id)
    assert medicine is not None  # _target_name found it in this transaction
    return await log_dose(press, medicine, taken_at)


async def log_dose(press: Press, medicine: Medicine, taken_at: datetime) -> Screen:
    """Write the dose; ask "did it help?" in 2 hours, or now when that moment has passed."""
    t = press.t
    intake = await record_intake(
        session=press.session, attack=press.attack, medicine=medicine, taken_at=taken_at, now=press.now
    )
    logged = t.INTAKE_LOGGED.format(
        name=html.escape(medicine.name), time=local_moment(taken_at, press.tz, now=press.now, t=t)
    )
    if taken_at + FOLLOWUP_AFTER > press.now:
        return Screen(logged + "\n" + t.INTAKE_FOLLOWUP, inline([[(t.BTN_BACK_TO_ENTRY, press.make("done"))]]))
    # Too late for a follow-up in 2 hours: ask now, with the same buttons the follow-up has.
    return Screen(logged + "\n" + t.FOLLOWUP_NOW, followup_keyboard(intake.id or 0, t))
