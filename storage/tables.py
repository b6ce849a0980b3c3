"""Import every table module so SQLModel.metadata knows all tables (for Alembic, export and delete)."""

from storage.models import AuditEntry, Dialog, SafetyEvent, User

__all__ = ["AuditEntry", "Dialog", "SafetyEvent", "User"]
