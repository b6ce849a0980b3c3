"""The words on the chart and the PDF in the user's language: texts from the catalog, names from CLDR."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from types import MappingProxyType
from typing import Any

from bot.reports.charts import ChartLabels
from bot.reports.doctor_pdf import ReportLabels
from bot.texts.catalog import Texts
from storage.diary_types import MedClass


def chart_labels(t: Texts) -> ChartLabels:
    """The chart's labels: month and weekday names from CLDR, the rest from the catalog."""
    months = tuple(t.month_abbr(month) for month in range(1, 13))
    weekdays = tuple(t.weekday(day, "short") for day in range(7))
    return ChartLabels(months=months, weekdays=weekdays, **_known(ChartLabels, t.CHART_LABELS))


def report_labels(t: Texts) -> ReportLabels:
    """The PDF's labels, its date format, and the names of medicine classes, triggers and symptoms."""
    return _LocalReportLabels(
        chart=chart_labels(t),
        med_classes=MappingProxyType({MedClass(key): name for key, name in t.REPORT_MED_CLASSES.items()}),
        severity=MappingProxyType(dict(t.REPORT_SEVERITY)),
        terms={**t.TRIGGERS, **t.SYMPTOMS, **t.FEATURES},
        texts=t,
        **_known(ReportLabels, t.REPORT_LABELS),
    )


class _LocalReportLabels(ReportLabels):
    """ReportLabels whose dates are written as the language writes them ("21 нояб. 2026 г.")."""

    __slots__ = ("texts",)

    def __init__(self, *, texts: Texts, **values: object) -> None:
        super().__init__(**values)  # type: ignore[arg-type]
        object.__setattr__(self, "texts", texts)

    def day(self, value: date) -> str:
        """Format a date from CLDR in the report's language."""
        texts: Texts = object.__getattribute__(self, "texts")
        return texts.day(value)


def _known(kind: type, values: dict[str, Any]) -> dict[str, Any]:
    """The values whose keys are fields of the labels class (a text for a removed field is ignored)."""
    names = {field.name for field in fields(kind)}
    return {key: value for key, value in values.items() if key in names}
