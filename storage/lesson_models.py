"""Lesson progress: which lessons a user started and finished, and how they answered the quiz.

This is not diary data, so it is stored without health-data consent (see /privacy). The content
version and hash record which text the user actually read, so an updated lesson can be told apart.
The quiz order is stored rather than derived, so a restart or a second instance shows the same buttons.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import BigId, UTCDateTime


class LessonProgress(SQLModel, table=True):
    """One user's progress through one lesson; `last_step` equal to the step count means the end screen."""

    __tablename__ = "lesson_progress"
    # The unique index also serves every "this user's progress" query (user_id leads).
    __table_args__ = (UniqueConstraint("user_id", "lesson_id", name="uq_lesson_progress_user_lesson"),)

    id: int | None = Field(default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True))
    user_id: int = Field(sa_column=Column(BigId, ForeignKey("users.id", ondelete="CASCADE"), nullable=False))
    lesson_id: str = Field(max_length=64)
    started_at: datetime = Field(sa_type=UTCDateTime)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_step: int = 0
    content_version: int
    content_hash: str = Field(max_length=16)
    # The file's option indexes in the order this user sees them ("2,0,1"): shuffled once, kept across restarts.
    quiz_order: str | None = Field(default=None, max_length=32)
    quiz_answer: int | None = None
    quiz_correct: bool | None = None
    updated_at: datetime = Field(sa_type=UTCDateTime)
