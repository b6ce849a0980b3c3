"""Dialog state: which step of which flow a user is in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import CursorResult, Table, bindparam, delete, inspect, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from storage.models import Dialog
from storage.types import utcnow

# session.info key: the dialog (or None) of each user this session read it for. The identity map keeps
# objects weakly and never remembers a missing row, so it would ask the database again.
_READ = "dialogs_read"
_DIALOGS: Table = Dialog.__table__  # type: ignore[attr-defined]


def note_dialog(session: AsyncSession, user_id: int, dialog: Dialog | None) -> None:
    """Remember the user's dialog (None: they have none) as read with the user, so get_dialog need not ask.

    touch_user reads the dialog in the same statement as the user: most updates then read both in one
    round trip. Every function here that opens or closes a dialog keeps the note right.
    """
    session.info.setdefault(_READ, {})[user_id] = dialog


async def get_dialog(*, session: AsyncSession, user_id: int) -> Dialog | None:
    """Return the user's open dialog, if any (as touch_user read it, in this session, when it did)."""
    read: dict[int, Dialog | None] = session.info.get(_READ, {})
    if user_id in read:
        dialog = read[user_id]
        if dialog is None or dialog in session:  # an expunged object is asked for again
            return dialog
    return await session.get(Dialog, user_id)


_DIALOG_VALUES = ("user_id", "flow", "step", "data", "updated_at")


@cache
def _start_statement(dialect_name: str) -> Any:
    """INSERT ... ON CONFLICT (user_id) DO UPDATE ... RETURNING the data as stored, built once per dialect."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    columns = _DIALOGS.c
    values = {name: bindparam(name, type_=columns[name].type) for name in _DIALOG_VALUES}
    insert = dialect.insert(_DIALOGS).values(values)
    upsert = insert.on_conflict_do_update(
        index_elements=["user_id"], set_={name: insert.excluded[name] for name in _DIALOG_VALUES if name != "user_id"}
    )
    return upsert.returning(columns.data)


async def start_dialog(
    *, session: AsyncSession, user_id: int, flow: str, step: str = "", data: dict[str, Any] | None = None
) -> Dialog:
    """Open (or replace) the user's dialog with a flow and step: one INSERT ... ON CONFLICT DO UPDATE.

    A Core statement on the session's connection, after what is pending is flushed (as the ORM's autoflush
    would): run by the session, the ORM annotated the prebuilt statement anew for every call, computed its
    cache key again and built the Dialog from the row, about 0.4 ms of CPU. The dialog returned is in the
    session as a loaded one is: a dialog object of this user already there takes the new flow and data.
    """
    values: dict[str, Any] = {"user_id": user_id, "flow": flow, "step": step, "data": dict(data or {})}
    values["updated_at"] = utcnow()
    if session.autoflush:
        await session.flush()
    statement = _start_statement(session.get_bind().dialect.name)
    values["data"] = (await (await session.connection()).execute(statement, values)).scalar_one()
    dialog: Dialog | None = session.identity_map.get(identity_key(Dialog, user_id))
    if dialog is not None:
        for name, value in values.items():
            set_committed_value(dialog, name, value)
    else:
        dialog = Dialog(**values)  # every field given: no default factory runs (see storage.diary.create_attack)
        make_transient_to_detached(dialog)
        session.add(dialog)
    note_dialog(session, user_id, dialog)
    return dialog


async def update_dialog(*, session: AsyncSession, dialog: Dialog, step: str | None = None, **data: Any) -> Dialog:
    """Move a dialog to a step and merge data into it."""
    if step is not None:
        dialog.step = step
    # Reassign so SQLAlchemy sees the JSON change.
    dialog.data = {**dialog.data, **data}
    dialog.updated_at = utcnow()
    key = inspect(dialog).key
    held: Dialog | None = session.identity_map.get(key) if key is not None and dialog not in session else None
    if held is not None:
        # A dialog read in an earlier transaction, while this session read the row with the user (touch_user):
        # the session's copy takes the values, as adding the other copy would have written them.
        held.flow, held.step, held.data, held.updated_at = dialog.flow, dialog.step, dialog.data, dialog.updated_at
        return held
    session.add(dialog)
    return dialog


# The hot statements are built once, with bound parameters: building a statement and its cache key cost more
# CPU than running it. The "user_id" parameter also names the user to the SQLite snapshot cache's watcher.
_END = delete(_DIALOGS).where(_DIALOGS.c.user_id == bindparam("user_id"))


async def _delete(session: AsyncSession, statement: Any, params: dict[str, Any]) -> CursorResult[Any]:
    """Run a Core DELETE of the user's dialog on the session's connection; a removed row's object leaves the session.

    An ORM-enabled DELETE with synchronize_session="fetch" does the same (a RETURNING of the keys, then the
    identity map), at several times the CPU. Pending changes are flushed first, as the ORM's autoflush would.
    """
    if session.autoflush:
        await session.flush()
    result: CursorResult[Any] = await (await session.connection()).execute(statement, params)
    return result


def _forget(session: AsyncSession, user_id: int) -> None:
    """Take a deleted dialog's object out of the session, so nothing writes or returns it again."""
    held = session.identity_map.get(identity_key(Dialog, user_id))
    if held is not None:
        session.expunge(held)


async def end_dialog(*, session: AsyncSession, user_id: int) -> None:
    """Close the user's dialog."""
    await _delete(session, _END, {"user_id": user_id})
    _forget(session, user_id)
    note_dialog(session, user_id, None)


@cache
def consume_dialog_statement(by_token: bool, by_step: bool) -> Any:
    """DELETE the user's dialog of a flow (and token, and step) RETURNING its data; built once per shape."""
    conditions = [_DIALOGS.c.user_id == bindparam("user_id"), _DIALOGS.c.flow == bindparam("flow")]
    if by_token:
        conditions.append(_DIALOGS.c.data["token"].as_string() == bindparam("token"))
    if by_step:
        conditions.append(_DIALOGS.c.step == bindparam("step"))
    return delete(_DIALOGS).where(*conditions).returning(_DIALOGS.c.data)


async def consume_dialog(
    *, session: AsyncSession, user_id: int, flow: str, token: str | None = None, step: str | None = None
) -> dict[str, Any] | None:
    """Close the user's dialog only if it is still this flow (and token, and step); return its data, or None.

    The confirm step of a flow that creates rows calls this first, in the transaction that creates them:
    two instances handling the same double-tapped "Send" both read the open dialog, but only one
    DELETE finds the row (PostgreSQL makes the second wait for the first to commit, then finds nothing;
    SQLite runs the two transactions one after the other). None means another update got there first:
    create nothing. When this transaction read the user's dialog already (touch_user) and found none, or
    one of another flow, nothing is asked: the answer is None, as if this update had run just before the
    other that opened it (the attack buttons call this on every press, mostly with no dialog open).
    """
    read: dict[int, Dialog | None] = session.info.get(_READ, {})
    if user_id in read:
        noted = read[user_id]
        if noted is None or (noted in session and noted.flow != flow):
            return None
    statement = consume_dialog_statement(token is not None, step is not None)
    params = {"user_id": user_id, "flow": flow, "token": token, "step": step}
    consumed = await _delete(session, statement, {k: v for k, v in params.items() if v is not None})
    row = consumed.first()
    if row is None:  # the dialog is another flow, or another update closed it: ask again if asked
        read.pop(user_id, None)
        return None
    _forget(session, user_id)
    note_dialog(session, user_id, None)
    return dict(row[0] or {})


# A dialog on a Core connection, for the flows that run without an ORM session (the diary's log flow): a plain
# row, its changes kept here and written by one UPDATE at the end (save_dialog_row), as the session's flush did.
_READ_ROW = select(_DIALOGS.c.flow, _DIALOGS.c.step, _DIALOGS.c.data, _DIALOGS.c.updated_at).where(
    _DIALOGS.c.user_id == bindparam("user_id")
)
_UPDATE_ROW = (  # "user_id" would clash with the SET's own parameter; the cache's watcher reads this name too
    update(_DIALOGS)
    .where(_DIALOGS.c.user_id == bindparam("dialogs_user_id"))
    .values(step=bindparam("step"), data=bindparam("data"), updated_at=bindparam("updated_at"))
)


@dataclass(slots=True)
class DialogRow:
    """A user's open dialog as read on a Core connection; update() changes it here, save_dialog_row writes it."""

    user_id: int
    flow: str
    step: str
    data: dict[str, Any]
    updated_at: datetime
    changed: bool = field(default=False, compare=False)

    def update(self, step: str | None = None, **data: Any) -> None:
        """Move to a step and merge data in (written by save_dialog_row), as update_dialog does to an object."""
        if step is not None:
            self.step = step
        self.data = {**self.data, **data}
        self.updated_at = utcnow()
        self.changed = True


def dialog_row_of(dialog: Dialog) -> DialogRow:
    """A plain row of a dialog object (an ORM session's), to go on with on the session's connection."""
    return DialogRow(dialog.user_id, dialog.flow, dialog.step, dict(dialog.data or {}), dialog.updated_at)


async def read_dialog_row(*, connection: AsyncConnection, user_id: int) -> DialogRow | None:
    """Return the user's open dialog as a plain row, if any: one prebuilt SELECT."""
    row = (await connection.execute(_READ_ROW, {"user_id": user_id})).first()
    if row is None:
        return None
    return DialogRow(user_id, row.flow, row.step, dict(row.data or {}), row.updated_at)


async def save_dialog_row(*, connection: AsyncConnection, dialog: DialogRow) -> None:
    """Write a changed dialog's step and data: one prebuilt UPDATE (the flow is not changed here)."""
    if not dialog.changed:
        return
    params = {"dialogs_user_id": dialog.user_id, "step": dialog.step, "data": dialog.data}
    await connection.execute(_UPDATE_ROW, {**params, "updated_at": dialog.updated_at})
    dialog.changed = False


async def start_dialog_row(
    *, connection: AsyncConnection, user_id: int, flow: str, step: str = "", data: dict[str, Any] | None = None
) -> DialogRow:
    """Open (or replace) the user's dialog on a Core connection: start_dialog's one upsert, no session."""
    values: dict[str, Any] = {"user_id": user_id, "flow": flow, "step": step, "data": dict(data or {})}
    values["updated_at"] = utcnow()
    statement = _start_statement(connection.dialect.name)
    values["data"] = (await connection.execute(statement, values)).scalar_one()
    return DialogRow(**values)


async def end_dialog_row(*, connection: AsyncConnection, user_id: int) -> None:
    """Close the user's dialog on a Core connection."""
    await connection.execute(_END, {"user_id": user_id})


async def consume_dialog_row(
    *, connection: AsyncConnection, user_id: int, flow: str, token: str | None = None, step: str | None = None
) -> dict[str, Any] | None:
    """consume_dialog on a Core connection: close the dialog only if still this flow (token, step); its data or None."""
    statement = consume_dialog_statement(token is not None, step is not None)
    params = {"user_id": user_id, "flow": flow, "token": token, "step": step}
    row = (await connection.execute(statement, {k: v for k, v in params.items() if v is not None})).first()
    return None if row is None else dict(row[0] or {})
