"""Per-process snapshots of users and their open dialog, so read-only updates skip the database.

Only for SQLite, which runs in one process: every write goes through this process's engine, where an
engine event invalidates the affected users as the statement runs. Several instances (PostgreSQL)
share no memory, so there the cache is switched off and every read goes to the database.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, Table, bindparam, event, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.sql.dml import Update, UpdateBase

from storage.db import read_mapping_once
from storage.dialogs import DialogRow
from storage.models import Dialog, User, consent_is_current

WATCHED_TABLES = frozenset({"users", "dialogs"})
# Bind names for user ids: "id"/"user_id" on inserts, "users_id"/"dialogs_user_id" in ORM updates,
# "id_1"/"user_id_1" in Core WHERE clauses.
_ID_PARAM = re.compile(r"^((users|dialogs)_)?(id|user_id)(_\d+)?$")


@dataclass(frozen=True, slots=True)
class UserView:
    """A read-only copy of what handlers read about a user; writes go through storage functions."""

    id: int
    language: str
    timezone: str | None
    has_consent: bool
    subscribed_updates: bool
    onboarded: bool
    is_active: bool
    last_seen_at: datetime
    emergency_number: str | None = None
    # Whether the chat's command menu was put right for the chosen language (False: a user from before it).
    chat_menu_set: bool = True

    @classmethod
    def of(cls, user: User) -> UserView:
        """Copy the fields of a user row."""
        return cls(
            id=user.id,
            language=user.language,
            timezone=user.timezone,
            has_consent=user.has_consent,
            subscribed_updates=user.subscribed_updates,
            onboarded=user.onboarded_at is not None,
            is_active=user.is_active,
            last_seen_at=user.last_seen_at,
            emergency_number=user.emergency_number,
            chat_menu_set=user.chat_menu_at is not None,
        )


@dataclass(frozen=True, slots=True)
class UserState:
    """A user and the flow of their open dialog, if any."""

    user: UserView
    dialog_flow: str | None

    @classmethod
    def of(cls, user: User, dialog: Dialog | None) -> UserState:
        """Snapshot a user row and their dialog row."""
        return cls(UserView.of(user), dialog.flow if dialog is not None else None)


class SnapshotCache:
    """A bounded LRU of UserState, invalidated by every write to users or dialogs on the engine."""

    def __init__(self, max_entries: int = 50_000) -> None:
        self._entries: OrderedDict[int, UserState] = OrderedDict()
        self._max = max_entries
        # A read that started before a write must not put its old snapshot back afterwards.
        self._generations: dict[int, int] = {}
        self._epoch = 0

    def get(self, user_id: int) -> UserState | None:
        """Return the cached state, or None."""
        state = self._entries.get(user_id)
        if state is not None:
            self._entries.move_to_end(user_id)
        return state

    def version(self, user_id: int) -> tuple[int, int]:
        """Return a token to pass to put(), taken before reading the database."""
        return self._epoch, self._generations.get(user_id, 0)

    def put(self, user_id: int, state: UserState, version: tuple[int, int]) -> None:
        """Store a snapshot unless the user was written since the version was taken."""
        if version != self.version(user_id):
            return
        self._entries[user_id] = state
        self._entries.move_to_end(user_id)
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)

    def invalidate(self, user_id: int) -> None:
        """Forget one user."""
        self._entries.pop(user_id, None)
        self._generations[user_id] = self._generations.get(user_id, 0) + 1

    def clear(self) -> None:
        """Forget everyone."""
        self._entries.clear()
        self._generations.clear()
        self._epoch += 1

    def watch(self, engine: AsyncEngine) -> None:
        """Invalidate on every INSERT, UPDATE or DELETE of users or dialogs run through the engine."""
        event.listen(engine.sync_engine, "after_execute", self._after_execute)

    def _after_execute(
        self, _conn: Any, statement: Any, multiparams: Any, params: Any, _options: Any, _result: Any
    ) -> None:
        if isinstance(statement, UpdateBase):
            table = getattr(statement.table, "name", None)
            if table not in WATCHED_TABLES:
                return
            # A snapshot holds a dialog's flow, not its step or data: moving a flow to its next step (most
            # presses of a flow's buttons) leaves it right, and the write-through re-read is not needed.
            if (
                table == "dialogs"
                and isinstance(statement, Update)
                and "flow" not in _set_columns(statement, multiparams, params)
            ):
                return
            # Core statements keep their WHERE values inside the statement, not in params.
            ids = _user_ids(multiparams, params) or _user_ids([], statement.compile().params)
            if ids is None:
                self.clear()
            else:
                for user_id in ids:
                    self.invalidate(user_id)
        elif not getattr(statement, "is_select", False) and _mentions_watched(statement):
            # Raw SQL or DDL: we cannot tell which users it touched.
            self.clear()


def _batches(multiparams: Any, params: Any) -> list[dict[str, Any]]:
    """The parameter dicts a statement ran with."""
    batches: list[dict[str, Any]] = []
    for group in (multiparams or [], [params] if params else []):
        for item in group:
            if isinstance(item, dict):
                batches.append(item)
            elif isinstance(item, list | tuple):
                batches.extend(x for x in item if isinstance(x, dict))
    return batches


def _user_ids(multiparams: Any, params: Any) -> set[int] | None:
    """Find the user ids a statement's parameters name; None when they name none (a bulk write)."""
    batches = _batches(multiparams, params)
    ids = {v for batch in batches for k, v in batch.items() if _ID_PARAM.match(k) and isinstance(v, int)}
    return ids or None


def _set_columns(statement: Update, multiparams: Any, params: Any) -> set[str]:
    """The names of the columns an UPDATE may set: its .values() (Core, ordered or not) and its parameters (a flush)."""
    names = {str(getattr(key, "key", key)) for key in (statement._values or {})}
    for batch in _batches(multiparams, params):
        names.update(batch)
    return names


def _mentions_watched(statement: Any) -> bool:
    text = str(statement).lower()
    return any(name in text for name in WATCHED_TABLES)


_USERS: Table = User.__table__  # type: ignore[attr-defined]
_DIALOGS: Table = Dialog.__table__  # type: ignore[attr-defined]


# One consistent read of what UserState needs: the user's columns and their dialog's flow. Built once (the
# read of most updates): building a select and its cache key cost more CPU than running it.
_STATE: Select[Any] = (
    select(
        _USERS.c.id, _USERS.c.language, _USERS.c.timezone, _USERS.c.consent_version, _USERS.c.subscribed_updates,
        _USERS.c.onboarded_at, _USERS.c.is_active, _USERS.c.last_seen_at, _USERS.c.emergency_number,
        _USERS.c.chat_menu_at, _DIALOGS.c.flow,
    )
    .select_from(_USERS.outerjoin(_DIALOGS, _DIALOGS.c.user_id == _USERS.c.id))
    .where(_USERS.c.id == bindparam("user_id"))
)  # fmt: skip


# The same read with the dialog's step, data and time: a step of a flow run on a Core connection (the log flow)
# needs the user and the dialog, in one round trip on PostgreSQL.
_STATE_AND_DIALOG: Select[Any] = _STATE.add_columns(_DIALOGS.c.step, _DIALOGS.c.data, _DIALOGS.c.updated_at)


def _state_of(row: Mapping[str, Any] | None) -> UserState | None:
    if row is None:
        return None
    view = UserView(
        id=row["id"],
        language=row["language"],
        timezone=row["timezone"],
        has_consent=consent_is_current(row["consent_version"]),
        subscribed_updates=row["subscribed_updates"],
        onboarded=row["onboarded_at"] is not None,
        is_active=row["is_active"],
        last_seen_at=row["last_seen_at"],
        emergency_number=row["emergency_number"],
        chat_menu_set=row["chat_menu_at"] is not None,
    )
    return UserState(view, row["flow"])


async def load_user_state(*, session: AsyncSession, user_id: int) -> UserState | None:
    """Read the user and their dialog's flow inside a transaction, from the rows, not the identity map.

    A transaction that wrote with Core statements may hold stale objects; a snapshot must match the rows.
    """
    row = (await session.execute(_STATE, {"user_id": user_id})).first()
    return None if row is None else _state_of(row._mapping)


async def read_user_state(*, reads: AsyncEngine, user_id: int) -> UserState | None:
    """The same read outside any transaction, on an engine made by storage.db.create_read_engine.

    That engine autocommits (one statement, no BEGIN/COMMIT round trips) and does not ping each
    connection before use (on asyncpg a ping is three round trips). A read is safe to repeat, so a
    connection found dead (a restarted server, a killed backend) is dropped and the read retried once.
    """
    return _state_of(await read_mapping_once(reads, _STATE, {"user_id": user_id}))


async def read_user_and_dialog_row(*, reads: AsyncEngine, user_id: int) -> tuple[UserState, DialogRow | None] | None:
    """read_user_state, and the user's open dialog as a plain row, in the same statement."""
    row = await read_mapping_once(reads, _STATE_AND_DIALOG, {"user_id": user_id})
    state = _state_of(row)
    if row is None or state is None:
        return None
    flow = row["flow"]
    dialog = None if flow is None else DialogRow(user_id, flow, row["step"], dict(row["data"] or {}), row["updated_at"])
    return state, dialog
