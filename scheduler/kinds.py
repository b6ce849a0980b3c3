"""The kinds of scheduled message; stored as their string values."""

from enum import StrEnum


class ScheduleKind(StrEnum):
    """What a schedule row sends when it comes due."""

    CHECKIN = "checkin"
    MEDICATION = "medication"
    LESSON_DRIP = "lesson_drip"
    FOLLOWUP = "followup"
    SNOOZE = "snooze"
    PAUSE_END = "pause_end"  # a one-off that resumes the user's paused reminders on the date they chose


# The kinds that carry health data or record it (doses, check-ins, "did it help?"): they need the
# user's consent, are switched off when it is withdrawn, and are checked for it when sent and answered.
HEALTH_KINDS = frozenset({ScheduleKind.CHECKIN, ScheduleKind.MEDICATION, ScheduleKind.FOLLOWUP, ScheduleKind.SNOOZE})
