"""Queries about lesson progress: record steps, completion and quiz answers; find what to read next."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Select, Table, bindparam, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlmodel import col

from storage.lesson_models import LessonProgress

_PROGRESS_TABLE: Table = LessonProgress.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class LessonVersion:
    """Which text of a lesson the user is reading: its id, version and content hash."""

    lesson_id: str
    version: int
    content_hash: str


@dataclass(frozen=True, slots=True)
class StepRecord:
    """A progress row as a recorded step left it."""

    started_at: datetime
    last_step: int
    completed_at: datetime | None
    updated_at: datetime


async def record_lesson_step(
    *, connection: AsyncConnection, user_id: int, lesson: LessonVersion, step: int, now: datetime
) -> StepRecord:
    """Record that the user is on this step (the step count means the end screen); start the lesson if new."""
    return await _upsert_step(connection, user_id, lesson, step, now, completed=False)


async def record_lesson_completed(
    *, connection: AsyncConnection, user_id: int, lesson: LessonVersion, step: int, now: datetime
) -> StepRecord:
    """Record that the user reached the end of the lesson; the first completion time is kept."""
    return await _upsert_step(connection, user_id, lesson, step, now, completed=True)


async def _upsert_step(
    connection: AsyncConnection, user_id: int, lesson: LessonVersion, step: int, now: datetime, *, completed: bool
) -> StepRecord:
    """One INSERT ... ON CONFLICT DO UPDATE ... RETURNING: every lesson button writes a step, the hottest write.

    A find, an insert and an update cost three statements for a new lesson, two for a known one. On conflict
    (user_id, lesson_id) the row keeps its start and quiz; `excluded` is the row this insert proposed. A Core
    statement on a Core connection: run by a session, the ORM annotated the prebuilt statement anew for every
    call (and so computed its cache key again) and built a LessonProgress from the row, twice the CPU.
    """
    values = {
        "user_id": user_id,
        "lesson_id": lesson.lesson_id,
        "started_at": now,
        "completed_at": now if completed else None,
        "last_step": step,
        "content_version": lesson.version,
        "content_hash": lesson.content_hash,
        "updated_at": now,
    }
    statement = _upsert_statement(connection.dialect.name, completed)
    return StepRecord(*(await connection.execute(statement, values)).one())


_STEP_VALUES = (
    "user_id", "lesson_id", "started_at", "completed_at", "last_step", "content_version", "content_hash", "updated_at"
)


@cache
def _upsert_statement(dialect_name: str, completed: bool) -> Any:
    """The step's upsert, built once per dialect and kind: building it cost more CPU than running it."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    columns = _PROGRESS_TABLE.c
    insert = dialect.insert(_PROGRESS_TABLE).values({n: bindparam(n, type_=columns[n].type) for n in _STEP_VALUES})
    changes = {
        "last_step": insert.excluded.last_step,
        "content_version": insert.excluded.content_version,
        "content_hash": insert.excluded.content_hash,
        "updated_at": insert.excluded.updated_at,
    }
    if completed:  # the first completion time is kept
        changes["completed_at"] = func.coalesce(columns.completed_at, insert.excluded.completed_at)
    upsert = insert.on_conflict_do_update(index_elements=["user_id", "lesson_id"], set_=changes)
    return upsert.returning(*(columns[name] for name in StepRecord.__slots__))


async def quiz_order(
    *, session: AsyncSession, user_id: int, lesson: LessonVersion, option_count: int, rng: random.Random, now: datetime
) -> list[int]:
    """Return the order this user sees the quiz options in, shuffling and storing it the first time.

    A stored order that no longer fits (the quiz gained or lost an option) is replaced by a new one.
    """
    progress = await _progress_row(session, user_id, lesson, now)
    stored = parse_quiz_order(progress.quiz_order)
    if stored is not None and sorted(stored) == list(range(option_count)):
        return stored
    order = list(range(option_count))
    rng.shuffle(order)
    progress.quiz_order = ",".join(map(str, order))
    return order


def parse_quiz_order(text: str | None) -> list[int] | None:
    """Return a stored quiz order as indexes, or None when there is none or it is malformed."""
    if not text:
        return None
    parts = text.split(",")
    return [int(part) for part in parts] if all(part.isdigit() for part in parts) else None


async def record_quiz_answer(
    *, session: AsyncSession, user_id: int, lesson: LessonVersion, answer: int, correct: bool, now: datetime
) -> LessonProgress:
    """Store the user's latest quiz answer; answering also completes the lesson."""
    progress = await _progress_row(session, user_id, lesson, now)
    progress.quiz_answer = answer
    progress.quiz_correct = correct
    if progress.completed_at is None:
        progress.completed_at = now
    return progress


@dataclass(frozen=True, slots=True)
class ProgressView:
    """What the lesson menus show of one progress row."""

    lesson_id: str
    last_step: int
    completed_at: datetime | None
    content_hash: str
    quiz_correct: bool | None


# Built once, read on a Core connection (storage.db.read_once): every lesson menu reads it, and a session, its
# identity map and full ORM rows cost more CPU than the query.
_PROGRESS: Select[Any] = (
    select(*(_PROGRESS_TABLE.c[name] for name in ProgressView.__slots__))
    .where(_PROGRESS_TABLE.c.user_id == bindparam("user_id"))
    .order_by(_PROGRESS_TABLE.c.updated_at.desc(), _PROGRESS_TABLE.c.id.desc())
)


async def lesson_progress(*, connection: AsyncConnection, user_id: int) -> list[ProgressView]:
    """Return the user's progress rows, most recently touched first."""
    result = await connection.execute(_PROGRESS, {"user_id": user_id})
    return [ProgressView(*row) for row in result]


async def next_unread_lesson_id(*, session: AsyncSession, user_id: int, lesson_ids: Sequence[str]) -> str | None:
    """Return the first lesson in `lesson_ids` (reading order) the user never opened, or None."""
    query = select(col(LessonProgress.lesson_id)).where(col(LessonProgress.user_id) == user_id)
    opened = set((await session.scalars(query)).all())
    return next((lesson_id for lesson_id in lesson_ids if lesson_id not in opened), None)


async def _progress_row(session: AsyncSession, user_id: int, lesson: LessonVersion, now: datetime) -> LessonProgress:
    progress = await _find(session, user_id, lesson.lesson_id)
    if progress is None:
        # Two quick presses can both miss the row on PostgreSQL; ON CONFLICT lets the second one through.
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        values = {
            "user_id": user_id,
            "lesson_id": lesson.lesson_id,
            "started_at": now,
            "last_step": 0,
            "content_version": lesson.version,
            "content_hash": lesson.content_hash,
            "updated_at": now,
        }
        insert = dialect.insert(LessonProgress).values(**values)
        await session.execute(insert.on_conflict_do_nothing(index_elements=["user_id", "lesson_id"]))
        progress = await _find(session, user_id, lesson.lesson_id)
        if progress is None:  # pragma: no cover - the row was just inserted or already there
            raise LookupError("lesson progress row vanished")
    progress.content_version = lesson.version
    progress.content_hash = lesson.content_hash
    progress.updated_at = now
    return progress


async def _find(session: AsyncSession, user_id: int, lesson_id: str) -> LessonProgress | None:
    query = select(LessonProgress).where(
        col(LessonProgress.user_id) == user_id, col(LessonProgress.lesson_id) == lesson_id
    )
    return (await session.scalars(query)).one_or_none()
