"""Dialog state: which step of which flow a user is in."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import Dialog
from storage.types import utcnow


async def get_dialog(*, session: AsyncSession, user_id: int) -> Dialog | None:
    """Return the user's open dialog, if any."""
    return await session.get(Dialog, user_id)


async def start_dialog(
    *, session: AsyncSession, user_id: int, flow: str, step: str = "", data: dict[str, Any] | None = None
) -> Dialog:
    """Open (or replace) the user's dialog with a flow and step."""
    dialog = await session.get(Dialog, user_id)
    if dialog is None:
        dialog = Dialog(user_id=user_id, flow=flow)
        session.add(dialog)
    dialog.flow = flow
    dialog.step = step
    dialog.data = dict(data or {})
    dialog.updated_at = utcnow()
    await session.flush()
    return dialog


async def update_dialog(*, session: AsyncSession, dialog: Dialog, step: str | None = None, **data: Any) -> Dialog:
    """Move a dialog to a step and merge data into it."""
    if step is not None:
        dialog.step = step
    # Reassign so SQLAlchemy sees the JSON change.
    dialog.data = {**dialog.data, **data}
    dialog.updated_at = utcnow()
    session.add(dialog)
    return dialog


async def end_dialog(*, session: AsyncSession, user_id: int) -> None:
    """Close the user's dialog."""
    await session.execute(delete(Dialog).where(col(Dialog.user_id) == user_id))


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
    return None if row is None else dict(row[0] or {})
