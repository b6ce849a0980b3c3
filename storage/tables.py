"""Import every table module so SQLModel.metadata knows all tables (for Alembic, export and delete)."""

from storage.lesson_models import LessonProgress
from storage.models import AuditEntry, Dialog, SafetyEvent, User

__all__ = ["AuditEntry", "Dialog", "LessonProgress", "SafetyEvent", "User"]
