"""Import every table module so SQLModel.metadata knows all tables (for Alembic, export and delete)."""

from storage.audit_models import InstallSecret, OperatorAuditEntry
from storage.broadcast_models import Broadcast, BroadcastDelivery
from storage.budget_models import SendBudget
from storage.catalog_models import CatalogVersion
from storage.diary_models import Attack, Checkin, MedicationIntake, Medicine, MidasRecord, PersonalTrigger
from storage.factor_models import DailyFactor, FactorChoice
from storage.heartbeat_models import Heartbeat
from storage.lesson_models import LessonProgress
from storage.models import AuditEntry, Dialog, SafetyEvent, User
from storage.rate_limits import ActionBudget
from storage.schedule_models import Delivery, ReminderPrefs, Schedule

__all__ = [
    "ActionBudget",
    "Attack",
    "AuditEntry",
    "Broadcast",
    "BroadcastDelivery",
    "CatalogVersion",
    "Checkin",
    "DailyFactor",
    "Delivery",
    "Dialog",
    "FactorChoice",
    "Heartbeat",
    "InstallSecret",
    "LessonProgress",
    "MedicationIntake",
    "Medicine",
    "MidasRecord",
    "OperatorAuditEntry",
    "PersonalTrigger",
    "ReminderPrefs",
    "SafetyEvent",
    "Schedule",
    "SendBudget",
    "User",
]
