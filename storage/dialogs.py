"""Dialog state: which step of which flow a user is in."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import Dialog
from storage.types import utcnow

# session.info key: the dialog (or None) of each user this session read it for. The identity map keeps
# objects weakly and never remembers a missing row, so it would ask the database again.
_READ = "dialogs_read"


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


async def start_dialog(
    *, session: AsyncSession, user_id: int, flow: str, step: str = "", data: dict[str, Any] | None = None
) -> Dialog:
    """Open (or replace) the user's dialog with a flow and step: one INSERT ... ON CONFLICT DO UPDATE."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    values = {"user_id": user_id, "flow": flow, "step": step, "data": dict(data or {}), "updated_at": utcnow()}
    insert = dialect.insert(Dialog).values(**values)
    upsert = insert.on_conflict_do_update(
        index_elements=["user_id"], set_={name: insert.excluded[name] for name in values if name != "user_id"}
    )
    # populate_existing: a dialog object of this user already in the session takes the new flow and data.
    rows = await session.scalars(upsert.returning(Dialog), execution_options={"populate_existing": True})
    dialog: Dialog = rows.one()
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


async def end_dialog(*, session: AsyncSession, user_id: int) -> None:
    """Close the user's dialog."""
    await session.execute(delete(Dialog).where(col(Dialog.user_id) == user_id))
    note_dialog(session, user_id, None)


async def consume_dialog(
    *, session: AsyncSession, user_id: int, flow: str, token: str | None = None, step: str | None = None
) -> dict[str, Any] | None:
    """Close the user's dialog only if it is still this flow (and token, and step); return its data, or None.

    The confirm step of a flow that creates rows calls this first, in the transaction that creates them:
    two instances handling the same double-tapped "Send" both read the open dialog, but only one
    DELETE finds the row (PostgreSQL makes the second wait for the first to commit, then finds nothing;
    SQLite runs the two transactions one after the other). None means another update got there first:
    create nothing.
    """
    conditions = [col(Dialog.user_id) == user_id, col(Dialog.flow) == flow]
    if token is not None:
        conditions.append(Dialog.__table__.c.data["token"].as_string() == token)  # type: ignore[attr-defined]
    if step is not None:
        conditions.append(col(Dialog.step) == step)
    consumed = await session.execute(delete(Dialog).where(*conditions).returning(col(Dialog.data)))
    row = consumed.first()
    if row is None:  # the dialog is another flow, or another update closed it: ask again if asked
        session.info.get(_READ, {}).pop(user_id, None)
        return None
    note_dialog(session, user_id, None)
    return dict(row[0] or {})
