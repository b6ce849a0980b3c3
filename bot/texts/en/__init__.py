"""The English catalog: one submodule per feature, merged here so handlers use ``texts_for(lang).NAME``.

A feature adds its module and two lines below (its names, and its commands in menu order).
"""

from bot.texts.en import diary, general, lessons, operators, reminders
from bot.texts.en.content_checks import *  # noqa: F403
from bot.texts.en.diary import *  # noqa: F403
from bot.texts.en.diary_reports import *  # noqa: F403
from bot.texts.en.doctor_report import *  # noqa: F403
from bot.texts.en.general import *  # noqa: F403
from bot.texts.en.insights import *  # noqa: F403
from bot.texts.en.lessons import *  # noqa: F403
from bot.texts.en.operators import *  # noqa: F403
from bot.texts.en.reminders import *  # noqa: F403
from bot.texts.en.safety import *  # noqa: F403

# The command menu and /help, in the order users see them.
COMMANDS: list[tuple[str, str]] = [
    *diary.DIARY_COMMANDS,
    *lessons.LESSONS_COMMANDS,
    *reminders.REMINDERS_COMMANDS,
    *general.GENERAL_COMMANDS,
]
OPERATOR_COMMANDS: list[tuple[str, str]] = [
    *general.GENERAL_OPERATOR_COMMANDS,
    *operators.OPERATORS_COMMANDS,
]
