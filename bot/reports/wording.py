"""The words on the /stats chart and the doctor's report in the user's language: catalog texts, CLDR formats."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from babel.dates import format_skeleton
from babel.numbers import format_decimal, format_percent

from bot.reports.charts import ChartLabels
from bot.texts.catalog import Texts


@lru_cache(maxsize=16)
def chart_labels(t: Texts) -> ChartLabels:
    """The chart's labels: month and weekday names and day-month dates from CLDR, the rest from the catalog.

    Kept per Texts (texts_for keeps one a language, and never changes it): each /stats asked Babel for the
    same 19 names again, about 0.1 ms.
    """
    months = tuple(t.month_abbr(month) for month in range(1, 13))
    weekdays = tuple(t.weekday(day, "short") for day in range(7))
    return ChartLabels(months=months, weekdays=weekdays, day_month=t.day_month, **_known(ChartLabels, t.CHART_LABELS))


def _known(kind: type, values: dict[str, Any]) -> dict[str, Any]:
    """The values whose keys are fields of the labels class (a text for a removed field is ignored)."""
    names = {field.name for field in fields(kind)}
    return {key: value for key, value in values.items() if key in names}


class Wording:
    """The report's texts in one language with the CLDR formats the tables need."""

    def __init__(self, t: Texts) -> None:
        self.t = t

    def day(self, value: date) -> str:
        """A date in a table or heading: "3 Dec 2026", "3/12/2026", "03.12.2026"."""
        return self.t.table_day(value)

    def month(self, value: date) -> str:
        """A calendar month with its year: "Dec 2026", "dic 2026", "дек. 2026 г."."""
        return format_skeleton("yMMM", value, locale=self.t.locale)

    def month_abbr(self, value: date) -> str:
        """A month's short name for a column heading: "Dec", "Dic", "Дек."."""
        return str(self.t.month_abbr(value.month))

    def moment(self, value: datetime) -> str:
        """A local date and time."""
        return f"{self.day(value.date())} {self.t.time(value)}"

    def decimal(self, value: float, pattern: str = "0.0") -> str:
        """A number with the language's decimal sign."""
        return format_decimal(value, format=pattern, locale=self.t.locale)

    def share(self, part: int, whole: int) -> str:
        """ "3/10 (30%)", with the language's percent format; "–" of nothing."""
        if not whole:
            return "–"
        return f"{part}/{whole} ({format_percent(part / whole, locale=self.t.locale)})"
