"""Writing the headache diary: attacks, doses and the personal medicine and trigger lists.

Every function takes the owner's ``user_id`` and only ever touches that user's rows, so ids from
callback data can be passed straight in: a foreign id simply finds nothing. Edits and deletions are
audited with action codes and field names, never with what the user wrote.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Table, bindparam, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import col

from storage.audit import insert_personal_audit, personal_audit_after, personal_audit_values, record_personal_audit
from storage.dialogs import consume_dialog_row, consume_dialog_statement
from storage.diary_models import Attack, MedicationIntake, Medicine, PersonalTrigger
from storage.diary_types import Effect, MedClass

M = TypeVar("M")

MAX_ATTACK = timedelta(days=14)
FOLLOWUP_AFTER = timedelta(hours=2)
NOTE_LIMIT = 2000
MEDICINE_NAME_LIMIT = 64
TRIGGER_NAME_LIMIT = 40
# "Other" symptom or trigger, described in a few words.
OTHER_LIMIT = 60
ATTACK_FIELDS = frozenset(
    {
        "started_at",
        "ended_at",
        "peak_intensity",
        "prodrome",
        "aura",
        "aura_kinds",
        "aura_minutes",
        "postdrome",
        "symptoms",
        "features",
        "triggers",
        "impact",
        "notes",
        "other_symptom",
        "other_trigger",
    }
)


class TimeProblem(StrEnum):
    """Why the times of an attack are impossible."""

    FUTURE = "future"
    END_BEFORE_START = "end_before_start"
    TOO_LONG = "too_long"


def check_attack_times(started_at: datetime, ended_at: datetime | None, *, now: datetime) -> TimeProblem | None:
    """Return what is impossible about these times, or None; an ongoing attack may not exceed 14 days so far."""
    if started_at > now or (ended_at is not None and ended_at > now):
        return TimeProblem.FUTURE
    if ended_at is not None and ended_at < started_at:
        return TimeProblem.END_BEFORE_START
    if (ended_at or now) - started_at > MAX_ATTACK:
        return TimeProblem.TOO_LONG
    return None


def clean_text(text: str) -> str:
    """Drop control and format characters (PostgreSQL refuses NUL) but keep line breaks; trim the ends."""
    kept = (ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cs"})
    return "".join(kept).strip()


# Built once with bound parameters (the attack buttons): building a select costs more CPU than running it.
_INTAKES_OF_ATTACK = (
    select(MedicationIntake)
    .where(
        col(MedicationIntake.user_id) == bindparam("user_id"),
        col(MedicationIntake.attack_id) == bindparam("attack_id"),
    )
    .order_by(col(MedicationIntake.taken_at))
)


_ATTACKS: Table = Attack.__table__  # type: ignore[attr-defined]
_ATTACK_COLUMNS = tuple(column for column in _ATTACKS.columns if not column.primary_key)
# Every column but the key as a bound parameter, built once: the save of every logged attack.
_INSERT_ATTACK = (
    insert(_ATTACKS)
    .values({column.name: bindparam(column.name, type_=column.type) for column in _ATTACK_COLUMNS})
    .returning(_ATTACKS.c.id)
)


async def create_attack(
    *,
    session: AsyncSession,
    user_id: int,
    started_at: datetime,
    peak_intensity: int,
    now: datetime,
    ended_at: datetime | None = None,
) -> Attack:
    """Write a complete new attack (ongoing unless ``ended_at``); the caller has checked its times.

    The row is written as insert_attack writes it, on the session's connection after flushing what is
    pending (as the ORM's flush would have), instead of a unit of work; the attack returned is in the
    session, as one read is.
    """
    await session.flush()
    attack = await insert_attack(
        connection=await session.connection(),
        user_id=user_id,
        started_at=started_at,
        peak_intensity=peak_intensity,
        now=now,
        ended_at=ended_at,
    )
    make_transient_to_detached(attack)
    session.add(attack)
    return attack


async def insert_attack(
    *,
    connection: AsyncConnection,
    user_id: int,
    started_at: datetime,
    peak_intensity: int,
    now: datetime,
    ended_at: datetime | None = None,
) -> Attack:
    """Write a complete new attack on a Core connection: one prebuilt INSERT ... RETURNING its id.

    No pain at all is an aura without headache, so the aura is ticked for the user. The attack returned
    is in no session: read its fields, nothing more.
    """
    values = _attack_values(
        user_id=user_id, started_at=started_at, peak_intensity=peak_intensity, now=now, ended_at=ended_at
    )
    attack_id = (await connection.execute(_INSERT_ATTACK, values)).scalar_one()
    return loaded(Attack, {**values, "id": attack_id})


@cache
def _insert_attack_closing_dialog(by_step: bool) -> Any:
    """WITH consumed AS (DELETE the log dialog) INSERT the attack SELECT ... FROM consumed: PostgreSQL only."""
    consumed = consume_dialog_statement(True, by_step).cte("consumed")
    values = select(*[bindparam(column.name, type_=column.type) for column in _ATTACK_COLUMNS]).select_from(consumed)
    columns = [column.name for column in _ATTACK_COLUMNS]
    return insert(_ATTACKS).from_select(columns, values).returning(_ATTACKS.c.id).add_cte(consumed)


async def insert_attack_closing_dialog(
    *,
    connection: AsyncConnection,
    flow: str,
    token: str,
    step: str | None = None,
    user_id: int,
    started_at: datetime,
    peak_intensity: int,
    now: datetime,
    ended_at: datetime | None = None,
) -> Attack | None:
    """Close the user's dialog of this flow and token (and step), and only then write the attack; None if it was gone.

    insert_attack after storage.dialogs.consume_dialog_row: of a double tap handled by two instances, one
    writes the attack. On PostgreSQL one statement (a DELETE in a WITH, then the INSERT of its one row), which
    needs no transaction around it: run again, it finds no dialog and writes nothing. On SQLite, which has no
    DELETE in a WITH, the two statements in the caller's transaction.
    """
    if connection.dialect.name != "postgresql":
        if await consume_dialog_row(connection=connection, user_id=user_id, flow=flow, token=token, step=step) is None:
            return None
        return await insert_attack(
            connection=connection, user_id=user_id, started_at=started_at, peak_intensity=peak_intensity, now=now,
            ended_at=ended_at,
        )  # fmt: skip
    values = _attack_values(
        user_id=user_id, started_at=started_at, peak_intensity=peak_intensity, now=now, ended_at=ended_at
    )
    dialog = {"flow": flow, "token": token} | ({} if step is None else {"step": step})
    attack_id = (await connection.execute(_insert_attack_closing_dialog(step is not None), values | dialog)).scalar()
    return None if attack_id is None else loaded(Attack, {**values, "id": attack_id})


def _attack_values(
    *, user_id: int, started_at: datetime, peak_intensity: int, now: datetime, ended_at: datetime | None
) -> dict[str, Any]:
    """Every column of a new attack but its id: nothing recorded beyond its times and worst pain."""
    return {
        "user_id": user_id, "started_at": started_at, "ended_at": ended_at, "peak_intensity": peak_intensity,
        "prodrome": False, "aura": peak_intensity == 0, "aura_kinds": [], "aura_minutes": None, "postdrome": False,
        "symptoms": [], "features": [], "triggers": [], "impact": None, "notes": "", "other_symptom": None,
        "other_trigger": None, "created_at": now, "updated_at": now,
    }  # fmt: skip


def loaded(model: type[M], values: Mapping[Any, Any]) -> M:
    """An object of a table model holding these column values, built as the ORM builds one it loads.

    Not through the model's constructor: SQLModel's costs about 0.2 ms of CPU for an attack (pydantic looks
    at every field and default factory), more than the statement that writes or reads the row. The object is
    in no session; its attributes read as the values given.
    """
    obj: M = model._sa_class_manager.new_instance()  # type: ignore[attr-defined]
    obj.__dict__.update(values)
    return obj


# Built once: session.get built its SELECT by primary key, and computed its cache key, on every call (every
# attack button reads the attack first).
_ATTACK = select(Attack).where(col(Attack.id) == bindparam("attack_id"), col(Attack.user_id) == bindparam("user_id"))


_ATTACK_SPAN = select(_ATTACKS.c.id, _ATTACKS.c.started_at, _ATTACKS.c.ended_at).where(
    _ATTACKS.c.id == bindparam("attack_id"), _ATTACKS.c.user_id == bindparam("user_id")
)


async def attack_span(
    *, connection: AsyncConnection, user_id: int, attack_id: int
) -> tuple[int, datetime, datetime | None] | None:
    """The id, start and end of the user's attack with this id on a Core connection, or None."""
    row = (await connection.execute(_ATTACK_SPAN, {"attack_id": attack_id, "user_id": user_id})).first()
    return None if row is None else (row.id, row.started_at, row.ended_at)


async def get_attack(*, session: AsyncSession, user_id: int, attack_id: int) -> Attack | None:
    """Return the user's attack with this id, or None (also for someone else's)."""
    attack: Attack | None = (await session.scalars(_ATTACK, {"attack_id": attack_id, "user_id": user_id})).first()
    return attack


_INTAKES: Table = MedicationIntake.__table__  # type: ignore[attr-defined]
# The attack with its doses, one row per dose (one row with no dose when it has none), in the order taken.
_ATTACK_WITH_INTAKES = (
    select(*_ATTACKS.c, *[column.label(f"dose_{column.name}") for column in _INTAKES.c])
    .select_from(
        _ATTACKS.outerjoin(
            _INTAKES, (_INTAKES.c.attack_id == _ATTACKS.c.id) & (_INTAKES.c.user_id == _ATTACKS.c.user_id)
        )
    )
    .where(_ATTACKS.c.id == bindparam("attack_id"), _ATTACKS.c.user_id == bindparam("user_id"))
    .order_by(_INTAKES.c.taken_at)
)


async def read_attack_with_intakes(
    *, connection: AsyncConnection, user_id: int, attack_id: int
) -> tuple[Attack, list[MedicationIntake]] | None:
    """The user's attack with this id and its doses in the order taken, on a Core connection: one statement.

    None when the user has no such attack. The attack and the doses are in no session (write the attack with
    update_attack_row).
    """
    rows = (await connection.execute(_ATTACK_WITH_INTAKES, {"attack_id": attack_id, "user_id": user_id})).all()
    if not rows:
        return None
    attack = loaded(Attack, {column.name: rows[0]._mapping[column] for column in _ATTACKS.c})
    doses = [
        loaded(MedicationIntake, {column.name: row._mapping[f"dose_{column.name}"] for column in _INTAKES.c})
        for row in rows
        if row._mapping["dose_id"] is not None
    ]
    return attack, doses


@cache
def _update_attack_statement(names: tuple[str, ...]) -> Any:
    """UPDATE these columns of one attack (and its updated_at), built once per set of columns."""
    columns = (*names, "updated_at")
    values = {name: bindparam(name, type_=_ATTACKS.c[name].type) for name in columns}
    return update(_ATTACKS).where(_ATTACKS.c.id == bindparam("attack_id")).values(values)


async def update_attack(*, session: AsyncSession, attack: Attack, now: datetime, **changes: Any) -> Attack:
    """Change fields of a saved attack and audit which fields changed (names only).

    One prebuilt UPDATE of the changed columns on the session's connection, now, instead of a unit of work at
    the flush; the object takes the values as written, so the session has nothing left to write for them.
    """
    return await update_attack_row(connection=await session.connection(), attack=attack, now=now, **changes)


@cache
def _update_attack_audited(names: tuple[str, ...]) -> Any:
    """WITH changed AS (UPDATE these columns of one attack RETURNING its user) INSERT the audit entry: PostgreSQL."""
    return personal_audit_after(_update_attack_statement(names).returning(_ATTACKS.c.user_id).cte("changed"))


async def update_attack_row(*, connection: AsyncConnection, attack: Attack, now: datetime, **changes: Any) -> Attack:
    """update_attack on a Core connection: the UPDATE, then the audit row.

    On PostgreSQL both are one statement, which needs no transaction around it: run again (a dead connection),
    on the attack as read again, it finds nothing left to change and writes nothing. On SQLite the two
    statements in the caller's transaction.
    """
    unknown = set(changes) - ATTACK_FIELDS
    if unknown:
        raise ValueError(f"not attack fields: {sorted(unknown)}")
    changed = tuple(sorted(name for name, value in changes.items() if getattr(attack, name) != value))
    if not changed:
        return attack
    values = {name: changes[name] for name in changed} | {"updated_at": now}
    action, detail = "diary.attack.edit", f"attack={attack.id} fields={','.join(changed)}"
    if connection.dialect.name == "postgresql":
        audit = personal_audit_values(action=action, detail=detail)
        await connection.execute(_update_attack_audited(changed), values | audit | {"attack_id": attack.id})
    else:
        await connection.execute(_update_attack_statement(changed), values | {"attack_id": attack.id})
        await insert_personal_audit(connection=connection, user_id=attack.user_id, action=action, detail=detail)
    for name, value in values.items():
        set_committed_value(attack, name, value)
    return attack


async def delete_attack(*, session: AsyncSession, user_id: int, attack_id: int) -> bool:
    """Hard-delete the user's attack and the doses logged with it; audit the deletion."""
    attack = await get_attack(session=session, user_id=user_id, attack_id=attack_id)
    if attack is None:
        return False
    # Explicit, so SQLite without the cascade pragma and PostgreSQL end up alike.
    await session.execute(delete(MedicationIntake).where(col(MedicationIntake.attack_id) == attack_id))
    await session.execute(delete(Attack).where(col(Attack.id) == attack_id))
    await record_personal_audit(
        session=session, user_id=user_id, action="diary.attack.delete", detail=f"attack={attack_id}"
    )
    return True


async def list_medicines(*, session: AsyncSession, user_id: int) -> list[Medicine]:
    """Return the user's medicines, most recently used first."""
    query = (
        select(Medicine)
        .where(col(Medicine.user_id) == user_id)
        .order_by(col(Medicine.last_used_at).desc().nulls_last(), col(Medicine.name))
    )
    return list((await session.scalars(query)).all())


async def get_medicine(*, session: AsyncSession, user_id: int, medicine_id: int) -> Medicine | None:
    """Return the user's medicine with this id, or None."""
    medicine = await session.get(Medicine, medicine_id)
    return medicine if medicine is not None and medicine.user_id == user_id else None


async def add_medicine(
    *, session: AsyncSession, user_id: int, name: str, med_class: MedClass, now: datetime, atc_code: str | None = None
) -> Medicine:
    """Add a medicine to the user's list, or update the class (and ATC code) of the one with the same name."""
    query = select(Medicine).where(col(Medicine.user_id) == user_id, func.lower(Medicine.name) == name.lower())
    medicine = (await session.scalars(query)).first()
    if medicine is None:
        medicine = Medicine(user_id=user_id, name=name, med_class=med_class.value, created_at=now)
    medicine.med_class, medicine.atc_code = med_class.value, atc_code
    session.add(medicine)
    await session.flush()
    return medicine


async def record_intake(
    *, session: AsyncSession, attack: Attack, medicine: Medicine, taken_at: datetime, now: datetime
) -> MedicationIntake:
    """Log a dose with an attack; when its 2-hour mark is still ahead, schedule the "did it help?" follow-up."""
    intake = MedicationIntake(
        user_id=attack.user_id,
        attack_id=attack.id,
        medicine_id=medicine.id,
        name=medicine.name,
        med_class=medicine.med_class,
        atc_code=medicine.atc_code,
        taken_at=taken_at,
        created_at=now,
    )
    medicine.last_used_at = now
    session.add_all([intake, medicine])
    await session.flush()
    due_at = taken_at + FOLLOWUP_AFTER
    if due_at > now and intake.id is not None:
        await _schedule_followup(session, user_id=attack.user_id, due_at=due_at, intake_id=intake.id)
    return intake


async def _schedule_followup(session: AsyncSession, *, user_id: int, due_at: datetime, intake_id: int) -> None:
    # The scheduler engine owns storage/schedules.py; the row joins this transaction.
    from storage.schedules import schedule_followup

    await schedule_followup(session=session, user_id=user_id, due_at=due_at, payload={"intake_id": intake_id})


async def get_intake(*, session: AsyncSession, user_id: int, intake_id: int) -> MedicationIntake | None:
    """Return the user's dose with this id, or None."""
    intake = await session.get(MedicationIntake, intake_id)
    return intake if intake is not None and intake.user_id == user_id else None


async def intakes_for_attack(*, session: AsyncSession, user_id: int, attack_id: int) -> list[MedicationIntake]:
    """Return the doses logged with one attack, in the order taken."""
    return list((await session.scalars(_INTAKES_OF_ATTACK, {"user_id": user_id, "attack_id": attack_id})).all())


async def set_intake_effect(
    *, session: AsyncSession, user_id: int, intake_id: int, effect: Effect, now: datetime
) -> MedicationIntake | None:
    """Store how well a dose worked; None when the dose is not the user's (or was deleted)."""
    intake = await get_intake(session=session, user_id=user_id, intake_id=intake_id)
    if intake is None:
        return None
    if intake.effect is not None and intake.effect != effect.value:
        detail = f"intake={intake_id} fields=effect"
        await record_personal_audit(session=session, user_id=user_id, action="diary.intake.edit", detail=detail)
    intake.effect, intake.effect_at = effect.value, now
    session.add(intake)
    return intake


def _minute(moment: datetime) -> datetime:
    """The moment without its seconds: dose times are picked and typed in whole minutes."""
    return moment.replace(second=0, microsecond=0)


def dose_before_attack(attack: Attack, taken_at: datetime) -> bool:
    """Tell whether a dose time lies before the attack's start, to the minute.

    An attack logged "1 h ago" starts at a moment with seconds, while a dose "at the start" is stored
    in whole minutes: compared to the second, that dose would be "before the start" at the same clock time.
    """
    return _minute(taken_at) < _minute(attack.started_at)


def dose_outside_attack(attack: Attack, taken_at: datetime, *, now: datetime) -> bool:
    """Tell whether a dose time lies before the attack started or after it ended, to the minute (worth asking)."""
    return dose_before_attack(attack, taken_at) or _minute(taken_at) > _minute(attack.ended_at or now)


async def set_intake_time(
    *, session: AsyncSession, user_id: int, intake_id: int, taken_at: datetime
) -> MedicationIntake | None:
    """Move one of the user's doses to another time (audited, field name only); None when not theirs."""
    intake = await get_intake(session=session, user_id=user_id, intake_id=intake_id)
    if intake is None:
        return None
    if intake.taken_at != taken_at:
        intake.taken_at = taken_at
        session.add(intake)
        detail = f"intake={intake_id} fields=taken_at"
        await record_personal_audit(session=session, user_id=user_id, action="diary.intake.edit", detail=detail)
    return intake


async def delete_intake(*, session: AsyncSession, user_id: int, intake_id: int) -> bool:
    """Hard-delete one of the user's doses; audit the deletion."""
    intake = await get_intake(session=session, user_id=user_id, intake_id=intake_id)
    if intake is None:
        return False
    await session.execute(delete(MedicationIntake).where(col(MedicationIntake.id) == intake_id))
    await record_personal_audit(
        session=session, user_id=user_id, action="diary.intake.delete", detail=f"intake={intake_id}"
    )
    return True


async def list_personal_triggers(*, session: AsyncSession, user_id: int) -> list[PersonalTrigger]:
    """Return the triggers the user added, in the order added."""
    query = select(PersonalTrigger).where(col(PersonalTrigger.user_id) == user_id).order_by(col(PersonalTrigger.id))
    return list((await session.scalars(query)).all())


async def add_personal_trigger(*, session: AsyncSession, user_id: int, name: str, now: datetime) -> PersonalTrigger:
    """Add a trigger to the user's list, or return the one already there with that name."""
    query = select(PersonalTrigger).where(
        col(PersonalTrigger.user_id) == user_id, func.lower(PersonalTrigger.name) == name.lower()
    )
    trigger = (await session.scalars(query)).first()
    if trigger is None:
        trigger = PersonalTrigger(user_id=user_id, name=name, created_at=now)
        session.add(trigger)
        await session.flush()
    return trigger
